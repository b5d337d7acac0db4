// Reductions against values printed by numpy 2.4: axes, negative axes, axis lists, keepdims, NaN, empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sum,
  mean,
  max,
  min,
  variance,
  std,
  argmax,
  argmin,
  array,
  arange,
  zeros,
  full,
  type NDArray,
} from '../../src/index.js';
import { assertArray, assertClose, assertThrowsCode } from './helpers.js';

const x = arange(24).reshape(2, 3, 4).astype('float64');
const y = array([
  [3, 7, 7, 1],
  [2, -1, 9, 9],
  [5, 5, 5, 5],
]);

test('sum over one axis, a negative axis, a list of axes, with keepdims', () => {
  assertArray(
    sum(x, 0),
    [
      [12, 14, 16, 18],
      [20, 22, 24, 26],
      [28, 30, 32, 34],
    ],
    'float64',
  );
  assertArray(sum(x, 1), [
    [12, 15, 18, 21],
    [48, 51, 54, 57],
  ]);
  assertArray(sum(x, -1), [
    [6, 22, 38],
    [54, 70, 86],
  ]);
  assertArray(sum(x, [0, 2]), [60, 92, 124]);
  assertArray(sum(x, [2, 0]), [60, 92, 124]);
  assertArray(sum(x, [0, -1], true), [[[60], [92], [124]]]);
  assertArray(sum(x, 1, true), [[[12, 15, 18, 21]], [[48, 51, 54, 57]]]);
  assertArray(sum(x, [0, 1, 2]), 276);
});

test('over all axes a reduction is a number; with keepdims it is an array of ones', () => {
  const total: number = sum(x);
  assert.equal(total, 276);
  const viaNull: number = sum(x, null);
  const viaFalse: number = x.max(undefined, false);
  assert.equal(viaNull, 276);
  assert.equal(viaFalse, 23);
  assert.equal(argmax(x, null), 23);
  assertArray(sum(x, null, true), [[[276]]]);
  assert.equal(x.sum(), 276);
  assert.equal(typeof mean(x), 'number');
});

test("an empty axis list reduces nothing (numpy's axis=())", () => {
  const r = sum(x, []);
  assertArray(r, x.toArray());
  assert.notEqual(r.data, x.data, 'a new array');
});

test('sum pairs like numpy: ten 0.1s sum to exactly 1.0, a thousand to 100.00000000000001', () => {
  assert.equal(sum(full([10], 0.1)), 1.0);
  assert.equal(sum(full([1000], 0.1)), 100.00000000000001);
});

test('mean, var and std over axes (population, ddof = 0)', () => {
  assertArray(
    mean(x, 1),
    [
      [4, 5, 6, 7],
      [16, 17, 18, 19],
    ],
    'float64',
  );
  assertArray(variance(x, 2), [
    [1.25, 1.25, 1.25],
    [1.25, 1.25, 1.25],
  ]);
  assertClose(std(x, [0, 1]), [6.831300510639732, 6.831300510639732, 6.831300510639732, 6.831300510639732], 1e-15);
  assert.equal(std([1, 2, 3, 4]), 1.118033988749895);
  assert.equal(variance([1, 2, 3, 4]), 1.25);
  assertClose(array([std(y)]), [2.947456530637899], 1e-15);
  assertClose(variance(y, 0), [1.5555555555555554, 11.555555555555555, 2.6666666666666665, 10.666666666666666], 1e-15);
  assertArray(variance(y, 1, true), [[6.75], [19.1875], [0]]);
});

test('max, min, argmax, argmin along axes and flat; ties go to the first', () => {
  assertArray(max(y, 1), [7, 9, 5]);
  assertArray(min(y, 0), [2, -1, 5, 1]);
  assertArray(argmax(y, 1), [1, 2, 0], 'int32');
  assertArray(argmin(y, 1), [3, 1, 0], 'int32');
  assertArray(argmax(y, 0), [2, 0, 1, 1], 'int32');
  assertArray(argmax(y, -1, true), [[1], [2], [0]], 'int32');
  assert.equal(argmax(y), 6);
  assert.equal(argmin(y), 5);
  assertArray(argmax(y, null, true), [[6]], 'int32');
  assert.equal(max(y), 9);
  assert.equal(min(y), -1);
});

test('NaN: max/min return NaN, argmax/argmin point at the first NaN (numpy semantics)', () => {
  assert.ok(Number.isNaN(max([1, NaN, 3])));
  assert.ok(Number.isNaN(min([NaN, -Infinity])));
  assertArray(
    max(
      array([
        [1, NaN],
        [3, 4],
      ]),
      1,
    ),
    [NaN, 4],
  );
  assertArray(
    max(
      array([
        [1, NaN],
        [3, 4],
      ]),
      0,
    ),
    [3, NaN],
  );
  assert.equal(argmax([1, NaN, 3, NaN]), 1);
  assert.equal(argmin([1, NaN, -3]), 1);
  assertArray(
    argmax(
      array([
        [1, NaN, 2],
        [5, 4, 3],
      ]),
      1,
    ),
    [1, 0],
    'int32',
  );
  assert.ok(Number.isNaN(sum([1, NaN])));
  assert.ok(Number.isNaN(mean([NaN, 1])));
  assert.equal(max([-Infinity, -1]), -1);
});

