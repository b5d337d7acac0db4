// The committed kernel modules (src/ndarray/kernels/wasm/kernels-wasm.generated.ts) are what the
// AssemblyScript sources in wasm/ compile to: nobody edits the sources and forgets to rebuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const asc = existsSync(`${root}node_modules/assemblyscript/dist/asc.js`);

test('rebuilding the WebAssembly kernels gives the committed bytes', {
  skip: !asc && 'the AssemblyScript compiler is not installed (devDependency assemblyscript)',
  timeout: 120_000,
}, (t) => {
  const run = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  if (run.status === 2) {
    t.skip(`the AssemblyScript compiler cannot run here: ${run.stderr.trim()}`);
    return;
  }
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});
