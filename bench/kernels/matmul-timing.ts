// Single-thread GFLOP/s of the WebAssembly matrix product (A·B, operands resident in the module's
// memory). See docs/performance.md for how to read it:
//
//   node --import tsx bench/kernels/matmul-timing.ts [M,K,N ...]                                  plain SIMD
//   node --experimental-wasm-relaxed-simd --import tsx bench/kernels/matmul-timing.ts [M,K,N ...]   relaxed SIMD
//
// Prints one JSON line per shape: { variant, m, k, n, gflops } (the median of 7 timed batches, after
// warm-up: the first few calls run on V8's baseline tier, several times slower).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWasmKernelModule, WasmHeap } from '../../src/ndarray/kernels/wasm/index.js';

/** One shape's result. */
export interface MatmulTiming {
  readonly variant: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly gflops: number;
}

/** Times C = A·B for each shape with the best build this process validates. */
export function timeMatmul(shapes: readonly (readonly [number, number, number])[], budgetMs = 300): MatmulTiming[] {
  const module = loadWasmKernelModule();
  if (!module) throw new Error('no WebAssembly SIMD in this runtime');
  const heap = new WasmHeap(module.memory, module.exports.heapBase());
  const ex = module.exports;
  const results: MatmulTiming[] = [];
  for (const [m, k, n] of shapes) {
    const a = heap.alloc(m * k * 4);
    const b = heap.alloc(k * n * 4);
    const c = heap.alloc(m * n * 4);
    const scratch = heap.alloc(ex.matmulScratchBytes(m, k, n, 0));
    const f32 = heap.f32;
    for (let i = 0; i < m * k; i++) f32[a / 4 + i] = Math.random() - 0.5;
    for (let i = 0; i < k * n; i++) f32[b / 4 + i] = Math.random() - 0.5;
    const call = (): void => ex.matmul(a, b, c, m, k, n, 0, 0, scratch);
    for (let i = 0; i < 10; i++) call();
    let t0 = performance.now();
    call();
    const once = Math.max(performance.now() - t0, 1e-3);
    const reps = Math.max(1, Math.round(budgetMs / 7 / once));
    const samples: number[] = [];
    for (let s = 0; s < 7; s++) {
      t0 = performance.now();
      for (let r = 0; r < reps; r++) call();
      samples.push((performance.now() - t0) / reps);
    }
    samples.sort((x, y) => x - y);
    results.push({ variant: module.variant, m, k, n, gflops: (2 * m * k * n) / (samples[3]! * 1e6) });
    for (const p of [scratch, c, b, a]) heap.release(p);
  }
  return results;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const shapes = (args.length > 0 ? args : ['128,784,256']).map(
    (s) => s.split(',').map(Number) as [number, number, number],
  );
  for (const r of timeMatmul(shapes)) console.log(JSON.stringify(r));
}
