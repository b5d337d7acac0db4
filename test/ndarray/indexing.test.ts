// Element access, take/pick/slice, boolean masks (putMask, extract).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { take, pick, slice, putMask, extract, array, arange, zeros } from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

test('get and set use (possibly negative) multi-indices', () => {
  const x = arange(6).reshape(2, 3);
  assert.equal(x.get(1, 2), 5);
  assert.equal(x.get(-1, -3), 3);
  assert.equal(x.set([0, -1], 9), x);
  assertArray(x, [
    [0, 1, 9],
    [3, 4, 5],
  ]);
  assert.equal(array(4).get(), 4);
});

test('get/set reject out-of-range, fractional and wrongly counted indices', () => {
  const x = zeros([2, 3]);
  assertThrowsCode(() => x.get(0, 3), 'INDEX_OUT_OF_RANGE', 'axis 1', 'index 3 is out of bounds for size 3');
  assertThrowsCode(() => x.get(-3, 0), 'INDEX_OUT_OF_RANGE', 'axis 0', 'index -3', 'size 2');
  assertThrowsCode(() => x.set([2, 0], 1), 'INDEX_OUT_OF_RANGE', 'index 2');
  assertThrowsCode(() => x.get(0), 'BAD_ARGUMENT', 'index (0) has 1 entries', '2 dimensions', '(2, 3)');
  assertThrowsCode(() => x.get(0.5, 0), 'BAD_ARGUMENT', 'index 0.5 is not an integer');
});

