/**
 * The benchmark's results as data (what the smoke test checks and --json writes) and as the text
 * table that `npm run bench` prints. Every ratio is a ratio of times, scratchnet's over the other
 * system's: below 1.00 scratchnet is faster (for W3 that is the other's GFLOP/s over scratchnet's).
 */
import { formatSteps, type StepSection } from './steps-report.js';
import type { MlpId } from './workloads.js';

export type SystemId = 'scratchnet' | 'numpy-1t' | 'numpy-2t' | 'tfjs-wasm' | 'tfjs-cpu';
export const SYSTEM_IDS: readonly SystemId[] = ['scratchnet', 'numpy-1t', 'numpy-2t', 'tfjs-wasm', 'tfjs-cpu'];
export const SYSTEM_LABELS: Record<SystemId, string> = {
  scratchnet: 'scratchnet',
  'numpy-1t': 'numpy (1 thread)',
  'numpy-2t': 'numpy (2 threads)',
  'tfjs-wasm': 'tfjs-wasm',
  'tfjs-cpu': 'tfjs-cpu',
};

export interface SystemStatus {
  id: SystemId;
  label: string;
  /** What ran (versions, kernels, threads), or null when it did not start. */
  detail: string | null;
  /** Why it is missing from the tables, or null. */
  skipped: string | null;
}

export interface MlpRow {
  system: SystemId;
  label: string;
  runs: number;
  /** Medians, in seconds, for one whole epoch and one whole evaluation (scaled up when estimated). */
  trainS: number;
  evalS: number;
  /** (max - min) / median of the training times. */
  spread: number;
  /** Null when the system ran only part of the epoch (see `estimated`). */
  meanLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
  /** How a partial run was scaled up, e.g. "60 of 600 iterations"; null for a full epoch. */
  estimated: string | null;
  /** Medians per timed epoch (Node systems). */
  gcCount: number | null;
  gcMs: number | null;
  /** scratchnet's time over this system's. */
  trainRatio: number | null;
  evalRatio: number | null;
}

export interface MlpSection {
  workload: MlpId;
  title: string;
  iterations: number;
  evalSamples: number;
  rows: MlpRow[];
  /** Systems that failed on this workload, with the reason. */
  failed: { label: string; reason: string }[];
  checks: string[];
}

export interface MatmulCell {
  system: SystemId;
  label: string;
  gflops: number;
  msPerProduct: number;
  spread: number;
  /** scratchnet's time over this system's. */
  ratio: number | null;
  checksumOk: boolean;
}

export interface MatmulRow {
  shape: [number, number, number];
  cells: MatmulCell[];
}

export interface MatmulSection {
  rows: MatmulRow[];
  failed: { label: string; reason: string }[];
  checks: string[];
}

export interface AllocRow {
  workload: MlpId;
  system: SystemId;
  label: string;
  bytesPerIteration: number;
  iterations: number;
  gcCount: number | null;
  gcMs: number | null;
  trainS: number | null;
}

export interface Target {
  text: string;
  value: string;
  met: boolean | null;
}

