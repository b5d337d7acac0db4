// Array creation, the NDArray class itself and conversion back to JS (expected values from numpy 2.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  asArray,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  eye,
  NDArray,
  type NestedArray,
} from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

test('array() from nested numbers is float64 with the nested shape', () => {
  assertArray(
    array([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    'float64',
  );
  assertArray(array([[[1], [2]]]), [[[1], [2]]], 'float64');
});

test('array() from booleans is bool; numbers mixed with booleans give float64', () => {
  assertArray(array([true, false]), [1, 0], 'bool');
  assertArray(array([true, 2]), [1, 2], 'float64');
});

test('array() of a number or boolean is 0-d', () => {
  const x = array(3.5);
  assert.deepEqual(x.shape, []);
  assert.equal(x.ndim, 0);
  assert.equal(x.size, 1);
  assert.equal(x.item(), 3.5);
  assert.equal(array(true).dtype, 'bool');
});

test('array() of empty lists keeps the empty dims', () => {
  assertArray(array([]), [], 'float64');
  assert.deepEqual(array([[], []]).shape, [2, 0]);
});

test('array() of a typed array copies it and keeps its dtype', () => {
  const source = new Int32Array([1, 2, 3]);
  const x = array(source);
  assertArray(x, [1, 2, 3], 'int32');
  source[0] = 99;
  assert.equal(x.data[0], 1, 'array() copies typed arrays');
  assert.equal(array(new Uint8Array([255])).dtype, 'uint8');
  assert.equal(array(new Float32Array([0.5])).dtype, 'float32');
  assertArray(array(new Float64Array([1.5, -2.5]), { dtype: 'int32' }), [1, -2], 'int32');
});

test('array() with a dtype converts: int32 truncates toward zero, bool is "nonzero" (NaN is true)', () => {
  // np.array([1.7, -1.7], dtype=np.int32) -> [1, -1]
  assertArray(array([1.7, -1.7], { dtype: 'int32' }), [1, -1], 'int32');
  assertArray(array([0, 2, NaN, -0.5], { dtype: 'bool' }), [0, 1, 1, 1], 'bool');
  assertArray(array([0.1], { dtype: 'float32' }), [Math.fround(0.1)], 'float32');
});

test('array() of an NDArray is a copy; asArray returns the same array when the dtype fits', () => {
  const x = array([1, 2]);
  const y = array(x);
  y.data[0] = 7;
  assert.equal(x.data[0], 1);
  assert.equal(asArray(x), x);
  assert.equal(asArray(x, { dtype: 'float64' }), x);
  const z = asArray(x, { dtype: 'float32' });
  assert.notEqual(z, x);
  assertArray(z, [1, 2], 'float32');
  assertArray(asArray([[1, 2]]), [[1, 2]], 'float64');
});

test('array() rejects ragged nested arrays, naming the expected shape', () => {
  assertThrowsCode(() => array([[1, 2], [3]]), 'SHAPE_MISMATCH', 'inhomogeneous', '(2, 2)', 'depth 1', 'length 1');
  assertThrowsCode(() => array([[1, 2], 3]), 'SHAPE_MISMATCH', 'inhomogeneous', 'number 3');
  assertThrowsCode(() => array([1, [2]]), 'SHAPE_MISMATCH', 'inhomogeneous', '(2,)');
});

test('array() rejects non-numbers and unknown dtypes', () => {
  assertThrowsCode(() => array(['a'] as unknown as number[]), 'BAD_ARGUMENT', 'string a');
  assertThrowsCode(() => array([null] as unknown as number[]), 'BAD_ARGUMENT', 'null');
  assertThrowsCode(() => array([1], { dtype: 'int64' as unknown as 'int32' }), 'BAD_DTYPE', 'int64');
});

test('zeros, ones and full take a shape or a length and a dtype', () => {
  assertArray(
    zeros([2, 3]),
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
    'float64',
  );
  assertArray(zeros(3, { dtype: 'int32' }), [0, 0, 0], 'int32');
  assertArray(ones([2]), [1, 1], 'float64');
  assertArray(ones([1, 2], { dtype: 'float32' }), [[1, 1]], 'float32');
  assertArray(
    full([2, 2], 7),
    [
      [7, 7],
      [7, 7],
    ],
    'float64',
  );
  assertArray(full([], 2.5), 2.5);
  // np.full(2, 2, dtype=bool) -> [True, True]: bool storage holds 1, not 2.
  assertArray(full([2], 2, { dtype: 'bool' }), [1, 1], 'bool');
  assertArray(full([1], 0.5, { dtype: 'int32' }), [0], 'int32');
  assert.deepEqual(full([0, 3], 1).shape, [0, 3]);
  assert.equal(full([0, 3], 1).size, 0);
});

test('zerosLike, onesLike, fullLike copy the shape and (unless told) the dtype', () => {
  const x = array([[1, 2, 3]], { dtype: 'int32' });
  assertArray(zerosLike(x), [[0, 0, 0]], 'int32');
  assertArray(onesLike(x), [[1, 1, 1]], 'int32');
  assertArray(fullLike(x, 4), [[4, 4, 4]], 'int32');
  assertArray(onesLike(x, { dtype: 'float32' }), [[1, 1, 1]], 'float32');
});

test('shapes with negative or fractional dims are rejected, naming the shape', () => {
  assertThrowsCode(() => zeros([-1]), 'BAD_ARGUMENT', '(-1,)', 'non-negative integers');
  assertThrowsCode(() => ones([2, 1.5]), 'BAD_ARGUMENT', '(2, 1.5)');
  assertThrowsCode(() => full(-3, 0), 'BAD_ARGUMENT', '(-3,)');
});

test('arange: integer arguments give int32, any fraction gives float64', () => {
  assertArray(arange(5), [0, 1, 2, 3, 4], 'int32');
  assertArray(arange(2, 5), [2, 3, 4], 'int32');
  assertArray(arange(5, 0, -2), [5, 3, 1], 'int32');
  assertArray(arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75], 'float64');
  assertArray(arange(0, 3, 1, { dtype: 'float32' }), [0, 1, 2], 'float32');
  assertArray(arange(0), [], 'int32');
  assertArray(arange(3, 0), [], 'int32');
});

test("arange(-5, 5, 0.1) has numpy's length and numpy's values to the last bit", () => {
  // The book's x axis for the step and sigmoid plots. Values printed by numpy with repr().
  const x = arange(-5, 5, 0.1);
  assert.equal(x.size, 100);
  const expected: Record<number, number> = {
    0: -5,
    1: -4.9,
    2: -4.800000000000001,
    3: -4.700000000000001,
    10: -4.0000000000000036,
    37: -1.3000000000000131,
    50: -1.7763568394002505e-14,
    70: 1.9999999999999751,
    99: 4.899999999999965,
  };
  for (const [i, v] of Object.entries(expected)) assert.equal(x.data[Number(i)], v, `x[${i}]`);
  assert.equal(arange(0, 1, 0.1).size, 10);
});

test('arange rejects a zero step and non-finite bounds', () => {
  assertThrowsCode(() => arange(0, 1, 0), 'BAD_ARGUMENT', 'step must not be zero');
  assertThrowsCode(() => arange(0, Infinity), 'BAD_ARGUMENT', 'stop', 'Infinity');
  assertThrowsCode(() => arange(NaN), 'BAD_ARGUMENT', 'NaN');
});

test('linspace includes both ends like numpy', () => {
  // np.linspace(-1, 1, 7)
  assertArray(
    linspace(-1, 1, 7),
    [-1, -0.6666666666666667, -0.33333333333333337, 0, 0.33333333333333326, 0.6666666666666665, 1],
    'float64',
  );
  // np.linspace(0, 10, 4, dtype=np.float32)
  assertArray(linspace(0, 10, 4, { dtype: 'float32' }), [0, 3.3333332538604736, 6.666666507720947, 10], 'float32');
  assertArray(linspace(2, 3, 1), [2]);
  assertArray(linspace(2, 3, 0), []);
  assert.equal(linspace(0, 1).size, 50);
});

test('linspace rejects a negative or fractional count', () => {
  assertThrowsCode(() => linspace(0, 1, -1), 'BAD_ARGUMENT', 'num', '-1');
  assertThrowsCode(() => linspace(0, 1, 2.5), 'BAD_ARGUMENT', '2.5');
});

test('eye is the identity, square or rectangular', () => {
  assertArray(
    eye(3),
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    'float64',
  );
  assertArray(eye(2, 3), [
    [1, 0, 0],
    [0, 1, 0],
  ]);
  assertArray(
    eye(3, 2, { dtype: 'int32' }),
    [
      [1, 0],
      [0, 1],
      [0, 0],
    ],
    'int32',
  );
});

test('the NDArray constructor wraps storage without copying and infers the dtype', () => {
  const data = new Float32Array(6);
  const x = new NDArray(data, [2, 3]);
  assert.equal(x.data, data);
  assert.equal(x.dtype, 'float32');
  assert.deepEqual(x.strides, [3, 1]);
  assert.equal(new NDArray(new Uint8Array(1), [], 'bool').dtype, 'bool');
  assert.equal(new NDArray(new Uint8Array(1), [1]).dtype, 'uint8');
  assert.throws(() => (x.shape as number[]).push(1), TypeError, 'shape is frozen');
});

test('the NDArray constructor rejects a size mismatch and storage of the wrong type', () => {
  assertThrowsCode(() => new NDArray(new Float64Array(5), [2, 3]), 'SHAPE_MISMATCH', '(2, 3)', '6 elements', 'from 5');
  assertThrowsCode(() => new NDArray(new Float64Array(2), [2], 'int32'), 'BAD_DTYPE', 'Float64Array', 'int32');
  assertThrowsCode(() => new NDArray(new Float64Array(2), [2], 'bool'), 'BAD_DTYPE', 'bool');
});

test('NDArray.empty allocates zeros of the dtype', () => {
  assertArray(
    NDArray.empty([2, 2], 'int32'),
    [
      [0, 0],
      [0, 0],
    ],
    'int32',
  );
  assertArray(NDArray.empty([1]), [0], 'float64');
});

test('item() reads a size-1 array of any rank and rejects others, naming the shape', () => {
  assert.equal(array([[4]]).item(), 4);
  assertThrowsCode(() => array([1, 2]).item(), 'BAD_ARGUMENT', 'size 1', '(2,)');
  assertThrowsCode(() => zeros([0]).item(), 'BAD_ARGUMENT', '(0,)');
});

test('toArray() gives nested JS arrays, booleans for bool, a number for 0-d', () => {
  const cases: [NDArray, NestedArray][] = [
    [
      array([
        [1, 2],
        [3, 4],
      ]),
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [array([true, false]), [true, false]],
    [array(5), 5],
    [array(true), true],
    [zeros([0, 3]), []],
    [zeros([2, 0]), [[], []]],
    [
      arange(6).reshape(1, 2, 3),
      [
        [
          [0, 1, 2],
          [3, 4, 5],
        ],
      ],
    ],
  ];
  for (const [x, expected] of cases) assert.deepEqual(x.toArray(), expected);
});

test('array(x.toArray()) round-trips', () => {
  const x = arange(24).reshape(2, 3, 4).astype('float64');
  assertArray(array(x.toArray()), x.toArray(), 'float64');
});
