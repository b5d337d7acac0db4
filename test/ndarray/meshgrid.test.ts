// meshgrid against numpy 2.4's np.meshgrid: 'xy' indexing by default, 'ij' on request, any number
// of inputs, array-like inputs flattened, new arrays of each input's dtype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array, meshgrid, type NDArray } from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

test("meshgrid(x, y) uses 'xy' indexing: both of shape (len(y), len(x))", () => {
  const [X, Y] = meshgrid([1, 2, 3], [4, 5]);
  // np.meshgrid([1, 2, 3], [4, 5])
  assertArray(
    X,
    [
      [1, 2, 3],
      [1, 2, 3],
    ],
    'float64',
  );
  assertArray(
    Y,
    [
      [4, 4, 4],
      [5, 5, 5],
    ],
    'float64',
  );
});

test("meshgrid(x, y, { indexing: 'ij' }) gives matrix indexing, shape (len(x), len(y))", () => {
  const [X, Y] = meshgrid([1, 2, 3], [4, 5], { indexing: 'ij' });
  assertArray(X, [
    [1, 1],
    [2, 2],
    [3, 3],
  ]);
  assertArray(Y, [
    [4, 5],
    [4, 5],
    [4, 5],
  ]);
  const [P, Q] = meshgrid([1, 2, 3], [4, 5], { indexing: 'xy' });
  assert.deepEqual(P.shape, [2, 3]);
  assert.deepEqual(Q.shape, [2, 3]);
});

test('meshgrid of three inputs: xy swaps only the first two axes, as numpy does', () => {
  const [X, Y, Z] = meshgrid([1, 2], [3, 4, 5], [6, 7, 8, 9]);
  for (const a of [X, Y, Z]) assert.deepEqual(a.shape, [3, 2, 4]);
  // X[i, j, k] = x[j], Y[i, j, k] = y[i], Z[i, j, k] = z[k]
  assert.equal(X.get(2, 1, 3), 2);
  assert.equal(Y.get(2, 1, 3), 5);
  assert.equal(Z.get(2, 1, 3), 9);
  assert.equal(Z.get(0, 0, 1), 7);
  const [I, J, K] = meshgrid([1, 2], [3, 4, 5], [6, 7, 8, 9], { indexing: 'ij' });
  for (const a of [I, J, K]) assert.deepEqual(a.shape, [2, 3, 4]);
  assert.equal(I.get(1, 2, 3), 2);
  assert.equal(J.get(1, 2, 3), 5);
  assert.equal(K.get(1, 2, 3), 9);
});

test('meshgrid keeps each input dtype, flattens N-D inputs and returns new arrays', () => {
  const x = arange(3);
  const [X, Y] = meshgrid(x, array([0.5, 1.5], { dtype: 'float32' }));
  assert.equal(X.dtype, 'int32');
  assert.equal(Y.dtype, 'float32');
  X.set([0, 0], 9);
  assert.equal(x.get(0), 0, 'X is a copy');
  // np.meshgrid([[1, 2], [3, 4]], 5): the inputs are raveled.
  const [A, B] = meshgrid(
    [
      [1, 2],
      [3, 4],
    ],
    5,
  );
  assertArray(A, [[1, 2, 3, 4]]);
  assertArray(B, [[5, 5, 5, 5]]);
});

test('meshgrid of one input is a copy of it, of none an empty list', () => {
  const out: NDArray[] = meshgrid([1, 2]);
  assert.equal(out.length, 1);
  assertArray(out[0]!, [1, 2]);
  assert.deepEqual(meshgrid(), []);
});

test("the book's gradient_2d grid: 18 × 18 points from arange(-2, 2.5, 0.25)", () => {
  const x0 = arange(-2, 2.5, 0.25);
  const [X, Y] = meshgrid(x0, x0);
  assert.deepEqual(X.shape, [18, 18]);
  const Xf = X.flatten();
  const Yf = Y.flatten();
  assert.deepEqual([Xf.get(0), Xf.get(1), Xf.get(17), Xf.get(18)], [-2, -1.75, 2.25, -2]);
  assert.deepEqual([Yf.get(0), Yf.get(17), Yf.get(18), Yf.get(323)], [-2, -2, -1.75, 2.25]);
});

test('meshgrid refuses what it cannot use, naming itself', () => {
  assertThrowsCode(() => meshgrid([1, 2], [3], { indexing: 'yx' as never }), 'BAD_ARGUMENT', 'meshgrid', 'indexing');
  assertThrowsCode(() => meshgrid([1, 2], [3], { sparse: true } as never), 'BAD_ARGUMENT', 'meshgrid', 'sparse');
  assertThrowsCode(() => meshgrid([1, 2], 'x' as never), 'BAD_ARGUMENT', 'meshgrid', 'input 1');
  assertThrowsCode(() => meshgrid(null as never, [1]), 'BAD_ARGUMENT', 'meshgrid', 'input 0');
  assertThrowsCode(() => meshgrid([[1], [2, 3]], [1]), 'SHAPE_MISMATCH', 'meshgrid', 'inhomogeneous');
});
