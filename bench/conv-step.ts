/**
 * `npm run bench:conv`: the median time of one training step (lossAndGradient + Adam, batch 100,
 * float32, MNIST) of the book's convolutional networks, for comparing changes to the convolution path
 * side by side (run the old and the new code alternately; quote medians, on a quiet machine).
 *
 *   npm run bench:conv                 both networks
 *   npm run bench:conv -- simple       SimpleConvNet only (30 steps)
 *   npm run bench:conv -- deep         DeepConvNet only (8 steps)
 */
import { Adam, DeepConvNet, SimpleConvNet, loadMnist, type Sequential } from '../src/index.js';

const which = process.argv[2] ?? 'both';
const data = loadMnist({ dtype: 'float32' });
const nets: [string, () => Sequential<object>, number][] = [
  ['SimpleConvNet', () => new SimpleConvNet({ dtype: 'float32', seed: 1 }), 30],
  ['DeepConvNet', () => new DeepConvNet({ dtype: 'float32', seed: 1 }), 8],
];
for (const [name, make, steps] of nets) {
  if (which !== 'both' && !name.toLowerCase().startsWith(which)) continue;
  const net = make();
  const optimizer = new Adam({ lr: 0.001 });
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const x = data.train.x.slice(i * 100, i * 100 + 100);
    const t = data.train.t.slice(i * 100, i * 100 + 100);
    const start = performance.now();
    const { grads } = net.lossAndGradient(x, t);
    optimizer.update(net.params, grads);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  // The first steps compile kernels and grow buffers; the median leaves them out.
  console.log(`${name}: median ${times[steps >> 1]!.toFixed(1)} ms per step (batch 100, float32, ${steps} steps)`);
}
