// Every layer kind, alone and in small random networks, exported to ONNX and run in ONNX Runtime:
// the outputs match scratchnet's predictions (through the loss's output function) within 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeepConvNet,
  exportOnnx,
  type LossName,
  MultiLayerNet,
  type SavableNet,
  Sequential,
  SimpleConvNet,
  TwoLayerNet,
} from '../../src/index.js';
import { expected, maxDifference, randomInput, randomize, runOnnx, session } from './ort.js';

const TOLERANCE = 1e-5;

async function assertMatches(net: SavableNet, label: string, options = {}): Promise<void> {
  const x = randomInput(net.sequentialConfig.inputShape, 5, 7);
  const got = await runOnnx(await session(exportOnnx(net, options)), x);
  const want = expected(net, x);
  assert.deepEqual(got.dims, want.shape, `${label}: output shape`);
  const diff = maxDifference(got.data, want.data as ArrayLike<number>);
  assert.ok(diff < TOLERANCE, `${label}: ONNX Runtime differs from predict by ${diff}`);
}

function net(inputShape: number[], layers: string, loss: LossName = 'softmax-cross-entropy', seed = 1): Sequential {
  const n = new Sequential({ inputShape, layers, loss, seed, dtype: 'float64' });
  randomize(n, seed);
  return n;
}

const FLAT: [string, string][] = [
  ['dense alone', 'dense3'],
  ['relu', 'dense6,relu,dense3'],
  ['sigmoid', 'dense6,sigmoid,dense3'],
  ['tanh', 'dense6,tanh,dense3'],
  ['leaky relu, default alpha', 'dense6,leakyrelu,dense3'],
  ['leaky relu, alpha 0.3', 'dense6,leakyrelu0.3,dense3'],
  ['batch norm per feature (running averages)', 'dense6,bn,dense3'],
  ['dropout 0.5 (inference scaling)', 'dense6,dropout,dense3'],
  ['dropout 0.2', 'dense6,relu,dropout0.2,dense3'],
];

for (const [label, layers] of FLAT) {
  test(`ONNX: ${label} on flat input matches predict`, () => assertMatches(net([7], layers), label));
}

const IMAGES: [string, string][] = [
  ['conv', 'conv4x3,dense3'],
  ['conv stride 2', 'conv4x3s2,dense3'],
  ['conv pad 1', 'conv4x3p1,dense3'],
  ['conv stride 2 pad 2', 'conv3x2s2p2,dense3'],
  ['max pooling', 'conv4x3,pool2,dense3'],
  ['max pooling 3 stride 1', 'conv4x3,pool3s1,dense3'],
  ['average pooling', 'conv4x3,avgpool2,dense3'],
  ['average pooling 3 stride 2', 'avgpool3s2,dense3'],
  ['batch norm per channel (running averages)', 'conv4x3,bn,relu,dense3'],
  ['flatten', 'conv4x3,relu,flatten,dense5,relu,dense3'],
  ['dropout on images', 'conv4x3,dropout0.4,dense3'],
  ['every kind', 'conv4x3p1,bn,leakyrelu0.1,pool2,conv4x2,tanh,avgpool2s1,dropout0.3,flatten,dense8,sigmoid,dense3'],
];

for (const [label, layers] of IMAGES) {
  test(`ONNX: ${label} on [2, 9, 9] images matches predict`, () => assertMatches(net([2, 9, 9], layers), label));
}

test('ONNX: a binary classifier ends in Sigmoid, a regression model in its values', async () => {
  await assertMatches(net([5], 'dense4,relu,dense1', 'sigmoid-cross-entropy'), 'sigmoid-cross-entropy');
  await assertMatches(net([5], 'dense4,tanh,dense2', 'mse'), 'mse, two outputs');
});

test('ONNX: a float32 network exports and matches', async () => {
  const n = new Sequential({
    inputShape: [1, 6, 6],
    layers: 'conv3x3,bn,relu,pool2,dense4',
    seed: 3,
    dtype: 'float32',
  });
  randomize(n, 3);
  await assertMatches(n, 'float32');
});

test('ONNX: tabular standardization runs first, so the model takes raw values', async () => {
  const n = net([3], 'dense5,relu,dense2');
  const standardization = { mean: [100, -2, 0.5], std: [40, 0.1, 2] };
  const x = randomInput([3], 4, 9);
  const raw = x.copy();
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 3; c++) {
      raw.data[r * 3 + c] = x.data[r * 3 + c]! * standardization.std[c]! + standardization.mean[c]!;
    }
  }
  const got = await runOnnx(await session(exportOnnx(n, { data: { standardization } })), raw);
  const diff = maxDifference(got.data, expected(n, x).data as ArrayLike<number>);
  assert.ok(diff < TOLERANCE, `differs by ${diff}`);
});

test("ONNX: the book's networks (TwoLayerNet, MultiLayerNet with batch norm and dropout, SimpleConvNet, DeepConvNet)", async () => {
  const two = new TwoLayerNet({ inputSize: 12, hiddenSize: 6, outputSize: 4, seed: 1 });
  const mlp = new MultiLayerNet({
    inputSize: 12,
    hiddenSizes: [8, 6],
    outputSize: 4,
    activation: 'sigmoid',
    useBatchNorm: true,
    useDropout: true,
    dropoutRatio: 0.25,
    seed: 1,
  });
  const simple = new SimpleConvNet({
    inputDim: [1, 10, 10],
    filterNum: 3,
    filterSize: 3,
    hiddenSize: 5,
    outputSize: 4,
    seed: 1,
  });
  const deep = new DeepConvNet({ inputDim: [1, 16, 16], hiddenSize: 8, outputSize: 4, seed: 1 });
  for (const [label, n] of [
    ['TwoLayerNet', two],
    ['MultiLayerNet', mlp],
    ['SimpleConvNet', simple],
    ['DeepConvNet', deep],
  ] as const) {
    randomize(n, 2);
    await assertMatches(n, label);
  }
});

test('ONNX: every opset from 13 to 21 loads and runs in ONNX Runtime', async () => {
  const n = net([2, 6, 6], 'conv3x3,bn,relu,pool2,dropout0.3,dense3');
  for (let opset = 13; opset <= 21; opset++) await assertMatches(n, `opset ${opset}`, { opset });
});
