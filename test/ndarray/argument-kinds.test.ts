// Values of the "wrong" kind that numpy gives a meaning take that meaning here (None for an axis,
// an integer for a shape, True stored as 1, lists for arrays); anything else is a ScratchnetError
// that names the function and the argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sn from '../../src/index.js';
import { NDArray, Random, array, kernels } from '../../src/index.js';
import { asArrayArg } from '../../src/validate.js';
import { assertArray, assertThrowsCode } from './helpers.js';

const m = (): NDArray =>
  array([
    [1, 2],
    [3, 4],
  ]);

test("null for an axis is numpy's axis=None: every axis", () => {
  assert.equal(sn.sum(m(), null), 10);
  assert.equal(m().mean(null), 2.5);
  assert.equal(sn.argmax(m(), null), 3);
  assert.deepEqual(sn.squeeze([[1, 2]], null).shape, [2]);
  assert.deepEqual(m().squeeze(null as never).shape, [2, 2]);
});

test('one integer is a 1-D shape, as in numpy', () => {
  assertArray(sn.reshape([1, 2, 3], 3), [1, 2, 3]);
  assertArray(sn.broadcastTo(5, 3), [5, 5, 5]);
  assert.deepEqual(sn.broadcastShapes(3, [2, 3]), [2, 3]);
  assert.deepEqual(sn.broadcastShapes(1, [2, 1], 4), [2, 4]);
  assert.equal(sn.formatShape(3), '(3,)');
  assert.deepEqual(new NDArray(new Float64Array(3), 3).shape, [3]);
  assert.deepEqual(m().reshape(4).shape, [4]);
  assert.deepEqual(NDArray.empty(2, 'int32').shape, [2]);
});

test('true stored into an array is 1, as numpy stores True', () => {
  assertArray(m().fill(true), [
    [1, 1],
    [1, 1],
  ]);
  assert.equal(m().set([0, 1], true).get(0, 1), 1);
  const x = m();
  x.putMask(x.gt(2), false);
  assertArray(x, [
    [1, 2],
    [0, 0],
  ]);
  assertArray(sn.fullLike([1, 2], true), [1, 1]);
});

test("the *Like functions take lists, as numpy's do", () => {
  assertArray(sn.zerosLike([[1, 2]]), [[0, 0]], 'float64');
  assertArray(sn.onesLike(array([1, 2], { dtype: 'int32' })), [1, 1], 'int32');
  assertArray(sn.fullLike([1, 2], 7, { dtype: 'int32' }), [7, 7], 'int32');
  assertArray(sn.resident([1, 2]), [1, 2]);
});

test("new Random(null) is an unseeded generator, as numpy's default_rng(None)", () => {
  const a = new Random(null).random();
  assert.ok(a >= 0 && a < 1);
  assertThrowsCode(() => new Random('1' as never), 'BAD_ARGUMENT', 'Random', 'seed');
});

test('a value no array can be made of is refused naming the function and the argument', () => {
  assertThrowsCode(() => sn.add(m(), 'x' as never), 'BAD_ARGUMENT', 'add: b must be an array-like', 'string');
  assertThrowsCode(() => m().sub(null as never), 'BAD_ARGUMENT', 'sub: b must be an array-like', 'null');
  assertThrowsCode(() => sn.exp({} as never), 'BAD_ARGUMENT', 'exp: x must be an array-like');
  assertThrowsCode(() => sn.dot(m(), (() => 1) as never), 'BAD_ARGUMENT', 'dot: b');
  assertThrowsCode(() => sn.sum(undefined as never), 'BAD_ARGUMENT', 'sum: x');
  assertThrowsCode(() => sn.where(['a'] as never, 1, 0), 'BAD_ARGUMENT', 'where: mask', 'string');
  assertThrowsCode(() => sn.concatenate([m(), 'x'] as never), 'BAD_ARGUMENT', 'concatenate: arrays[1]');
  assertThrowsCode(() => sn.mul(m(), [[1], [2, 3]]), 'SHAPE_MISMATCH', 'mul: b: an inhomogeneous nested array');
  assertThrowsCode(() => sn.array('x' as never), 'BAD_ARGUMENT', 'array: values');
});

