// A reader that stops early (`scratchnet predict ... | head`) must not make the command report a bug.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('output into a pipe closed by its reader ends quietly with exit code 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), '--help'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Closed before the command writes anything: its first write fails with EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
