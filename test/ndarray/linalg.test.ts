// dot, matmul and matmulT against values printed by numpy 2.4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dot, matmul, matmulT, array, arange, zeros, ones, type NDArray } from '../../src/index.js';
import { arrayOf, assertArray, assertThrowsCode } from './helpers.js';

/** dot where the operands' ranks make the result an array. */
const dotArray = (a: Parameters<typeof dot>[0], b: Parameters<typeof dot>[1]): NDArray => arrayOf(dot(a, b));

test('dot of two vectors is a number (the inner product), as numpy gives a scalar', () => {
  assert.equal(dot([1, 2, 3], [4, 5, 6]), 32);
  assert.equal(dot(array([1, 2, 3]), array([4, 5, 6])), 32);
  assert.equal(array([1, 2, 3]).dot([4, 5, 6]), 32);
  assert.equal(dot(zeros([0]), zeros([0])), 0);
  // float32 operands: the float32 product, as numpy's float32 scalar holds it.
  assert.equal(
    dot(array([0.1, 0.2], { dtype: 'float32' }), array([1, 1], { dtype: 'float32' })),
    Math.fround(Math.fround(0.1) + Math.fround(0.2)),
  );
});

test("dot of matrices and vectors (the book's chapter 3 examples)", () => {
  assertArray(
    dotArray(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ),
    [
      [19, 22],
      [43, 50],
    ],
    'float64',
  );
  assertArray(
    dotArray(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 0, -1],
    ),
    [-2, -2],
  );
  assertArray(
    dotArray(
      [1, -1],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ),
    [-3, -3, -3],
  );
  assertArray(dotArray(zeros([2, 0]), zeros([0, 3])), [
    [0, 0, 0],
    [0, 0, 0],
  ]);
  assert.deepEqual(dotArray(zeros([0, 3]), zeros([3, 2])).shape, [0, 2]);
});

test('N-D dot sums over the last axis of a and the second-to-last of b', () => {
  const d = dotArray(arange(24).reshape(2, 3, 4).astype('float64'), arange(40).reshape(2, 4, 5).astype('float64'));
  assert.deepEqual(d.shape, [2, 3, 2, 5]);
  // np.dot(a, b)[1, 2, 0] and [0, 1, 1]
  assertArray(d.take([1]).take([2], 1).take([0], 2).reshape(5), [670, 756, 842, 928, 1014]);
  assertArray(d.take([0]).take([1], 1).take([1], 2).reshape(5), [630, 652, 674, 696, 718]);
});

test('dot with a 0-d operand multiplies elementwise', () => {
  assertArray(dotArray(2, [1, 2]), [2, 4]);
  assertArray(dotArray([[1], [2]], array(3)), [[3], [6]]);
});

test('dot names both shapes and the misaligned dims, like numpy', () => {
  assertThrowsCode(
    () => dot(zeros([2, 3]), zeros([4, 5])),
    'SHAPE_MISMATCH',
    'shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)',
  );
  assertThrowsCode(() => dot(zeros([3]), zeros([4])), 'SHAPE_MISMATCH', '(3,)', '(4,)', '3 (dim 0) != 4 (dim 0)');
  assertThrowsCode(() => dot(zeros([2, 3]), zeros([2, 4, 5])), 'SHAPE_MISMATCH', '(2, 4, 5)', '3 (dim 1) != 4 (dim 1)');
  assertThrowsCode(() => zeros([2, 3]).dot(zeros([2])), 'SHAPE_MISMATCH', '(2, 3)', '(2,)');
});

