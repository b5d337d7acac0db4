// The convolution window kernels (im2colT, col2imT) against the TypeScript reference on geometries
// with strides, paddings wider and narrower than the window, odd sizes and runs that do not fill a
// SIMD register; guard floats around every block catch writes past the ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col2imTransposed, im2colTransposed } from '../../src/ndarray/kernels/windows-js.js';
import type { WindowGeometry } from '../../src/ndarray/kernels/types.js';
import { windowOutputSize } from '../../src/layers/im2col.js';
import { Arena, loadableBuilds, rng, uniform } from './helpers.js';

const CASES: readonly [number, number, number, number, number, number, number, number][] = [
  // batch, channels, height, width, window h, window w, stride, pad
  [1, 1, 1, 1, 1, 1, 1, 0],
  [1, 1, 3, 3, 3, 3, 1, 1],
  [2, 3, 7, 7, 5, 5, 1, 0],
  [2, 2, 9, 7, 3, 3, 2, 1],
  [1, 1, 5, 6, 3, 2, 3, 2],
  [3, 2, 10, 10, 3, 3, 1, 2],
  [1, 4, 11, 13, 4, 4, 2, 3],
  [2, 1, 28, 28, 3, 3, 1, 1],
  [2, 3, 6, 9, 1, 3, 1, 0],
  [1, 2, 4, 4, 5, 5, 1, 2],
];

function geometry([
  batch,
  channels,
  height,
  width,
  windowHeight,
  windowWidth,
  stride,
  pad,
]: readonly number[]): WindowGeometry {
  return {
    batch: batch!,
    channels: channels!,
    height: height!,
    width: width!,
    windowHeight: windowHeight!,
    windowWidth: windowWidth!,
    stride: stride!,
    pad: pad!,
    outHeight: windowOutputSize('test', 'height', height!, windowHeight!, stride!, pad!),
    outWidth: windowOutputSize('test', 'width', width!, windowWidth!, stride!, pad!),
  };
}

for (const { label, module, heap } of loadableBuilds()) {
  const ex = module.exports;
  describe(`window kernels (${label})`, () => {
    test('im2colT and col2imT equal the TypeScript kernels exactly', () => {
      for (const c of CASES) {
        const g = geometry(c);
        const what = `geometry ${c.join(',')}`;
        const inputSize = g.batch * g.channels * g.height * g.width;
        const colSize = g.channels * g.windowHeight * g.windowWidth * g.batch * g.outHeight * g.outWidth;
        const arena = new Arena(heap);
        try {
          const x = uniform(rng(colSize), inputSize);
          const colRef = new Float32Array(colSize);
          im2colTransposed(x, g, colRef);
          const xp = arena.f32(x, 1);
          const col = arena.f32(new Float32Array(colSize).fill(Number.NaN), 2);
          ex.im2colT(
            xp.ptr,
            col.ptr,
            g.batch,
            g.channels,
            g.height,
            g.width,
            g.windowHeight,
            g.windowWidth,
            g.stride,
            g.pad,
            g.outHeight,
            g.outWidth,
          );
          assert.deepEqual([...col.view()], [...colRef], `im2colT, ${what}`);

          const dcol = uniform(rng(inputSize + 7), colSize);
          const dxRef = new Float32Array(inputSize);
          col2imTransposed(dcol, g, dxRef);
          const dcolp = arena.f32(dcol, 3);
          const dx = arena.f32(new Float32Array(inputSize).fill(Number.NaN));
          ex.col2imT(
            dcolp.ptr,
            dx.ptr,
            g.batch,
            g.channels,
            g.height,
            g.width,
            g.windowHeight,
            g.windowWidth,
            g.stride,
            g.pad,
            g.outHeight,
            g.outWidth,
          );
          // Both add in the same order, one float32 rounding per addition: equal to the last bit.
          assert.deepEqual([...dx.view()], [...dxRef], `col2imT, ${what}`);
          arena.checkGuards(what);
        } finally {
          arena.free();
        }
      }
    });
  });
}
