// Class labels as a (batch, 1) column are labels wherever (batch,) labels are (the book's chapter 7
// gradient check builds t of shape (1, 1)); targets with as many values as the scores are one-hot,
// as in the book's `t.size == y.size`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random,
  SoftmaxCrossEntropyLoss,
  SoftmaxWithLoss,
  array,
  checkLabels,
  crossEntropyError,
  softmax,
} from '../../src/index.js';
import { assertThrowsCode } from '../ndarray/helpers.js';

const scores = () => new Random(3).randn([3, 4]);
const labels = array([1, 0, 3]);
const column = array([[1], [0], [3]]);

test('SoftmaxWithLoss takes labels (N, 1) as it takes (N,): same loss, same gradient', () => {
  const flat = new SoftmaxWithLoss();
  const col = new SoftmaxWithLoss();
  assert.equal(col.forward(scores(), column), flat.forward(scores(), labels));
  assert.deepEqual(col.backward().data, flat.backward().data);
  const net = new SoftmaxCrossEntropyLoss();
  assert.equal(net.forward(scores(), column), flat.loss);
});

test("the book's t of shape (1, 1) for one sample is a label", () => {
  const x = array([[0.3, -1.2, 2.0]]);
  const loss = new SoftmaxWithLoss().forward(x, array([[2]]));
  const y = softmax(x);
  assert.ok(Math.abs(loss + Math.log(y.data[2]!)) < 1e-12);
  assert.ok(Math.abs(crossEntropyError(y, [[2]]) + Math.log(y.data[2]! + 1e-7)) < 1e-12);
});

test('crossEntropyError and checkLabels take a (N, 1) column of labels', () => {
  const y = softmax(scores());
  assert.equal(crossEntropyError(y, column), crossEntropyError(y, labels));
  assert.deepEqual(Array.from(checkLabels(column, 3, 4, 'here')), [1, 0, 3]);
  assertThrowsCode(() => checkLabels(array([[1, 0]]), 1, 4, 'here'), 'SHAPE_MISMATCH', 'here', '(1, 2)');
  assertThrowsCode(() => checkLabels(array([[5]]), 1, 4, 'here'), 'BAD_ARGUMENT', 'here', 'label 5');
});

test('with one score per sample, a (N, 1) column has as many values as the scores: one-hot, as in the book', () => {
  const x = array([[0.5], [-0.5]]);
  const t = array([[1], [0]]);
  const layer = new SoftmaxWithLoss();
  // Softmax over one class is 1, and the one-hot loss −Σ t·log 1 is 0; the gradient is y − t over the batch.
  assert.equal(layer.forward(x, t), 0);
  assert.deepEqual([...layer.backward().data], [0, 0.5]);
});

test('accuracy of SoftmaxCrossEntropyLoss counts a (N, 1) column as labels', () => {
  const tally = new SoftmaxCrossEntropyLoss().startTally(column, 3, 4);
  const y = array([
    [0, 9, 0, 0],
    [9, 0, 0, 0],
    [9, 0, 0, 0],
  ]);
  tally.add(y, column);
  assert.equal(tally.value(), 2 / 3);
});
