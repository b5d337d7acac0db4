// Your own data from disk: CSV files, .npz archives with and without a test part, image folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';
import {
  arange,
  array,
  loadCsv,
  loadCsvFeatures,
  loadImageFolder,
  loadNpzDataset,
  saveNpz,
  NDArray,
  SGD,
  Trainer,
  TwoLayerNet,
} from '../../src/index.js';
import { encodeNpy, encodeZip } from '../../src/io/index.js';
import { cli } from '../helpers/cli.js';
import { throwsWith } from '../helpers/throws.js';

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-data-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('loadCsv reads a file, names it in errors, and reads text with a line break as CSV', () => {
  withTempDir((dir) => {
    const path = join(dir, 'plants.csv');
    writeFileSync(path, '\uFEFFheight,kind\r\n1,a\r\n2,b\r\n3,a\r\n');
    const data = loadCsv(path, { testFraction: 0, standardize: false });
    assert.deepEqual(data.classes, ['a', 'b']);
    assert.equal(data.train.x.sum(), 6);
    writeFileSync(path, 'height,kind\n1,a\nx,b\n');
    throwsWith(
      () => loadCsv(path),
      'BAD_FILE',
      new RegExp(`${path.replaceAll(/[/\\.]/g, '.')}: row 3, column "height"`),
    );
    throwsWith(
      () => loadCsv(join(dir, 'missing.csv')),
      'BAD_FILE',
      /cannot read CSV file .*missing\.csv: no such file/,
    );
  });
  const inline = loadCsv('a,b\n1,x\n2,y\n', { testFraction: 0 });
  assert.deepEqual(inline.classes, ['x', 'y']);
});

test('loadCsvFeatures reads the feature rows of a file in order, or of text', () => {
  withTempDir((dir) => {
    const path = join(dir, 'new.csv');
    writeFileSync(path, 'height,kind\r\n1,a\r\n2,b\r\n');
    assert.deepEqual(loadCsvFeatures(path, { features: ['height'] }).x.toArray(), [[1], [2]]);
    throwsWith(() => loadCsvFeatures(path), 'BAD_FILE', /new\.csv: row 2, column "kind"/);
    throwsWith(() => loadCsvFeatures(join(dir, 'gone.csv')), 'BAD_FILE', /cannot read CSV file .*gone\.csv/);
  });
  assert.deepEqual(loadCsvFeatures('a\n7\n').rows, [2]);
  throwsWith(() => loadCsvFeatures(7 as never), 'BAD_ARGUMENT', /loadCsvFeatures: pathOrText must be a string/);
});

test('loadNpzDataset splits x and t with a seed when there is no test part', () => {
  withTempDir((dir) => {
    const path = join(dir, 'd.npz');
    saveNpz(path, { x: arange(20).reshape(10, 2), t: arange(10).astype('uint8') });
    const data = loadNpzDataset(path, { testFraction: 0.3, seed: 2 });
    assert.equal(data.train.x.shape[0], 7);
    assert.equal(data.test.x.shape[0], 3);
    assert.equal(data.train.x.dtype, 'float64');
    assert.equal(data.train.t.dtype, 'int32');
    // Rows stay with their labels: x row i is [2i, 2i + 1].
    data.test.t.data.forEach((label, i) => assert.equal(data.test.x.get(i, 0), 2 * label));
    assert.deepEqual(loadNpzDataset(path, { testFraction: 0.3, seed: 2 }).test.t.toArray(), data.test.t.toArray());
  });
});

test('loadNpzDataset keeps x_test and t_test as the test split; uint8 pixels become [0, 1]', () => {
  withTempDir((dir) => {
    const path = join(dir, 'd.npz');
    const pixels = new NDArray(new Uint8Array([0, 255, 51, 102]), [2, 1, 1, 2], 'uint8');
    saveNpz(
      path,
      { x: pixels, t: array([0, 1], { dtype: 'uint8' }), x_test: pixels, t_test: array([1, 0]) },
      { compress: true },
    );
    const data = loadNpzDataset(path, { dtype: 'float32' });
    assert.deepEqual(data.train.x.shape, [2, 1, 1, 2]);
    assert.equal(data.train.x.dtype, 'float32');
    assert.deepEqual([...data.train.x.data], [0, 1, Math.fround(0.2), Math.fround(0.4)]);
    assert.deepEqual([...data.train.t.data], [0, 1]);
    assert.deepEqual([...data.test.t.data], [1, 0]);
    assert.equal(data.test.t.dtype, 'float32');
  });
});

