// Backprop against numerical gradients for every network, in float64: mean absolute difference < 1e-7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwoLayerNet, MultiLayerNet, gradientCheck, Random, array, ScratchnetError } from '../../src/index.js';
import { awayFromZero } from '../helpers/layer-check.js';

const TOL = 1e-7;
const rng = new Random(11);
const x = awayFromZero(rng, [4, 6]);
const labels = array([0, 2, 1, 2], { dtype: 'int32' });
const oneHot = array([
  [1, 0, 0],
  [0, 0, 1],
  [0, 1, 0],
  [0, 0, 1],
]);

function assertChecked(result: Record<string, { meanAbsDiff: number }>, keys: string[]): void {
  assert.deepEqual(Object.keys(result).sort(), [...keys].sort());
  for (const [key, { meanAbsDiff }] of Object.entries(result)) assert.ok(meanAbsDiff < TOL, `${key}: ${meanAbsDiff}`);
}

test('TwoLayerNet (ReLU, chapter 5) passes the gradient check with labels and one-hot targets', () => {
  const net = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, weightInitStd: 0.5, seed: 1 });
  assertChecked(gradientCheck(net, x, labels), ['W1', 'b1', 'W2', 'b2']);
  assertChecked(gradientCheck(net, x, oneHot), ['W1', 'b1', 'W2', 'b2']);
});

test('TwoLayerNet (sigmoid, chapter 4) passes the gradient check', () => {
  const net = new TwoLayerNet({
    inputSize: 6,
    hiddenSize: 5,
    outputSize: 3,
    activation: 'sigmoid',
    weightInitStd: 0.5,
    seed: 2,
  });
  assertChecked(gradientCheck(net, x, labels), ['W1', 'b1', 'W2', 'b2']);
});

test('MultiLayerNet with batch norm, dropout (fixed mask) and weight decay passes the gradient check', () => {
  const net = new MultiLayerNet({
    inputSize: 6,
    hiddenSizes: [5, 4],
    outputSize: 3,
    weightInit: 'he',
    useBatchNorm: true,
    useDropout: true,
    dropoutRatio: 0.2,
    weightDecayLambda: 0.1,
    seed: 3,
  });
  assertChecked(gradientCheck(net, x, labels), [
    'W1',
    'b1',
    'gamma1',
    'beta1',
    'W2',
    'b2',
    'gamma2',
    'beta2',
    'W3',
    'b3',
  ]);
});

test('MultiLayerNet (sigmoid, Xavier, 3 hidden layers) passes the gradient check', () => {
  const net = new MultiLayerNet({
    inputSize: 6,
    hiddenSizes: [5, 5, 4],
    outputSize: 3,
    activation: 'sigmoid',
    seed: 4,
  });
  assertChecked(gradientCheck(net, x, oneHot), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4']);
});

test('gradientCheck refuses a float32 network, naming the parameter', () => {
  const net = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, dtype: 'float32', seed: 1 });
  assert.throws(
    () => gradientCheck(net, x, labels),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_DTYPE' && e.message.includes('W1'),
  );
});

test('the same seed gives the same initial weights; another seed does not', () => {
  const a = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, seed: 9 });
  const b = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, seed: 9 });
  const c = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, seed: 10 });
  assert.deepEqual([...a.params.W1!.data], [...b.params.W1!.data]);
  assert.notDeepEqual([...a.params.W1!.data], [...c.params.W1!.data]);
});

test('network options are validated with messages that name the option', () => {
  assert.throws(
    () => new TwoLayerNet({ inputSize: 0, hiddenSize: 5, outputSize: 3 }),
    /inputSize must be a positive integer/,
  );
  assert.throws(() => new MultiLayerNet({ inputSize: 4, hiddenSizes: [5, -1], outputSize: 3 }), /hiddenSizes\[1\]/);
  assert.throws(
    () => new MultiLayerNet({ inputSize: 4, hiddenSizes: [5], outputSize: 3, weightInit: 'glorot' as 'he' }),
    /weightInit/,
  );
  assert.throws(
    () => new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, activation: 'tanh' as 'relu' }),
    /activation/,
  );
});

test('accuracy takes labels or one-hot rows and rejects a wrong count', () => {
  const net = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, seed: 5 });
  const predicted = net.predict(x).argmax(1);
  assert.equal(net.accuracy(x, predicted), 1);
  assert.equal(net.accuracy(x, labels), net.accuracy(x, oneHot));
  assert.throws(() => net.accuracy(x, array([0, 1], { dtype: 'int32' })), /expected 4 labels/);
});
