// Networks to named tensors and back: same predictions, clear errors for tensors that do not fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MultiLayerNet,
  TwoLayerNet,
  Random,
  modelToTensors,
  modelFromTensors,
  architectureOf,
  architectureFromMetadata,
  inferArchitecture,
  ARCHITECTURES,
  ScratchnetError,
  zeros,
  type NDArray,
} from '../../src/index.js';

const x = new Random(1).randn([5, 6]);

function copyTensors(tensors: Record<string, NDArray>): Record<string, NDArray> {
  return Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, v.copy()]));
}

test('a MultiLayerNet with batch norm survives the round trip, running averages included', () => {
  const net = new MultiLayerNet({ inputSize: 6, hiddenSizes: [5, 4], outputSize: 3, useBatchNorm: true, seed: 2 });
  net.predict(x, { train: true }); // moves the running averages away from their initial zeros
  const { tensors, metadata } = modelToTensors(net);
  assert.ok('runningMean1' in tensors && 'runningVar2' in tensors);
  const arch = architectureFromMetadata(metadata)!;
  assert.deepEqual(arch, architectureOf(net));
  const copy = modelFromTensors(copyTensors(tensors), arch);
  assert.deepEqual([...copy.predict(x).data], [...net.predict(x).data]);
});

test('a TwoLayerNet loads as the equivalent MultiLayerNet; the architecture is inferred from shapes', () => {
  const net = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, activation: 'sigmoid', seed: 3 });
  const { tensors } = modelToTensors(net);
  const arch = inferArchitecture(tensors, 'sigmoid');
  assert.deepEqual([arch.inputSize, ...arch.hiddenSizes, arch.outputSize], [6, 5, 3]);
  assert.deepEqual([...modelFromTensors(copyTensors(tensors), arch).predict(x).data], [...net.predict(x).data]);
});

test('the book-ch03 architecture is 784-50-100-10 sigmoid', () => {
  const a = ARCHITECTURES['book-ch03']!;
  assert.deepEqual([a.inputSize, ...a.hiddenSizes, a.outputSize, a.activation], [784, 50, 100, 10, 'sigmoid']);
});

test('missing, misshapen and extra tensors are errors naming the tensor', () => {
  const net = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, seed: 3 });
  const arch = architectureOf(net);
  const { tensors } = modelToTensors(net);
  const missing = copyTensors(tensors);
  delete missing.b2;
  assert.throws(
    () => modelFromTensors(missing, arch),
    (e: unknown) => e instanceof ScratchnetError && /"b2"/.test(e.message),
  );
  assert.throws(
    () => modelFromTensors({ ...tensors, W2: zeros([5, 4]) }, arch),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'SHAPE_MISMATCH' &&
      /"W2"/.test(e.message) &&
      /\(5, 4\)/.test(e.message) &&
      /\(5, 3\)/.test(e.message),
  );
  assert.throws(() => modelFromTensors({ ...tensors, W9: zeros([1, 1]) }, arch), /W9/);
  assert.throws(() => inferArchitecture({ b1: zeros([3]) }, 'relu'), /no weights named W1/);
  assert.throws(
    () => architectureFromMetadata({ architecture: '{"type":"cnn"}' }),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_FILE',
  );
});
