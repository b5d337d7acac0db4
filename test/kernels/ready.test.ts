// ready() in Node: the Node entry has installed the WebAssembly kernels at import, so ready() names
// them at once; SCRATCHNET_KERNELS=js is kept; the browser core imported in Node starts nothing until
// ready() is called. Each case runs in a fresh process: the kernels are process-wide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `code` (an ES module, in the repository root) in a new Node and returns what it printed. */
function runModule(code: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SCRATCHNET_KERNELS: '', ...env },
  }).trim();
}

test('the Node entry: ready() resolves at once to the kernels installed at import', () => {
  const out = runModule(`
    import { kernels, ready } from './src/index.ts';
    const before = kernels();
    const name = await ready();
    console.log(JSON.stringify({ name, same: kernels() === before, again: await ready() }));
  `);
  const { name, same, again } = JSON.parse(out) as { name: string; same: boolean; again: string };
  assert.match(name, /^wasm-(relaxed-)?simd$/);
  assert.equal(same, true, 'the kernels installed at import stay');
  assert.equal(again, name, 'idempotent');
});

test('SCRATCHNET_KERNELS=js: ready() keeps the TypeScript kernels', () => {
  const out = runModule(`import { ready } from './src/index.ts'; console.log(await ready());`, {
    SCRATCHNET_KERNELS: 'js',
  });
  assert.equal(out, 'js');
});

test('the browser core in Node: the TypeScript kernels until ready() installs the WebAssembly ones', () => {
  const out = runModule(`
    import { kernels, ready } from './src/core.ts';
    await new Promise((resolve) => setTimeout(resolve, 50));
    const atImport = kernels().name;
    const name = await ready();
    console.log(JSON.stringify({ atImport, name, now: kernels().name }));
  `);
  const { atImport, name, now } = JSON.parse(out) as { atImport: string; name: string; now: string };
  assert.equal(atImport, 'js', 'Node starts nothing at import of the core');
  assert.match(name, /^wasm-(relaxed-)?simd$/);
  assert.equal(now, name);
});
