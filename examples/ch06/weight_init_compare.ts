// Book section 6.2.4 (ch06/weight_init_compare.py, figure 6-15): the same 784-100-100-100-100-10
// ReLU network from weights of standard deviation 0.01, Xavier's sqrt(1/n) and He's sqrt(2/n),
// trained with SGD (lr 0.01) on the same MNIST batches of 128 for 2000 iterations. Prints the loss
// every 100 iterations like the book; `scratchnet plot weight-init` draws the curves.
// Run: node --import tsx examples/ch06/weight_init_compare.ts [--iterations N]
import { compareWeightInits, loadMnist } from '../../src/index.js';
import { numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const maxIterations = numberArg('iterations', 2000);
const { train } = loadMnist({ normalize: true, dtype: 'float32' });

const labels = ['std=0.01', 'Xavier', 'He'];
const result = await compareWeightInits(train, {
  iterations: maxIterations,
  batchSize: 128,
  lr: 0.01,
  seed: 1,
  onIteration: ({ iteration, losses }) => {
    const i = iteration - 1;
    if (i % 100 !== 0) return;
    print(`===========iteration:${i}===========`);
    labels.forEach((key, k) => print(`${key}:${pyFloat(losses[k]!)}`));
  },
});
for (const curve of result.curves)
  print(`${curve.label} smoothed final loss:`, curve.smoothed[curve.smoothed.length - 1]!);