test('shape and dtype errors of a function name it, whichever check finds them', () => {
  assertThrowsCode(() => sn.add(m(), [1, 2, 3]), 'SHAPE_MISMATCH', 'add: operands could not be broadcast');
  assertThrowsCode(() => sn.add(array([1], { dtype: 'uint8' }), 300), 'BAD_DTYPE', 'add: the number 300');
  assertThrowsCode(() => m().iadd([1, 2, 3]), 'SHAPE_MISMATCH', 'iadd');
  assertThrowsCode(() => sn.clip(m(), 0, 1, null as never), 'BAD_ARGUMENT', 'clip', 'out');
  assertThrowsCode(() => sn.broadcastTo([1, 2], [3]), 'SHAPE_MISMATCH', 'broadcastTo');
  assertThrowsCode(() => sn.broadcastShapes([2], [3]), 'SHAPE_MISMATCH', 'broadcastShapes');
  assertThrowsCode(() => new NDArray(new Uint8Array(4), [2, 2], 'float16' as never), 'BAD_DTYPE', 'NDArray', 'float16');
  assertThrowsCode(() => new NDArray(new Uint8Array(4), [3]), 'SHAPE_MISMATCH', 'NDArray', '(3,)');
  assertThrowsCode(() => sn.concatenate([1, 2] as never), 'BAD_ARGUMENT', 'concatenate', 'zero-dimensional');
  assertThrowsCode(() => m().get(0, 0.5), 'BAD_ARGUMENT', 'get (axis 1)', '0.5');
});

test('flags, options and counts of the wrong kind are refused, not taken as truthy', () => {
  assertThrowsCode(() => sn.sum(m(), 0, 1 as never), 'BAD_ARGUMENT', 'sum: keepdims must be true or false');
  assertThrowsCode(() => m().variance(0, 'yes' as never), 'BAD_ARGUMENT', 'variance: keepdims');
  assertThrowsCode(() => sn.matmulT(m(), m(), 1 as never), 'BAD_ARGUMENT', 'matmulT: transA');
  assertThrowsCode(() => sn.zeros([2], 'float32' as never), 'BAD_ARGUMENT', 'zeros: options must be an object');
  assertThrowsCode(() => sn.ones([2], { dtyp: 'float32' } as never), 'BAD_ARGUMENT', 'ones: unknown option "dtyp"');
  assertThrowsCode(() => new Random(1).rand(2, 3 as never), 'BAD_ARGUMENT', 'Random.rand: options');
  assertThrowsCode(() => new Random(1).choice(5, 2, { replace: 1 } as never), 'BAD_ARGUMENT', 'Random.choice: replace');
  assertThrowsCode(() => sn.allClose(1, 1, { rtol: '1' } as never), 'BAD_ARGUMENT', 'allClose: rtol');
  assertThrowsCode(() => sn.eye(2.5), 'BAD_ARGUMENT', 'eye: n must be an integer');
  assertThrowsCode(() => sn.transpose(m(), 1 as never), 'BAD_ARGUMENT', 'transpose: axes');
  assertThrowsCode(() => sn.sum(m(), 'x' as never), 'BAD_ARGUMENT', 'sum: axis must be an integer');
  assertThrowsCode(() => new Random(1).shuffle([1, 2] as never), 'BAD_ARGUMENT', 'Random.shuffle: x');
});

test('setKernels refuses an object that is not a backend, and the installed kernels stay', () => {
  const before = kernels();
  assertThrowsCode(() => sn.setKernels({} as never), 'BAD_ARGUMENT', 'setKernels', 'missing unary');
  assertThrowsCode(() => sn.setKernels(null as never), 'BAD_ARGUMENT', 'setKernels');
  assert.equal(kernels(), before);
  assertArray(sn.add([1], 1), [2]);
});

test('allocateResident checks its dtype and size', () => {
  assert.equal(sn.allocateResident('float64', 3).length, 3);
  assertThrowsCode(() => sn.allocateResident('x' as never, 3), 'BAD_DTYPE', 'allocateResident');
  assertThrowsCode(() => sn.allocateResident('float64', -1), 'BAD_ARGUMENT', 'allocateResident: size');
});

test('asArrayArg, the shared check for array-like arguments, names the caller and the argument', () => {
  const x = m();
  assert.equal(asArrayArg(x, 'x', 'Affine.forward'), x);
  assertArray(asArrayArg([[1, 2]], 'x', 'Affine.forward'), [[1, 2]]);
  assertThrowsCode(
    () => asArrayArg('x', 'x', 'Affine.forward'),
    'BAD_ARGUMENT',
    'Affine.forward: x must be an array-like',
  );
  assertThrowsCode(() => asArrayArg([[1], [2, 3]], 'x', 'Affine.forward'), 'SHAPE_MISMATCH', 'Affine.forward: x:');
});
