// The layers added for Sequential: tanh, leaky ReLU, average pooling, per-channel batch norm, and the
// sigmoid and mean-squared-error loss layers: values, backward against numerical gradients, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  AveragePooling,
  BatchNormalization,
  ChannelBatchNormalization,
  LeakyRelu,
  MeanSquaredErrorLoss,
  numericalGradient,
  ones,
  Random,
  SigmoidWithLoss,
  Tanh,
  zeros,
} from '../../src/index.js';
import { awayFromZero, checkLayer } from '../helpers/layer-check.js';
import { throwsWith } from '../helpers/throws.js';

const TOL = 1e-7;

function assertSmall(result: Record<string, number>): void {
  for (const [name, diff] of Object.entries(result)) assert.ok(diff < TOL, `${name}: mean abs diff ${diff}`);
}

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i]! - expected[i]!) < tol, `[${i}] ${actual[i]} vs ${expected[i]}`);
}

test('Tanh gives tanh(x) and its backward matches the numerical gradient', () => {
  close(new Tanh().forward(array([[-1, 0, 2]])).data, [Math.tanh(-1), 0, Math.tanh(2)]);
  assertSmall(checkLayer(new Tanh(), new Random(1).randn([3, 4])));
});

test('LeakyRelu scales negative inputs by alpha, forward and backward', () => {
  const layer = new LeakyRelu(0.1);
  close(layer.forward(array([[-2, 3]])).data, [-0.2, 3]);
  close(layer.backward(array([[1, 1]])).data, [0.1, 1]);
  assert.equal(new LeakyRelu().alpha, 0.01);
  assertSmall(checkLayer(new LeakyRelu(0.2), awayFromZero(new Random(2), [3, 5])));
  throwsWith(() => new LeakyRelu(1), 'BAD_ARGUMENT', /alpha/);
});

test('AveragePooling takes the mean of each window; backward matches the numerical gradient', () => {
  const x = array([
    [
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10, 11, 12],
        [13, 14, 15, 16],
      ],
    ],
  ]);
  close(new AveragePooling({ size: 2 }).forward(x).data, [3.5, 5.5, 11.5, 13.5]);
  close(new AveragePooling({ size: 3, stride: 1 }).forward(x).data, [6, 7, 10, 11]);
  assertSmall(checkLayer(new AveragePooling({ size: 2 }), new Random(3).randn([2, 3, 4, 4])));
  assertSmall(checkLayer(new AveragePooling({ size: 3, stride: 2 }), new Random(4).randn([2, 2, 7, 5])));
  throwsWith(
    () => new AveragePooling({ size: 3 }).forward(new Random(1).randn([1, 1, 2, 2])),
    'SHAPE_MISMATCH',
    /window of 3/,
  );
  throwsWith(() => new AveragePooling({ size: 0 }), 'BAD_ARGUMENT', /size/);
});

test('ChannelBatchNormalization normalises each channel over batch and positions, as BatchNormalization does on (N·H·W, C) rows', () => {
  const rng = new Random(5);
  const x = rng.randn([3, 2, 4, 5]);
  const bn = new ChannelBatchNormalization(ones(2), zeros(2));
  const out = bn.forward(x, { train: true });
  for (let c = 0; c < 2; c++) {
    let sum = 0;
    let squares = 0;
    for (let n = 0; n < 3; n++) {
      for (let p = 0; p < 20; p++) {
        const v = out.data[(n * 2 + c) * 20 + p]!;
        sum += v;
        squares += v * v;
      }
    }
    assert.ok(Math.abs(sum / 60) < 1e-12 && Math.abs(squares / 60 - 1) < 1e-5, `channel ${c}`);
  }
  const rows = x.transpose(0, 2, 3, 1).reshape(60, 2);
  const flat = new BatchNormalization(ones(2), zeros(2));
  flat.forward(rows, { train: true });
  close(bn.runningMean.data, [...flat.runningMean.data]);
  close(bn.runningVar.data, [...flat.runningVar.data]);
  const gamma = rng.randn([2]);
  assertSmall(checkLayer(new ChannelBatchNormalization(gamma, rng.randn([2])), x));
  throwsWith(() => bn.forward(rng.randn([3, 3, 2, 2])), 'SHAPE_MISMATCH', /\(batch, 2, height, width\)/);
  throwsWith(() => new ChannelBatchNormalization(ones(2), zeros(2)).backward(x), 'BAD_ARGUMENT', /before forward/);
});

test('SigmoidWithLoss is the mean binary cross-entropy, stable for large scores, with gradient (y − t)/batch', () => {
  const layer = new SigmoidWithLoss();
  const x = array([[2], [-1], [800]]);
  const t = array([1, 0, 0]);
  const expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1)) + 800) / 3;
  assert.ok(Math.abs(layer.forward(x, t) - expected) < 1e-12);
  const dx = layer.backward();
  close(dx.data, [(1 / (1 + Math.exp(-2)) - 1) / 3, 1 / (1 + Math.exp(1)) / 3, 1 / 3]);
  const z = new Random(6).randn([4, 1]);
  const targets = array([[1], [0], [0], [1]]);
  const numeric = numericalGradient(() => new SigmoidWithLoss().forward(z, targets), z);
  layer.forward(z, targets);
  close(layer.backward().data, [...numeric.data], 1e-8);
  throwsWith(() => layer.forward(x, array([1, 0.5, 0])), 'BAD_ARGUMENT', /target 0\.5 at index 1/, /'mse'/);
  throwsWith(() => layer.forward(array([[1, 2]]), array([1])), 'SHAPE_MISMATCH', /one output/);
});

test("MeanSquaredErrorLoss is the book's ½·Σ(y − t)², averaged over the batch, with gradient (y − t)/batch", () => {
  const layer = new MeanSquaredErrorLoss();
  const y = array([
    [1, 2],
    [3, 5],
  ]);
  const t = array([
    [0, 2],
    [1, 1],
  ]);
  assert.equal(layer.forward(y, t), (0.5 * (1 + 0 + 4 + 16)) / 2);
  close(layer.backward().data, [0.5, 0, 1, 2]);
  close(layer.backward(2).data, [1, 0, 2, 4]);
  assert.equal(new MeanSquaredErrorLoss().forward(array([[1], [2]]), array([0, 0])), 1.25);
  throwsWith(() => layer.forward(y, array([1, 2])), 'SHAPE_MISMATCH', /\(2, 2\)/, /'softmax-cross-entropy'/);
  throwsWith(() => new MeanSquaredErrorLoss().backward(), 'BAD_ARGUMENT', /before forward/);
});