test('matmul broadcasts batch dims', () => {
  const m = matmul(arange(12).reshape(2, 1, 2, 3).astype('float64'), arange(18).reshape(3, 3, 2).astype('float64'));
  assert.deepEqual(m.shape, [2, 3, 2, 2]);
  // np.matmul(...)[1, 2] and [0, 0]
  assertArray(m.take([1]).take([2], 1).reshape(2, 2), [
    [298, 319],
    [424, 454],
  ]);
  assertArray(m.take([0]).take([0], 1).reshape(2, 2), [
    [10, 13],
    [28, 40],
  ]);
  assert.deepEqual(matmul(zeros([2, 3, 4]), zeros([4, 5])).shape, [2, 3, 5]);
  assert.deepEqual(matmul(zeros([0, 3, 4]), zeros([4, 5])).shape, [0, 3, 5]);
});

test('matmul treats a 1-D operand as a row (first) or column (second) vector and drops that axis', () => {
  assertArray(matmul(arange(24).reshape(2, 3, 4).astype('float64'), arange(4).astype('float64')), [
    [14, 38, 62],
    [86, 110, 134],
  ]);
  assertArray(matmul(arange(3).astype('float64'), arange(24).reshape(2, 3, 4).astype('float64')), [
    [20, 23, 26, 29],
    [56, 59, 62, 65],
  ]);
  const v = matmul([1, 2, 3], [4, 5, 6]);
  assert.deepEqual(v.shape, []);
  assert.equal(v.item(), 32);
  assertArray(
    array([
      [1, 2],
      [3, 4],
    ]).matmul([1, 1]),
    [3, 7],
  );
});

test('matmul errors: 0-d operands, contracted dims and batch dims that do not match', () => {
  assertThrowsCode(() => matmul(array(2), [1, 2]), 'BAD_ARGUMENT', 'at least one dimension', '()', '(2,)');
  assertThrowsCode(() => matmul(zeros([2, 3]), zeros([4, 5])), 'SHAPE_MISMATCH', '(2, 3)', '(4, 5)', '3 != 4');
  assertThrowsCode(() => matmul(zeros([3]), zeros([4])), 'SHAPE_MISMATCH', '(3,)', '(4,)');
  assertThrowsCode(
    () => matmul(zeros([2, 2, 3]), zeros([3, 3, 5])),
    'SHAPE_MISMATCH',
    '(2, 2, 3)',
    '(3, 3, 5)',
    'broadcast',
  );
});

test('matmulT reads either operand transposed without a copy', () => {
  const a = arange(6).reshape(2, 3).astype('float64');
  const b = arange(12).reshape(3, 4).astype('float64');
  const c = arange(8).reshape(2, 4).astype('float64');
  const same = (x: NDArray, y: NDArray): void => assertArray(x, y.toArray(), y.dtype);
  same(matmulT(a, b, false, false), dotArray(a, b));
  same(matmulT(a, c, true, false), dotArray(a.T, c));
  same(matmulT(c, b, false, true), dotArray(c, b.T));
  same(matmulT(b, a, true, true), dotArray(b.T, a.T));
  assertArray(matmulT(a, b, false, false), [
    [20, 23, 26, 29],
    [56, 68, 80, 92],
  ]);
});

test('matmulT errors name the (transposed) shapes', () => {
  assertThrowsCode(() => matmulT(zeros([3]), zeros([3, 3]), false, false), 'BAD_ARGUMENT', '2-D', '(3,)');
  assertThrowsCode(
    () => matmulT(zeros([2, 3]), zeros([2, 3]), false, false),
    'SHAPE_MISMATCH',
    '(2, 3) and (2, 3)',
    '3 != 2',
  );
  assertThrowsCode(
    () => matmulT(zeros([2, 3]), zeros([2, 3]), true, true),
    'SHAPE_MISMATCH',
    '(2, 3)ᵀ and (2, 3)ᵀ',
    '2 != 3',
  );
});

test('float32 products accumulate in float64 and round once', () => {
  const n = 1000;
  const a = ones([1, n], { dtype: 'float32' }).mul(0.1);
  const b = ones([n, 1], { dtype: 'float32' });
  const r = dotArray(a, b);
  assert.equal(r.dtype, 'float32');
  assert.equal(r.item(), Math.fround(n * Math.fround(0.1)));
});
