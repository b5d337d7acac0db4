/**
 * `npm run soak`: memory over a long training run. Trains the book's network (784-50-10 ReLU, batch 100,
 * SGD lr 0.1, float32) on MNIST for 50 epochs of 600 iterations, and after each epoch (after a full GC,
 * which `npm run soak` exposes) records the JS heap in use, external memory, ArrayBuffers and the
 * process's resident set. Growth is measured against epoch 1, once buffers, kernels and JIT have settled;
 * the run fails (exit code 1) when any figure ends up more than 5% above it.
 *
 *   npm run soak                           50 epochs (a few minutes on two cores)
 *   npm run soak -- --epochs 10            fewer epochs
 *   npm run soak -- --train-size 6000      fewer samples per epoch (60 iterations)
 *   npm run soak -- --checkpoint-every 600 also write a checkpoint (to a temporary folder) every 600 iterations
 *   npm run soak -- --quick                3 short epochs on 6000 samples: a smoke test, no growth check
 *   npm run soak -- --json out.json        also write the figures as JSON
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureCheckpoint, loadMnist, saveCheckpoint, SGD, Trainer, TwoLayerNet } from '../src/index.js';

export interface SoakOptions {
  epochs: number;
  /** Training samples (60000: all of MNIST, 600 iterations per epoch). */
  trainSize: number;
  /** Iterations between checkpoints written to a temporary folder (0: none). */
  checkpointEvery: number;
}

/** Memory after one epoch, in bytes. */
export interface EpochMemory {
  epoch: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  testAcc: number;
  seconds: number;
}

export interface SoakReport {
  options: SoakOptions;
  gcExposed: boolean;
  epochs: EpochMemory[];
  /** Per figure: the largest value after epoch 1 relative to epoch 1, in percent (0 when nothing grew). */
  maxGrowthPercent: Record<'heapUsed' | 'external' | 'arrayBuffers' | 'rss', number>;
  /** Per figure: the last epoch's value relative to epoch 1, in percent. */
  finalGrowthPercent: Record<'heapUsed' | 'external' | 'arrayBuffers' | 'rss', number>;
}

const FIGURES = ['heapUsed', 'external', 'arrayBuffers', 'rss'] as const;
/** The soak's limit: no figure may grow more than this after the first epoch. */
export const GROWTH_LIMIT_PERCENT = 5;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: the first pass runs finalizers that free more on the second.
  gc?.();
  gc?.();
}

/** Trains as the options say and records memory after every epoch. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { train, test } = loadMnist({ dtype: 'float32' });
  const data = { train: { x: train.x.slice(0, options.trainSize), t: train.t.slice(0, options.trainSize) }, test };
  const net = new TwoLayerNet({
    inputSize: 784,
    hiddenSize: 50,
    outputSize: 10,
    activation: 'relu',
    dtype: 'float32',
    seed: 0,
  });
  const epochs: EpochMemory[] = [];
  const dir = options.checkpointEvery > 0 ? mkdtempSync(join(tmpdir(), 'scratchnet-soak-')) : null;
  let last = performance.now();
  const trainer: Trainer = new Trainer(net, data, {
    epochs: options.epochs,
    batchSize: 100,
    optimizer: new SGD({ lr: 0.1 }),
    seed: 0,
    onEpochEnd: (info) => {
      collect();
      const m = process.memoryUsage();
      const now = performance.now();
      epochs.push({
        epoch: info.epoch,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        rss: m.rss,
        testAcc: info.testAcc,
        seconds: (now - last) / 1000,
      });
      process.stderr.write(`${formatRow(epochs[epochs.length - 1]!)}\n`);
      last = now;
    },
    ...(dir === null
      ? {}
      : {
          checkpointEvery: options.checkpointEvery,
          onCheckpoint: () => saveCheckpoint(join(dir, 'checkpoint.safetensors'), captureCheckpoint(trainer)),
        }),
  });
  try {
    await trainer.fit();
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
  const first = epochs[0]!;
  const growth = (value: number, base: number): number => (base === 0 ? 0 : (100 * (value - base)) / base);
  const maxGrowthPercent = {} as SoakReport['maxGrowthPercent'];
  const finalGrowthPercent = {} as SoakReport['finalGrowthPercent'];
  for (const f of FIGURES) {
    maxGrowthPercent[f] = Math.max(0, ...epochs.slice(1).map((e) => growth(e[f], first[f])));
    finalGrowthPercent[f] = growth(epochs[epochs.length - 1]![f], first[f]);
  }
  return {
    options,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    epochs,
    maxGrowthPercent,
    finalGrowthPercent,
  };
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1).padStart(8);

function formatRow(e: EpochMemory): string {
  return `${String(e.epoch).padStart(5)} ${mib(e.heapUsed)} ${mib(e.external)} ${mib(e.arrayBuffers)} ${mib(e.rss)}  ${e.testAcc.toFixed(4)}  ${e.seconds.toFixed(2)}s`;
}

/** The report as text: a table of every epoch, then the growth after epoch 1 per figure. */
export function formatSoak(report: SoakReport): string {
  const { options } = report;
  const lines = [
    `soak: 784-50-10 ReLU, batch 100, SGD lr 0.1, float32, ${options.trainSize} samples, ${report.epochs.length} epochs` +
      `${options.checkpointEvery > 0 ? `, a checkpoint every ${options.checkpointEvery} iterations` : ''}${report.gcExposed ? '' : ' (no --expose-gc: figures include uncollected garbage)'}`,
    'epoch heap MiB  ext MiB  buf MiB  RSS MiB  test acc  time',
    ...report.epochs.map(formatRow),
  ];
  for (const f of FIGURES) {
    lines.push(
      `growth after epoch 1, ${f}: max ${report.maxGrowthPercent[f].toFixed(2)}%, final ${report.finalGrowthPercent[f].toFixed(2)}%`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function parseArgs(argv: string[]): { options: SoakOptions; quick: boolean; json: string | null } {
  const options: SoakOptions = { epochs: 50, trainSize: 60000, checkpointEvery: 0 };
  let quick = false;
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const int = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--quick') {
      quick = true;
      options.epochs = 3;
      options.trainSize = 6000;
    } else if (arg === '--epochs') options.epochs = int();
    else if (arg === '--checkpoint-every') options.checkpointEvery = int();
    else if (arg === '--train-size') options.trainSize = Math.min(60000, int());
    else if (arg === '--json') json = argv[++i] ?? null;
    else
      throw new Error(
        `unknown argument ${arg} (usage: npm run soak -- [--epochs N] [--train-size N] [--checkpoint-every N] [--quick] [--json FILE])`,
      );
  }
  return { options, quick, json };
}

async function main(): Promise<void> {
  const { options, quick, json } = parseArgs(process.argv.slice(2));
  const report = await runSoak(options);
  process.stdout.write(formatSoak(report));
  if (json !== null) writeFileSync(json, `${JSON.stringify(report, null, 1)}\n`);
  const worst = Math.max(...FIGURES.map((f) => report.maxGrowthPercent[f]));
  if (!quick && worst >= GROWTH_LIMIT_PERCENT) {
    process.stdout.write(`FAIL: memory grew ${worst.toFixed(2)}% after epoch 1 (limit ${GROWTH_LIMIT_PERCENT}%)\n`);
    process.exitCode = 1;
  } else if (!quick) {
    process.stdout.write(
      `OK: no figure grew ${GROWTH_LIMIT_PERCENT}% or more after epoch 1 (worst ${worst.toFixed(2)}%)\n`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
