// Turning raw arrays into datasets: one-hot, normalising, flattening, validation splits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array, NDArray } from '../../src/index.js';
import {
  flattenImages,
  normalizeImages,
  prepareIdxDataset,
  splitValidation,
  toOneHot,
} from '../../src/data/prepare.js';
import type { Dataset } from '../../src/data/types.js';
import { throwsWith } from '../helpers/throws.js';

/** n images of 2x3 uint8 pixels whose every pixel equals its image index, and labels i % 10. */
function tinyImages(n: number): { images: NDArray; labels: NDArray } {
  const pixels = new Uint8Array(n * 6);
  for (let i = 0; i < n; i++) pixels.fill(i, i * 6, (i + 1) * 6);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % 10;
  return { images: new NDArray(pixels, [n, 2, 3]), labels: new NDArray(labels, [n]) };
}

test('toOneHot([2, 0, 1], 3) is the identity rows in that order, float64 by default', () => {
  const y = toOneHot(array([2, 0, 1], { dtype: 'uint8' }), 3);
  assert.equal(y.dtype, 'float64');
  assert.deepEqual(y.toArray(), [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ]);
});

test('toOneHot uses 10 classes by default and honours dtype', () => {
  const y = toOneHot(array([9], { dtype: 'int32' }), undefined, 'float32');
  assert.equal(y.dtype, 'float32');
  assert.deepEqual(y.shape, [1, 10]);
  assert.equal(y.get(0, 9), 1);
  assert.equal(y.sum(), 1);
});

test('toOneHot rejects labels outside [0, classes) and fractional labels, naming the index', () => {
  throwsWith(() => toOneHot(array([0, 3], { dtype: 'int32' }), 3), 'BAD_ARGUMENT', /label 1 is 3/, /\[0, 3\)/);
  throwsWith(() => toOneHot(array([-1], { dtype: 'int32' })), 'BAD_ARGUMENT', /label 0 is -1/);
  throwsWith(() => toOneHot(array([1.5])), 'BAD_ARGUMENT', /1\.5/);
  throwsWith(() => toOneHot(array([1]), 0), 'BAD_ARGUMENT', /classes/);
});

test('normalizeImages maps uint8 0, 51, 255 to 0, 0.2, 1 and keeps the shape', () => {
  const x = normalizeImages(
    array(
      [
        [0, 51],
        [255, 128],
      ],
      { dtype: 'uint8' },
    ),
  );
  assert.equal(x.dtype, 'float64');
  assert.deepEqual(x.shape, [2, 2]);
  assert.deepEqual([...x.data], [0, 0.2, 1, 128 / 255]);
});

test('normalizeImages to float32 gives the correctly rounded float32 quotient (numpy: astype(f32) / 255)', () => {
  const raw = arange(256, undefined, 1, { dtype: 'uint8' });
  const x = normalizeImages(raw, 'float32');
  assert.equal(x.dtype, 'float32');
  for (let v = 0; v < 256; v++) assert.equal(x.data[v], Math.fround(v / 255));
  throwsWith(() => normalizeImages(raw, 'int32' as 'float32'), 'BAD_DTYPE', /float64/);
});

test('flattenImages turns (n, 1, 2, 3) into (n, 6) as a view', () => {
  const images = NDArray.empty([4, 1, 2, 3], 'uint8');
  const flat = flattenImages(images);
  assert.deepEqual(flat.shape, [4, 6]);
  assert.equal(flat.data, images.data);
});

test('prepareIdxDataset defaults: x float64 (n, h*w) in [0, 1], t int32 labels', () => {
  const { images, labels } = tinyImages(5);
  const { x, t } = prepareIdxDataset(images, labels);
  assert.equal(x.dtype, 'float64');
  assert.deepEqual(x.shape, [5, 6]);
  assert.equal(x.get(4, 5), 4 / 255);
  assert.equal(t.dtype, 'int32');
  assert.deepEqual([...t.data], [0, 1, 2, 3, 4]);
});

test('prepareIdxDataset with flatten false gives NCHW (n, 1, h, w); normalize false keeps raw values as float', () => {
  const { images, labels } = tinyImages(3);
  const { x } = prepareIdxDataset(images, labels, { flatten: false, normalize: false, dtype: 'float32' });
  assert.equal(x.dtype, 'float32');
  assert.deepEqual(x.shape, [3, 1, 2, 3]);
  assert.equal(x.get(2, 0, 1, 2), 2);
});

test('prepareIdxDataset with oneHotLabel gives (n, classes) rows of dtype', () => {
  const { images, labels } = tinyImages(12);
  const { t } = prepareIdxDataset(images, labels, { oneHotLabel: true, dtype: 'float32' });
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(t.shape, [12, 10]);
  assert.equal(t.get(11, 1), 1);
  assert.equal(t.sum(), 12);
});

