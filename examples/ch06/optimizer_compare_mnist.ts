// Book section 6.1.8 (ch06/optimizer_compare_mnist.py, figure 6-9): SGD, Momentum, AdaGrad and Adam
// (their default learning rates: 0.01, 0.01, 0.01, 0.001) each training a 784-100-100-100-100-10
// ReLU network on the same MNIST batches of 128, 2000 iterations. Prints each optimizer's mini-batch
// loss every 100 iterations, like the book; `scratchnet plot optimizer-comparison` draws the curves.
// Run: node --import tsx examples/ch06/optimizer_compare_mnist.ts [--iterations N]
import { compareOptimizers, loadMnist } from '../../src/index.js';
import { numberArg } from '../args.js';
import { print, pyFloat } from '../print.js';

const maxIterations = numberArg('iterations', 2000);
const { train } = loadMnist({ normalize: true, dtype: 'float32' });

const labels = ['SGD', 'Momentum', 'AdaGrad', 'Adam'];
const result = await compareOptimizers(train, {
  iterations: maxIterations,
  batchSize: 128,
  seed: 1,
  onIteration: ({ iteration, losses }) => {
    const i = iteration - 1;
    if (i % 100 !== 0) return;
    print(`===========iteration:${i}===========`);
    // The loss of this iteration's batch before the update (the book measures it again after).
    labels.forEach((key, k) => print(`${key}:${pyFloat(losses[k]!)}`));
  },
});
for (const curve of result.curves)
  print(`${curve.label} smoothed final loss:`, curve.smoothed[curve.smoothed.length - 1]!);
