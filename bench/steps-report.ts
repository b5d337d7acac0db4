/**
 * The training-step workloads' results (C1 SimpleConvNet, C2 DeepConvNet, S1 a small MLP): per system
 * the median step time over the timed runs, its spread, the effective GFLOP/s and its share of the
 * machine's product rate, and the ratio to scratchnet; formatted as the text tables `npm run bench` prints.
 */
import type { SystemId, Target } from './report.js';

export type StepId = 'C1' | 'C2' | 'S1';
export const STEP_IDS: readonly StepId[] = ['C1', 'C2', 'S1'];

/** (M, K, N) and count of every product of one training step, as scratchnet computes it. */
type Products = readonly (readonly [number, number, number, number])[];

export const STEP_SPECS: Record<StepId, { title: string; products: Products }> = {
  C1: {
    title: 'SimpleConvNet training step (conv 30×5×5, pool, 100, 10; batch 100, Adam, float32, MNIST)',
    // The first layer needs no input gradient: two products for it, three for every other layer.
    products: [
      [30, 25, 57600, 2],
      [100, 4320, 100, 3],
      [100, 100, 10, 3],
    ],
  },
  C2: {
    title: 'DeepConvNet training step (six 3×3 convs 16-16-32-32-64-64, pools, 50, 10; batch 100, Adam, float32)',
    products: [
      [16, 9, 78400, 2],
      [16, 144, 78400, 3],
      [32, 144, 19600, 3],
      [32, 288, 25600, 3],
      [64, 288, 6400, 3],
      [64, 576, 6400, 3],
      [100, 1024, 50, 3],
      [100, 50, 10, 3],
    ],
  },
  S1: {
    title: 'small MLP training step (3-64-64-3 ReLU, batch 50, Adam, float32)',
    products: [
      [50, 3, 64, 2],
      [50, 64, 64, 3],
      [50, 64, 3, 3],
    ],
  },
};

/** GFLOP of the products of one step (2·M·K·N each). */
export function stepGflop(id: StepId): number {
  return STEP_SPECS[id].products.reduce((s, [m, k, n, count]) => s + (2 * m * k * n * count) / 1e9, 0);
}

export interface StepRow {
  system: SystemId;
  label: string;
  detail: string;
  runs: number;
  /** Median over runs of each run's median step time, in milliseconds. */
  ms: number;
  /** (max − min) / median of the runs' medians. */
  spread: number;
  gflops: number;
  /** gflops over the machine's two-thread product rate, or null when that was not measured. */
  ofMachine: number | null;
  /** scratchnet's time over this system's. */
  ratio: number | null;
  loss: number;
  note: string | null;
}

export interface StepSection {
  workload: StepId;
  title: string;
  gflopPerStep: number;
  /** The 1024³ product rate of scratchnet on both threads, in the same runs (median), GFLOP/s. */
  machineGflops: number | null;
  rows: StepRow[];
  failed: { label: string; reason: string }[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spreadOf(xs: readonly number[]): number {
  const m = median(xs);
  return m > 0 ? (Math.max(...xs) - Math.min(...xs)) / m : 0;
}

/** One system's runs: each run's step times, its last loss and what ran. */
export interface StepRuns {
  system: SystemId;
  label: string;
  detail: string;
  runMedians: number[];
  loss: number;
  note: string | null;
}

export function stepSection(
  workload: StepId,
  runs: StepRuns[],
  machineRates: number[],
  failed: { label: string; reason: string }[],
): StepSection {
  const gflopPerStep = stepGflop(workload);
  const machineGflops = machineRates.length > 0 ? median(machineRates) : null;
  const base = runs.find((r) => r.system === 'scratchnet');
  const baseMs = base === undefined ? null : median(base.runMedians);
  const rows = runs.map((r): StepRow => {
    const ms = median(r.runMedians);
    const gflops = gflopPerStep / (ms / 1000);
    return {
      system: r.system,
      label: r.label,
      detail: r.detail,
      runs: r.runMedians.length,
      ms,
      spread: spreadOf(r.runMedians),
      gflops,
      ofMachine: machineGflops === null ? null : gflops / machineGflops,
      ratio: baseMs === null ? null : baseMs / ms,
      loss: r.loss,
      note: r.note,
    };
  });
  return { workload, title: STEP_SPECS[workload].title, gflopPerStep, machineGflops, rows, failed };
}

const time = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(ms < 100 ? 2 : 1)} ms`);

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatSteps(section: StepSection): string[] {
  const rate = section.machineGflops === null ? 'not measured' : `${section.machineGflops.toFixed(1)} GFLOP/s`;
  const out = [
    `${section.workload}  ${section.title}`,
    `    ${(section.gflopPerStep * 1000).toFixed(1)} MFLOP of products per step; machine: scratchnet's 1024³ product on both threads in the same runs, ${rate}`,
    ...table(
      ['system', 'step', 'spread', 'GFLOP/s', 'of machine', 'loss', 'sn/x'],
      section.rows.map((r) => [
        r.label,
        `${r.note !== null ? '~' : ''}${time(r.ms)}`,
        `${Math.round(r.spread * 100)}%`,
        r.gflops.toFixed(r.gflops >= 10 ? 1 : 2),
        r.ofMachine === null ? '-' : `${Math.round(r.ofMachine * 100)}%`,
        r.loss.toFixed(3),
        r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
      ]),
    ),
  ];
  for (const r of section.rows) if (r.note !== null) out.push(`~ ${r.label}: ${r.note}`);
  for (const f of section.failed) out.push(`! ${f.label}: failed: ${f.reason}`);
  return out;
}

/** The goals of the step workloads, as met or missed in this run. */
export function stepTargets(sections: StepSection[]): Target[] {
  const out: Target[] = [];
  const row = (s: StepSection, id: SystemId): StepRow | undefined => s.rows.find((r) => r.system === id);
  for (const s of sections) {
    const sn = row(s, 'scratchnet');
    if (sn === undefined) continue;
    if (s.workload === 'S1') {
      out.push({ text: 'S1 step <= 0.1 ms', value: time(sn.ms), met: sn.ms <= 0.1 });
      continue;
    }
    const goal = s.workload === 'C1' ? 0.25 : 0.3;
    const np = row(s, 'numpy-1t');
    out.push({
      text: `${s.workload} step <= ${goal}x numpy's (1 thread)`,
      value:
        np?.ratio == null ? 'numpy did not run' : `${np.ratio.toFixed(2)}x (${time(sn.ms)} against ${time(np.ms)})`,
      met: np?.ratio == null ? null : np.ratio <= goal,
    });
  }
  return out;
}
