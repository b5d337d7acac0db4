// W1's training epoch (784-50-10 sigmoid, batch 100, SGD, float32) on one thread and on two,
// interleaved epoch by epoch in one process, with the split scheduler's counters for the two-thread
// epochs: how many products were split, which thread computed the chunks, how long the main thread
// waited for the worker. Random images (the products cost the same on any values). See
// docs/performance.md:
//
//   node --import tsx bench/kernels/w1-threads.ts [--epochs N] [--busy] [--rows N]
//
// --busy keeps one core busy with a spinning process meanwhile; --rows sets the epoch's images
// (60000, MNIST's training set, by default). Prints one JSON line per epoch and
// a summary line: medians and spreads ((max − min) / median) per thread count.
import { spawn } from 'node:child_process';
import { Random, SGD, TwoLayerNet } from '../../src/index.js';
import { kernels } from '../../src/ndarray/kernels/registry.js';
import type { WasmKernels } from '../../src/ndarray/kernels/wasm/index.js';
import { RowGatherer } from '../../src/train/batch.js';
import { residentCopy } from '../../src/train/resident.js';

const args = process.argv.slice(2);
/** The number after `flag`, or `fallback`. */
const option = (flag: string, fallback: number): number => {
  const at = args.indexOf(flag);
  return at < 0 ? fallback : Number(args[at + 1]) || fallback;
};
const epochs = option('--epochs', 5);
const busy = args.includes('--busy');
const ROWS = option('--rows', 60_000);
const BATCH = 100;

const wasm = kernels() as Partial<WasmKernels>;
if (typeof wasm.setThreads !== 'function') throw new Error('the WebAssembly kernels are not installed');
const random = new Random(1);
const images = residentCopy(random.rand([ROWS, 784], { dtype: 'float32' }));
const labels = random.randint(0, 10, [ROWS]);
const net = new TwoLayerNet({
  inputSize: 784,
  hiddenSize: 50,
  outputSize: 10,
  activation: 'sigmoid',
  dtype: 'float32',
});
const optimizer = new SGD({ lr: 0.1 });
const xRows = new RowGatherer(images, BATCH);
const tRows = new RowGatherer(labels, BATCH);
const order = random.permutation(ROWS).data as Int32Array;

function epoch(): number {
  const start = performance.now();
  for (let b = 0; b < ROWS / BATCH; b++) {
    const indices = order.subarray(b * BATCH, (b + 1) * BATCH);
    const { grads } = net.lossAndGradient(xRows.gather(indices, BATCH), tRows.gather(indices, BATCH));
    optimizer.update(net.params, grads);
  }
  return (performance.now() - start) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
const spread = (xs: number[]): number => (Math.max(...xs) - Math.min(...xs)) / median(xs);

const stopBusy = busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
try {
  epoch(); // warm-up: V8's tiers, the worker's start
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let i = 0; i < epochs; i++) {
    for (const threads of [1, 2] as const) {
      wasm.setThreads(threads);
      if (threads === 2) wasm.waitForThreads?.(10_000);
      const before = wasm.splitCounters?.();
      const s = epoch();
      times[threads].push(s);
      const after = wasm.splitCounters?.();
      const counters =
        before && after
          ? Object.fromEntries(
              Object.entries(after).map(([key, v]) => [key, +(v - before[key as keyof typeof before]).toFixed(3)]),
            )
          : undefined;
      console.log(JSON.stringify({ threads, s: +s.toFixed(4), ...(threads === 2 ? { counters } : {}) }));
    }
  }
  const summary = (xs: number[]) => ({ median: +median(xs).toFixed(4), spread: +spread(xs).toFixed(3) });
  console.log(JSON.stringify({ busy, epochs, one: summary(times[1]), two: summary(times[2]) }));
} finally {
  stopBusy?.kill();
}