export interface BenchReport {
  header: string[];
  systems: SystemStatus[];
  mlp: MlpSection[];
  matmul: MatmulSection | null;
  alloc: AllocRow[];
  /** The training-step workloads C1, C2, S1 (absent when none ran). */
  steps?: StepSection[];
  targets: Target[];
  notes: string[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function spread(xs: readonly number[]): number {
  const m = median(xs);
  return m > 0 ? (Math.max(...xs) - Math.min(...xs)) / m : 0;
}

type Align = 'l' | 'r';

function table(headers: string[], rows: string[][], align: Align[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const fixed = (v: number | null, digits: number): string => (v === null ? '-' : v.toFixed(digits));
const seconds = (v: number): string => (v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3));
const ratio = (v: number | null): string => (v === null ? '-' : `${v < 0.1 ? v.toFixed(3) : v.toFixed(2)}x`);
const percent = (v: number): string => `${Math.round(v * 100)}%`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function formatMlp(section: MlpSection): string[] {
  const out = [
    `${section.workload}  ${section.title}: one epoch of ${section.iterations} iterations, then predictions for all ${section.evalSamples} samples`,
  ];
  const rows = section.rows.map((r) => [
    r.label,
    `${r.estimated !== null ? '~' : ''}${seconds(r.trainS)}`,
    `${r.estimated !== null ? '~' : ''}${seconds(r.evalS)}`,
    percent(r.spread),
    fixed(r.meanLoss, 4),
    fixed(r.trainAcc, 4),
    fixed(r.testAcc, 4),
    ratio(r.trainRatio),
    ratio(r.evalRatio),
  ]);
  out.push(
    ...table(
      ['system', 'train s', 'eval s', 'spread', 'mean loss', 'train acc', 'test acc', 'train sn/x', 'eval sn/x'],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  for (const r of section.rows) {
    if (r.estimated !== null)
      out.push(
        `~ ${r.label}: estimated from ${r.estimated} (its full epoch takes minutes; --tfjs-cpu-full runs it whole)`,
      );
  }
  for (const f of section.failed) out.push(`! ${f.label}: failed: ${f.reason}`);
  out.push(...section.checks);
  return out;
}

function formatMatmul(section: MatmulSection, systems: SystemStatus[]): string[] {
  const present = systems.filter((s) => section.rows.some((r) => r.cells.some((c) => c.system === s.id)));
  const others = present.filter((s) => s.id !== 'scratchnet');
  const out = ['W3  float32 matrix products C = A·B, GFLOP/s (2·M·K·N / time), then time ratios scratchnet/x'];
  const rows = section.rows.map((row) => {
    const cell = (id: SystemId): MatmulCell | undefined => row.cells.find((c) => c.system === id);
    return [
      `(${row.shape.join(', ')})`,
      ...present.map((s) => {
        const c = cell(s.id);
        return c === undefined ? '-' : `${c.gflops.toFixed(c.gflops >= 10 ? 1 : 2)}${c.checksumOk ? '' : '!'}`;
      }),
      ...others.map((s) => ratio(cell(s.id)?.ratio ?? null)),
    ];
  });
  out.push(
    ...table(['(M, K, N)', ...present.map((s) => s.id), ...others.map((s) => `sn/${s.id}`)], rows, [
      'l',
      ...present.map((): Align => 'r'),
      ...others.map((): Align => 'r'),
    ]),
  );
  for (const f of section.failed) out.push(`! ${f.label}: failed: ${f.reason}`);
  out.push(...section.checks);
  return out;
}

function formatAlloc(rows: AllocRow[]): string[] {
  return [
    'Allocation while training (Node systems): JS heap + ArrayBuffer bytes per iteration (median over iterations;',
    'memory inside a WebAssembly instance is not counted), and garbage collections per timed epoch (median)',
    ...table(
      ['workload', 'system', 'bytes/iteration', 'GCs/epoch', 'GC ms/epoch', 'train s'],
      rows.map((r) => [
        r.workload,
        r.label,
        formatBytes(r.bytesPerIteration),
        r.gcCount === null ? '-' : String(Math.round(r.gcCount)),
        fixed(r.gcMs, 1),
        r.trainS === null ? '-' : seconds(r.trainS),
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ),
  ];
}

export function formatReport(report: BenchReport): string {
  const out: string[] = [...report.header, ''];
  for (const s of report.systems) {
    out.push(`  ${s.label.padEnd(18)} ${s.skipped !== null ? `skipped: ${s.skipped}` : (s.detail ?? '')}`);
  }
  for (const section of report.mlp) out.push('', ...formatMlp(section));
  if (report.matmul !== null) out.push('', ...formatMatmul(report.matmul, report.systems));
  if (report.alloc.length > 0) out.push('', ...formatAlloc(report.alloc));
  for (const section of report.steps ?? []) out.push('', ...formatSteps(section));
  if (report.targets.length > 0) {
    out.push('', 'Targets, as measured in this run');
    for (const t of report.targets)
      out.push(`  [${t.met === null ? ' n/a' : t.met ? 'met ' : 'MISS'}] ${t.text}: ${t.value}`);
  }
  if (report.notes.length > 0) out.push('', ...report.notes);
  return `${out.join('\n')}\n`;
}
