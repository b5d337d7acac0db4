// What train, eval and predict do with labels a model cannot have and with weights that cannot be
// right: an error that names the label or tensor, never a silent extra class or a nonsense accuracy.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { writeIdx } from '../../src/data/idx.js';
import { MNIST_FILES } from '../../src/data/node.js';
import { array, decodeSafetensors, encodeSafetensors, NDArray } from '../../src/index.js';
import { cli, type CliResult } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-labels-'));
const samplePkl = new URL('../fixtures/pickle/sample_weight.pkl', import.meta.url).pathname;

/** An MNIST-layout folder of random 28x28 images with the given training and test labels. */
function idxFolder(name: string, trainLabels: number[], testLabels: number[]): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const images = (n: number): NDArray => {
    const a = NDArray.empty([n, 28, 28], 'uint8');
    for (let i = 0; i < a.size; i++) a.data[i] = (i * 7919) % 256;
    return a;
  };
  const labels = (values: number[]): NDArray => array(values, { dtype: 'int32' });
  writeFileSync(join(dir, MNIST_FILES.trainImages), writeIdx(images(trainLabels.length)));
  writeFileSync(join(dir, MNIST_FILES.trainLabels), writeIdx(labels(trainLabels), { type: 'int32' }));
  writeFileSync(join(dir, MNIST_FILES.testImages), writeIdx(images(testLabels.length)));
  writeFileSync(join(dir, MNIST_FILES.testLabels), writeIdx(labels(testLabels), { type: 'int32' }));
  return dir;
}

const digits = (n: number): number[] => Array.from({ length: n }, (_, i) => i % 10);
const TINY = ['--hidden', '8', '--iterations', '2', '--batch-size', '10'];

function assertRefused(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

describe('labels', { concurrency: true }, () => {
  test('one stray label 255 among digits is refused, naming the unused classes; --num-classes keeps it', async () => {
    const dir = idxFolder('stray', [...digits(39), 255], digits(10));
    assertRefused(
      await cli('train', '--dataset', dir, ...TINY, '--out', join(tmp, 'o1')),
      /training labels go up to 255 but never use class 10, 11, 12, 13, 14, \.\.\. \(245 in all\).*--num-classes 256/,
    );
    const kept = await cli('train', '--dataset', dir, ...TINY, '--num-classes', '256', '--out', join(tmp, 'o2'));
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(kept.stderr, /784-8-256/);
  });

  test('a test label that no training sample has is an error naming it', async () => {
    const dir = idxFolder(
      'test-only',
      digits(30).map((d) => d % 9),
      [0, 1, 9],
    );
    assertRefused(
      await cli('train', '--dataset', dir, ...TINY, '--out', join(tmp, 'o3')),
      /the test labels include 9, which no training sample has/,
    );
  });

  test('a label of 20,000,000 is refused instead of sizing a 20-million-class layer', async () => {
    const dir = idxFolder('huge', [...digits(9), 20_000_000], digits(10));
    assertRefused(
      await cli('train', '--dataset', dir, ...TINY, '--out', join(tmp, 'o4')),
      /training sample 9 has label 20000000: a label must be a class number from 0 to 99999/,
    );
  });

  test('eval on data with a label outside the model classes names the label and the sample', async () => {
    const dir = idxFolder('eval', digits(20), [3, 1, 12]);
    assertRefused(
      await cli('eval', '--weights', samplePkl, '--dataset', dir),
      /test sample 2 has label 12, but .*sample_weight\.pkl has 10 classes \(0 to 9\)/,
    );
  });

  test('an empty training set says so', async () => {
    const dir = idxFolder('empty', [], digits(10));
    assertRefused(await cli('train', '--dataset', dir, ...TINY, '--out', join(tmp, 'o5')), /training split is empty/);
  });
});

describe('weights', { concurrency: true }, () => {
  test("the book's chapter 3 weights without --arch are recognised as its sigmoid network", async () => {
    const r = await cli('eval', '--weights', samplePkl, '--test-size', '2000', '--out', join(tmp, 'e1'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /architecture: the book's chapter 3 network \(784-50-100-10, sigmoid\)/);
    // The same 2000 images with --arch book-ch03 (the book's figure on all 10000 is 0.9352).
    const named = await cli(
      'eval',
      '--weights',
      samplePkl,
      '--arch',
      'book-ch03',
      '--test-size',
      '2000',
      '--out',
      join(tmp, 'e2'),
    );
    assert.equal(/^Accuracy:(\S+)$/m.exec(r.stdout)?.[1], /^Accuracy:(\S+)$/m.exec(named.stdout)?.[1]);
  });

  test('a model whose weights hold NaN is refused, naming the tensor and position', async () => {
    const out = join(tmp, 'nan-model');
    const trained = await cli('train', ...TINY, '--train-size', '100', '--test-size', '50', '--out', out);
    assert.equal(trained.code, 0, trained.stderr);
    const file = join(out, 'model.safetensors');
    const saved = decodeSafetensors(new Uint8Array(readFileSync(file)));
    const W2 = saved.tensors.W2!;
    W2.data[3] = Number.NaN;
    writeFileSync(file, encodeSafetensors(saved.tensors, saved.metadata));
    assertRefused(
      await cli('eval', '--weights', file, '--test-size', '50', '--out', join(tmp, 'e3')),
      /W2 holds NaN at row 0, element 3: the weights are unusable/,
    );
  });

  test('resuming from a checkpoint whose weights hold NaN names the tensor instead of calling it a diverging run', async () => {
    const out = join(tmp, 'nan-checkpoint');
    const first = await cli(
      'train',
      ...TINY,
      '--iterations',
      '4',
      '--checkpoint-every',
      '2',
      '--train-size',
      '100',
      '--test-size',
      '50',
      '--out',
      out,
    );
    assert.equal(first.code, 0, first.stderr);
    const file = join(out, 'checkpoint', 'checkpoint.safetensors');
    const saved = decodeSafetensors(new Uint8Array(readFileSync(file)));
    saved.tensors.W1!.data[0] = Number.POSITIVE_INFINITY;
    writeFileSync(file, encodeSafetensors(saved.tensors, saved.metadata));
    const r = await cli('train', '--resume', out);
    assertRefused(r, /checkpoint\.safetensors: W1 holds Infinity at row 0, element 0: the weights are unusable/);
    assert.doesNotMatch(r.stderr, /learning rate/);
  });
});
