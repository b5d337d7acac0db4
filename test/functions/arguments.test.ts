// The book's functions take what numpy takes (an array, a number, a list) and refuse anything else
// with a ScratchnetError that names the function and the argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Affine,
  Relu,
  array,
  hasParams,
  identity,
  relu,
  sigmoid,
  softmax,
  stepFunction,
  zeros,
} from '../../src/index.js';
import { assertThrowsCode } from '../ndarray/helpers.js';

test('identity returns an NDArray unchanged and makes one of a number or a list', () => {
  const x = array([1, 2]);
  assert.equal(identity(x), x);
  assert.deepEqual([...identity([0.3, 2.9, 4.0]).data], [0.3, 2.9, 4.0]);
  assert.deepEqual(identity(3).shape, []);
});

test('the activations name themselves for a value that makes no array', () => {
  assertThrowsCode(() => sigmoid('x' as never), 'BAD_ARGUMENT', 'sigmoid', 'x');
  assertThrowsCode(() => relu([[1], [2, 3]] as never), 'SHAPE_MISMATCH', 'relu: x');
  assertThrowsCode(() => softmax(undefined as never), 'BAD_ARGUMENT', 'softmax', 'x');
  assertThrowsCode(() => stepFunction({} as never), 'BAD_ARGUMENT', 'stepFunction', 'x');
});

test('hasParams tells parameter layers from others and refuses what is not a layer', () => {
  assert.equal(hasParams(new Affine(zeros([2, 2]), 0)), true);
  assert.equal(hasParams(new Relu()), false);
  assertThrowsCode(() => hasParams(3 as never), 'BAD_ARGUMENT', 'hasParams', 'layer');
  assertThrowsCode(() => hasParams(array([1]) as never), 'BAD_ARGUMENT', 'hasParams');
});
