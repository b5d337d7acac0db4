// Every number printed in the book's chapters 3 and 4, reproduced to the precision printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  array,
  dot,
  sigmoid,
  identity,
  softmax,
  sumSquaredError,
  crossEntropyError,
  numericalDiff,
  numericalGradient,
  gradientDescent,
  allClose,
  type NDArray,
} from '../../src/index.js';

test('ch03 3-layer toy network forward gives y = [0.31682708, 0.69627909]', () => {
  const x = array([1.0, 0.5]);
  const W1 = array([
    [0.1, 0.3, 0.5],
    [0.2, 0.4, 0.6],
  ]);
  const b1 = array([0.1, 0.2, 0.3]);
  const W2 = array([
    [0.1, 0.4],
    [0.2, 0.5],
    [0.3, 0.6],
  ]);
  const b2 = array([0.1, 0.2]);
  const W3 = array([
    [0.1, 0.3],
    [0.2, 0.4],
  ]);
  const b3 = array([0.1, 0.2]);
  const z1 = sigmoid(add(dot(x, W1), b1));
  const z2 = sigmoid(add(dot(z1, W2), b2));
  const y = identity(add(dot(z2, W3), b3));
  assert.equal(y.toString(), 'array([0.31682708, 0.69627909])');
});

test('softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691]', () => {
  assert.equal(softmax([0.3, 2.9, 4.0]).toString(), 'array([0.01821127, 0.24519181, 0.73659691])');
});

test('softmax([1010, 1000, 990]) is finite and sums to 1 (the naive formula gives NaN)', () => {
  const y = softmax([1010, 1000, 990]);
  assert.ok(Array.isArray(y.toArray()));
  for (const v of y.data) assert.ok(Number.isFinite(v));
  assert.ok(Math.abs(y.sum() - 1) < 1e-15);
  assert.ok(allClose(y, [9.999546e-1, 4.53978686e-5, 2.06106005e-9], { rtol: 1e-8 }));
});

const t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const yGood = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const yBad = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];

test('sum of squares prints 0.09750000000000003 and 0.5975', () => {
  assert.equal(String(sumSquaredError(yGood, t)), '0.09750000000000003');
  assert.equal(String(sumSquaredError(yBad, t)), '0.5975');
});

test('cross-entropy prints 0.510825457099338 and 2.302584092994546', () => {
  assert.equal(String(crossEntropyError(yGood, t)), '0.510825457099338');
  assert.equal(String(crossEntropyError(yBad, t)), '2.302584092994546');
  // The label form gives the same numbers.
  assert.equal(crossEntropyError(yGood, [2]), 0.510825457099338);
});

test('numericalDiff of 0.01x²+0.1x at 5 and 10', () => {
  const f = (x: number): number => 0.01 * x ** 2 + 0.1 * x;
  assert.equal(String(numericalDiff(f, 5)), '0.1999999999990898');
  assert.equal(String(numericalDiff(f, 10)), '0.2999999999986347');
});

const function2 = (x: NDArray): number => x.get(0) ** 2 + x.get(1) ** 2;

test('numericalGradient of x0²+x1² at (3,4), (0,2), (3,0) prints [6. 8.], [0. 4.], [6. 0.]', () => {
  assert.equal(numericalGradient(function2, array([3.0, 4.0])).toString(), 'array([6., 8.])');
  assert.equal(numericalGradient(function2, array([0.0, 2.0])).toString(), 'array([0., 4.])');
  assert.equal(numericalGradient(function2, array([3.0, 0.0])).toString(), 'array([6., 0.])');
});

test('gradient descent from (-3, 4), 100 steps, lr 0.1 / 10 / 1e-10', () => {
  const run = (lr: number): string => gradientDescent(function2, [-3.0, 4.0], { lr, stepNum: 100 }).x.toString();
  assert.equal(run(0.1), 'array([-6.11110793e-10,  8.14814391e-10])');
  assert.equal(run(10), 'array([-2.58983747e+13, -1.29524862e+12])');
  assert.equal(run(1e-10), 'array([-2.99999994,  3.99999992])');
});
