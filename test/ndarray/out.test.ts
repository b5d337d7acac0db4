// numpy-style `out` arguments: the result lands in the given array, which is returned; it must have
// the result's exact shape and dtype, and may be one of the inputs of an elementwise op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NDArray,
  Random,
  add,
  array,
  clip,
  div,
  exp,
  gt,
  matmulT,
  maximum,
  mul,
  relu,
  sigmoid,
  sub,
  zeros,
} from '../../src/index.js';
import { assertArray, assertThrowsCode } from './helpers.js';

const rng = new Random(3);

test('binary ops write into out and return it, bit-identical to a fresh result', () => {
  const a = rng.randn([4, 5]);
  const b = rng.randn([5]);
  for (const op of [add, sub, mul, div, maximum]) {
    const out = NDArray.empty([4, 5]);
    assert.equal(op(a, b, out), out);
    assert.deepEqual(out, op(a, b));
  }
  const mask = NDArray.empty([4, 5], 'bool');
  assert.equal(gt(a, b, mask), mask);
  assert.deepEqual(mask, gt(a, b));
});

test('unary ops, clip and the activations take out too', () => {
  const x = rng.randn([3, 2], { dtype: 'float32' });
  for (const op of [exp, sigmoid, relu]) {
    const out = NDArray.empty([3, 2], 'float32');
    assert.equal(op(x, out), out);
    assert.deepEqual(out, op(x));
  }
  const out = NDArray.empty([3, 2], 'float32');
  assert.equal(clip(x, -0.1, 0.1, out), out);
  assert.deepEqual(out, clip(x, -0.1, 0.1));
  assert.equal(x.exp(out), out);
  assert.deepEqual(out, x.exp());
});

test('out may be one of the inputs, as in numpy (np.add(a, b, out=a))', () => {
  const a = array([
    [1, 2],
    [3, 4],
  ]);
  add(a, array([10, 20]), a);
  assertArray(a, [
    [11, 22],
    [13, 24],
  ]);
  mul(2, a, a);
  assertArray(a, [
    [22, 44],
    [26, 48],
  ]);
  a.sub(a, a);
  assertArray(a, [
    [0, 0],
    [0, 0],
  ]);
});

test('an out that overlaps an input elsewhere reads the input before it is overwritten', () => {
  const a = array([1, 2, 3, 4]);
  const shifted = a.slice(1);
  const out = a.slice(0, 3);
  add(shifted, 100, out);
  assertArray(a, [102, 103, 104, 4]);
});

test('matmulT writes the product into out, and the layers pass their buffers this way', () => {
  const a = rng.randn([3, 4]);
  const b = rng.randn([5, 4]);
  const out = zeros([3, 5]);
  assert.equal(matmulT(a, b, false, true, out), out);
  assert.deepEqual(out, matmulT(a, b, false, true));
  assert.deepEqual(a.matmulT(b, false, true, out), matmulT(a, b, false, true));
});

test('a float result may go to an out of the other float dtype, rounded as numpy does', () => {
  const a = array([1 / 3, 2 / 3]);
  const out = zeros([2], { dtype: 'float32' });
  assert.equal(add(a, 1, out), out);
  assert.deepEqual(out, add(a, 1).astype('float32'));
  const m = zeros([1, 1], { dtype: 'float32' });
  matmulT(a.reshape(1, 2), a.reshape(1, 2), false, true, m);
  assert.equal(m.item(), Math.fround(5 / 9));
});

test('an out of the wrong shape or dtype throws, naming the function and out', () => {
  const a = zeros([2, 3]);
  assertThrowsCode(() => add(a, 1, zeros([3, 2])), 'SHAPE_MISMATCH', 'add', 'out has shape (3, 2)', '(2, 3)');
  assertThrowsCode(() => add(a, zeros([3]), zeros([1, 2, 3])), 'SHAPE_MISMATCH', 'add: out');
  assertThrowsCode(() => add(zeros([3]), 1, zeros([2, 3])), 'SHAPE_MISMATCH', 'result has shape (3,)');
  assertThrowsCode(() => add(a, zeros([4]), zeros([2, 4])), 'SHAPE_MISMATCH', 'could not be broadcast');
  assertThrowsCode(() => sub(a, 1, zeros([2, 3], { dtype: 'int32' })), 'BAD_DTYPE', 'sub', 'int32', 'float64');
  assertThrowsCode(() => gt(a, 0, zeros([2, 3])), 'BAD_DTYPE', 'gt', 'bool');
  assertThrowsCode(() => exp(a, zeros([3, 2])), 'SHAPE_MISMATCH', 'exp: out');
  assertThrowsCode(() => add(a, 1, [[0, 0, 0]] as never), 'BAD_ARGUMENT', 'out must be an NDArray');
  assertThrowsCode(() => matmulT(a, a, false, true, zeros([3, 3])), 'SHAPE_MISMATCH', 'matmulT', '(2, 2)');
  assertThrowsCode(
    () => matmulT(a, a, false, true, zeros([2, 2], { dtype: 'int32' })),
    'BAD_DTYPE',
    'matmulT: out has dtype int32',
  );
  const square = zeros([2, 2]);
  assertThrowsCode(() => matmulT(square, square, false, false, square), 'BAD_ARGUMENT', 'share memory');
  assertThrowsCode(() => matmulT(a, 'b' as never), 'BAD_ARGUMENT', 'matmulT needs 2-D NDArrays');
});
