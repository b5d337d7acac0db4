// scripts/cli.mjs, behind `npm start` and `npm run scratchnet`: it bundles the command line from
// src/ and runs it, so what it runs is the current source, with the exit codes of the real command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function launch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts/cli.mjs'), ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

test('the launcher runs the bundled command: --version, and a usage error exits 2', async () => {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const [ok, bad] = await Promise.all([launch('--version'), launch('no-such-command')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), version);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /no-such-command/);
  assert.ok(existsSync(join(root, 'dist/cli/scratchnet.mjs')), 'the bundle is kept in dist/cli');
});
