// Book section 6.4.1-6.4.2 (ch06/overfit_weight_decay.py, figures 6-20 and 6-21): a
// 784-[100x6]-10 network on only 300 MNIST images, SGD lr 0.01, batches of 100 drawn with
// replacement, 201 epochs, with weight decay λ = 0.1 (`--weight-decay 0` reproduces figure 6-20's
// overfitting). Prints train and test accuracy after every epoch, numbered from 0 as the book does.
// Run: node --import tsx examples/ch06/overfit_weight_decay.ts [--weight-decay λ] [--epochs N] [--test-size N]
import { loadMnist, overfittingStudy } from '../../src/index.js';
import { numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const weightDecayLambda = numberArg('weight-decay', 0.1);
const maxEpochs = numberArg('epochs', 201);
const testSize = numberArg('test-size', 10000);
const data = loadMnist({ normalize: true, dtype: 'float32' });
const test = { x: data.test.x.slice(0, testSize), t: data.test.t.slice(0, testSize) };

await overfittingStudy(
  { train: data.train, test },
  {
    settings: [{ label: `weight decay ${weightDecayLambda}`, weightDecayLambda }],
    trainSize: 300,
    epochs: maxEpochs,
    batchSize: 100,
    lr: 0.01,
    seed: 1,
    onEpoch: ({ epoch, trainAcc, testAcc }) =>
      print(`epoch:${epoch - 1}, train acc:${pyFloat(trainAcc)}, test acc:${pyFloat(testAcc)}`),
  },
);
