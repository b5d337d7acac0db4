// scratchnet's own speed, with medians of repeated runs: matrix products in GFLOP/s at the shapes of
// the MLP workloads, and one training epoch (600 iterations) of the book's 784-50-10 network.
// Comparisons with numpy and TensorFlow.js belong here too once the speed work lands.
// Run: npm run bench
import { Random, SGD, TwoLayerNet, kernels } from '../src/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeIt(fn: () => void, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const rng = new Random(0);
console.log(`kernels: ${kernels().name}; node ${process.version}`);
console.log('\nmatrix products (M, K, N), median of runs');
console.log('shape              dtype     ms        GFLOP/s');
for (const [m, k, n] of [[100, 784, 50], [128, 784, 256], [256, 256, 256], [1024, 1024, 1024]] as const) {
  for (const dtype of ['float32', 'float64'] as const) {
    const a = rng.rand([m, k], { dtype });
    const b = rng.rand([k, n], { dtype });
    const runs = m * k * n > 1e8 ? 3 : 15;
    const ms = timeIt(() => a.dot(b), runs, m * k * n > 1e8 ? 1 : 3);
    console.log(`${`(${m}, ${k}, ${n})`.padEnd(19)}${dtype.padEnd(10)}${ms.toFixed(3).padStart(9)}  ${((2 * m * k * n) / ms / 1e6).toFixed(2).padStart(8)}`);
  }
}

console.log('\nbook network 784-50-10, batch 100, SGD lr 0.1: one epoch = 600 iterations (random data)');
for (const dtype of ['float32', 'float64'] as const) {
  for (const activation of ['sigmoid', 'relu'] as const) {
    const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, activation, dtype, seed: 0 });
    const x = rng.rand([100, 784], { dtype });
    const t = rng.randint(0, 10, [100]);
    const sgd = new SGD({ lr: 0.1 });
    const step = (): void => sgd.update(net.params, net.lossAndGradient(x, t).grads);
    const ms = timeIt(step, 60, 20);
    console.log(`${dtype} ${activation.padEnd(8)} ${ms.toFixed(2)} ms/iteration, ${((ms * 600) / 1000).toFixed(2)} s/epoch`);
  }
}
