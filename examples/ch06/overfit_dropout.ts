// Book section 6.4.3 (ch06/overfit_dropout.py, figure 6-23): the overfitting setup of
// overfit_weight_decay.ts (300 MNIST images, 784-[100x6]-10, SGD lr 0.01, 201 epochs) with dropout
// (ratio 0.15) after every hidden layer instead of weight decay. Prints the book Trainer's line per
// epoch and its final test accuracy (not its per-iteration train loss lines).
// Run: node --import tsx examples/ch06/overfit_dropout.ts [--dropout-ratio r] [--epochs N] [--test-size N]
import { formatEpochLine, loadMnist, overfittingStudy } from '../../src/index.js';
import { numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const dropoutRatio = numberArg('dropout-ratio', 0.15);
const maxEpochs = numberArg('epochs', 201);
const testSize = numberArg('test-size', 10000);
const data = loadMnist({ normalize: true, dtype: 'float32' });
const test = { x: data.test.x.slice(0, testSize), t: data.test.t.slice(0, testSize) };

const [run] = await overfittingStudy(
  { train: data.train, test },
  {
    settings: [{ label: `dropout ${dropoutRatio}`, dropoutRatio }],
    trainSize: 300,
    epochs: maxEpochs,
    batchSize: 100,
    lr: 0.01,
    seed: 1,
    onEpoch: (info) => print(formatEpochLine(info, { style: 'trainer' })),
  },
);
print('=============== Final Test Accuracy ===============');
print(`test acc:${pyFloat(run!.testAcc[run!.testAcc.length - 1]!)}`);
