// The book's im2col and col2im (common/util.py) under their own names and signatures: the same
// element order as the book's numpy code on a few geometries (test/fixtures/conv/im2col.json, made by
// make_im2col.py), float32 kept, the book's default stride and padding, and errors naming the function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type NestedArray, Random, array, col2im, im2col, zeros } from '../../src/index.js';
import { assertArray, assertClose, assertThrowsCode } from '../ndarray/helpers.js';

interface WindowCase {
  shape: [number, number, number, number];
  filterH: number;
  filterW: number;
  stride: number;
  pad: number;
  x: NestedArray;
  col: NestedArray;
  dcol: NestedArray;
  img: NestedArray;
}
const cases = JSON.parse(
  readFileSync(new URL('../fixtures/conv/im2col.json', import.meta.url), 'utf8'),
) as WindowCase[];

test("im2col(input, filterH, filterW, stride, pad) equals the book's im2col element for element", () => {
  for (const c of cases) {
    const col = im2col(array(c.x), c.filterH, c.filterW, c.stride, c.pad);
    assertArray(col, c.col, 'float64');
  }
});

test("col2im(col, inputShape, filterH, filterW, stride, pad) equals the book's col2im, overlaps summed", () => {
  for (const c of cases) {
    const img = col2im(array(c.dcol), c.shape, c.filterH, c.filterW, c.stride, c.pad);
    assert.equal(img.dtype, 'float64');
    // The book adds tap by tap, scratchnet window by window: the same sums in another order.
    assertClose(img, c.img, 1e-12, 1e-12);
  }
});

test("im2col takes the book's defaults (stride 1, pad 0): (1, 3, 7, 7) with 5×5 gives (9, 75), (10, 3, 7, 7) gives (90, 75)", () => {
  const x1 = new Random(0).rand([1, 3, 7, 7]);
  assert.deepEqual(im2col(x1, 5, 5).shape, [9, 75]);
  assert.deepEqual(im2col(x1, 5, 5, 1, 0).data, im2col(x1, 5, 5).data);
  assert.deepEqual(im2col(new Random(0).rand([10, 3, 7, 7]), 5, 5).shape, [90, 75]);
});

test('im2col and col2im keep float32, and read integer input as float64', () => {
  const c = cases[1]!;
  const x32 = array(c.x).astype('float32');
  const col = im2col(x32, c.filterH, c.filterW, c.stride, c.pad);
  assert.equal(col.dtype, 'float32');
  assertClose(col, c.col, 1e-6, 1e-6);
  const img = col2im(col, c.shape, c.filterH, c.filterW, c.stride, c.pad);
  assert.equal(img.dtype, 'float32');
  assert.equal(im2col(zeros([1, 1, 3, 3], { dtype: 'int32' }), 2, 2).dtype, 'float64');
});

test('im2col and col2im refuse what does not fit, naming themselves', () => {
  assertThrowsCode(() => im2col(zeros([3, 3]), 2, 2), 'SHAPE_MISMATCH', 'im2col', '(3, 3)');
  assertThrowsCode(() => im2col(zeros([1, 1, 3, 3]), 5, 5), 'SHAPE_MISMATCH', 'im2col', 'window of 5');
  assertThrowsCode(() => im2col(zeros([1, 1, 3, 3]), 2, 2, 0), 'BAD_ARGUMENT', 'im2col', 'stride');
  assertThrowsCode(() => im2col([[1]] as never, 2, 2), 'BAD_ARGUMENT', 'im2col', 'input');
  assertThrowsCode(() => col2im(zeros([4, 5]), [1, 1, 3, 3], 2, 2), 'SHAPE_MISMATCH', 'col2im', '(4, 4)', '(4, 5)');
  assertThrowsCode(() => col2im(zeros([4, 4]), [3, 3], 2, 2), 'SHAPE_MISMATCH', 'col2im', 'inputShape');
  assertThrowsCode(() => col2im(zeros([4, 4]), 9 as never, 2, 2), 'BAD_ARGUMENT', 'col2im', 'inputShape');
});
