// The elementwise WebAssembly kernels against the TypeScript kernels (the reference), on every
// build this process can load, on sizes 0..37 (every SIMD tail length) and a few large ones, with
// NaN, infinities, signed zeros and denormals mixed in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/ndarray/kernels/js.js';
import type { UnaryOp } from '../../src/ndarray/kernels/types.js';
import { WASM_UNARY, type WasmBinaryKernel, type WasmKernelExports } from '../../src/ndarray/kernels/wasm/index.js';
import { Arena, assertCloseArrays, assertSameValues, loadableBuilds, rng, uniform } from './helpers.js';

const SIZES = [...Array.from({ length: 38 }, (_, i) => i), 64, 1000, 4099];
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1, -1, 0.5, -0.5];

/** Inputs that reach every branch of each op: exp's overflow and underflow, tanh's two formulas, log over every exponent. */
const RANGES: Record<(typeof WASM_UNARY)[number], (rand: () => number) => number> = {
  neg: (r) => 200 * r() - 100,
  exp: (r) => 210 * r() - 110,
  log: (r) => (r() < 0.1 ? 1 + (r() - 0.5) * 1e-3 : Math.exp(180 * r() - 95)),
  sqrt: (r) => Math.exp(160 * r() - 80),
  abs: (r) => 200 * r() - 100,
  square: (r) => 200 * r() - 100,
  tanh: (r) => (r() < 0.5 ? 1.4 * r() - 0.7 : 40 * r() - 20),
  sigmoid: (r) => 240 * r() - 120,
  relu: (r) => 2 * r() - 1,
  step: (r) => 2 * r() - 1,
  reciprocal: (r) => 200 * r() - 100,
};

/** Ops computed with one correctly rounded float32 operation: bit-identical to the TypeScript kernel. */
const EXACT: ReadonlySet<string> = new Set(['neg', 'sqrt', 'abs', 'square', 'relu', 'step', 'reciprocal']);

/** exp, log, tanh, sigmoid are polynomials: a few ulp. Below the smallest normal float only the absolute error counts. */
const RTOL = 1e-6;
const ATOL = 1e-37;

function input(op: (typeof WASM_UNARY)[number], n: number, seed: number): Float32Array {
  const rand = rng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = RANGES[op](rand);
  // Specials at spread-out positions, including the SIMD tail.
  if (n >= 4) for (let s = 0; s < SPECIALS.length && s < n / 4; s++) x[Math.floor(rand() * n)] = SPECIALS[s]!;
  return x;
}

function checkUnary(
  ex: WasmKernelExports,
  arena: Arena,
  op: (typeof WASM_UNARY)[number],
  x: Float32Array,
  what: string,
): void {
  const expected = new Float32Array(x.length);
  jsKernels.unary(op as UnaryOp, x, expected);
  const xs = arena.f32(x, x.length % 3);
  const out = arena.f32(x.length);
  ex[op](xs.ptr, out.ptr, x.length);
  if (EXACT.has(op)) assertSameValues(out.view(), expected, what);
  else assertCloseArrays(out.view(), expected, RTOL, ATOL, what, x);
  assertSameValues(xs.view(), x, `${what}: input untouched`);
  // In place (out = x), as the array API's `out may be x` allows.
  ex[op](xs.ptr, xs.ptr, x.length);
  assertSameValues(xs.view(), out.view(), `${what} in place`);
  arena.checkGuards(what);
}

const builds = loadableBuilds();

test('at least the plain SIMD builds load in Node', () => {
  assert.ok(builds.length >= 2, `loaded: ${builds.map((b) => b.label).join('; ')}`);
});

