// `scratchnet export`: an ONNX file ONNX Runtime runs with scratchnet's predictions, a PyTorch
// folder, and refusals that leave no partial file and the previous files as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSafetensors, modelToTensors, type ModelData, saveSafetensors, Sequential } from '../../src/index.js';
import { cli } from '../helpers/cli.js';
import { readOnnx } from './onnx-read.js';
import { expected, maxDifference, randomInput, randomize, runOnnx, session } from './ort.js';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-export-cli-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function saved(
  name: string,
  layers: string,
  inputShape: number[],
  data: ModelData = {},
): { net: Sequential; path: string } {
  const net = new Sequential({ inputShape, layers, seed: 1, dtype: 'float32' });
  randomize(net, 1);
  const path = join(dir, `${name}.safetensors`);
  const { tensors, metadata } = modelToTensors(net, data);
  saveSafetensors(path, tensors, metadata);
  return { net, path };
}

test('export --format onnx: the file runs in ONNX Runtime with the saved model predictions, standardization and class names included', async () => {
  const data = { classes: ['a', 'b', 'c'], standardization: { mean: [10, -1, 0, 2], std: [5, 0.5, 1, 3] } };
  const { net, path } = saved('table', 'dense6,bn,relu,dropout0.2,dense3', [4], data);
  const out = join(dir, 'new-folder', 'table.onnx');
  const r = await cli('export', '--weights', path, '--format', 'onnx', '--out', out, '--opset', '13');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*table\.onnx \(ONNX opset 13/);
  const bytes = new Uint8Array(readFileSync(out));
  const model = readOnnx(bytes);
  assert.equal(model.opsets[0]?.version, 13);
  assert.equal(model.metadata['scratchnet.classes'], '["a","b","c"]');
  const x = randomInput([4], 6, 3);
  const raw = x.copy();
  for (let i = 0; i < raw.size; i++)
    raw.data[i] = x.data[i]! * data.standardization.std[i % 4]! + data.standardization.mean[i % 4]!;
  const got = await runOnnx(await session(bytes), raw);
  assert.ok(maxDifference(got.data, expected(net, x).data as ArrayLike<number>) < 1e-5);
});

test('export --format pytorch: model.py and model.safetensors with PyTorch names and layouts', async () => {
  const { path } = saved('conv', 'conv3x3,relu,pool2,dense4', [1, 8, 8]);
  const out = join(dir, 'torch');
  const r = await cli('export', '--weights', path, '--format', 'pytorch', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['model.py', 'model.safetensors']);
  assert.equal(r.stdout, `wrote ${join(out, 'model.py')} and ${join(out, 'model.safetensors')}\n`);
  assert.match(readFileSync(join(out, 'model.py'), 'utf8'), /nn\.Conv2d\(1, 3, kernel_size=3, stride=1, padding=0\)/);
  const { tensors, metadata } = loadSafetensors(join(out, 'model.safetensors'));
  assert.deepEqual(metadata, { format: 'pt' });
  assert.deepEqual(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape])), {
    '0.weight': [3, 1, 3, 3],
    '0.bias': [3],
    '4.weight': [4, 27],
    '4.bias': [4],
  });
});

test('export refuses what it cannot write, naming the layer, and leaves the previous files as they were', async () => {
  const { path } = saved('tanh', 'dense3,tanh,dropout0.5,tanh,dense2', [4]);
  const out = join(dir, 'refused');
  mkdirSync(out);
  writeFileSync(join(out, 'model.py'), 'previous');
  const r = await cli('export', '--weights', path, '--format', 'pytorch', '--out', out);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^scratchnet export: exportPytorch: layer 3 \(dropout0\.5\): PyTorch's Dropout does not scale/,
  );
  assert.deepEqual(readdirSync(out), ['model.py']);
  assert.equal(readFileSync(join(out, 'model.py'), 'utf8'), 'previous');

  const opset = await cli('export', '--weights', path, '--out', join(dir, 'x.onnx'), '--opset', '12');
  assert.equal(opset.code, 1);
  assert.match(opset.stderr, /--opset must be an integer from 13 to 21, got "12"/);
  const mixed = await cli('export', '--weights', path, '--format', 'pytorch', '--opset', '17', '--out', out);
  assert.match(mixed.stderr, /--opset is for --format onnx/);
});

test('export --format onnx writes atomically: a failed write leaves no partial file, a failed load the old file', async () => {
  const { path } = saved('small', 'dense3,relu,dense2', [4]);
  const target = join(dir, 'atomic');
  mkdirSync(join(target, 'taken.onnx'), { recursive: true });
  const r = await cli('export', '--weights', path, '--out', join(target, 'taken.onnx'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot write .*taken\.onnx/);
  assert.deepEqual(readdirSync(target), ['taken.onnx'], 'no temporary file is left behind');

  const existing = join(target, 'model.onnx');
  writeFileSync(existing, 'previous model');
  const broken = join(dir, 'broken.safetensors');
  writeFileSync(broken, readFileSync(path).subarray(0, 40));
  const failed = await cli('export', '--weights', broken, '--out', existing);
  assert.equal(failed.code, 1);
  assert.equal(readFileSync(existing, 'utf8'), 'previous model');
  assert.deepEqual(readdirSync(target).sort(), ['model.onnx', 'taken.onnx']);
});
