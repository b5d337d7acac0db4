// `scratchnet train --layers` on data of one's own, end to end through the command line: a CSV of
// named classes with one feature on 1000 times the others' scale and a noise column, a regression
// CSV, and a convnet of one's own on MNIST; then eval, predict and summary on the saved models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, Random, saveNpz } from '../../src/index.js';
import { encodeGrayPng } from '../../src/plot/png-encode.js';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scaled = join(root, 'test/fixtures/data/scaled.csv');
const regression = join(root, 'test/fixtures/data/regression.csv');

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  assert.equal(r.code, 0, `scratchnet ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scratchnet-table-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const FAST = ['--optimizer', 'adam', '--lr', '0.01', '--batch-size', '20', '--sampling', 'shuffle', '--seed', '1'];

test(
  'a CSV of named classes: train standardizes it and saves a model that eval and predict read by name',
  withDir(async (dir) => {
    const out = await ok(
      'train',
      '--layers',
      'dense16,relu,dense3',
      '--dataset',
      scaled,
      '--label',
      'fruit',
      '--epochs',
      '8',
      ...FAST,
      '--out',
      dir,
    );
    assert.match(out, /dense16 +Affine +\(None, 16\) +64/, 'the summary comes before training');
    assert.ok(out.indexOf('Total params') < out.indexOf('epoch 1:'));
    const model = join(dir, 'model.safetensors');
    const evaluated = await ok('eval', '--weights', model, '--dataset', scaled, '--label', 'fruit');
    const accuracy = Number(/^Accuracy:(0\.\d{4})$/m.exec(evaluated)?.[1]);
    // Without standardization the weight column (1000x the others) swamps the rest: about 0.6 after 8 epochs.
    assert.ok(accuracy > 0.95, `accuracy ${accuracy}`);
    assert.match(evaluated, /^ {2}apple +\d\.\d{4} +\(\d+\/100\)$/m);
    const predicted = (await ok('predict', '--weights', model, scaled)).trim().split('\n');
    assert.equal(predicted.length, 300);
    assert.match(predicted[0]!, /row 2: (apple|banana|cherry) \(p=\d\.\d{4}\)$/);
    const summary = await ok('summary', '--weights', model);
    assert.match(summary, /Total params: 115/);
    assert.match(summary, /classes: apple, banana, cherry/);
  }),
);

test(
  'without standardization the same run does worse, and unknown labels in eval data are named',
  withDir(async (dir) => {
    const args = ['--layers', 'dense16,relu,dense3', '--dataset', scaled, '--epochs', '8', ...FAST, '--out', dir];
    await ok('train', ...args, '--no-standardize');
    const model = join(dir, 'model.safetensors');
    const evaluated = await ok('eval', '--weights', model, '--dataset', scaled);
    assert.ok(Number(/^Accuracy:(\S+)$/m.exec(evaluated)?.[1]) < 0.95, evaluated);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'length_cm,weight_g,noise,fruit\n0.4,800,0.1,plum\n');
    const r = await cli('eval', '--weights', model, '--dataset', other);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /"plum"/);
  }),
);

test(
  'a regression CSV with --loss mse: eval prints MSE well below the targets variance, and MAE',
  withDir(async (dir) => {
    const args = ['--layers', 'dense32,tanh,dense1', '--loss', 'mse', '--dataset', regression, '--epochs', '30'];
    await ok('train', ...args, ...FAST, '--batch-size', '10', '--out', dir);
    const model = join(dir, 'model.safetensors');
    const evaluated = await ok('eval', '--weights', model, '--dataset', regression);
    const mse = Number(/^MSE:(\S+)$/m.exec(evaluated)?.[1]);
    assert.match(evaluated, /^MAE:\d/m);
    // y = sin(x) + noise has variance about 0.54; a model that learned nothing scores that.
    assert.ok(mse < 0.1, `MSE ${mse}`);
    const predicted = (await ok('predict', '--weights', model, regression)).trim().split('\n');
    assert.equal(predicted.length, 200);
    assert.match(predicted[0]!, /row 2: -?\d+\.\d{4}$/);
  }),
);

test(
  'a convnet of ones own on MNIST: train --layers saves a model that eval and summary read',
  withDir(async (dir) => {
    const layers = 'conv8x5,relu,pool2,dense10';
    const size = ['--train-size', '500', '--test-size', '200'];
    await ok(
      'train',
      '--layers',
      layers,
      ...size,
      '--epochs',
      '1',
      '--optimizer',
      'adam',
      '--lr',
      '0.001',
      '--out',
      dir,
    );
    const model = join(dir, 'model.safetensors');
    const evaluated = await ok('eval', '--weights', model, '--test-size', '200', '--out', join(dir, 'eval'));
    assert.match(evaluated, /^Accuracy:0\.\d+$/m);
    const summary = await ok('summary', '--weights', model);
    assert.match(summary, /conv8x5 +Convolution +\(None, 8, 24, 24\) +208/);
  }),
);

test(
  'an .npz without a test part, all of it trained on (--test-fraction 0): one sigmoid output, no test split',
  withDir(async (dir) => {
    const x = new Random(1).randn([120, 4]);
    const t = array(
      Array.from({ length: 120 }, (_, i) => Number(x.data[4 * i]! > 0)),
      { dtype: 'int32' },
    );
    const data = join(dir, 'data.npz');
    saveNpz(data, { x, t });
    const layers = ['--layers', 'dense8,relu,dense1', '--loss', 'sigmoid-cross-entropy'];
    const out = await ok(
      'train',
      ...layers,
      '--dataset',
      data,
      '--test-fraction',
      '0',
      '--epochs',
      '10',
      ...FAST,
      '--out',
      dir,
    );
    assert.match(out, /epoch 10: train acc 0\.9\d{3}, test acc -/);
    assert.match(out, /no test split/);
    assert.match(await ok('summary', '--weights', join(dir, 'model.safetensors')), /sigmoid-cross-entropy/);
  }),
);

test(
  'a folder of class folders of pictures: train --layers takes the class names from the folder names',
  withDir(async (dir) => {
    const root = join(dir, 'pictures');
    // Bright on the left half or on the right half, 8x8: a convnet tells them apart at once.
    for (const [name, left] of [
      ['left', true],
      ['right', false],
    ] as const) {
      mkdirSync(join(root, name), { recursive: true });
      for (let i = 0; i < 10; i++) {
        const pixels = Uint8Array.from({ length: 64 }, (_, p) => (p % 8 < 4 === left ? 200 + i : 10 + i));
        writeFileSync(join(root, name, `${i}.png`), encodeGrayPng(pixels, 8, 8));
      }
    }
    const layers = ['--layers', 'conv4x3,relu,pool2,dense2'];
    const out = await ok(
      'train',
      ...layers,
      '--dataset',
      root,
      '--epochs',
      '5',
      ...FAST,
      '--batch-size',
      '4',
      '--out',
      dir,
    );
    assert.match(out, /input \(None, 1, 28, 28\)/);
    assert.match(await ok('summary', '--weights', join(dir, 'model.safetensors')), /classes: left, right/);
  }),
);

test('options that do not apply to --layers are refused by name, as is an unknown layer', async () => {
  const cases: [string[], RegExp][] = [
    [['--layers', 'dense10', '--hidden', '100'], /--hidden does not apply to --layers/],
    [['--layers', 'dense10', '--model', 'mlp'], /give --layers or --model, not both/],
    [['--layers', 'dense10,foo'], /--layers must be a layer spec .*unknown layer "foo" at position 2/],
  ];
  for (const [args, message] of cases) {
    const r = await cli('train', ...args);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, message);
  }
});
