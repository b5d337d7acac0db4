// The recipes beyond the book run as a reader runs them and print what their documentation promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { exampleLines, projectRoot, runExample } from '../helpers/run-example.js';

const XOR_LINES = ['0 xor 0 -> 0', '0 xor 1 -> 1', '1 xor 0 -> 1', '1 xor 1 -> 0'];

/** The number after `prefix` on the line that starts with it. */
function numberAfter(lines: string[], prefix: string): number {
  const line = lines.find((l) => l.startsWith(prefix));
  assert.ok(line !== undefined, `no line starts with ${JSON.stringify(prefix)} in:\n${lines.join('\n')}`);
  return Number(line.slice(prefix.length));
}

test('xor.ts: a 2-8-2 network predicts all four XOR cases', async () => {
  const lines = await exampleLines('examples/recipes/xor.ts');
  assert.deepEqual(lines.slice(-5, -1), XOR_LINES);
  assert.equal(lines.at(-1), 'accuracy 1');
  assert.ok(numberAfter(lines, 'step 500: loss ') < 0.01, 'the loss falls below 0.01');
});

test('your-own-table.ts: the standardised fruit table is learnt to test accuracy >= 0.95', async () => {
  const lines = await exampleLines('examples/recipes/your-own-table.ts');
  // 29 of the 30 test rows or better; guessing gives 1/3, the unscaled columns 0.9.
  assert.ok(numberAfter(lines, 'test accuracy ') >= 0.95, lines.join('\n'));
  assert.ok(numberAfter(lines, 'train accuracy ') >= 0.95, lines.join('\n'));
});

test('save-and-load.ts: the loaded network predicts exactly what the saved one did', async () => {
  const lines = await exampleLines('examples/recipes/save-and-load.ts');
  assert.equal(lines.length, 3, lines.join('\n'));
  const saved = lines[0]?.replace(/^saved: +/, '');
  const loaded = lines[1]?.replace(/^loaded: +/, '');
  assert.ok(saved !== undefined && saved.split(' ').length === 8, 'eight scores: four inputs, two classes');
  assert.equal(loaded, saved);
  assert.equal(lines[2], 'identical: true');
});

test('browser/main.ts: bundled for the browser by esbuild, the bundle learns XOR (run by Node)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-recipe-bundle-'));
  try {
    const outfile = join(dir, 'xor.mjs');
    await build({
      entryPoints: [join(projectRoot, 'examples/recipes/browser/main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile,
      logLevel: 'silent',
    });
    const { code, stdout, stderr } = await runExample(outfile);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines.slice(1), XOR_LINES);
    assert.ok(numberAfter(lines, 'final loss ') < 0.01, lines.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
