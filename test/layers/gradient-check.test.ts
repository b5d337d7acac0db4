// Every layer's backward against numerical gradients, in float64: mean absolute difference < 1e-7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Affine,
  BatchNormalization,
  Dropout,
  Relu,
  Sigmoid,
  SoftmaxWithLoss,
  Random,
  numericalGradient,
  array,
  zeros,
  ScratchnetError,
} from '../../src/index.js';
import { awayFromZero, checkLayer } from '../helpers/layer-check.js';

const TOL = 1e-7;

function assertSmall(result: Record<string, number>): void {
  for (const [name, diff] of Object.entries(result)) assert.ok(diff < TOL, `${name}: mean abs diff ${diff}`);
}

test('Relu backward matches numerical gradient (inputs away from the kink)', () => {
  assertSmall(checkLayer(new Relu(), awayFromZero(new Random(1), [4, 5])));
});

test("Relu does not modify its input (the book's version does)", () => {
  const x = array([
    [-1, 2],
    [3, -4],
  ]);
  const before = x.toString();
  const relu = new Relu();
  assert.equal(relu.forward(x).toString(), 'array([[0., 2.],\n       [3., 0.]])');
  relu.backward(
    array([
      [1, 1],
      [1, 1],
    ]),
  );
  assert.equal(x.toString(), before);
});

test('Sigmoid backward matches numerical gradient', () => {
  assertSmall(checkLayer(new Sigmoid(), new Random(2).randn([3, 6])));
});

test('Affine backward (dx, dW, db) matches numerical gradient', () => {
  const rng = new Random(3);
  assertSmall(checkLayer(new Affine(rng.randn([5, 4]), rng.randn([4])), rng.randn([3, 5])));
});

test('Affine flattens 4-D input per sample and returns dx in the input shape', () => {
  const rng = new Random(4);
  const layer = new Affine(rng.randn([12, 3]), rng.randn([3]));
  const x = rng.randn([2, 3, 2, 2]);
  assert.deepEqual(layer.forward(x).shape, [2, 3]);
  assert.deepEqual(layer.backward(rng.randn([2, 3])).shape, [2, 3, 2, 2]);
  assertSmall(checkLayer(layer, x));
});

test('Affine rejects an input that does not fit W, naming both shapes', () => {
  const layer = new Affine(zeros([5, 4]), zeros([4]));
  assert.throws(
    () => layer.forward(zeros([3, 6])),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'SHAPE_MISMATCH' &&
      e.message.includes('(3, 6)') &&
      e.message.includes('(5, 4)'),
  );
});

test('SoftmaxWithLoss backward equals (y - t)/batch and the numerical gradient, one-hot and labels', () => {
  const rng = new Random(5);
  const x = rng.randn([4, 3]);
  const labels = array([0, 2, 1, 2], { dtype: 'int32' });
  const oneHot = array([
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  for (const t of [labels, oneHot]) {
    const layer = new SoftmaxWithLoss();
    layer.forward(x, t);
    const dx = layer.backward();
    const numerical = numericalGradient(() => layer.forward(x, t), x);
    let diff = 0;
    for (let i = 0; i < dx.size; i++) diff += Math.abs(dx.data[i]! - numerical.data[i]!);
    assert.ok(diff / dx.size < TOL, `mean abs diff ${diff / dx.size}`);
  }
});

test('SoftmaxWithLoss rejects an out-of-range label and a wrong label count', () => {
  const layer = new SoftmaxWithLoss();
  const x = zeros([2, 3]);
  assert.throws(
    () => layer.forward(x, array([0, 3], { dtype: 'int32' })),
    (e: unknown) => e instanceof ScratchnetError && e.message.includes('label 3') && e.message.includes('[0, 3)'),
  );
  assert.throws(
    () => layer.forward(x, array([0, 1, 2], { dtype: 'int32' })),
    (e: unknown) =>
      e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH' && e.message.includes('expected 2 labels'),
  );
});

test('Dropout with a fixed mask: backward matches numerical gradient; inference scales by 1 - ratio', () => {
  const layer = new Dropout({ ratio: 0.3, seed: 7 });
  const x = new Random(6).randn([5, 8]);
  layer.forward(x, { train: true });
  layer.frozen = true;
  assertSmall(checkLayer(layer, x));
  const dropped = layer.mask!.data.filter((m) => m === 0).length;
  assert.ok(dropped > 0 && dropped < 40, `some but not all units dropped (${dropped})`);
  assert.ok(layer.forward(x).data.every((v, i) => Math.abs(v - x.data[i]! * 0.7) < 1e-15));
});

test('BatchNormalization backward (dx, dgamma, dbeta) matches numerical gradient', () => {
  const rng = new Random(8);
  const layer = new BatchNormalization(rng.uniform(0.5, 1.5, [4]), rng.randn([4]));
  assertSmall(checkLayer(layer, rng.randn([6, 4])));
});

test('BatchNormalization keeps running statistics for inference', () => {
  const rng = new Random(9);
  const layer = new BatchNormalization(array([1, 1]), array([0, 0]), { momentum: 0 });
  const x = rng.randn([50, 2]).mul(3).add(5);
  const trained = layer.forward(x, { train: true });
  assert.ok(Math.abs(trained.mean(0).data[0]!) < 1e-12);
  // With momentum 0 the running averages are this batch's statistics, so inference matches training.
  const inferred = layer.forward(x);
  assert.ok(trained.data.every((v, i) => Math.abs(v - inferred.data[i]!) < 1e-12));
});

test('backward before forward is a clear error', () => {
  assert.throws(() => new Relu().backward(zeros([1])), /before forward/);
});

test('Relu lets NaN through (a diverging network must show it) and masks only x <= 0', () => {
  const out = new Relu().forward(array([NaN, -1, 0, 2]));
  assert.ok(Number.isNaN(out.data[0]!));
  assert.deepEqual([...out.data.slice(1)], [0, 0, 2]);
});

test('training-step buffers are reused, but predict() results are never overwritten', async () => {
  const { TwoLayerNet } = await import('../../src/index.js');
  const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 3, outputSize: 2, seed: 1 });
  const x = new Random(2).randn([5, 4]);
  const t = array([0, 1, 1, 0, 1], { dtype: 'int32' });
  const first = net.lossAndGradient(x, t).grads.W1!;
  const firstValues = [...first.data];
  const second = net.lossAndGradient(x.mul(2), t).grads.W1!;
  assert.equal(first, second, 'the gradient buffer is reused between steps');
  assert.notDeepEqual([...second.data], firstValues);
  const a = net.predict(x);
  const aValues = [...a.data];
  net.predict(x.mul(3));
  net.lossAndGradient(x, t);
  assert.deepEqual([...a.data], aValues);
});
