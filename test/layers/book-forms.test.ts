// The book's positional forms of the layers: Dropout(dropout_ratio), forward(x, train_flg),
// Convolution(W, 0) and Convolution(W, b, stride, pad), Pooling(pool_h, pool_w, stride, pad),
// BatchNormalization(gamma, beta, momentum, running_mean, running_var) and Affine(W, 0), each equal to
// the options form; and a mode that is neither a boolean nor { train } refused by every layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Affine,
  AveragePooling,
  BatchNormalization,
  ChannelBatchNormalization,
  Convolution,
  Dropout,
  Flatten,
  type Layer,
  LeakyRelu,
  type NDArray,
  Pooling,
  Random,
  Relu,
  Sigmoid,
  Tanh,
  array,
  ones,
  zeros,
} from '../../src/index.js';
import { assertThrowsCode } from '../ndarray/helpers.js';

const rows = (): NDArray => new Random(4).randn([6, 3]);
const images = (): NDArray => new Random(5).randn([2, 2, 4, 4]);
const mean = (a: NDArray, from: number, step: number, count: number): number => {
  let s = 0;
  for (let i = 0; i < count; i++) s += a.data[from + i * step]!;
  return s / count;
};

test("new Dropout(0.3) is the book's Dropout(dropout_ratio=0.3)", () => {
  const layer = new Dropout(0.3);
  assert.equal(layer.ratio, 0.3);
  assert.deepEqual([...layer.forward(ones([1, 2])).data], [0.7, 0.7]);
  assertThrowsCode(() => new Dropout(1.5), 'BAD_ARGUMENT', 'Dropout', 'ratio');
});

test("dropout.forward(x, true) trains (the book's train_flg), forward(x, false) is inference", () => {
  const x = ones([50, 20]);
  const train = new Dropout({ ratio: 0.5, seed: 1 }).forward(x, true);
  const zerosKept = [...train.data].filter((v) => v === 0).length;
  assert.ok(zerosKept > 300 && zerosKept < 700, `about half the units dropped, got ${zerosKept} of 1000`);
  assert.ok([...train.data].every((v) => v === 0 || v === 1));
  assert.deepEqual(new Dropout({ seed: 1 }).forward(x, { train: true }).data, train.data);
  assert.ok([...new Dropout({ seed: 1 }).forward(x, false).data].every((v) => v === 0.5));
});

test('batchNorm.forward(x, true) normalises by the batch and updates the running averages', () => {
  const x = rows();
  const layer = new BatchNormalization(ones([3]), zeros([3]));
  const out = layer.forward(x, true);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(mean(out, j, 3, 6)) < 1e-12, `feature ${j} mean`);
  assert.ok(Math.abs(layer.runningMean.data[0]! - 0.1 * mean(x, 0, 3, 6)) < 1e-12);
  const inference = new BatchNormalization(ones([3]), zeros([3])).forward(x, false);
  // With running mean 0 and variance 0, inference divides by sqrt(eps): far from the batch-normalised values.
  assert.ok(Math.abs(inference.data[0]! - out.data[0]!) > 1);
});

test('ChannelBatchNormalization.forward(x, true) normalises each channel by the batch', () => {
  const x = images();
  const out = new ChannelBatchNormalization(ones([2]), zeros([2])).forward(x, true);
  // Channel 0 of both samples: positions 0-15 and 32-47.
  let s = 0;
  for (const from of [0, 32]) for (let i = 0; i < 16; i++) s += out.data[from + i]!;
  assert.ok(Math.abs(s / 32) < 1e-12);
  assertThrowsCode(
    () => new ChannelBatchNormalization(ones([2]), zeros([3])),
    'SHAPE_MISMATCH',
    'ChannelBatchNormalization',
  );
});

test("new BatchNormalization(gamma, beta, momentum, runningMean, runningVar) is the book's positional form", () => {
  const runningMean = array([1, 2, 3]);
  const runningVar = array([4, 4, 4]);
  const layer = new BatchNormalization(ones([3]), zeros([3]), 0.8, runningMean, runningVar);
  assert.equal(layer.momentum, 0.8);
  const same = new BatchNormalization(ones([3]), zeros([3]), { momentum: 0.8, runningMean, runningVar });
  const x = rows();
  assert.deepEqual(layer.forward(x).data, same.forward(x).data);
  // Inference uses the given averages: (x − 1) / sqrt(4 + eps) in the first feature.
  assert.ok(Math.abs(layer.forward(x).data[0]! - (x.data[0]! - 1) / Math.sqrt(4 + 10e-7)) < 1e-12);
  layer.forward(x, true);
  assert.deepEqual([...runningMean.data], [1, 2, 3], 'the given arrays are copied, not updated');
  assertThrowsCode(() => new BatchNormalization(ones([3]), zeros([3]), 2), 'BAD_ARGUMENT', 'momentum');
  assertThrowsCode(
    () => new BatchNormalization(ones([3]), zeros([3]), 0.9, zeros([2])),
    'SHAPE_MISMATCH',
    'runningMean',
  );
});

