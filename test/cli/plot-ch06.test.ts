// `scratchnet plot` for the chapter 6 figures, run in this process (through run(), as main.ts runs
// it) at short settings: each writes a well-formed SVG and a PNG of the same size, and prints what
// it measured; options a figure does not read are refused by name, before any training.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PNG } from 'pngjs';
import '../../src/index.js'; // the WASM kernels, as the command has them
import { run } from '../../src/cli/run.js';
import { byClass, parseSvg } from '../plot/xml.js';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

async function plot(...args: string[]): Promise<Result> {
  const stdout = sink();
  const stderr = sink();
  const code = await run(['plot', ...args], { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const out = mkdtempSync(join(tmpdir(), 'scratchnet-ch06-'));

/** Checks `<out>/<name>.svg` and `.png`; returns the parsed SVG's panel count. */
function checkFiles(name: string): number {
  const root = parseSvg(readFileSync(join(out, `${name}.svg`), 'utf8'));
  const png = PNG.sync.read(readFileSync(join(out, `${name}.png`)));
  assert.equal(png.width, Number(root.attrs.width), `${name}.png width`);
  assert.equal(png.height, Number(root.attrs.height), `${name}.png height`);
  return byClass(root, 'panel').length;
}

/** Every number printed after `label`, line by line. */
function numbers(stdout: string, pattern: RegExp): number[][] {
  return [...stdout.matchAll(pattern)].map((m) => m.slice(1).map(Number));
}

describe('scratchnet plot, chapter 6', { concurrency: false }, () => {
  test('optimizer-paths: the four end points, as numpy has them', async () => {
    const r = await plot('optimizer-paths', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SGD \(lr 0\.95\): \(-0\.350393, 0\.0847823\) after 30 steps/m);
    assert.match(r.stdout, /^Adam \(lr 0\.3\): \(0\.136007, 0\.318245\) after 30 steps/m);
    assert.match(r.stdout, /wrote .*optimizer-paths\.svg and .*optimizer-paths\.png/);
    assert.equal(checkFiles('optimizer-paths'), 4);
  });

  test('activation-histograms: six settings of five layers; He keeps the spread std 0.01 loses', async () => {
    const r = await plot('activation-histograms', '--out', out, '--format', 'both');
    assert.equal(r.code, 0, r.stderr);
    const std = Object.fromEntries(
      [...r.stdout.matchAll(/^(.*): std per layer (.*)$/gm)].map((m) => [m[1]!, m[2]!.split(' ').map(Number)]),
    );
    assert.deepEqual(Object.keys(std), [
      'sigmoid, std 1',
      'sigmoid, std 0.01',
      'sigmoid, Xavier',
      'ReLU, std 0.01',
      'ReLU, Xavier',
      'ReLU, He',
    ]);
    assert.ok(std['ReLU, He']![4]! > 0.5 && std['ReLU, std 0.01']![4]! < 1e-5, r.stdout);
    assert.equal(checkFiles('activation-histograms'), 30);
  });

  test('optimizer-comparison and weight-init: one smoothed final loss per network', async () => {
    const a = await plot('optimizer-comparison', '--iterations', '30', '--train-size', '2000', '--out', out);
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(
      [...a.stdout.matchAll(/^(\w+): smoothed loss [0-9.]+ after 30 iterations$/gm)].map((m) => m[1]),
      ['SGD', 'Momentum', 'AdaGrad', 'Adam'],
    );
    assert.match(a.stderr, /iteration 30\/30/, 'progress on stderr');
    assert.equal(checkFiles('optimizer-comparison'), 0, 'one chart, no panels');
    const b = await plot(
      'weight-init',
      '--iterations',
      '30',
      '--train-size',
      '2000',
      '--seed',
      '3',
      '--format',
      'png',
      '--out',
      out,
    );
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(
      [...b.stdout.matchAll(/^(\S+): smoothed loss/gm)].map((m) => m[1]),
      ['std=0.01', 'Xavier', 'He'],
    );
    assert.match(b.stdout, /wrote \S+weight-init\.png\n$/);
  });

  test('batchnorm: a line and a panel per scale', async () => {
    const r = await plot('batchnorm', '--scales', '0.01,0.001', '--epochs', '3', '--train-size', '300', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const rows = numbers(
      r.stdout,
      /^W ([0-9.e-]+): train acc ([0-9.]+) with batch norm, ([0-9.]+) without \(3 epochs\)$/gm,
    );
    assert.deepEqual(
      rows.map(([w]) => w),
      [0.01, 0.001],
    );
    assert.equal(checkFiles('batchnorm'), 2);
  });

  test('overfitting: three settings with train and test accuracy and their gap', async () => {
    const r = await plot('overfitting', '--epochs', '3', '--train-size', '100', '--test-size', '200', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const rows = [
      ...r.stdout.matchAll(/^(.*): train acc ([0-9.]+), test acc ([0-9.]+), gap (-?[0-9.]+) after 3 epochs$/gm),
    ];
    assert.deepEqual(
      rows.map((m) => m[1]),
      ['no regularisation', 'weight decay 0.1', 'dropout 0.15'],
    );
    for (const m of rows) assert.ok(Math.abs(Number(m[2]) - Number(m[3]) - Number(m[4])) < 1e-3, m[0]);
    assert.equal(checkFiles('overfitting'), 3);
  });

  test('hyperparameter-search: the split, the best trials first, a panel per trial', async () => {
    const r = await plot(
      'hyperparameter-search',
      '--trials',
      '3',
      '--epochs',
      '2',
      '--train-size',
      '100',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^80 training and 20 validation images, 3 trials of 2 epochs$/m);
    const best = numbers(r.stdout, /^Best-\d \(val acc ([0-9.]+)\) \| lr ([0-9.e-]+), weight decay ([0-9.e-]+)$/gm);
    assert.equal(best.length, 3);
    assert.deepEqual(
      best.map(([acc]) => acc),
      best.map(([acc]) => acc!).sort((x, y) => y - x),
    );
    for (const [, lr, wd] of best) assert.ok(lr! >= 1e-6 && lr! <= 1e-2 && wd! >= 1e-8 && wd! <= 1e-4);
    assert.equal(checkFiles('hyperparameter-search'), 3);
  });

  test('options a figure does not read, and bad values, fail at once with one clear line', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['optimizer-paths', '--iterations', '5'],
        /--iterations does not apply to plot optimizer-paths \(it applies to optimizer-comparison, weight-init\)/,
      ],
      [['step', '--trials', '3'], /--trials does not apply to plot step \(it applies to hyperparameter-search\)/],
      [['activation-histograms', '--train-size', '10'], /--train-size does not apply to plot activation-histograms/],
      [['batchnorm', '--scales', '1,-2'], /--scales must be 'all' or positive numbers/],
      [['overfitting', '--epochs', '0'], /--epochs must be an integer >= 1, got "0"/],
      [['weight-init', '--dtype', 'float16'], /--dtype must be one of float32, float64, got "float16"/],
      [['hyperparameter-search', '--format', 'jpg'], /--format must be one of svg, png, both, got "jpg"/],
      [['optimizer-comparison', '--seed=-1'], /--seed must be an integer >= 0/],
    ];
    for (const [args, message] of cases) {
      const started = performance.now();
      const r = await plot(...args, '--out', out);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(
        performance.now() - started < 3000,
        `${args.join(' ')} failed only after ${performance.now() - started} ms`,
      );
    }
  });

  test('plot --help lists the chapter 6 figures and their options', async () => {
    const r = await plot('--help');
    assert.equal(r.code, 0);
    for (const name of [
      'optimizer-paths',
      'optimizer-comparison',
      'weight-init',
      'activation-histograms',
      'batchnorm',
      'overfitting',
      'hyperparameter-search',
    ]) {
      assert.match(r.stdout, new RegExp(`\\n  ${name} `), name);
    }
    for (const option of ['--iterations', '--epochs', '--scales', '--trials', '--seed', '--dtype'])
      assert.ok(r.stdout.includes(option), option);
  });
});
