// Runs an example script the way a reader does (its own node process, from the project root) and
// hands back what it printed, for the tests that compare examples against the book's output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `file` (relative to the project root) with tsx; never rejects, so a failing example reports its
 * stderr. The timeout catches a hung example, with room for a machine whose cores are all busy.
 */
export function runExample(file: string, ...args: string[]): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: projectRoot, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr: stderr || (error?.message ?? '') });
      },
    );
  });
}

/** The lines an example printed, after asserting that it exited with 0 and ended its output with a newline. */
export async function exampleLines(file: string, ...args: string[]): Promise<string[]> {
  const { code, stdout, stderr } = await runExample(file, ...args);
  assert.equal(code, 0, `${file} exited with ${code}:\n${stderr}`);
  assert.ok(stdout.endsWith('\n'), `${file}: output does not end with a newline`);
  return stdout.slice(0, -1).split('\n');
}

/** A printed float as the book's scripts write them: 0.123, 1.5e-05. */
export const PRINTED_FLOAT = String.raw`(\d+\.\d+(?:e-\d+)?|\d\.\d+e-\d+)`;
