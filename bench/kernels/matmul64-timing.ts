// Single-thread GFLOP/s of the float64 WebAssembly matrix product in the plain and the relaxed
// build (operands resident in each module's memory), interleaved round by round and timed in CPU
// time, so that another process on a shared machine slows both alike. See docs/performance.md:
//
//   node --import tsx bench/kernels/matmul64-timing.ts [M,K,N[,ATB] ...]
//
// Prints one JSON line per build and shape: { variant, m, k, n, transA, gflops, low, high } (the
// median and range of its samples, GFLOP/s of CPU time).
import { setFlagsFromString } from 'node:v8';

// Node 20 validates the relaxed build only with this flag (scratchnet's Node entry sets it too).
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { loadWasmKernelModule, WasmHeap } = await import('../../src/ndarray/kernels/wasm/index.js');

type Shape = readonly [m: number, k: number, n: number, transA: 0 | 1];

const ROUNDS = 6;
const SAMPLES = 5;

function parseShapes(args: readonly string[]): Shape[] {
  if (args.length === 0)
    return [
      [100, 784, 50, 0],
      [784, 100, 50, 1],
      [128, 784, 256, 0],
      [256, 256, 256, 0],
    ];
  return args.map((arg) => {
    const [m = 0, k = 0, n = 0] = arg.split(',').map(Number);
    return [m, k, n, arg.endsWith(',ATB') ? 1 : 0] as const;
  });
}

const builds = (['simd', 'relaxed-simd'] as const).flatMap((variant) => {
  const module = loadWasmKernelModule({ variant, shared: false });
  return module ? [{ variant, module, heap: new WasmHeap(module.memory, module.exports.heapBase()) }] : [];
});

/** SAMPLES GFLOP/s figures (CPU time) of one build at one shape. */
function time(build: (typeof builds)[number], [m, k, n, transA]: Shape): number[] {
  const { module, heap } = build;
  const ex = module.exports;
  const a = heap.alloc(m * k * 8);
  const b = heap.alloc(k * n * 8);
  const c = heap.alloc(m * n * 8);
  const scratch = heap.alloc(ex.matmul64ScratchBytes(m, k, n, transA));
  const f64 = heap.f64;
  for (let i = 0; i < m * k; i++) f64[a / 8 + i] = Math.random() - 0.5;
  for (let i = 0; i < k * n; i++) f64[b / 8 + i] = Math.random() - 0.5;
  const call = (): void => ex.matmul64(a, b, c, m, k, n, transA, 0, scratch);
  for (let i = 0; i < 20; i++) call();
  const reps = Math.max(1, Math.round(3e7 / (m * k * n)));
  const samples: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const before = process.cpuUsage();
    for (let r = 0; r < reps; r++) call();
    const used = process.cpuUsage(before);
    samples.push((2 * m * k * n * reps) / ((used.user + used.system) * 1e3));
  }
  for (const p of [scratch, c, b, a]) heap.release(p);
  return samples;
}

const shapes = parseShapes(process.argv.slice(2));
const results = new Map<string, { variant: string; shape: Shape; samples: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const build of builds) {
    for (const shape of shapes) {
      const key = `${build.variant} ${shape.join(',')}`;
      const entry = results.get(key) ?? { variant: build.variant, shape, samples: [] };
      entry.samples.push(...time(build, shape));
      results.set(key, entry);
    }
  }
}
for (const { variant, shape, samples } of results.values()) {
  samples.sort((x, y) => x - y);
  const [m, k, n, transA] = shape;
  const gflops = samples[samples.length >> 1] ?? 0;
  console.log(JSON.stringify({ variant, m, k, n, transA, gflops, low: samples[0], high: samples.at(-1) }));
}
