// The WebAssembly matrix product in all four layouts against a float64 reference, on random shapes
// with m, k, n in 1..37 (edges of the 4×8 register tile and of the f32x4 lanes) and on shapes that
// cross the K, N and M blocks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import type { WasmHeap, WasmKernelExports } from '../../src/ndarray/kernels/wasm/index.js';
import { Arena, allowRelaxedSimd, assertCloseArrays, loadableBuilds, rng, uniform } from './helpers.js';

allowRelaxedSimd();

const LAYOUTS: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const name = (transA: boolean, transB: boolean): string => `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`;

/** Random shapes in 1..37, seeded; plus the corners. */
function smallShapes(): [number, number, number][] {
  const rand = rng(42);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 4, 8],
    [4, 1, 8],
    [5, 3, 9],
    [3, 5, 7],
    [8, 8, 8],
    [37, 37, 37],
    [1, 37, 1],
    [37, 1, 37],
  ];
  for (let i = 0; i < 40; i++)
    shapes.push([1 + Math.floor(rand() * 37), 1 + Math.floor(rand() * 37), 1 + Math.floor(rand() * 37)]);
  return shapes;
}

/** K beyond one 256 block, N beyond one 512 block, M beyond one 128 block (for the packed Aᵀ), and the network's shapes. */
const LARGE: readonly [number, number, number][] = [
  [100, 784, 50],
  [128, 784, 256],
  [9, 600, 1030],
  [300, 30, 21],
  [130, 257, 13],
  [100, 50, 784],
  [784, 100, 50],
];

/**
 * Runs the kernel and checks every element against float64 within the rounding bound of a float32
 * sum of k products: |c − ref| <= k·2⁻²³·(|A|·|B|) elementwise. Also checks that A and B are
 * untouched and that nothing around C was written.
 */
function check(
  ex: WasmKernelExports,
  heap: WasmHeap,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  seed: number,
  edit?: (a: Float32Array, b: Float32Array) => void,
): void {
  const rand = rng(seed);
  const a = uniform(rand, m * k, -1, 1);
  const b = uniform(rand, k * n, -1, 1);
  edit?.(a, b);
  const arena = new Arena(heap);
  try {
    const ap = arena.f32(a, seed % 4);
    const bp = arena.f32(b, (seed >> 2) % 4);
    const cp = arena.f32(m * n, 1);
    const scratch = heap.alloc(ex.matmulScratchBytes(m, k, n, transA ? 1 : 0));
    try {
      ex.matmul(ap.ptr, bp.ptr, cp.ptr, m, k, n, transA ? 1 : 0, transB ? 1 : 0, scratch);
    } finally {
      heap.release(scratch);
    }
    const ref = new Float64Array(m * n);
    jsKernels.matmul(Float64Array.from(a), Float64Array.from(b), ref, m, k, n, transA, transB);
    const bound = new Float64Array(m * n);
    jsKernels.matmul(Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), bound, m, k, n, transA, transB);
    const c = cp.view();
    const what = `${name(transA, transB)} (${m},${k},${n})`;
    for (let i = 0; i < m * n; i++) {
      const e = ref[i]!;
      if (!Number.isFinite(e) || !Number.isFinite(c[i]!)) continue;
      assert.ok(
        Math.abs(c[i]! - e) <= k * 2 ** -23 * bound[i]! + 1e-30,
        `${what} [${Math.floor(i / n)},${i % n}]: ${c[i]} vs ${e}`,
      );
    }
    assertCloseArrays(c, ref, 1, 1, `${what} NaN/infinity pattern`);
    assert.deepEqual(ap.view(), a, `${what}: A untouched`);
    assert.deepEqual(bp.view(), b, `${what}: B untouched`);
    arena.checkGuards(what);
  } finally {
    arena.free();
  }
}

for (const { label, module, heap } of loadableBuilds()) {
  const ex = module.exports;

  describe(`matmul (${label})`, () => {
    for (const [transA, transB] of LAYOUTS) {
      test(`${name(transA, transB)} on 49 shapes with m, k, n in 1..37`, () => {
        smallShapes().forEach(([m, k, n], i) => check(ex, heap, m, k, n, transA, transB, i + 1));
      });

      test(`${name(transA, transB)} across K, N and M blocks and on the network's shapes`, () => {
        LARGE.forEach(([m, k, n], i) => check(ex, heap, m, k, n, transA, transB, 100 + i));
      });
    }

    test('k = 0 gives zeros; m = 0 or n = 0 writes nothing', () => {
      const arena = new Arena(heap);
      try {
        const c = arena.f32(Float32Array.from({ length: 12 }, () => 7));
        ex.matmul(0, 0, c.ptr, 3, 0, 4, 0, 0, 0);
        assert.deepEqual([...c.view()], new Array<number>(12).fill(0));
        c.view().fill(7);
        ex.matmul(0, 0, c.ptr, 0, 5, 4, 0, 0, 0);
        ex.matmul(0, 0, c.ptr, 3, 5, 0, 1, 1, 0);
        assert.deepEqual([...c.view()], new Array<number>(12).fill(7));
        arena.checkGuards('empty products');
      } finally {
        arena.free();
      }
    });

    test('NaN and infinities propagate as in the TypeScript kernel, edge tiles included', () => {
      for (const [transA, transB] of LAYOUTS) {
        // 7×13 with k = 9: partial 4-row and 8-column tiles; the NaN sits in the last (partial) row.
        check(ex, heap, 7, 9, 13, transA, transB, 7, (a, b) => {
          a[transA ? 3 * 7 + 6 : 6 * 9 + 3] = NaN; // A(6, 3)
          b[transB ? 12 * 9 + 5 : 5 * 13 + 12] = Infinity; // B(5, 12): column 12, the last, partial panel
        });
        check(ex, heap, 5, 4, 9, transA, transB, 8, (a, b) => {
          b[transB ? 2 * 4 + 1 : 1 * 9 + 2] = -Infinity;
          a[transA ? 1 * 5 + 4 : 4 * 4 + 1] = 0; // 0·(−∞) = NaN in row 4, column 2
        });
      }
    });
  });
}
