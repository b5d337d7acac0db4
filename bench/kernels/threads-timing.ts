// GFLOP/s of the WebAssembly matrix products on one thread and on two (operands resident in the
// module's memory, through the backend, so the split is what the library does). One and two
// threads are interleaved in one process and the medians of pooled samples compared, since the
// speed of a shared machine swings 2-3x for seconds at a time. See docs/performance.md:
//
//   node --import tsx bench/kernels/threads-timing.ts [M,K,N[,T] ...]   T: AB (default), ATB or ABT
//
// Prints one JSON line per shape: { variant, layout, m, k, n, one, two } (GFLOP/s).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  WASM_THRESHOLDS,
  createWasmBackend,
  loadWasmKernelModule,
  WasmHeap,
} from '../../src/ndarray/kernels/wasm/index.js';
import { nodeThreads } from '../../src/ndarray/kernels/wasm/threads-node.js';

/** Which operand is stored transposed. */
export type Layout = 'AB' | 'ATB' | 'ABT';

/** One shape's result. */
export interface ThreadsTiming {
  readonly variant: string;
  readonly layout: Layout;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** GFLOP/s on one thread. */
  readonly one: number;
  /** GFLOP/s on two threads. */
  readonly two: number;
}

/** The default shapes: the book network's products, its evaluation product, and two larger ones. */
export const THREAD_SHAPES: readonly (readonly [number, number, number, Layout])[] = [
  [100, 784, 50, 'AB'],
  [784, 100, 50, 'ATB'],
  [100, 50, 784, 'ABT'],
  [128, 784, 256, 'AB'],
  [1024, 1024, 1024, 'AB'],
  [2000, 784, 50, 'AB'],
];

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;

/** Times each product on one and on two threads, interleaved, for about `budgetMs` per shape. */
export function timeThreads(
  shapes: readonly (readonly [number, number, number, Layout])[],
  budgetMs = 600,
): ThreadsTiming[] {
  const module = loadWasmKernelModule({ shared: true });
  if (!module) throw new Error('no WebAssembly SIMD with shared memory in this runtime');
  const heap = new WasmHeap(module.memory, module.exports.heapBase());
  const one = createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 1 });
  const two = createWasmBackend(module, heap, WASM_THRESHOLDS, { threads: 2, threadSupport: nodeThreads });
  if (!two.waitForThreads(10_000)) throw new Error('the worker thread did not start');
  const results: ThreadsTiming[] = [];
  for (const [m, k, n, layout] of shapes) {
    const view = (ptr: number, size: number): Float32Array => new Float32Array(heap.f32.buffer, ptr, size);
    const pa = heap.alloc(m * k * 4);
    const pb = heap.alloc(k * n * 4);
    const pc = heap.alloc(m * n * 4);
    const a = view(pa, m * k);
    const b = view(pb, k * n);
    const c = view(pc, m * n);
    for (let i = 0; i < a.length; i++) a[i] = Math.random() - 0.5;
    for (let i = 0; i < b.length; i++) b[i] = Math.random() - 0.5;
    const transA = layout === 'ATB';
    const transB = layout === 'ABT';
    const runs = [one, two].map((backend) => (): void => backend.matmul(a, b, c, m, k, n, transA, transB));
    for (let i = 0; i < 10; i++) for (const run of runs) run();
    let t0 = performance.now();
    runs[0]!();
    const once = Math.max(performance.now() - t0, 1e-3);
    // Batches of ~20 ms (at least one call), 2 × 9 of them or as many as the budget allows.
    const reps = Math.max(1, Math.round(20 / once));
    const batches = Math.max(5, Math.min(9, Math.floor(budgetMs / 2 / (reps * once))));
    const samples: number[][] = [[], []];
    for (let s = 0; s < batches; s++) {
      runs.forEach((run, i) => {
        // One untimed call first: the worker sleeps after the other batch, and a training step's
        // products come in bursts that find it awake.
        run();
        t0 = performance.now();
        for (let r = 0; r < reps; r++) run();
        samples[i]!.push((performance.now() - t0) / reps);
      });
    }
    const gflops = (ms: number): number => (2 * m * k * n) / (ms * 1e6);
    results.push({
      variant: module.variant,
      layout,
      m,
      k,
      n,
      one: gflops(median(samples[0]!)),
      two: gflops(median(samples[1]!)),
    });
    for (const p of [pc, pb, pa]) heap.release(p);
  }
  two.setThreads(1);
  return results;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const shapes =
    args.length === 0
      ? THREAD_SHAPES
      : args.map((s) => {
          const [m, k, n, layout] = s.split(',');
          return [Number(m), Number(k), Number(n), (layout ?? 'AB') as Layout] as const;
        });
  for (const r of timeThreads(shapes)) console.log(JSON.stringify(r));
}
