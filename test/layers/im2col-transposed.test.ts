// The window layout the Convolution layer uses, (C·FH·FW, N·OH·OW), is exactly the transpose of the
// book's im2col (im2colInto) on random geometries (strides, paddings, windows wider than the padding, odd sizes),
// and col2imTransposed is its adjoint: <im2colT(x), c> = <x, col2imT(c)>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Random } from '../../src/index.js';
import {
  col2imInto,
  col2imTransposed,
  im2colInto,
  im2colTransposed,
  windowOutputSize,
  type WindowGeometry,
} from '../../src/layers/im2col.js';

const geometries = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    windowHeight: fc.integer({ min: 1, max: 5 }),
    windowWidth: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    pad: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .filter((g) => g.height + 2 * g.pad >= g.windowHeight && g.width + 2 * g.pad >= g.windowWidth);

function geometryOf(g: Omit<WindowGeometry, 'outHeight' | 'outWidth'>): WindowGeometry {
  return {
    ...g,
    outHeight: windowOutputSize('test', 'height', g.height, g.windowHeight, g.stride, g.pad),
    outWidth: windowOutputSize('test', 'width', g.width, g.windowWidth, g.stride, g.pad),
  };
}

test('im2colTransposed is the transpose of im2colInto, and col2imTransposed of col2imInto', () => {
  fc.assert(
    fc.property(geometries, ({ seed, ...shape }) => {
      const g = geometryOf(shape);
      const rng = new Random(seed);
      const x = rng.randn([g.batch * g.channels * g.height * g.width]).data as Float64Array;
      const rows = g.batch * g.outHeight * g.outWidth;
      const patch = g.channels * g.windowHeight * g.windowWidth;
      const col = new Float64Array(rows * patch);
      const colT = new Float64Array(rows * patch).fill(Number.NaN); // every entry must be written
      im2colInto(x, g, col);
      im2colTransposed(x, g, colT);
      for (let r = 0; r < rows; r++)
        for (let k = 0; k < patch; k++) assert.equal(colT[k * rows + r], col[r * patch + k]);

      const c = rng.randn([rows * patch]).data as Float64Array;
      const cT = new Float64Array(rows * patch);
      for (let r = 0; r < rows; r++) for (let k = 0; k < patch; k++) cT[k * rows + r] = c[r * patch + k]!;
      const dx = new Float64Array(x.length);
      const dxT = new Float64Array(x.length).fill(Number.NaN); // zeroed by the function
      col2imInto(c, g, dx);
      col2imTransposed(cT, g, dxT);
      for (let i = 0; i < x.length; i++)
        assert.ok(Math.abs(dx[i]! - dxT[i]!) < 1e-12, `dx[${i}]: ${dx[i]} vs ${dxT[i]}`);
    }),
    { seed: 42, numRuns: 300 },
  );
});
