// The core must run unchanged in a browser: bundling it for the browser must not meet any node:*
// module, and the bundle must compute the same numbers as the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/core.ts', import.meta.url));

test('src/core.ts bundles for the browser and the bundle runs', async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /from\s*["']node:/);
  const mod = (await import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  )) as typeof import('../../src/core.js');
  assert.equal(mod.softmax([0.3, 2.9, 4.0]).toString(), 'array([0.01821127, 0.24519181, 0.73659691])');
  assert.equal('loadMnist' in mod, false, 'file loading stays out of the browser core');
  assert.equal(typeof mod.readIdx, 'function', 'parsing IDX bytes is in the core');
});

test('a node:* import reached from the core would fail the browser bundle', async () => {
  // Guards the guard: the same build on the Node entry, which does read files, must fail.
  const nodeEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
  await assert.rejects(
    build({
      entryPoints: [nodeEntry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    }),
  );
});
