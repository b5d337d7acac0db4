/**
 * The CLI workload: the default training run, `npm start` (10000 iterations of the book's network
 * and an evaluation of all 70000 samples after each of its 17 epochs), timed end to end as a user
 * meets it: npm, the launcher, loading MNIST, training, and writing the model and charts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, spread } from './report.js';

export interface DefaultRunResult {
  /** Wall-clock seconds of each run. */
  seconds: number[];
  median: number;
  spread: number;
  /** The final test accuracy the run printed ("final test accuracy 0.9718"). */
  testAcc: number | null;
  iterations: number;
}

function once(root: string, out: string, iterations: number): Promise<{ ms: number; testAcc: number | null }> {
  const args = [
    'start',
    '--silent',
    '--',
    '--out',
    out,
    ...(iterations === 10000 ? [] : ['--iterations', String(iterations)]),
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd: root, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const ms = performance.now() - started;
      if (error !== null) {
        reject(new Error(`npm start failed: ${stderr.trim().split('\n').pop() ?? error.message}`));
        return;
      }
      const match = /final test accuracy (\d\.\d+)/.exec(stdout + stderr);
      resolve({ ms, testAcc: match === null ? null : Number(match[1]) });
    });
  });
}

/** `runs` timed runs of `npm start` (quick: 600 iterations, one run, not a figure to quote). */
export async function timeDefaultRun(
  root: string,
  runs: number,
  quick: boolean,
  log: (line: string) => void,
): Promise<DefaultRunResult> {
  const iterations = quick ? 600 : 10000;
  const out = mkdtempSync(join(tmpdir(), 'scratchnet-bench-cli-'));
  try {
    const seconds: number[] = [];
    let testAcc: number | null = null;
    for (let i = 0; i < runs; i++) {
      const r = await once(root, out, iterations);
      seconds.push(r.ms / 1000);
      testAcc = r.testAcc;
      log(`CLI run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(2)} s`);
    }
    return { seconds, median: median(seconds), spread: spread(seconds), testAcc, iterations };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
