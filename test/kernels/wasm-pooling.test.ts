// The max-pooling kernels and the convolution's plane reshuffles (maxPool, maxPoolBackward,
// productToPlanes, planesToProduct) against the TypeScript reference: strides below, at and above
// the window, padding, rows whose windows do not fill a SIMD register, ties and NaNs; guard floats
// around every block catch writes past the ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as js from '../../src/ndarray/kernels/pooling-js.js';
import type { WindowGeometry } from '../../src/ndarray/kernels/types.js';
import { windowOutputSize } from '../../src/layers/im2col.js';
import { Arena, assertSameValues, loadableBuilds, rng } from './helpers.js';

const CASES: readonly [number, number, number, number, number, number, number, number][] = [
  // batch, channels, height, width, pool h, pool w, stride, pad
  [2, 3, 24, 24, 2, 2, 2, 0],
  [1, 2, 28, 28, 2, 2, 2, 0],
  [2, 2, 14, 14, 2, 2, 2, 0],
  [1, 3, 9, 11, 3, 3, 1, 0],
  [2, 1, 13, 17, 3, 3, 3, 0],
  [1, 2, 10, 23, 3, 2, 2, 0],
  [1, 1, 7, 7, 3, 3, 2, 1],
  [2, 2, 6, 9, 2, 2, 1, 1],
  [1, 1, 1, 1, 1, 1, 1, 0],
  [1, 1, 2, 2, 2, 2, 1, 2],
];

function geometry([batch, channels, height, width, ph, pw, stride, pad]: readonly number[]): WindowGeometry {
  return {
    batch: batch!,
    channels: channels!,
    height: height!,
    width: width!,
    windowHeight: ph!,
    windowWidth: pw!,
    stride: stride!,
    pad: pad!,
    outHeight: windowOutputSize('test', 'height', height!, ph!, stride!, pad!),
    outWidth: windowOutputSize('test', 'width', width!, pw!, stride!, pad!),
  };
}

/** Values on a coarse grid (many ties), a few NaNs and infinities among them. */
function poolInput(seed: number, n: number): Float32Array {
  const rand = rng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    x[i] = r < 0.02 ? Number.NaN : r < 0.03 ? Number.NEGATIVE_INFINITY : Math.round(rand() * 8) - 4;
  }
  return x;
}

for (const { label, module, heap } of loadableBuilds()) {
  const ex = module.exports;
  describe(`pooling kernels (${label})`, () => {
    test('maxPool and maxPoolBackward equal the TypeScript kernels exactly', () => {
      for (const [index, c] of CASES.entries()) {
        const g = geometry(c);
        const what = `geometry ${c.join(',')}`;
        const inputs = g.batch * g.channels * g.height * g.width;
        const outputs = g.batch * g.channels * g.outHeight * g.outWidth;
        const arena = new Arena(heap);
        try {
          const x = poolInput(index + 1, inputs);
          const outRef = new Float32Array(outputs);
          const argRef = new Int32Array(outputs);
          js.maxPool(x, g, outRef, argRef);
          const xp = arena.f32(x, 1);
          const out = arena.f32(new Float32Array(outputs).fill(7), 2);
          const arg = arena.f32(outputs, 3);
          const planes = g.batch * g.channels;
          ex.maxPool(
            xp.ptr,
            out.ptr,
            arg.ptr,
            planes,
            g.height,
            g.width,
            g.outHeight,
            g.outWidth,
            g.windowHeight,
            g.windowWidth,
            g.stride,
            g.pad,
          );
          assertSameValues(out.view(), outRef, `maxPool values, ${what}`);
          const argView = arg.view();
          assert.deepEqual(
            [...new Int32Array(argView.buffer, argView.byteOffset, outputs)],
            [...argRef],
            `maxPool argmax, ${what}`,
          );

          const dout = poolInput(index + 50, outputs).map((v) => (Number.isFinite(v) ? v / 3 : 0.5));
          const dxRef = new Float32Array(inputs);
          js.maxPoolBackward(dout, argRef, dxRef);
          const doutp = arena.f32(dout);
          const dx = arena.f32(new Float32Array(inputs).fill(Number.NaN), 1);
          ex.maxPoolBackward(doutp.ptr, arg.ptr, dx.ptr, outputs, inputs);
          assertSameValues(dx.view(), dxRef, `maxPoolBackward, ${what}`);
          arena.checkGuards(what);
        } finally {
          arena.free();
        }
      }
    });

    test('productToPlanes and planesToProduct equal the TypeScript kernels', () => {
      for (const [batch, positions, filters] of [
        [3, 576, 5],
        [2, 7, 3],
        [1, 1, 1],
        [4, 49, 2],
      ] as const) {
        const what = `batch ${batch}, positions ${positions}, filters ${filters}`;
        const n = batch * positions * filters;
        const rand = rng(n);
        const product = new Float32Array(n).map(() => rand() * 2 - 1);
        const bias = new Float32Array(filters).map(() => rand());
        const arena = new Arena(heap);
        try {
          const outRef = new Float32Array(n);
          js.productToPlanes(product, bias, outRef, batch, positions, filters);
          const pp = arena.f32(product, 1);
          const bp = arena.f32(bias, 2);
          const out = arena.f32(n, 3);
          ex.productToPlanes(pp.ptr, bp.ptr, out.ptr, batch, positions, filters);
          assertSameValues(out.view(), outRef, `productToPlanes, ${what}`);

          const dProductRef = new Float32Array(n);
          const dbRef = new Float32Array(filters);
          js.planesToProduct(outRef, dProductRef, dbRef, batch, positions, filters);
          const dp = arena.f32(n, 1);
          const db = arena.f32(filters, 2);
          ex.planesToProduct(out.ptr, dp.ptr, db.ptr, batch, positions, filters);
          assertSameValues(dp.view(), dProductRef, `planesToProduct, ${what}`);
          // The bias gradient sums in float64 lanes, the reference in one float64 chain: both round once.
          for (let f = 0; f < filters; f++) {
            assert.ok(
              Math.abs(db.view()[f]! - dbRef[f]!) <= 1e-6 * Math.max(1, Math.abs(dbRef[f]!)),
              `db[${f}], ${what}`,
            );
          }
          arena.checkGuards(what);
        } finally {
          arena.free();
        }
      }
    });
  });
}