test("take picks rows (numpy's x[batch_mask]) and copies them", () => {
  const x = arange(12).reshape(4, 3);
  const t = x.take([3, 0, 3]);
  assertArray(
    t,
    [
      [9, 10, 11],
      [0, 1, 2],
      [9, 10, 11],
    ],
    'int32',
  );
  t.data[0] = -1;
  assert.equal(x.get(3, 0), 9, 'take copies');
  assertArray(take(x, [-1]), [[9, 10, 11]]);
  assertArray(take(x, new Int32Array([1])), [[3, 4, 5]]);
  assertArray(take(x, array([2, 1])), [
    [6, 7, 8],
    [3, 4, 5],
  ]);
  assertArray(take(x, arange(2)), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  assert.deepEqual(take(x, []).shape, [0, 3]);
});

test('take along another axis', () => {
  const x = arange(6).reshape(2, 3);
  assertArray(take(x, [2, 0], 1), [
    [2, 0],
    [5, 3],
  ]);
  assertArray(x.take([2, 0], -1), [
    [2, 0],
    [5, 3],
  ]);
  assertArray(take(arange(24).reshape(2, 3, 4), [1], 1).reshape(2, 4), [
    [4, 5, 6, 7],
    [16, 17, 18, 19],
  ]);
});

test('take rejects bad indices, masks, 2-D indices and bad axes', () => {
  const x = arange(6).reshape(2, 3);
  assertThrowsCode(() => take(x, [2]), 'INDEX_OUT_OF_RANGE', 'index 2 is out of bounds for size 2', 'axis 0');
  assertThrowsCode(() => take(x, [0, -4], 1), 'INDEX_OUT_OF_RANGE', 'index -4', 'size 3');
  assertThrowsCode(() => take(x, [0.5]), 'BAD_ARGUMENT', 'index 0.5 is not an integer');
  assertThrowsCode(() => take(x, array([true, false])), 'BAD_DTYPE', 'bool mask', 'extract');
  assertThrowsCode(() => take(x, zeros([1, 1], { dtype: 'int32' })), 'BAD_ARGUMENT', '1-D', '(1, 1)');
  assertThrowsCode(() => take(x, [0], 2), 'BAD_ARGUMENT', 'axis 2 is out of bounds for array of dimension 2');
  assertThrowsCode(() => take(x, [0], -3), 'BAD_ARGUMENT', 'axis -3');
  assertThrowsCode(() => take(array(1), [0]), 'BAD_ARGUMENT', '0-d');
  assertThrowsCode(() => take(zeros([0, 2]), [0]), 'INDEX_OUT_OF_RANGE', 'size 0');
});

test("pick is numpy's y[np.arange(n), t] (the book's cross-entropy)", () => {
  const y = array([
    [0.1, 0.6, 0.3],
    [0.8, 0.1, 0.1],
  ]);
  assertArray(pick(y, arange(2), array([1, 0], { dtype: 'int32' })), [0.6, 0.8], 'float64');
  assertArray(y.pick([1, 0, 1], [-1, 2, 0]), [0.1, 0.3, 0.8]);
  assertArray(pick(y, [], []), []);
});

test('pick rejects mismatched index lengths, non-2-D arrays and out-of-range indices', () => {
  const y = zeros([2, 3]);
  assertThrowsCode(() => pick(y, [0, 1], [0, 1, 2]), 'SHAPE_MISMATCH', '2 row indices but 3 column indices');
  assertThrowsCode(() => pick(zeros([3]), [0], [0]), 'BAD_ARGUMENT', '2-D', '(3,)');
  assertThrowsCode(() => pick(y, [0], [3]), 'INDEX_OUT_OF_RANGE', 'column', 'index 3', 'size 3');
  assertThrowsCode(() => pick(y, [2], [0]), 'INDEX_OUT_OF_RANGE', 'row', 'index 2', 'size 2');
});

test("slice is Python's x[start:end] along axis 0, clamped, and a view", () => {
  const x = arange(10).reshape(5, 2);
  const s = x.slice(1, 3);
  assertArray(
    s,
    [
      [2, 3],
      [4, 5],
    ],
    'int32',
  );
  s.set([0, 0], 20);
  assert.equal(x.get(1, 0), 20, 'the slice shares storage');
  assertArray(slice(x, -2), [
    [6, 7],
    [8, 9],
  ]);
  assertArray(slice(x, 3, 100), [
    [6, 7],
    [8, 9],
  ]);
  assertArray(slice(x, -100, 1), [[0, 1]]);
  assert.deepEqual(slice(x, 4, 2).shape, [0, 2]);
  assert.deepEqual(slice(x, 5).shape, [0, 2]);
  assertArray(slice(arange(5), 1, -1), [1, 2, 3]);
});

test('slice rejects fractional bounds and 0-d arrays', () => {
  assertThrowsCode(() => slice(arange(5), 0.5), 'BAD_ARGUMENT', 'integers', '0.5');
  assertThrowsCode(() => slice(arange(5), 0, 2.5), 'BAD_ARGUMENT', '2.5');
  assertThrowsCode(() => slice(array(1), 0), 'BAD_ARGUMENT', '0-d');
});

test("putMask is numpy's x[mask] = value, in place (the book's ReLU)", () => {
  const x = array([
    [1, -0.5],
    [-2, 3],
  ]);
  assert.equal(x.putMask(x.le(0), 0), x);
  assertArray(x, [
    [1, 0],
    [0, 3],
  ]);
  const y = arange(4);
  putMask(y, array([false, false, false, false]), 7);
  assertArray(y, [0, 1, 2, 3]);
  const b = zeros([2], { dtype: 'bool' });
  b.putMask(array([true, false]), 3);
  b.set([1], -1);
  assertArray(b, [1, 1], 'bool');
});

test("extract is numpy's x[mask]: the selected elements in order, as 1-D", () => {
  const x = array([
    [1, -0.5],
    [-2, 3],
  ]);
  assertArray(extract(x, x.gt(0)), [1, 3], 'float64');
  assertArray(x.extract(x.gt(10)), []);
  assertArray(extract(arange(3), array([true, true, true])), [0, 1, 2], 'int32');
});

test("masks must match the array's shape and must not be floats", () => {
  const x = zeros([2, 3]);
  assertThrowsCode(
    () => putMask(x, zeros([3, 2], { dtype: 'bool' }), 1),
    'SHAPE_MISMATCH',
    'boolean index',
    '(3, 2)',
    '(2, 3)',
  );
  assertThrowsCode(() => extract(x, zeros([6], { dtype: 'bool' })), 'SHAPE_MISMATCH', '(6,)', '(2, 3)');
  assertThrowsCode(() => x.putMask(zeros([2, 3]), 1), 'BAD_DTYPE', 'must be bool', 'float64');
  assertThrowsCode(() => x.extract(zeros([2, 3], { dtype: 'float32' })), 'BAD_DTYPE', 'float32');
});
