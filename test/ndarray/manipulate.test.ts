// Shape manipulation: reshape (-1, views), flatten/ravel, transpose, squeeze, expandDims, broadcastTo,
// copy, concatenate, stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  reshape,
  flatten,
  ravel,
  transpose,
  squeeze,
  expandDims,
  broadcastTo,
  copy,
  astype,
  concatenate,
  stack,
  array,
  arange,
  zeros,
  ones,
} from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

test('reshape takes dims or a list, infers one -1, and is a view of the same storage', () => {
  const x = arange(6);
  const a = x.reshape(2, 3);
  assertArray(
    a,
    [
      [0, 1, 2],
      [3, 4, 5],
    ],
    'int32',
  );
  assert.equal(a.data, x.data, 'a view shares storage');
  assertArray(x.reshape([3, -1]), [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  assertArray(reshape(x, [-1]), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(x.reshape(1, -1, 1).shape, [1, 6, 1]);
  assert.deepEqual(zeros([0, 3]).reshape(-1, 3).shape, [0, 3]);
  assert.deepEqual(zeros([0, 3]).reshape(5, 0).shape, [5, 0]);
  assertArray(array([7]).reshape([]), 7);
  a.data[4] = 40;
  assert.equal(x.get(4), 40, 'writes through the view show in the original');
});

test('reshape rejects a size mismatch, two -1s and an impossible -1', () => {
  assertThrowsCode(() => arange(6).reshape(4, 2), 'SHAPE_MISMATCH', 'cannot reshape array of size 6 into shape (4, 2)');
  assertThrowsCode(() => arange(7).reshape(-1, 2), 'SHAPE_MISMATCH', 'size 7', '(-1, 2)');
  assertThrowsCode(() => arange(6).reshape(-1, -1), 'BAD_ARGUMENT', 'only specify one unknown dimension');
  assertThrowsCode(() => arange(6).reshape(-2, -3), 'SHAPE_MISMATCH', '(-2, -3)');
  assertThrowsCode(() => zeros([0]).reshape(-1, 0), 'SHAPE_MISMATCH', 'size 0', '(-1, 0)');
  assertThrowsCode(() => arange(6).reshape(2.5, 2.4), 'BAD_ARGUMENT', '(2.5, 2.4)');
});

test('flatten copies, ravel is a view', () => {
  const x = arange(4).reshape(2, 2);
  const f = flatten(x);
  const r = ravel(x);
  assertArray(f, [0, 1, 2, 3], 'int32');
  assertArray(r, [0, 1, 2, 3], 'int32');
  f.data[0] = 9;
  assert.equal(x.get(0, 0), 0, 'flatten is a copy');
  r.data[0] = 9;
  assert.equal(x.get(0, 0), 9, 'ravel is a view');
  assert.deepEqual(x.flatten().shape, [4]);
  assert.equal(x.ravel().data, x.data);
});

test('transpose reverses the axes by default, or permutes them, and copies', () => {
  const x = arange(6).reshape(2, 3);
  assertArray(
    x.T,
    [
      [0, 3],
      [1, 4],
      [2, 5],
    ],
    'int32',
  );
  assertArray(transpose(x), [
    [0, 3],
    [1, 4],
    [2, 5],
  ]);
  const z = arange(24).reshape(2, 3, 4);
  // np.transpose(np.arange(24).reshape(2, 3, 4), (1, 0, 2))[2]
  assertArray(transpose(z, [1, 0, 2]).take([2]), [
    [
      [8, 9, 10, 11],
      [20, 21, 22, 23],
    ],
  ]);
  assert.deepEqual(z.transpose(2, 0, 1).shape, [4, 2, 3]);
  assert.deepEqual(z.transpose([-1, 0, 1]).shape, [4, 2, 3]);
  assert.equal(z.transpose(2, 0, 1).get(3, 1, 2), z.get(1, 2, 3));
  assertArray(arange(3).T, [0, 1, 2]);
  assertArray(array(5).T, 5);
  const t = x.T;
  t.data[0] = 100;
  assert.equal(x.get(0, 0), 0, 'the transpose is a copy');
  // Larger than the 32×32 blocks of the 2-D path.
  const big = arange(40 * 70).reshape(40, 70);
  assert.equal(big.T.get(69, 39), big.get(39, 69));
  assert.equal(big.T.get(33, 5), big.get(5, 33));
});

test('transpose rejects axes that are not a permutation, naming them and the shape', () => {
  const z = zeros([2, 3, 4]);
  assertThrowsCode(() => transpose(z, [0, 1]), 'BAD_ARGUMENT', "axes (0, 1) don't match array of shape (2, 3, 4)");
  assertThrowsCode(() => transpose(z, [0, 0, 1]), 'BAD_ARGUMENT', '(0, 0, 1)');
  assertThrowsCode(() => transpose(z, [0, 1, -3]), 'BAD_ARGUMENT', '(0, 1, -3)');
  assertThrowsCode(
    () => transpose(z, [0, 1, 3]),
    'BAD_ARGUMENT',
    'transpose: axis 3 is out of bounds for array of dimension 3',
  );
});

test('squeeze removes size-1 dims (all or one axis) as a view', () => {
  const x = zeros([1, 3, 1]);
  assert.deepEqual(squeeze(x).shape, [3]);
  assert.deepEqual(squeeze(x, 0).shape, [3, 1]);
  assert.deepEqual(x.squeeze(-1).shape, [1, 3]);
  assert.equal(squeeze(x).data, x.data);
  assert.deepEqual(squeeze(zeros([1, 1])).shape, []);
  assertThrowsCode(() => squeeze(x, 1), 'BAD_ARGUMENT', 'size not equal to one', 'axis 1', '(1, 3, 1)');
  assertThrowsCode(() => squeeze(x, 3), 'BAD_ARGUMENT', 'axis 3', 'dimension 3');
});

test('expandDims inserts a size-1 dim (negative axes count from the new end) as a view', () => {
  const x = arange(3);
  assert.deepEqual(expandDims(x, 0).shape, [1, 3]);
  assert.deepEqual(expandDims(x, 1).shape, [3, 1]);
  assert.deepEqual(x.expandDims(-1).shape, [3, 1]);
  assert.deepEqual(expandDims(x, -2).shape, [1, 3]);
  assert.deepEqual(expandDims(array(1), 0).shape, [1]);
  assert.equal(expandDims(x, 0).data, x.data);
  assertThrowsCode(() => expandDims(x, 2), 'BAD_ARGUMENT', 'axis 2', 'dimension 2');
  assertThrowsCode(() => expandDims(x, -3), 'BAD_ARGUMENT', 'axis -3');
});

test('broadcastTo repeats along broadcast dims', () => {
  assertArray(
    broadcastTo(arange(3), [2, 3]),
    [
      [0, 1, 2],
      [0, 1, 2],
    ],
    'int32',
  );
  assertArray(arange(2).reshape(2, 1).broadcastTo([2, 2]), [
    [0, 0],
    [1, 1],
  ]);
  assertArray(broadcastTo(array(4), [2]), [4, 4]);
  assert.deepEqual(broadcastTo(zeros([1]), [0]).shape, [0]);
  assert.deepEqual(broadcastTo(zeros([1, 3]), [2, 0, 3]).shape, [2, 0, 3]);
});

test('broadcastTo rejects shapes it cannot reach, naming both', () => {
  assertThrowsCode(() => broadcastTo(zeros([3]), [4]), 'SHAPE_MISMATCH', '(3,)', '(4,)');
  assertThrowsCode(
    () => broadcastTo(zeros([2, 3]), [3]),
    'SHAPE_MISMATCH',
    'cannot broadcast array of shape (2, 3) to shape (3,)',
  );
  assertThrowsCode(() => broadcastTo(zeros([2]), [2, 1]), 'SHAPE_MISMATCH', '(2,)', '(2, 1)');
});

test('copy and astype give independent storage', () => {
  const x = arange(3);
  const c = copy(x);
  c.data[0] = 5;
  assertArray(x, [0, 1, 2]);
  const d = x.copy();
  assert.notEqual(d.data, x.data);
  assertArray(astype(x, 'float32'), [0, 1, 2], 'float32');
});

test('concatenate joins along an axis, negative axes included, with empty parts', () => {
  const a = arange(4).reshape(2, 2);
  const b = ones([2, 1], { dtype: 'int32' });
  assertArray(
    concatenate([a, b], 1),
    [
      [0, 1, 1],
      [2, 3, 1],
    ],
    'int32',
  );
  assertArray(concatenate([a, b], -1), [
    [0, 1, 1],
    [2, 3, 1],
  ]);
  assertArray(concatenate([a, a]), [
    [0, 1],
    [2, 3],
    [0, 1],
    [2, 3],
  ]);
  assertArray(concatenate([zeros([2, 0]), ones([2, 2])], 1), [
    [1, 1],
    [1, 1],
  ]);
  assertArray(concatenate([[1, 2], [3]]), [1, 2, 3]);
  assertArray(concatenate([a]), [
    [0, 1],
    [2, 3],
  ]);
});

test('concatenate rejects mismatched shapes, an empty list and a bad axis', () => {
  assertThrowsCode(
    () => concatenate([zeros([2, 3]), zeros([2, 4])]),
    'SHAPE_MISMATCH',
    'array 1 has shape (2, 4)',
    '(2, 3)',
    'axis 0',
  );
  assertThrowsCode(() => concatenate([zeros([2, 3]), zeros([3])]), 'SHAPE_MISMATCH', '(3,)', '(2, 3)');
  assertThrowsCode(() => concatenate([]), 'BAD_ARGUMENT', 'at least one array');
  assertThrowsCode(() => concatenate([zeros([2])], 1), 'BAD_ARGUMENT', 'axis 1', 'dimension 1');
});

test('stack joins same-shaped arrays along a new axis', () => {
  assertArray(
    stack([arange(3), arange(3)]),
    [
      [0, 1, 2],
      [0, 1, 2],
    ],
    'int32',
  );
  assertArray(stack([arange(3), arange(3)], 1), [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
  assertArray(stack([arange(2), arange(2)], -1), [
    [0, 0],
    [1, 1],
  ]);
  assertArray(stack([array(1), array(2)]), [1, 2]);
  assert.deepEqual(stack([zeros([2, 3]), zeros([2, 3]), zeros([2, 3])], 1).shape, [2, 3, 3]);
});

test('stack rejects different shapes (naming both) and an empty list', () => {
  assertThrowsCode(() => stack([zeros([2]), zeros([3])]), 'SHAPE_MISMATCH', 'array 0 is (2,)', 'array 1 is (3,)');
  assertThrowsCode(() => stack([]), 'BAD_ARGUMENT', 'at least one array');
  assertThrowsCode(() => stack([zeros([2])], 2), 'BAD_ARGUMENT', 'axis 2');
});