test("new Convolution(W, 0) broadcasts the number over the filters (the book's apply_filter.py)", () => {
  const W = new Random(6).randn([3, 2, 3, 3]);
  const layer = new Convolution(W, 0);
  assert.deepEqual(layer.b.shape, [3]);
  assert.equal(layer.b.dtype, 'float64');
  const x = images();
  assert.deepEqual(layer.forward(x).data, new Convolution(W, zeros([3])).forward(x).data);
  assert.equal(new Convolution(W.astype('float32'), 0.5).b.dtype, 'float32');
  assert.deepEqual([...new Convolution(W, 0.5).b.data], [0.5, 0.5, 0.5]);
});

test("new Convolution(W, b, stride, pad) takes the book's positional stride and padding", () => {
  const W = new Random(6).randn([3, 2, 3, 3]);
  const positional = new Convolution(W, 0, 2, 1);
  assert.equal(positional.stride, 2);
  assert.equal(positional.pad, 1);
  const x = images();
  assert.deepEqual(positional.forward(x).data, new Convolution(W, 0, { stride: 2, pad: 1 }).forward(x).data);
  assert.equal(new Convolution(W, 0, 2).pad, 0);
  assertThrowsCode(() => new Convolution(W, 0, { stride: 2 }, 1), 'BAD_ARGUMENT', 'Convolution', 'pad');
});

test('new Affine(W, 0) broadcasts the number over the outputs', () => {
  const W = new Random(7).randn([3, 2]);
  const layer = new Affine(W, 0);
  assert.deepEqual(layer.b.shape, [2]);
  assert.deepEqual(layer.forward(rows()).data, new Affine(W, zeros([2])).forward(rows()).data);
  assertThrowsCode(() => new Affine(W, Number.NaN), 'BAD_ARGUMENT', 'Affine', 'b');
});

test("new Pooling(2, 2, 2) is the book's Pooling(pool_h, pool_w, stride, pad)", () => {
  const layer = new Pooling(2, 2, 2);
  assert.deepEqual([layer.poolHeight, layer.poolWidth, layer.stride, layer.pad], [2, 2, 2, 0]);
  const x = images();
  assert.deepEqual(layer.forward(x).data, new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 }).forward(x).data);
  assert.equal(new Pooling(3, 3, 1, 1).pad, 1);
  assertThrowsCode(() => new Pooling(2), 'BAD_ARGUMENT', 'Pooling', 'poolW');
  assertThrowsCode(() => new Pooling({ poolHeight: 2, poolWidth: 2 }, 2), 'BAD_ARGUMENT', 'Pooling');
});

const everyLayer: [string, () => Layer, () => NDArray][] = [
  ['Relu', () => new Relu(), rows],
  ['Sigmoid', () => new Sigmoid(), rows],
  ['Tanh', () => new Tanh(), rows],
  ['LeakyRelu', () => new LeakyRelu(), rows],
  ['Flatten', () => new Flatten(), images],
  ['Affine', () => new Affine(new Random(1).randn([3, 2]), 0), rows],
  ['Dropout', () => new Dropout({ seed: 1 }), rows],
  ['BatchNormalization', () => new BatchNormalization(ones([3]), zeros([3])), rows],
  ['ChannelBatchNormalization', () => new ChannelBatchNormalization(ones([2]), zeros([2])), images],
  ['Convolution', () => new Convolution(new Random(1).randn([1, 2, 3, 3]), 0), images],
  ['Pooling', () => new Pooling(2, 2, 2), images],
  ['AveragePooling', () => new AveragePooling({ size: 2 }), images],
];

test('every layer takes forward(x, true | false | { train }) and refuses any other mode, naming itself', () => {
  for (const [name, make, input] of everyLayer) {
    for (const mode of [true, false, { train: true }, { train: false }, {}, undefined]) make().forward(input(), mode);
    for (const mode of ['train', 1, null, [true]]) {
      assertThrowsCode(() => make().forward(input(), mode as never), 'BAD_ARGUMENT', `${name}.forward()`, 'mode');
    }
    assertThrowsCode(
      () => make().forward(input(), { training: true } as never),
      'BAD_ARGUMENT',
      'unknown option "training"',
    );
    assertThrowsCode(() => make().forward(input(), { train: 1 } as never), 'BAD_ARGUMENT', 'train');
  }
});
