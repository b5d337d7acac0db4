// Tables in a browser: parseCsv and friends are in the browser core bundle and run there; the file
// loaders stay in the Node entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

test('the browser core bundle parses CSV, standardizes and resizes; file loaders stay out', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/core.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  assert.doesNotMatch(code, /from\s*["']node:/);
  const core = (await import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  )) as typeof import('../../src/core.js');
  const data = core.parseCsv('x,y\n1,b\n3,a\n', { testFraction: 0 });
  assert.deepEqual(data.classes, ['a', 'b']);
  assert.deepEqual(data.standardization, { mean: [2], std: [1] });
  assert.deepEqual(core.parseCsvFeatures('x\n5\n').rows, [2]);
  assert.equal(typeof core.resizeImage, 'function');
  for (const name of ['loadCsv', 'loadCsvFeatures', 'loadNpzDataset', 'loadImageFolder']) {
    assert.equal(name in core, false, `${name} reads files, so it is not in the browser core`);
  }
});