test('float32 reductions stay float32 and sum in float64 before rounding once', () => {
  const f = array([0.1, 0.2, 0.3], { dtype: 'float32' });
  assert.equal(sum(f), Math.fround(Math.fround(0.1) + Math.fround(0.2) + Math.fround(0.3)));
  assert.equal(sum(f, 0).dtype, 'float32');
  assert.equal(variance(f, 0).dtype, 'float32');
  assert.equal(max(f, 0).dtype, 'float32');
  // 10^6 float32 0.1s: a float32 running sum would drift far from 100000.
  assert.ok(Math.abs(sum(full([1000000], 0.1, { dtype: 'float32' })) - 100000.00149011612) < 0.01);
});

test('empty arrays: sum is 0, mean and var are NaN, an empty non-reduced axis gives an empty result', () => {
  assert.equal(sum(zeros([0])), 0);
  assertArray(sum(zeros([2, 0]), 1), [0, 0]);
  assert.ok(Number.isNaN(mean(zeros([0]))));
  assertArray(std(zeros([0, 3]), 0), [NaN, NaN, NaN]);
  assert.deepEqual(max(zeros([0, 3]), 1).shape, [0]);
  // np.argmax(np.zeros((0, 3)), axis=1) -> array([], dtype=int64)
  const a = argmax(zeros([0, 3]), 1);
  assert.deepEqual(a.shape, [0]);
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(argmin(zeros([0, 3]), 1, true).shape, [0, 1]);
});

test('0-d arrays reduce to their value', () => {
  assert.equal(sum(array(5)), 5);
  assert.equal(max(array(-2)), -2);
  assert.equal(argmax(array(3)), 0);
  assert.equal(std(array(3)), 0);
});

test('the NDArray methods are the functions', () => {
  const m: NDArray = y.max(0, true);
  assertArray(m, [[5, 7, 9, 9]]);
  assertArray(y.min(1), [1, -1, 5]);
  assertArray(y.sum(0), [10, 11, 21, 15]);
  assertArray(y.mean(1), [4.5, 4.75, 5]);
  assert.equal(y.var(), variance(y));
  assert.equal(y.std(), std(y));
  assertArray(y.var(1), variance(y, 1).toArray());
  assertArray(y.std(0, true), std(y, 0, true).toArray());
  assertArray(y.argmax(1), [1, 2, 0]);
  assertArray(y.argmin(0), [1, 1, 2, 0]);
  assert.equal(y.argmax(), 6);
  assert.equal(y.argmin(), 5);
});

test("a bad axis is named with the array's dimension", () => {
  assertThrowsCode(() => sum(x, 3), 'BAD_ARGUMENT', 'axis 3 is out of bounds for array of dimension 3');
  assertThrowsCode(() => mean(x, -4), 'BAD_ARGUMENT', 'axis -4', 'dimension 3');
  assertThrowsCode(() => max(x, [0, 5]), 'BAD_ARGUMENT', 'axis 5');
  assertThrowsCode(() => sum(x, 0.5), 'BAD_ARGUMENT', 'axis 0.5');
  assertThrowsCode(() => argmax(x, 3), 'BAD_ARGUMENT', 'axis 3', 'dimension 3');
  assertThrowsCode(() => argmin(array(1), 0), 'BAD_ARGUMENT', 'dimension 0');
  assertThrowsCode(() => sum(x, [1, -2]), 'BAD_ARGUMENT', 'duplicate value in axis', '(1, -2)');
});

test("max/min of an empty array or along an empty axis has no identity (numpy's message)", () => {
  assertThrowsCode(
    () => max(zeros([0])),
    'BAD_ARGUMENT',
    'zero-size array to reduction operation maximum which has no identity',
  );
  assertThrowsCode(() => min(zeros([0])), 'BAD_ARGUMENT', 'reduction operation minimum');
  assertThrowsCode(() => max(zeros([0, 3]), 0), 'BAD_ARGUMENT', 'maximum', 'axis 0', '(0, 3)');
  assertThrowsCode(() => min(zeros([2, 0]), [0, 1]), 'BAD_ARGUMENT', 'minimum', '(2, 0)');
});

test("argmax/argmin of an empty array or along an empty axis is an error (numpy's message)", () => {
  assertThrowsCode(() => argmax(zeros([0])), 'BAD_ARGUMENT', 'attempt to get argmax of an empty sequence', '(0,)');
  assertThrowsCode(() => argmin(zeros([2, 0])), 'BAD_ARGUMENT', 'argmin', '(2, 0)');
  assertThrowsCode(() => argmax(zeros([0, 3]), 0), 'BAD_ARGUMENT', 'argmax', 'axis 0', '(0, 3)');
});
