/**
 * The summary table of `bench/browser-tfjs.ts`: per workload and system, the median epoch time with
 * its min–max over the runs, its ratio to scratchnet on one thread, and the test accuracy.
 */
import type { Job, JobResult } from './browser-tfjs-protocol.js';

/** One run of one job. */
export interface Outcome {
  readonly job: Job;
  readonly result: JobResult;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

interface Row {
  workload: string;
  system: string;
  epochs: number[];
  accs: number[];
  steps: number;
  /** Steps trained before the accuracy was measured: the timed ones and the warm-up. */
  trained: number;
  epochSteps: number;
  error: string | null;
}

function rowsOf(outcomes: Outcome[]): Row[] {
  const rows = new Map<string, Row>();
  for (const { job, result } of outcomes) {
    const key = `${job.workload} ${job.system}`;
    const row = rows.get(key) ?? {
      workload: job.workload,
      system: job.system,
      epochs: [],
      accs: [],
      steps: job.steps,
      trained: job.warmup + job.steps,
      epochSteps: job.epochSteps,
      error: null,
    };
    if (result.ok) {
      row.epochs.push(result.epochMs);
      row.accs.push(result.testAcc);
    } else row.error ??= result.error;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * The median of the run-by-run ratios to the baseline (each run's pair ran back to back, so a busy
 * moment of the machine slows both), or nothing when some run of either failed.
 */
function pairedRatio(row: Row, base: Row | undefined): string {
  if (base === undefined || row === base || row.epochs.length !== base.epochs.length) return '';
  return ` (pairs ${median(row.epochs.map((ms, i) => ms / base.epochs[i]!)).toFixed(2)}×)`;
}

/** Prints the table: `| workload | system | epoch s (min–max) | × scratchnet 1 thread | test acc |`. */
export function printSummary(outcomes: Outcome[], runs: number, quick: boolean): void {
  const rows = rowsOf(outcomes);
  const baseRow = (workload: string): Row | undefined =>
    rows.find((r) => r.workload === workload && r.system === 'scratchnet-1' && r.epochs.length > 0);
  const baseline = (workload: string): number | undefined => {
    const base = baseRow(workload);
    return base === undefined ? undefined : median(base.epochs);
  };
  console.log(
    `\nmedians over ${runs} run(s)${quick ? ' (--quick: a tenth of an epoch each, times scaled to the epoch)' : ''}:`,
  );
  console.log(
    '| workload | system | epoch, s (min–max) | ÷ scratchnet 1 thread: of medians (of run pairs) | test accuracy |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) {
    if (row.epochs.length === 0) {
      console.log(`| ${row.workload} | ${row.system} | error: ${row.error ?? 'none'} | | |`);
      continue;
    }
    const m = median(row.epochs);
    const base = baseline(row.workload);
    const spread = `${seconds(Math.min(...row.epochs))}–${seconds(Math.max(...row.epochs))}`;
    const extrapolated = row.steps < row.epochSteps ? ` (${row.steps} steps, extrapolated)` : '';
    const ratio = base === undefined ? '' : `${(m / base).toFixed(2)}×${pairedRatio(row, baseRow(row.workload))}`;
    const acc = median(row.accs).toFixed(4) + (row.steps < row.epochSteps ? ` after ${row.trained} steps` : '');
    console.log(`| ${row.workload} | ${row.system} | ${seconds(m)} (${spread})${extrapolated} | ${ratio} | ${acc} |`);
  }
}
