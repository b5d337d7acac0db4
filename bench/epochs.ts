/**
 * W1's training epoch again and again in one process, each from the same initial weights, to show how
 * long scratchnet takes to reach its steady speed (`npm run bench` times each system's epochs after a
 * short warm-up, interleaved with the others).
 *
 *   node --import tsx bench/epochs.ts [float32|float64] [epochs] [threads]
 *
 * Prints one line per epoch: its training time, then the test accuracy (the same every epoch, since
 * every epoch starts from the same weights and sees the same batches).
 */
import { cpus } from 'node:os';
import { SGD, kernels, loadMnist, setThreads } from '../src/index.js';
import { RowGatherer } from '../src/train/batch.js';
import { residentCopy } from '../src/train/resident.js';
import { bookNetwork } from './fixture.js';
import { W1 } from './workloads.js';

const [dtypeArg = 'float32', epochsArg = '6', threadsArg = '2'] = process.argv.slice(2);
if (dtypeArg !== 'float32' && dtypeArg !== 'float64')
  throw new Error(`dtype must be float32 or float64, got ${dtypeArg}`);
const dtype = dtypeArg;
const epochs = Number(epochsArg);
if (threadsArg !== '1' && threadsArg !== '2') throw new Error(`threads must be 1 or 2, got ${threadsArg}`);
setThreads(threadsArg === '1' ? 1 : 2);

const { train, test } = loadMnist({ dtype });
const net = bookNetwork(W1.sizes, W1.activation, 0, dtype);
const initial = Object.entries(net.params).map(([name, p]) => [name, p.data.slice()] as const);
const xRows = new RowGatherer(residentCopy(train.x), W1.batchSize);
const tRows = new RowGatherer(train.t, W1.batchSize);
const testX = residentCopy(test.x);
// A fixed permutation of the training set, the same every epoch.
const order = Int32Array.from({ length: W1.iterations * W1.batchSize }, (_, i) => (i * 7919) % train.t.shape[0]!);

console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs; kernels ${kernels().name}; ${dtype}, ${threadsArg} thread(s)`,
);
for (let epoch = 1; epoch <= epochs; epoch++) {
  for (const [name, values] of initial) net.params[name]!.data.set(values);
  const optimizer = new SGD({ lr: W1.lr });
  const start = performance.now();
  for (let b = 0; b < W1.iterations; b++) {
    const rows = order.subarray(b * W1.batchSize, (b + 1) * W1.batchSize);
    const { grads } = net.lossAndGradient(xRows.gather(rows, W1.batchSize), tRows.gather(rows, W1.batchSize));
    optimizer.update(net.params, grads);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`epoch ${epoch}: ${seconds.toFixed(3)} s, test accuracy ${net.accuracy(testX, test.t).toFixed(4)}`);
}
