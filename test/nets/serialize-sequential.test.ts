// Sequential model files: every layer type and loss rebuilds from the file alone; metadata that does
// not match the tensors is refused before anything is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random,
  ScratchnetError,
  Sequential,
  architectureFromMetadata,
  decodeSafetensors,
  encodeSafetensors,
  modelFromTensors,
  modelToTensors,
  zeros,
  type LossName,
  type NDArray,
} from '../../src/index.js';

/** Through the real file format, as the CLI writes and reads it. */
function viaFile(net: Sequential, data = {}): { net: Sequential; metadata: Record<string, string> } {
  const { tensors, metadata } = modelToTensors(net, data);
  const file = decodeSafetensors(encodeSafetensors(tensors, metadata));
  const arch = architectureFromMetadata(file.metadata);
  assert.ok(arch !== null && arch.type === 'sequential');
  const copy = modelFromTensors(file.tensors, arch, net.config.dtype);
  assert.ok(copy instanceof Sequential);
  return { net: copy as Sequential, metadata: file.metadata };
}

const image = new Random(3).randn([4, 2, 8, 8]);
const table = new Random(4).randn([6, 5]);

const CASES: { name: string; inputShape: number[]; layers: string; loss: LossName; x: NDArray }[] = [
  {
    name: 'conv, pool (both), channel bn, dropout, dense',
    inputShape: [2, 8, 8],
    layers: 'conv4x3p1,bn,relu,pool2,conv3x3s1,leakyrelu0.1,avgpool2s1,flatten,dense6,bn,tanh,dropout0.3,dense3',
    loss: 'softmax-cross-entropy',
    x: image,
  },
  {
    name: 'every activation, feature bn, sigmoid cross-entropy',
    inputShape: [5],
    layers: 'dense7,bn,relu,dense6,sigmoid,dense5,tanh,dense4,leakyrelu,dropout,dense1',
    loss: 'sigmoid-cross-entropy',
    x: table,
  },
  { name: 'regression', inputShape: [5], layers: 'dense8,relu,dense2', loss: 'mse', x: table },
];

for (const c of CASES) {
  test(`a Sequential (${c.name}, ${c.loss}) rebuilds from its file with the same predictions`, () => {
    const net = new Sequential({ inputShape: c.inputShape, layers: c.layers, loss: c.loss, dtype: 'float64', seed: 5 });
    net.predict(c.x, { train: true }); // moves batch norm's running averages off their start values
    const { net: copy } = viaFile(net);
    assert.deepEqual(copy.config.layers, net.config.layers);
    assert.equal(copy.config.loss, c.loss);
    assert.deepEqual(copy.config.inputShape, c.inputShape);
    assert.deepEqual([...copy.predict(c.x).data], [...net.predict(c.x).data]);
  });
}

test('class names, feature scaling and training settings travel in the metadata', () => {
  const net = new Sequential({
    inputShape: [3],
    layers: 'dense4,relu,dense2',
    weightInit: 'xavier',
    weightDecayLambda: 0.01,
    seed: 1,
  });
  const standardization = { mean: [1, 2, 3], std: [0.5, 1, 2] };
  const { metadata } = viaFile(net, { classes: ['no', 'yes'], standardization });
  const arch = architectureFromMetadata(metadata);
  assert.ok(arch?.type === 'sequential');
  assert.deepEqual(arch.classes, ['no', 'yes']);
  assert.deepEqual(arch.standardization, standardization);
  assert.equal(arch.weightInit, 'xavier');
  assert.equal(arch.weightDecayLambda, 0.01);
  assert.equal(arch.dtype, 'float32');
});

function badFile(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof ScratchnetError && e.code === 'BAD_FILE' && pattern.test(e.message);
}

test('metadata that does not match the tensors is BAD_FILE naming the first mismatch', () => {
  const net = new Sequential({ inputShape: [1, 6, 6], layers: 'conv2x3,relu,pool2,dense3', dtype: 'float64', seed: 2 });
  const { tensors, metadata } = modelToTensors(net);
  const arch = architectureFromMetadata(metadata);
  assert.ok(arch !== null);
  assert.throws(
    () => modelFromTensors({ ...tensors, W2: zeros([7, 3]) }, arch),
    badFile(/"W2".*\(7, 3\).*layer 4 \(dense3\).*\(8, 3\)/),
  );
  const { b1: _b1, ...missing } = tensors;
  assert.throws(() => modelFromTensors(missing, arch), badFile(/"b1".*layer 1 \(conv2x3\)/));
  assert.throws(() => modelFromTensors({ ...tensors, gamma1: zeros([2]) }, arch), badFile(/gamma1/));
  const wider = { ...arch, layers: [...(arch.type === 'sequential' ? arch.layers : []), { type: 'dense', units: 4 }] };
  assert.throws(() => modelFromTensors(tensors, wider as typeof arch), badFile(/"W3"/));
});

test('metadata a file cannot mean is refused before anything is built', () => {
  const meta = (a: unknown) => ({ architecture: JSON.stringify(a) });
  const good = { type: 'sequential', inputShape: [4], layers: [{ type: 'dense', units: 2 }], loss: 'mse' };
  assert.ok(architectureFromMetadata(meta(good)));
  const bad = [
    { ...good, inputShape: [1e9] },
    { ...good, inputShape: [4, 4] },
    { ...good, layers: [] },
    { ...good, layers: [{ type: 'lstm' }] },
    { ...good, layers: [{ type: 'dense', units: 1e9 }] },
    { ...good, loss: 'hinge' },
    { ...good, classes: [1, 2] },
    { ...good, standardization: { mean: [0], std: [0] } },
  ];
  for (const a of bad) assert.throws(() => architectureFromMetadata(meta(a)), badFile(/not one scratchnet can build/));
  const tooSmall = { ...good, inputShape: [1, 2, 2], layers: [{ type: 'conv', filters: 1, size: 3 }] };
  const arch = architectureFromMetadata(meta(tooSmall));
  assert.ok(arch !== null);
  assert.throws(() => modelFromTensors({}, arch), badFile(/layer 1 \(conv1x3\) cannot take input \(1, 2, 2\)/));
});

test("the book's networks' metadata asking for more weights than the file holds is refused before building", () => {
  const huge = { type: 'mlp', inputSize: 784, hiddenSizes: [1e6, 1e6], outputSize: 10, activation: 'relu' };
  const arch = architectureFromMetadata({ architecture: JSON.stringify(huge) });
  assert.ok(arch !== null);
  assert.throws(
    () => modelFromTensors({ W1: zeros([2, 2]) }, arch),
    badFile(/at least \d+ weights, but the file holds 4/),
  );
  const conv = { type: 'deep-convnet', inputDim: [1, 4096, 4096], hiddenSize: 50, outputSize: 10, dropoutRatio: 0.5 };
  const deep = architectureFromMetadata({ architecture: JSON.stringify(conv) });
  assert.ok(deep !== null);
  assert.throws(() => modelFromTensors({ W1: zeros([2, 2]) }, deep), badFile(/deep-convnet/));
});