test('loadNpzDataset standardizes a table on request, with the training statistics', () => {
  withTempDir((dir) => {
    const path = join(dir, 'd.npz');
    saveNpz(path, { x: array([[1], [3]]), t: array([0, 1]), x_test: array([[5]]), t_test: array([1]) });
    const data = loadNpzDataset(path, { standardize: true });
    assert.deepEqual(data.standardization, { mean: [2], std: [1] });
    assert.deepEqual([...data.test.x.data], [3]);
    assert.equal(loadNpzDataset(path).standardization, undefined);
  });
});

test('loadNpzDataset names what is missing or inconsistent', () => {
  withTempDir((dir) => {
    const path = join(dir, 'd.npz');
    saveNpz(path, { inputs: arange(4), t: arange(4) });
    throwsWith(() => loadNpzDataset(path), 'BAD_FILE', /no array "x"/, /"inputs", "t"/);
    saveNpz(path, { x: arange(4), t: arange(4), x_test: arange(2) });
    throwsWith(() => loadNpzDataset(path), 'BAD_FILE', /has "x_test" but not "t_test"/);
    saveNpz(path, { x: arange(4), t: arange(3) });
    throwsWith(() => loadNpzDataset(path), 'BAD_FILE', /same number of samples/);
    saveNpz(path, { x: arange(8).reshape(4, 2), t: arange(4), x_test: arange(3).reshape(1, 3), t_test: arange(1) });
    throwsWith(() => loadNpzDataset(path), 'BAD_FILE', /x_test has samples of shape/);
    saveNpz(path, { x: arange(8).reshape(2, 2, 2), t: arange(2) });
    throwsWith(
      () => loadNpzDataset(path, { standardize: true, testFraction: 0.5 }),
      'BAD_ARGUMENT',
      /standardize needs x as a table/,
    );
    throwsWith(() => loadNpzDataset(join(dir, 'none.npz')), 'BAD_FILE', /none\.npz/);
  });
});

const INT64_LABELS = fileURLToPath(new URL('../fixtures/io/int64-labels.npz', import.meta.url));

/** A .npy file of int64 values, as numpy writes integer arrays by default. */
function int64Npy(values: readonly bigint[]): Uint8Array {
  const header = `{'descr': '<i8', 'fortran_order': False, 'shape': (${values.length},), }`.padEnd(117, ' ');
  const out = new Uint8Array(128 + 8 * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
  out.set(new TextEncoder().encode(`${header}\n`), 10);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(128 + 8 * i, v, true));
  return out;
}

test('loadNpzDataset reads the int64 labels numpy saves by default as int32 class labels that train', async () => {
  // np.savez(x=..., t=np.array([0, 1, 2] * 4)): numpy's default integer is int64.
  const data = loadNpzDataset(INT64_LABELS);
  assert.deepEqual([data.train.t.dtype, ...data.train.t.data], ['int32', 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  assert.deepEqual([data.test.t.dtype, ...data.test.t.data], ['int32', 0, 1, 2]);
  const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 4, outputSize: 3, seed: 1 });
  const history = await new Trainer(net, data, { epochs: 1, batchSize: 4, optimizer: new SGD({ lr: 0.1 }) }).fit();
  assert.equal(history.loss.length, 3);
});

test('loadNpzDataset refuses int64 labels that no int32 holds, naming the file and the label', () => {
  withTempDir((dir) => {
    const path = join(dir, 'd.npz');
    const x = encodeNpy(arange(2));
    writeFileSync(
      path,
      encodeZip([
        { name: 'x.npy', data: x },
        { name: 't.npy', data: int64Npy([0n, 1n << 40n]) },
      ]),
    );
    throwsWith(() => loadNpzDataset(path), 'BAD_FILE', /d\.npz/, /label 1 is 1099511627776/);
  });
});

