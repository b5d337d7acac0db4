// One call to save a model and one to load it: every network type predicts the same numbers after
// the round trip, through bytes (encodeModel/decodeModel) and through files (saveModel/loadModel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARCHITECTURES,
  captureCheckpoint,
  decodeModel,
  decodeSafetensors,
  encodeModel,
  encodeSafetensors,
  loadModel,
  modelToTensors,
  MultiLayerNet,
  NDArray,
  saveCheckpoint,
  saveModel,
  saveNpz,
  ScratchnetError,
  SGD,
  Trainer,
  TwoLayerNet,
} from '../../src/index.js';
import { modelZoo, sameBits } from '../helpers/model-zoo.js';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-model-files-'));

function badFile(pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof ScratchnetError && error.code === 'BAD_FILE' && pattern.test(error.message);
}

for (const model of modelZoo()) {
  test(`${model.name}: decodeModel(encodeModel(net)) predicts the same numbers, with the saved data`, () => {
    const expected = model.net.predict(model.x);
    const { net, data } = decodeModel(encodeModel(model.net, model.data));
    assert.ok(sameBits(net.predict(model.x), expected), 'identical predictions');
    assert.deepEqual(data, model.data);
  });

  test(`${model.name}: loadModel(saveModel(path)) predicts the same numbers, with the saved data`, () => {
    const path = join(dir, `${model.name.replace(/\W+/g, '-')}.safetensors`);
    saveModel(path, model.net, model.data);
    const { net, data, architecture } = loadModel(path);
    assert.ok(sameBits(net.predict(model.x), model.net.predict(model.x)), 'identical predictions');
    assert.deepEqual(data, model.data);
    assert.equal(architecture.type, JSON.parse(decodeSafetensors(readFileSync(path)).metadata.architecture!).type);
  });
}

test('a float32 network loads as float32 by default, and options.dtype asks for another', () => {
  const net = new MultiLayerNet({ inputSize: 3, hiddenSizes: [4], outputSize: 2, dtype: 'float32', seed: 1 });
  const bytes = encodeModel(net);
  assert.equal(decodeModel(bytes).net.params.W1!.dtype, 'float32');
  assert.equal(decodeModel(bytes, { dtype: 'float64' }).net.params.W1!.dtype, 'float64');
});

test("the book's networks keep class names and feature scaling too", () => {
  const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2, seed: 1 });
  const data = { classes: ['no', 'yes'], standardization: { mean: [1, 2], std: [3, 4] } };
  assert.deepEqual(decodeModel(encodeModel(net, data)).data, data);
  assert.deepEqual(decodeModel(encodeModel(net)).data, {});
});

test('loadModel reads a training checkpoint as its model', () => {
  const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 3, seed: 1 });
  const x = new NDArray(
    Float64Array.from({ length: 48 }, (_, i) => (i % 7) / 7),
    [12, 4],
  );
  const t = new NDArray(
    Int32Array.from({ length: 12 }, (_, i) => i % 3),
    [12],
    'int32',
  );
  const trainer = new Trainer(net, { train: { x, t } }, { epochs: 1, batchSize: 4, optimizer: new SGD() });
  const path = join(dir, 'checkpoint.safetensors');
  saveCheckpoint(path, captureCheckpoint(trainer, modelToTensors(net).metadata));
  assert.ok(sameBits(loadModel(path).net.predict(x), net.predict(x)));
});

test('weights without an architecture need options.architecture or options.activation: nothing is guessed', () => {
  const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [50, 100], outputSize: 10, activation: 'sigmoid' });
  const path = join(dir, 'book-ch03.npz');
  saveNpz(path, net.params);
  assert.throws(() => loadModel(path), badFile(/^loadModel: .*book-ch03\.npz: the file stores no architecture/));
  const x = new NDArray(new Float64Array(784).fill(0.5), [1, 784]);
  const expected = net.predict(x);
  assert.ok(sameBits(loadModel(path, { architecture: ARCHITECTURES['book-ch03']! }).net.predict(x), expected));
  assert.ok(sameBits(loadModel(path, { activation: 'sigmoid' }).net.predict(x), expected));
  const bare = encodeSafetensors(net.params);
  assert.ok(sameBits(decodeModel(bare, { activation: 'sigmoid' }).net.predict(x), expected));
});

test('damaged and hostile model files get a BAD_FILE ScratchnetError naming the function', () => {
  const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2, seed: 1 });
  const bytes = encodeModel(net);
  assert.throws(() => decodeModel(bytes.subarray(0, bytes.length - 4)), badFile(/^decodeModel: /));
  const flipped = bytes.slice();
  flipped[flipped.length - 1]! ^= 1;
  assert.throws(() => decodeModel(flipped), badFile(/CRC-32/));
  net.params.W1!.data[0] = Number.NaN;
  assert.throws(() => decodeModel(encodeModel(net)), badFile(/W1.*unusable/));
  const lying = encodeSafetensors(
    { W1: new NDArray(new Float64Array(6), [2, 3]) },
    { architecture: JSON.stringify(ARCHITECTURES['book-ch03']), modelData: '{"classes":3}' },
  );
  assert.throws(() => decodeModel(lying), badFile(/metadata does not match the tensors/));
  const badData = encodeSafetensors(new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2 }).params, {
    architecture: JSON.stringify({ ...ARCHITECTURES['book-ch04'], inputSize: 2, hiddenSizes: [3], outputSize: 2 }),
    modelData: '{"classes":3}',
  });
  assert.throws(() => decodeModel(badData), badFile(/"modelData" metadata/));
  assert.throws(() => decodeModel(new Uint8Array(16)), badFile(/^decodeModel: /));
  const folder = join(dir, 'a-folder.safetensors');
  mkdirSync(folder);
  assert.throws(() => loadModel(folder), badFile(/^loadModel: .*a-folder\.safetensors: is a directory/));
  assert.throws(() => loadModel(join(dir, 'missing.safetensors')), badFile(/^loadModel: .*no such file/));
  const text = join(dir, 'notes.safetensors');
  writeFileSync(text, 'not a model');
  assert.throws(() => loadModel(text), badFile(/^loadModel: .*not a weights file/));
});

test('saveModel replaces a file atomically and refuses what it cannot save', () => {
  const path = join(dir, 'replaced.safetensors');
  saveModel(path, new TwoLayerNet({ inputSize: 2, hiddenSize: 3, outputSize: 2, seed: 1 }));
  const before = readFileSync(path);
  assert.throws(
    () => saveModel(path, { params: {} } as never),
    (error) => error instanceof ScratchnetError && /^saveModel: .*net must be/.test(error.message),
  );
  assert.deepEqual(readFileSync(path), before, 'the old file is left whole');
  assert.throws(
    () =>
      saveModel(
        join(dir, 'no-such-folder', 'm.safetensors'),
        new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2 }),
      ),
    (error) => error instanceof ScratchnetError && error.code === 'BAD_FILE' && /^saveModel: /.test(error.message),
  );
});