for (const { label, module, heap } of builds) {
  const ex = module.exports;

  describe(`unary kernels (${label})`, () => {
    for (const op of WASM_UNARY) {
      test(`${op} matches the TypeScript kernel on sizes 0..37, 64, 1000, 4099`, () => {
        const arena = new Arena(heap);
        try {
          for (const n of SIZES) checkUnary(ex, arena, op, input(op, n, 1000 + n), `${op} n=${n}`);
        } finally {
          arena.free();
        }
      });

      test(`${op} of NaN, ±Infinity, ±0, denormals and ±FLT_MAX matches the TypeScript kernel`, () => {
        const arena = new Arena(heap);
        try {
          checkUnary(ex, arena, op, Float32Array.from(SPECIALS), `${op} specials`);
        } finally {
          arena.free();
        }
      });
    }

    test('exp, log, tanh and sigmoid stay within 1e-6 relative error over a dense sweep', () => {
      const arena = new Arena(heap);
      try {
        const x = new Float32Array(20001);
        for (let i = 0; i < x.length; i++) x[i] = -100 + (200 * i) / (x.length - 1);
        for (const op of ['exp', 'tanh', 'sigmoid'] as const) checkUnary(ex, arena, op, x, `${op} sweep`);
        const pos = new Float32Array(20001);
        for (let i = 0; i < pos.length; i++) pos[i] = Math.exp(-87 + (175 * i) / (pos.length - 1));
        checkUnary(ex, arena, 'log', pos, 'log sweep');
      } finally {
        arena.free();
      }
    });
  });

  describe(`binary kernels (${label})`, () => {
    const SAME: [string, WasmBinaryKernel, (a: number, b: number) => number][] = [
      ['add', ex.add, (a, b) => a + b],
      ['sub', ex.sub, (a, b) => a - b],
      ['mul', ex.mul, (a, b) => a * b],
      ['div', ex.div, (a, b) => a / b],
    ];

    test('add, sub, mul, div equal float32 arithmetic exactly, NaN and infinities included', () => {
      const arena = new Arena(heap);
      try {
        for (const n of SIZES) {
          const rand = rng(2000 + n);
          const a = uniform(rand, n, -10, 10);
          const b = uniform(rand, n, -10, 10);
          if (n >= 6) {
            a[1] = NaN;
            b[2] = Infinity;
            a[3] = -Infinity;
            b[4] = 0;
            b[5] = -0;
          }
          for (const [name, kernel, f] of SAME) {
            const ap = arena.f32(a, 1);
            const bp = arena.f32(b, 2);
            const out = arena.f32(n);
            kernel(ap.ptr, bp.ptr, out.ptr, n);
            assertSameValues(
              out.view(),
              a.map((v, i) => Math.fround(f(v, b[i]!))),
              `${name} n=${n}`,
            );
            arena.checkGuards(`${name} n=${n}`);
          }
        }
      } finally {
        arena.free();
      }
    });

    test('scalar kernels compute x op s and s op x with s rounded to float32', () => {
      const arena = new Arena(heap);
      const s = 0.1;
      const s32 = Math.fround(s);
      const cases: [string, (x: number, s: number, out: number, n: number) => void, (x: number) => number][] = [
        ['addScalar', ex.addScalar, (x) => x + s32],
        ['subScalar', ex.subScalar, (x) => x - s32],
        ['mulScalar', ex.mulScalar, (x) => x * s32],
        ['divScalar', ex.divScalar, (x) => x / s32],
        ['rsubScalar', ex.rsubScalar, (x) => s32 - x],
        ['rdivScalar', ex.rdivScalar, (x) => s32 / x],
      ];
      try {
        for (const n of SIZES) {
          const x = uniform(rng(3000 + n), n, -5, 5);
          if (n > 2) x[n - 1] = 0;
          for (const [name, kernel, f] of cases) {
            const xp = arena.f32(x);
            const out = arena.f32(n);
            kernel(xp.ptr, s, out.ptr, n);
            assertSameValues(
              out.view(),
              x.map((v) => Math.fround(f(v))),
              `${name} n=${n}`,
            );
            arena.checkGuards(`${name} n=${n}`);
          }
        }
      } finally {
        arena.free();
      }
    });

    test('row and column vector kernels broadcast v along rows and along columns', () => {
      const arena = new Arena(heap);
      const ops: [string, (a: number, b: number) => number][] = [
        ['add', (a, b) => a + b],
        ['sub', (a, b) => a - b],
        ['mul', (a, b) => a * b],
        ['div', (a, b) => a / b],
      ];
      try {
        for (const [m, n] of [
          [1, 1],
          [3, 5],
          [4, 8],
          [7, 13],
          [2, 37],
          [37, 3],
          [100, 50],
          [5, 1001],
        ] as const) {
          const rand = rng(4000 + m * n);
          const x = uniform(rand, m * n, -3, 3);
          const row = uniform(rand, n, 0.5, 2);
          const col = uniform(rand, m, 0.5, 2);
          for (const [name, f] of ops) {
            const rowKernel = ex[`${name}RowVector` as 'addRowVector'];
            const colKernel = ex[`${name}ColumnVector` as 'addColumnVector'];
            const xp = arena.f32(x, 3);
            const rp = arena.f32(row);
            const cp = arena.f32(col);
            const out = arena.f32(m * n);
            rowKernel(xp.ptr, rp.ptr, out.ptr, m, n);
            assertSameValues(
              out.view(),
              x.map((v, i) => Math.fround(f(v, row[i % n]!))),
              `${name}RowVector ${m}x${n}`,
            );
            colKernel(xp.ptr, cp.ptr, out.ptr, m, n);
            assertSameValues(
              out.view(),
              x.map((v, i) => Math.fround(f(v, col[Math.floor(i / n)]!))),
              `${name}ColumnVector ${m}x${n}`,
            );
            arena.checkGuards(`${name} vectors ${m}x${n}`);
          }
        }
      } finally {
        arena.free();
      }
    });

    test('reluBackward passes dout where x > 0 (not where x is NaN or -0); sigmoidBackward is dout·(1 − y)·y', () => {
      const arena = new Arena(heap);
      try {
        for (const n of SIZES) {
          const rand = rng(5000 + n);
          const dout = uniform(rand, n, -2, 2);
          const x = uniform(rand, n, -1, 1);
          const y = uniform(rand, n, 0, 1);
          if (n >= 3) {
            x[0] = NaN;
            x[1] = -0;
            x[2] = 0;
          }
          const dp = arena.f32(dout);
          const xp = arena.f32(x, 1);
          const yp = arena.f32(y, 2);
          const dx = arena.f32(n);
          ex.reluBackward(dp.ptr, xp.ptr, dx.ptr, n);
          assertSameValues(
            dx.view(),
            dout.map((d, i) => (x[i]! > 0 ? d : 0)),
            `reluBackward n=${n}`,
          );
          ex.sigmoidBackward(dp.ptr, yp.ptr, dx.ptr, n);
          const f = Math.fround;
          assertSameValues(
            dx.view(),
            dout.map((d, i) => f(f(d * f(1 - y[i]!)) * y[i]!)),
            `sigmoidBackward n=${n}`,
          );
          arena.checkGuards(`backward n=${n}`);
        }
      } finally {
        arena.free();
      }
    });

    test('axpy adds alpha·x to y in place (fused or not: within one rounding of the exact value)', () => {
      const arena = new Arena(heap);
      try {
        for (const n of SIZES) {
          const rand = rng(6000 + n);
          const x = uniform(rand, n, -1, 1);
          const y = uniform(rand, n, -1, 1);
          const alpha = -0.01;
          const yp = arena.f32(y);
          const xp = arena.f32(x, 3);
          ex.axpy(yp.ptr, xp.ptr, alpha, n);
          const got = yp.view();
          const a32 = Math.fround(alpha);
          for (let i = 0; i < n; i++) {
            const exact = y[i]! + a32 * x[i]!;
            const bound = 2 ** -23 * (Math.abs(y[i]!) + Math.abs(a32 * x[i]!));
            assert.ok(Math.abs(got[i]! - exact) <= bound, `axpy n=${n} [${i}]: ${got[i]} vs ${exact}`);
          }
          assertSameValues(xp.view(), x, 'axpy leaves x alone');
          arena.checkGuards(`axpy n=${n}`);
        }
      } finally {
        arena.free();
      }
    });
  });
}