test('scratchnet train --dataset takes an .npz of int64 labels', async () => {
  const out = mkdtempSync(join(tmpdir(), 'scratchnet-int64-'));
  try {
    const r = await cli(
      'train',
      '--dataset',
      INT64_LABELS,
      '--layers',
      'dense3',
      '--epochs',
      '1',
      '--batch-size',
      '4',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /epoch 1:/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/** Writes a PNG of `width` x `height` RGBA pixels, all of one colour. */
function writePng(path: string, width: number, height: number, rgba: [number, number, number, number]): void {
  const png = new pngjs.PNG({ width, height });
  for (let p = 0; p < width * height; p++) png.data.set(rgba, p * 4);
  writeFileSync(path, pngjs.PNG.sync.write(png));
}

function makeFolder(root: string): void {
  for (const name of ['red', 'blue']) mkdirSync(join(root, name));
  writePng(join(root, 'red', 'a.png'), 4, 4, [255, 0, 0, 255]);
  writePng(join(root, 'red', 'b.PNG'), 2, 6, [255, 0, 0, 255]);
  writePng(join(root, 'red', 'c.png'), 8, 8, [255, 0, 0, 0]); // fully transparent: white
  writePng(join(root, 'blue', 'a.png'), 3, 3, [0, 0, 255, 255]);
  writeFileSync(join(root, 'blue', 'notes.txt'), 'not an image');
  mkdirSync(join(root, '.cache'));
}

test('loadImageFolder: classes from sorted folder names, every image resized to (channels, h, w)', () => {
  withTempDir((root) => {
    makeFolder(root);
    const data = loadImageFolder(root, { size: [2, 2], channels: 3, testFraction: 0 });
    assert.deepEqual(data.classes, ['blue', 'red']);
    assert.deepEqual(data.train.x.shape, [4, 3, 2, 2]);
    assert.equal(data.train.t.dtype, 'int32');
    const byLabel = [...data.train.t.data].sort();
    assert.deepEqual(byLabel, [0, 1, 1, 1]);
    // Each image is one colour; its channel means say which (transparent red shows as white).
    const colours = [...data.train.t.data].map((label, i) => {
      const image = Array.from(data.train.x.data.subarray(i * 12, (i + 1) * 12));
      const means = [0, 1, 2].map((c) => image.slice(c * 4, (c + 1) * 4).reduce((p, v) => p + v, 0) / 4);
      return `${data.classes?.[label]}:${means.join(',')}`;
    });
    assert.deepEqual(colours.sort(), ['blue:0,0,1', 'red:1,0,0', 'red:1,0,0', 'red:1,1,1']);
  });
});

test('loadImageFolder: grey by default, a seeded test split, float32 on request', () => {
  withTempDir((root) => {
    makeFolder(root);
    const data = loadImageFolder(root, { size: [3, 3], testFraction: 0.25, seed: 1, dtype: 'float32' });
    assert.deepEqual(data.train.x.shape, [3, 1, 3, 3]);
    assert.deepEqual(data.test.x.shape, [1, 1, 3, 3]);
    assert.equal(data.train.x.dtype, 'float32');
    const again = loadImageFolder(root, { size: [3, 3], testFraction: 0.25, seed: 1, dtype: 'float32' });
    assert.deepEqual(again.test.x.toArray(), data.test.x.toArray());
  });
});

test('loadImageFolder names the folder or file at fault', () => {
  withTempDir((root) => {
    throwsWith(() => loadImageFolder(root, { size: [2, 2] }), 'BAD_FILE', /no class folders/);
    mkdirSync(join(root, 'empty'));
    throwsWith(() => loadImageFolder(root, { size: [2, 2] }), 'BAD_FILE', /class folder "empty" holds no \.png files/);
    writeFileSync(join(root, 'empty', 'bad.png'), 'not a png');
    throwsWith(() => loadImageFolder(root, { size: [2, 2] }), 'BAD_FILE', /bad\.png/);
    throwsWith(() => loadImageFolder(join(root, 'nowhere'), { size: [2, 2] }), 'BAD_FILE', /nowhere/);
    throwsWith(() => loadImageFolder(root, { size: [0, 2] }), 'BAD_ARGUMENT', /size must be/);
    throwsWith(
      () => loadImageFolder(root, { size: [2, 2], channels: 4 as never }),
      'BAD_ARGUMENT',
      /channels must be 1 or 3/,
    );
  });
});
