// Shared by the WebAssembly kernel tests (not a test file itself): every loadable build, arrays in
// its memory, seeded random data and float32 comparisons.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { kernels, setKernels, type Kernels } from '../../src/ndarray/index.js';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import {
  loadWasmKernelModule,
  WasmHeap,
  type WasmKernelModule,
  type WasmVariant,
} from '../../src/ndarray/kernels/wasm/index.js';

/** Runs `f` with `backend` installed, restoring whatever was installed before. */
export function withKernels<T>(backend: Kernels, f: () => T): T {
  const before = kernels();
  setKernels(backend);
  try {
    return f();
  } finally {
    setKernels(before);
  }
}

export interface LoadedBuild {
  /** e.g. 'simd, shared memory' */
  readonly label: string;
  readonly module: WasmKernelModule;
  readonly heap: WasmHeap;
}

/**
 * Lets this process validate the relaxed-SIMD builds (Node 20 needs the flag; scratchnet's Node
 * entry turns it on the same way), so that `loadableBuilds` returns them too.
 */
export function allowRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/**
 * Every build this process can run: plain SIMD with shared and with unshared memory, and the relaxed
 * builds too where relaxed SIMD validates (`allowRelaxedSimd`, or Node 22 and later).
 */
export function loadableBuilds(): LoadedBuild[] {
  const builds: LoadedBuild[] = [];
  for (const variant of ['simd', 'relaxed-simd'] as WasmVariant[]) {
    for (const shared of [true, false]) {
      const module = loadWasmKernelModule({ variant, shared });
      if (!module) continue;
      builds.push({
        label: `${variant}, ${shared ? 'shared' : 'unshared'} memory`,
        module,
        heap: new WasmHeap(module.memory, module.exports.heapBase()),
      });
    }
  }
  return builds;
}

/** A seeded generator (mulberry32): the same cases on every run, so a failure can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n floats uniform in [lo, hi). */
export function uniform(rand: () => number, n: number, lo = -1, hi = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + (hi - lo) * rand();
  return x;
}

const GUARD = 16;
const CANARY = 1234.5;

/**
 * Float32 blocks in a build's memory with canaries on both sides, so a kernel that writes past its
 * output (a SIMD tail, a tile edge) is caught. `misalign` shifts the block by whole floats, so that
 * v128 accesses are unaligned.
 */
export class Arena {
  private readonly blocks: { block: number; start: number; n: number }[] = [];
  constructor(private readonly heap: WasmHeap) {}

  f32(values: Float32Array | number, misalign = 0): { ptr: number; view: () => Float32Array; n: number } {
    const n = typeof values === 'number' ? values : values.length;
    const block = this.heap.alloc((n + 2 * GUARD + misalign) * 4);
    const start = (block >>> 2) + GUARD + misalign;
    this.blocks.push({ block, start, n });
    const f32 = this.heap.f32;
    f32.fill(CANARY, start - GUARD, start);
    f32.fill(CANARY, start + n, start + n + GUARD);
    if (typeof values !== 'number') f32.set(values, start);
    const heap = this.heap;
    return { ptr: start * 4, n, view: () => heap.f32.subarray(start, start + n) };
  }

  /** Asserts the canaries around every block are intact. */
  checkGuards(what: string): void {
    const f32 = this.heap.f32;
    for (const { start, n } of this.blocks) {
      for (let i = 1; i <= GUARD; i++)
        assert.equal(f32[start - i], CANARY, `${what}: wrote ${i} floats before a block`);
      for (let i = 0; i < GUARD; i++)
        assert.equal(f32[start + n + i], CANARY, `${what}: wrote ${i + 1} floats past a block of ${n}`);
    }
  }

  /** Returns every block to the heap. */
  free(): void {
    for (const { block } of this.blocks) this.heap.release(block);
    this.blocks.length = 0;
  }
}

/**
 * Asserts |a − e| <= rtol·|e| + atol elementwise; NaN must meet NaN and an infinity the same
 * infinity. Reports the first failure with its index and input.
 */
export function assertCloseArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol: number,
  what: string,
  input?: ArrayLike<number>,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const at = input ? ` (input ${input[i]})` : '';
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}${at}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      assert.equal(a, e, `${what}[${i}]: expected ${e}, got ${a}${at}`);
      continue;
    }
    assert.ok(
      Math.abs(a - e) <= rtol * Math.abs(e) + atol,
      `${what}[${i}]: expected ${e}, got ${a} (diff ${Math.abs(a - e)})${at}`,
    );
  }
}

/** Asserts equal elements, NaN equal to NaN and −0 equal to +0. */
export function assertSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(a === e || (Number.isNaN(a) && Number.isNaN(e)), `${what}[${i}]: expected ${e}, got ${a}`);
  }
}

/**
 * Asserts that a float64 product C = op(A)·op(B) (m×n, inner size k) is within float64 rounding of
 * the TypeScript kernel's: |c − ref| <= 2(k + 1)·2⁻⁵³·(|op(A)|·|op(B)|) elementwise, the sum of both
 * sums' worst rounding error whatever order and fusing each uses (a product missed or counted
 * twice is far above it). NaN must meet NaN.
 */
export function assertProduct64(
  c: Float64Array,
  a: Float64Array,
  b: Float64Array,
  dims: { m: number; k: number; n: number; transA: boolean; transB: boolean },
  what: string,
): void {
  const { m, k, n, transA, transB } = dims;
  const ref = new Float64Array(m * n);
  jsKernels.matmul(a, b, ref, m, k, n, transA, transB);
  const bound = new Float64Array(m * n);
  jsKernels.matmul(a.map(Math.abs), b.map(Math.abs), bound, m, k, n, transA, transB);
  assert.equal(c.length, ref.length, `${what}: length`);
  const gamma = 2 * (k + 1) * 2 ** -53;
  for (let i = 0; i < ref.length; i++) {
    const got = c[i]!;
    const want = ref[i]!;
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(got), `${what}[${i}]: expected NaN, got ${got}`);
      continue;
    }
    assert.ok(
      Math.abs(got - want) <= gamma * bound[i]! || got === want,
      `${what}[${Math.floor(i / n)},${i % n}]: ${got} vs TypeScript ${want} (bound ${gamma * bound[i]!})`,
    );
  }
}
