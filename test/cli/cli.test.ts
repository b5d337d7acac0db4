// The scratchnet command run as a user runs it: a child process, its stdout, stderr, exit code and files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWeightsFile } from '../../src/index.js';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const samplePkl = join(root, 'test/fixtures/pickle/sample_weight.pkl');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function assertPng(path: string): void {
  assert.deepEqual([...readFileSync(path).subarray(0, 8)], PNG_SIGNATURE, `${path} is a PNG`);
}

function assertSvg(path: string): void {
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
  assert.match(text.trimEnd(), /<\/svg>$/);
}

const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-cli-'));

describe('scratchnet', { concurrency: true }, () => {
  test('--help lists the commands; each command has --help', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    for (const c of ['train', 'eval', 'predict', 'gradcheck', 'plot', 'show', 'serve'])
      assert.match(help.stdout, new RegExp(`\\n  ${c} `));
    const trainHelp = await cli('train', '--help');
    assert.equal(trainHelp.code, 0);
    assert.match(trainHelp.stdout, /--hidden <sizes>/);
    assert.match(trainHelp.stdout, /--optimizer <name>/);
  });

  test('bad usage is one line on stderr and exit code 1 or 2, never a stack trace', async () => {
    const unknownOption = await cli('train', '--hiden', '100');
    assert.equal(unknownOption.code, 1);
    assert.match(unknownOption.stderr, /--hiden/);
    assert.doesNotMatch(unknownOption.stderr, /\n\s+at /);
    const badValue = await cli('train', '--hidden', '100,x', '--out', tmp);
    assert.equal(badValue.code, 1);
    assert.match(badValue.stderr, /--hidden must be a comma-separated list/);
    assert.equal((await cli('frobnicate')).code, 2);
  });

  test('train on a small subset writes the model, history and both charts as valid files', async () => {
    const out = join(tmp, 'train');
    const r = await cli(
      'train',
      '--train-size',
      '2000',
      '--test-size',
      '500',
      '--epochs',
      '2',
      '--batch-size',
      '50',
      '--hidden',
      '30',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout.match(/^epoch \d+: train acc [0-9.]+, test acc [0-9.]+$/gm) ?? []).length, 2, r.stdout);
    assert.match(r.stderr, /iteration \d+\/80/, 'progress on stderr');
    for (const f of ['model.safetensors', 'history.json', 'loss.svg', 'loss.png', 'accuracy.svg', 'accuracy.png']) {
      assert.ok(existsSync(join(out, f)), f);
      assert.ok(r.stdout.includes(join(out, f.replace(/\.(svg|png)$/, ''))), `the output names ${f}`);
    }
    assertPng(join(out, 'loss.png'));
    assertPng(join(out, 'accuracy.png'));
    assertSvg(join(out, 'loss.svg'));
    assertSvg(join(out, 'accuracy.svg'));
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as {
      loss: number[];
      testAcc: number[];
    };
    assert.equal(history.loss.length, 80);
    assert.equal(history.testAcc.length, 2);
    const model = loadWeightsFile(join(out, 'model.safetensors'));
    assert.deepEqual(model.tensors.W1!.shape, [784, 30]);
    assert.match(model.metadata.architecture!, /"hiddenSizes":\[30\]/);
    // The saved model evaluates to the accuracy the training run reported.
    const evaluated = await cli(
      'eval',
      '--weights',
      join(out, 'model.safetensors'),
      '--test-size',
      '500',
      '--out',
      join(out, 'eval'),
      '--dtype',
      'float32',
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.equal(Number(/^Accuracy:(\S+)$/m.exec(evaluated.stdout)![1]), history.testAcc[1]);
  });

  test("eval of the book's sample_weight.pkl prints Accuracy:0.9352, per-class accuracy and a confusion matrix", async () => {
    const out = join(tmp, 'eval');
    const r = await cli('eval', '--weights', samplePkl, '--arch', 'book-ch03', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Accuracy:0\.9352$/m);
    assert.match(r.stdout, /per-class accuracy:\n {2}0: 0\.\d{4}/);
    assert.match(r.stdout, /confusion matrix/);
    assertPng(join(out, 'confusion.png'));
    assertSvg(join(out, 'per-class.svg'));
  });

  test('predict reads back the digits that show writes (any size: show writes 280x280)', async () => {
    // Test images 0..4 are 7 2 1 0 4, all classified correctly by the book's network.
    const labels = [7, 2, 1, 0, 4];
    const paths: string[] = [];
    for (const [i, label] of labels.entries()) {
      const path = join(tmp, `digit-${i}.png`);
      const shown = await cli('show', String(i), '--out', path);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, new RegExp(`test image ${i}: label ${label}`));
      assert.match(shown.stdout, /[#%@]/, 'the digit is drawn in the terminal');
      assertPng(path);
      paths.push(path);
    }
    const r = await cli('predict', '--weights', samplePkl, '--arch', 'book-ch03', ...paths);
    assert.equal(r.code, 0, r.stderr);
    const predicted = [...r.stdout.matchAll(/: (\d) \(p=/g)].map((m) => Number(m[1]));
    assert.deepEqual(predicted, labels);

    // A bad picture among good ones: reported, the others still classified, exit code 1 at the end.
    const bad = join(tmp, 'bad.png');
    writeFileSync(bad, 'not a png');
    const mixed = await cli('predict', '--weights', samplePkl, '--arch', 'book-ch03', paths[0]!, bad, paths[1]!);
    assert.equal(mixed.code, 1);
    assert.deepEqual(
      [...mixed.stdout.matchAll(/: (\d) \(p=/g)].map((m) => Number(m[1])),
      [7, 2],
    );
    assert.match(mixed.stderr, /bad\.png/);
    assert.match(mixed.stderr, /1 of 3 images could not be classified: .*bad\.png$/m);
  });

  test('a corrupt weights file is a one-line error and exit code 1', async () => {
    const bad = join(tmp, 'corrupt.safetensors');
    const good = readFileSync(samplePkl);
    writeFileSync(bad, good.subarray(0, 1000));
    const r = await cli('eval', '--weights', bad, '--arch', 'book-ch03');
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /corrupt\.safetensors/);
    const missing = await cli('eval', '--weights', join(tmp, 'nope.safetensors'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.safetensors.*no such file/);
  });

  test('gradcheck prints one line per parameter, all tiny', async () => {
    const r = await cli('gradcheck', '--hidden', '10');
    assert.equal(r.code, 0, r.stderr);
    const lines = [...r.stdout.matchAll(/^(W1|b1|W2|b2):(\S+)/gm)];
    assert.deepEqual(
      lines.map((m) => m[1]),
      ['W1', 'b1', 'W2', 'b2'],
    );
    for (const m of lines) assert.ok(Number(m[2]) < 1e-6, m[0]);
  });

  test('plot writes a book figure as SVG and PNG', async () => {
    const out = join(tmp, 'plots');
    for (const figure of ['sigmoid-vs-step', 'gradient-descent', 'mnist']) {
      const r = await cli('plot', figure, '--out', out);
      assert.equal(r.code, 0, r.stderr);
      assertSvg(join(out, `${figure}.svg`));
      assertPng(join(out, `${figure}.png`));
    }
    assert.equal((await cli('plot', 'nope')).code, 1);
  });
});
