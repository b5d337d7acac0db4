// Layers take float16 parameters and input: they compute in float32 and hand back float16 results,
// every value rounded to the nearest float16, as numpy's float16 arrays come out of the book's layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  Affine,
  AveragePooling,
  BatchNormalization,
  Convolution,
  Dropout,
  LeakyRelu,
  MeanSquaredErrorLoss,
  SigmoidWithLoss,
  Tanh,
  dot,
  Pooling,
  Random,
  Relu,
  ScratchnetError,
  Sigmoid,
  SoftmaxWithLoss,
  array,
  softmax,
  type NDArray,
} from '../../src/index.js';
import { f16round } from '../../src/ndarray/half.js';

function assertHalfValues(a: NDArray, label: string): void {
  assert.equal(a.dtype, 'float16', `${label}: dtype`);
  for (let i = 0; i < a.size; i++) assert.equal(f16round(a.data[i]!), a.data[i], `${label} element ${i}`);
}

function assertNear(a: NDArray, b: NDArray, tolerance: number, label: string): void {
  assert.deepEqual(a.shape, b.shape, `${label}: shape`);
  for (let i = 0; i < a.size; i++) {
    const e = b.data[i]!;
    assert.ok(
      Math.abs(a.data[i]! - e) <= tolerance * Math.max(1, Math.abs(e)),
      `${label} element ${i}: ${a.data[i]} vs ${e}`,
    );
  }
}

const rng = new Random(3);
const half = (shape: number[], scale = 1): NDArray => rng.randn(shape).mul(scale).astype('float16');

test('Affine with float16 W, b and input: x·W rounded, then + b rounded, as numpy does it; gradients are float16', () => {
  const W = half([6, 4], 0.5);
  const b = half([4]);
  const x = half([3, 6]);
  const layer = new Affine(W, b);
  const out = layer.forward(x);
  assertHalfValues(out, 'out');
  assert.deepEqual([...out.data], [...add(dot(x, W), b).data]);
  const dx = layer.backward(half([3, 4]));
  assertHalfValues(dx, 'dx');
  assertHalfValues(layer.dW, 'dW');
  assertHalfValues(layer.db, 'db');
  // float32 input with float16 weights computes in float32, as numpy promotes it.
  assert.equal(new Affine(W, b).forward(x.astype('float32')).dtype, 'float32');
});

test('layers still refuse integer parameters, now naming float16 among the dtypes they take', () => {
  assert.throws(
    () => new Affine(array([[1]], { dtype: 'int32' }), array([0])),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'BAD_DTYPE' &&
      /Affine: W must be float64, float32 or float16/.test(e.message),
  );
});

test('Relu, Sigmoid, Convolution and Pooling give float16 output for float16 input, near the float32 result', () => {
  const x = half([2, 3, 6, 6]);
  const relu = new Relu().forward(x);
  assertHalfValues(relu, 'relu');
  const sigmoid = new Sigmoid().forward(x);
  assertHalfValues(sigmoid, 'sigmoid');
  assertNear(sigmoid, new Sigmoid().forward(x.astype('float32')), 2 ** -11, 'sigmoid');
  const W = half([4, 3, 3, 3], 0.3);
  const b = half([4]);
  const conv = new Convolution(W, b, { pad: 1 }).forward(x);
  assertHalfValues(conv, 'convolution');
  const conv32 = new Convolution(W.astype('float32'), b.astype('float32'), { pad: 1 }).forward(x.astype('float32'));
  assertNear(conv, conv32, 2 ** -9, 'convolution');
  const pool = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 });
  const pooled = pool.forward(conv);
  assertHalfValues(pooled, 'pooling');
  assertHalfValues(pool.backward(pooled), 'pooling dx');
});

test('SoftmaxWithLoss and softmax keep float16: probabilities rounded to float16, the loss a number', () => {
  const x = half([5, 10], 2);
  const t = array([1, 0, 3, 9, 2], { dtype: 'int32' });
  const layer = new SoftmaxWithLoss();
  const loss = layer.forward(x, t);
  const loss32 = new SoftmaxWithLoss().forward(x.astype('float32'), t);
  assert.ok(Math.abs(loss - loss32) < 1e-5, `${loss} vs ${loss32}`);
  assertHalfValues(layer.backward(), 'dx');
  const y = softmax(x);
  assertHalfValues(y, 'softmax');
  assertNear(y, softmax(x.astype('float32')), 2 ** -11, 'softmax');
});

test('the other layers keep float16 too: every result they give holds float16 values only', () => {
  const x = half([4, 2, 4, 4]);
  const flat = x.reshape(4, 32);
  const cases: [
    string,
    { forward(x: NDArray, o?: { train?: boolean }): NDArray; backward(d: NDArray): NDArray },
    NDArray,
  ][] = [
    ['Tanh', new Tanh(), x],
    ['LeakyRelu', new LeakyRelu(0.1), x],
    ['AveragePooling', new AveragePooling({ size: 2 }), x],
    ['Dropout', new Dropout({ ratio: 0.3, seed: 1 }), x],
    ['BatchNormalization', new BatchNormalization(ones32(32), zeros32(32)), flat],
  ];
  for (const [name, layer, input] of cases) {
    const out = layer.forward(input, { train: true });
    assertHalfValues(out, `${name} forward`);
    assertHalfValues(layer.backward(half(out.shape as number[])), `${name} backward`);
    assertHalfValues(layer.forward(input, { train: false }), `${name} inference`);
  }
  const sigmoidLoss = new SigmoidWithLoss();
  sigmoidLoss.forward(half([4, 1]), array([0, 1, 1, 0], { dtype: 'int32' }));
  assertHalfValues(sigmoidLoss.backward(), 'SigmoidWithLoss dx');
  const mse = new MeanSquaredErrorLoss();
  mse.forward(half([4, 3]), half([4, 3]));
  assertHalfValues(mse.backward(), 'MeanSquaredErrorLoss dx');
});

function ones32(n: number): NDArray {
  return array(new Array<number>(n).fill(1), { dtype: 'float32' });
}

function zeros32(n: number): NDArray {
  return array(new Array<number>(n).fill(0), { dtype: 'float32' });
}
