// The row-wise WebAssembly kernels (sums, max, argmax, softmax) against the TypeScript kernels and
// float64 references, on shapes whose rows do not fill a SIMD register.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import { createWasmBackend } from '../../src/ndarray/kernels/wasm/index.js';
import { Arena, assertCloseArrays, assertSameValues, loadableBuilds, rng, uniform } from './helpers.js';

const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 2],
  [1, 3],
  [1, 4],
  [1, 5],
  [2, 7],
  [3, 8],
  [4, 9],
  [5, 15],
  [6, 16],
  [7, 17],
  [9, 31],
  [8, 37],
  [37, 4],
  [37, 33],
  [100, 10],
  [100, 50],
  [3, 784],
  [1, 4099],
  [128, 256],
];

/** Σ|x| of each row (or column): the scale of a sum's rounding error. */
function absSums(x: Float32Array, m: number, n: number, byColumn: boolean): Float64Array {
  const out = new Float64Array(byColumn ? n : m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[byColumn ? j : i]! += Math.abs(x[i * n + j]!);
  return out;
}

for (const { label, module, heap } of loadableBuilds()) {
  const ex = module.exports;

  describe(`row kernels (${label})`, () => {
    test('sumRows and sumColumns (float32 lanes) are within 1e-6·Σ|x| of the float64 sums', () => {
      const arena = new Arena(heap);
      try {
        for (const [m, n] of SHAPES) {
          const x = uniform(rng(m * 1000 + n), m * n, -1, 1);
          const xp = arena.f32(x, 1);
          const rows = arena.f32(m);
          const cols = arena.f32(n);
          ex.sumRows(xp.ptr, rows.ptr, m, n);
          ex.sumColumns(xp.ptr, cols.ptr, m, n);
          const rowRef = new Float64Array(m);
          const colRef = new Float64Array(n);
          jsKernels.reduce('sum', x, m, n, 1, rowRef);
          jsKernels.reduce('sum', x, 1, m, n, colRef);
          const rowScale = absSums(x, m, n, false);
          const colScale = absSums(x, m, n, true);
          rows
            .view()
            .forEach((v, i) =>
              assert.ok(
                Math.abs(v - rowRef[i]!) <= 1e-6 * rowScale[i]!,
                `sumRows ${m}x${n} [${i}]: ${v} vs ${rowRef[i]}`,
              ),
            );
          cols
            .view()
            .forEach((v, j) =>
              assert.ok(
                Math.abs(v - colRef[j]!) <= 1e-6 * colScale[j]!,
                `sumColumns ${m}x${n} [${j}]: ${v} vs ${colRef[j]}`,
              ),
            );
          arena.checkGuards(`sums ${m}x${n}`);
        }
      } finally {
        arena.free();
      }
    });

    test('sumRowsF64 and sumColumnsF64 agree with the TypeScript float64 sums to 1e-14', () => {
      const arena = new Arena(heap);
      try {
        for (const [m, n] of SHAPES) {
          const x = uniform(rng(m * 7919 + n), m * n, -1, 1);
          const xp = arena.f32(x, 2);
          const rows = arena.f32(2 * m);
          const cols = arena.f32(2 * n);
          ex.sumRowsF64(xp.ptr, rows.ptr, m, n);
          ex.sumColumnsF64(xp.ptr, cols.ptr, m, n);
          const rowRef = new Float64Array(m);
          const colRef = new Float64Array(n);
          jsKernels.reduce('sum', x, m, n, 1, rowRef);
          jsKernels.reduce('sum', x, 1, m, n, colRef);
          const f64 = heap.f64;
          const rowsGot = f64.subarray(rows.ptr / 8, rows.ptr / 8 + m);
          const colsGot = f64.subarray(cols.ptr / 8, cols.ptr / 8 + n);
          assertCloseArrays(rowsGot, rowRef, 0, 1e-14 * n, `sumRowsF64 ${m}x${n}`);
          assertCloseArrays(colsGot, colRef, 0, 1e-14 * m, `sumColumnsF64 ${m}x${n}`);
          arena.checkGuards(`f64 sums ${m}x${n}`);
        }
      } finally {
        arena.free();
      }
    });

    test('sums propagate NaN and infinities like the TypeScript kernel', () => {
      const arena = new Arena(heap);
      try {
        const m = 3;
        const n = 11;
        const x = uniform(rng(99), m * n);
        x[2] = NaN; // row 0, column 2
        x[n + 9] = Infinity; // row 1, column 9
        x[2 * n + 9] = -Infinity; // row 2, column 9: column 9 holds +inf and -inf
        const xp = arena.f32(x);
        const rows = arena.f32(2 * m);
        const cols = arena.f32(2 * n);
        ex.sumRowsF64(xp.ptr, rows.ptr, m, n);
        ex.sumColumnsF64(xp.ptr, cols.ptr, m, n);
        const rowRef = new Float64Array(m);
        const colRef = new Float64Array(n);
        jsKernels.reduce('sum', x, m, n, 1, rowRef);
        jsKernels.reduce('sum', x, 1, m, n, colRef);
        assertCloseArrays(heap.f64.subarray(rows.ptr / 8, rows.ptr / 8 + m), rowRef, 1e-12, 0, 'row sums with NaN/inf');
        assertCloseArrays(
          heap.f64.subarray(cols.ptr / 8, cols.ptr / 8 + n),
          colRef,
          1e-12,
          1e-12,
          'column sums with NaN/inf',
        );
        const r32 = arena.f32(m);
        ex.sumRows(xp.ptr, r32.ptr, m, n);
        assertCloseArrays(r32.view(), Float32Array.from(rowRef), 1e-5, 1e-5, 'float32 row sums with NaN/inf');
      } finally {
        arena.free();
      }
    });

    test('maxRows and argmaxRows equal the TypeScript kernel: first maximum, first NaN wins, ties and infinities', () => {
      const arena = new Arena(heap);
      try {
        for (const [m, n] of SHAPES) {
          const rand = rng(m * 31 + n);
          const x = uniform(rand, m * n, -5, 5);
          // Ties (coarse values), a NaN in some rows, all −Infinity in another.
          for (let i = 0; i < m; i++) {
            if (i % 3 === 1) for (let j = 0; j < n; j++) x[i * n + j] = Math.round(x[i * n + j]!);
            if (i % 4 === 2) x[i * n + Math.floor(rand() * n)] = NaN;
            if (i % 5 === 3) x.fill(-Infinity, i * n, (i + 1) * n);
          }
          const xp = arena.f32(x, 3);
          const mx = arena.f32(m);
          const am = arena.f32(m);
          ex.maxRows(xp.ptr, mx.ptr, m, n);
          ex.argmaxRows(xp.ptr, am.ptr, m, n);
          const mxRef = new Float32Array(m);
          const amRef = new Int32Array(m);
          jsKernels.reduce('max', x, m, n, 1, mxRef);
          jsKernels.reduce('argmax', x, m, n, 1, amRef);
          assertSameValues(mx.view(), mxRef, `maxRows ${m}x${n}`);
          assertSameValues(heap.i32.subarray(am.ptr / 4, am.ptr / 4 + m), amRef, `argmaxRows ${m}x${n}`);
          arena.checkGuards(`max ${m}x${n}`);
        }
      } finally {
        arena.free();
      }
    });

    test('argmaxRows finds a maximum in the SIMD tail and the first of equal maxima across registers', () => {
      const arena = new Arena(heap);
      try {
        const n = 11;
        const x = new Float32Array(3 * n).fill(-1);
        x[10] = 5; // row 0: the maximum is the last, tail element
        x[n + 2] = 7;
        x[n + 6] = 7; // row 1: tie across two registers
        x[2 * n + 9] = NaN;
        x[2 * n + 1] = 9; // row 2: the NaN wins over a larger number before it
        const xp = arena.f32(x);
        const am = arena.f32(3);
        ex.argmaxRows(xp.ptr, am.ptr, 3, n);
        assert.deepEqual([...heap.i32.subarray(am.ptr / 4, am.ptr / 4 + 3)], [10, 2, 9]);
      } finally {
        arena.free();
      }
    });

    test('softmaxRows matches a float64 softmax, sums rows to 1, and runs in place', () => {
      const arena = new Arena(heap);
      try {
        for (const [m, n] of SHAPES) {
          const x = uniform(rng(m * 17 + n), m * n, -30, 30);
          const xp = arena.f32(x, 1);
          const out = arena.f32(m * n);
          ex.softmaxRows(xp.ptr, out.ptr, m, n);
          const ref = new Float64Array(m * n);
          for (let i = 0; i < m; i++) {
            let mx = -Infinity;
            for (let j = 0; j < n; j++) mx = Math.max(mx, x[i * n + j]!);
            let s = 0;
            for (let j = 0; j < n; j++) s += ref[i * n + j] = Math.exp(x[i * n + j]! - mx);
            for (let j = 0; j < n; j++) ref[i * n + j]! /= s;
          }
          assertCloseArrays(out.view(), ref, 1e-5, 1e-30, `softmaxRows ${m}x${n}`);
          ex.softmaxRows(xp.ptr, xp.ptr, m, n);
          assertSameValues(xp.view(), out.view(), `softmaxRows in place ${m}x${n}`);
          arena.checkGuards(`softmax ${m}x${n}`);
        }
      } finally {
        arena.free();
      }
    });

    test('softmaxRows gives NaN for a row with NaN or +Infinity and leaves the other rows finite', () => {
      const arena = new Arena(heap);
      try {
        const n = 6;
        const x = Float32Array.from([1, 2, NaN, 3, 4, 5, 1, Infinity, 0, 0, 0, 0, 1e30, -1e30, 0, 0, 0, 1]);
        const xp = arena.f32(x);
        const out = arena.f32(x.length);
        ex.softmaxRows(xp.ptr, out.ptr, 3, n);
        const y = out.view();
        for (let j = 0; j < n; j++) {
          assert.ok(Number.isNaN(y[j]!), `row 0 [${j}]`);
          assert.ok(Number.isNaN(y[n + j]!), `row 1 [${j}]`);
        }
        assert.equal(y[2 * n], 1, 'a huge logit takes all the mass');
        for (let j = 1; j < n; j++) assert.equal(y[2 * n + j], 0);
      } finally {
        arena.free();
      }
    });
  });
}

describe('float32 column sums through the backend', () => {
  for (const { label, module, heap } of loadableBuilds()) {
    test(`reduce('sum') over rows into float32 equals the TypeScript kernel bitwise (a bias gradient) (${label})`, () => {
      // The module's exports, with the column-sum kernel counted: the sums must run in WebAssembly.
      let calls = 0;
      const counted = {
        ...module,
        exports: {
          ...module.exports,
          sumColumnsF64: (...args: Parameters<typeof module.exports.sumColumnsF64>) => {
            calls++;
            module.exports.sumColumnsF64(...args);
          },
        },
      };
      const backend = createWasmBackend(counted, heap, {
        copied: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
        resident: { unary: 0, binary: 0, reduce: 0, matmul: 0 },
      });
      for (const [outer, length, inner] of [
        [1, 50, 64],
        [1, 100, 3],
        [3, 7, 9],
        [2, 1, 13],
      ] as const) {
        const x = uniform(rng(length * inner + outer), outer * length * inner, -100, 100);
        const want = new Float32Array(outer * inner);
        jsKernels.reduce('sum', x, outer, length, inner, want);
        const got = new Float32Array(outer * inner).fill(Number.NaN);
        backend.reduce('sum', x, outer, length, inner, got);
        assertSameValues(got, want, `sum of (${outer}, ${length}, ${inner}) over the middle axis`);
      }
      assert.ok(calls > 0, 'the column sums ran in WebAssembly');
    });
  }
});