test('prepareIdxDataset copies: changing the result leaves the raw arrays alone', () => {
  const { images, labels } = tinyImages(2);
  const data = prepareIdxDataset(images, labels, { normalize: false });
  data.x.data[0] = 99;
  data.t.data[0] = 99;
  assert.equal(images.data[0], 0);
  assert.equal(labels.data[0], 0);
});

test('prepareIdxDataset rejects a label count that differs from the image count, naming both', () => {
  const { images } = tinyImages(5);
  throwsWith(
    () => prepareIdxDataset(images, new NDArray(new Uint8Array(4), [4])),
    'SHAPE_MISMATCH',
    /5 images but 4 labels/,
  );
});

test('prepareIdxDataset rejects negative and fractional labels', () => {
  const { images } = tinyImages(2);
  throwsWith(
    () => prepareIdxDataset(images, array([0, -3], { dtype: 'int32' })),
    'BAD_ARGUMENT',
    /integers >= 0/,
    /label 1 is -3/,
  );
  throwsWith(() => prepareIdxDataset(images, array([0.5, 1])), 'BAD_ARGUMENT', /label 0 is 0\.5/);
  throwsWith(() => prepareIdxDataset(images, array([[0, 1]], { dtype: 'int32' })), 'BAD_ARGUMENT', /1-D/);
});

function tinyDataset(n: number): Dataset {
  const { images, labels } = tinyImages(n);
  return prepareIdxDataset(images, labels, { normalize: false });
}

test('splitValidation by size and by ratio (rounded down) gives the right counts', () => {
  const data = tinyDataset(100);
  const a = splitValidation(data, { size: 30 });
  assert.deepEqual(a.validation.x.shape, [30, 6]);
  assert.deepEqual(a.validation.t.shape, [30]);
  assert.deepEqual(a.train.x.shape, [70, 6]);
  const b = splitValidation(data, { ratio: 0.255 });
  assert.equal(b.validation.x.shape[0], 25);
  assert.equal(b.train.t.shape[0], 75);
});

test('splitValidation keeps each x row with its t row and uses every sample exactly once', () => {
  const data = tinyDataset(50);
  const { train, validation } = splitValidation(data, { size: 20, seed: 3 });
  const seen: number[] = [];
  for (const part of [train, validation]) {
    for (let i = 0; i < part.x.shape[0]!; i++) {
      const sample = part.x.get(i, 0);
      assert.equal(part.t.get(i), sample % 10);
      seen.push(sample);
    }
  }
  assert.deepEqual(
    seen.sort((p, q) => p - q),
    [...Array(50).keys()],
  );
});

test('splitValidation is deterministic per seed and shuffles (different seeds differ, neither is the identity)', () => {
  const data = tinyDataset(60);
  const ids = (d: Dataset): number[] => [...d.t.data].map((_, i) => d.x.get(i, 0));
  const a = ids(splitValidation(data, { size: 10, seed: 7 }).validation);
  const b = ids(splitValidation(data, { size: 10, seed: 7 }).validation);
  const c = ids(splitValidation(data, { size: 10, seed: 8 }).validation);
  const d = ids(splitValidation(data, { size: 10 }).validation);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(d, ids(splitValidation(data, { size: 10, seed: 0 }).validation), 'the default seed is 0');
  assert.notDeepEqual(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('splitValidation rejects bad sizes, ratios and mismatched x/t', () => {
  const data = tinyDataset(10);
  throwsWith(() => splitValidation(data, {}), 'BAD_ARGUMENT', /exactly one of ratio or size/);
  throwsWith(() => splitValidation(data, { ratio: 0.5, size: 5 }), 'BAD_ARGUMENT', /exactly one/);
  throwsWith(() => splitValidation(data, { ratio: 1 }), 'BAD_ARGUMENT', /ratio must be in \(0, 1\)/);
  throwsWith(() => splitValidation(data, { ratio: 0.05 }), 'BAD_ARGUMENT', /from 1 to 9/, /got 0/);
  throwsWith(() => splitValidation(data, { size: 10 }), 'BAD_ARGUMENT', /from 1 to 9/);
  throwsWith(() => splitValidation(data, { size: 2.5 }), 'BAD_ARGUMENT', /got 2\.5/);
  throwsWith(
    () => splitValidation({ x: data.x, t: data.t.slice(0, 9) }, { size: 2 }),
    'SHAPE_MISMATCH',
    /\(10, 6\)/,
    /\(9,\)/,
  );
});
