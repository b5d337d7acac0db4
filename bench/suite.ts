/**
 * Runs the side-by-side benchmark: writes the shared fixture, starts every system in its own
 * process, and takes the timed runs in rounds that visit each system in turn (in a rotating order),
 * so the drift of a noisy machine lands on all systems alike instead of on whichever ran last.
 * Medians over the rounds go into a BenchReport.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcess } from './child.js';
import { timeDefaultRun } from './default-run.js';
import { ROOT, childOptions, writeFixture, type SystemChoices } from './fixture.js';
import {
  asAllocReply,
  asMatmulReply,
  asMlpReply,
  asSystemInfo,
  type AllocReply,
  type MatmulReply,
  type MlpReply,
} from './protocol.js';
import {
  SYSTEM_IDS,
  SYSTEM_LABELS,
  type AllocRow,
  type BenchReport,
  type MatmulSection,
  type MlpSection,
  type SystemId,
  type SystemStatus,
  type Target,
} from './report.js';
import { matmulSection, mlpSection, targets } from './sections.js';
import { runStepWorkloads, startBusyCore } from './steps.js';
import { STEP_IDS, stepTargets, type StepId } from './steps-report.js';
import {
  MATMUL_SHAPES,
  MLP_SPECS,
  MNIST_TEST,
  MNIST_TRAIN,
  WORKLOAD_IDS,
  type MlpId,
  type WorkloadId,
} from './workloads.js';

/** What to run and how; every field is optional. */
export interface SuiteOptions extends SystemChoices {
  /** Workloads to run (default all). */
  only?: readonly WorkloadId[];
  /** Systems to run (default all); scratchnet is always included, as every ratio needs it. */
  systems?: readonly SystemId[];
  /** Timed runs per system and workload (default 5, quick 1). */
  runs?: number;
  /** Fewer runs, shorter warm-up and matrix timings: a smoke test, not numbers to quote. */
  quick?: boolean;
  /** Run tfjs-cpu's epochs whole instead of estimating them from a twentieth (minutes per run). */
  tfjsCpuFull?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Keep one core busy with a spinning process while the systems run (stability under load). */
  busy?: boolean;
}

/** OpenBLAS's idle threads spin this long after a call before they sleep; wait it out so they do not slow the next system. */
const OPENBLAS_SPIN_MS = 300;

/**
 * A pause between the warm-ups and the timed runs: V8 keeps optimizing a freshly warmed system's
 * WebAssembly on background threads for a while (TF.js's large module most), which would otherwise
 * slow whichever system runs the first timed round.
 */
const SETTLE_MS = 2000;

interface Plan {
  runs: number;
  warmIterations: number;
  warmEvalRows: number;
  matmulWarmMs: number;
  matmulMs: number;
  allocIterations: number;
  tfjsCpuFraction: number;
}

function plan(options: SuiteOptions): Plan {
  const quick = options.quick ?? false;
  const runs = options.runs ?? (quick ? 1 : 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  return {
    runs,
    // Four epochs: V8 runs JavaScript and WebAssembly in baseline tiers first and optimizes the
    // functions that turn out hot, some of a training step's only after 1000-2000 steps (on
    // background threads that take CPU from the two computing ones meanwhile), and the threads'
    // pacing settles; the timed epochs are the steady state. The warm-up's time is logged: a fresh
    // process pays it once (the CLI run's wall time includes it).
    warmIterations: quick ? 20 : 2400,
    warmEvalRows: quick ? 1000 : 2000,
    matmulWarmMs: quick ? 20 : 200,
    matmulMs: quick ? 30 : 250,
    allocIterations: quick ? 40 : 150,
    tfjsCpuFraction: options.tfjsCpuFull === true ? 1 : quick ? 0.02 : 0.05,
  };
}

interface Running {
  id: SystemId;
  process: SystemProcess;
}

type Request = Parameters<SystemProcess['request']>[0];

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // The last line of a child's output usually names the cause (a Python ImportError, a Node stack's message).
  const last = lines.at(-1) ?? '';
  return lines.length > 1 && last !== lines[0] ? `${lines[0]} (${last.slice(0, 160)})` : (lines[0] ?? 'unknown error');
}

function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the benchmark that `options` describe and returns its report. */
export async function runSuite(options: SuiteOptions = {}): Promise<BenchReport> {
  const workloads = WORKLOAD_IDS.filter((w) => options.only === undefined || options.only.includes(w));
  if (workloads.length === 0) throw new Error('no workload selected');
  const suite = new Suite(options);
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-bench-'));
  try {
    return await suite.run(dir, workloads);
  } finally {
    await suite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of the benchmark: the systems' processes, their failures, and the samples they return. */
class Suite {
  private readonly started = performance.now();
  private readonly plan: Plan;
  private readonly wanted: SystemId[];
  private readonly running: Running[] = [];
  private readonly status = new Map<SystemId, SystemStatus>();
  /** Why a system failed on a workload (`W1/numpy-1t`); it is not asked again for that workload. */
  private readonly failures = new Map<string, string>();

  constructor(private readonly options: SuiteOptions) {
    this.plan = plan(options);
    this.wanted = SYSTEM_IDS.filter(
      (s) => s === 'scratchnet' || options.systems === undefined || options.systems.includes(s),
    );
  }

  private log(line: string): void {
    this.options.log?.(`[${((performance.now() - this.started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  }

  async run(dir: string, workloads: WorkloadId[]): Promise<BenchReport> {
    const mlpIds = workloads.filter((w): w is MlpId => w in MLP_SPECS);
    this.log(`writing the shared fixture to ${dir}`);
    writeFixture(dir, mlpIds, workloads.includes('W3'));
    await this.startSystems(dir);
    const stopBusy = this.options.busy === true ? startBusyCore() : null;
    try {
      return await this.runWorkloads(workloads, mlpIds);
    } finally {
      stopBusy?.();
    }
  }

  private async runWorkloads(workloads: WorkloadId[], mlpIds: MlpId[]): Promise<BenchReport> {
    const mlp: MlpSection[] = [];
    const alloc: AllocRow[] = [];
    for (const id of mlpIds) {
      const section = await this.runMlp(id);
      mlp.push(section);
      alloc.push(...(await this.measureAllocations(id, section)));
    }
    const matmul = workloads.includes('W3') ? await this.runMatmul() : null;
    const extraTargets = workloads.includes('CLI') ? [await this.runCli()] : [];
    const stepIds = workloads.filter((w): w is StepId => (STEP_IDS as readonly string[]).includes(w));
    const steps = stepIds.length === 0 ? [] : await this.runSteps(stepIds);
    return {
      header: this.header(),
      systems: this.wanted.map((id) => this.status.get(id)!),
      mlp,
      matmul,
      alloc,
      steps,
      targets: [...targets(mlp, matmul), ...extraTargets, ...stepTargets(steps)],
      notes: [`(whole benchmark: ${((performance.now() - this.started) / 1000).toFixed(0)} s)`],
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.running.map((r) => r.process.close()));
  }

  /** Starts every wanted system; one that cannot start is reported as skipped, except scratchnet. */
  private async startSystems(dir: string): Promise<void> {
    this.log(`starting ${this.wanted.join(', ')}`);
    const python = this.options.python ?? 'python3';
    await Promise.all(
      this.wanted.map(async (id) => {
        const child = new SystemProcess(childOptions(id, this.options));
        try {
          const info = asSystemInfo(await child.request({ op: 'init', fixtureDir: dir }));
          this.running.push({ id, process: child });
          this.status.set(id, { id, label: SYSTEM_LABELS[id], detail: info.detail, skipped: null });
        } catch (error) {
          const reason =
            id.startsWith('numpy') && /ENOENT/.test(String(error)) ? `${python} not found` : firstLine(error);
          this.status.set(id, { id, label: SYSTEM_LABELS[id], detail: null, skipped: reason });
          await child.close();
        }
      }),
    );
    if (!this.running.some((r) => r.id === 'scratchnet')) {
      throw new Error(`scratchnet's benchmark process did not start: ${this.status.get('scratchnet')?.skipped ?? ''}`);
    }
    this.running.sort((a, b) => SYSTEM_IDS.indexOf(a.id) - SYSTEM_IDS.indexOf(b.id));
    for (const id of this.wanted) {
      const s = this.status.get(id)!;
      this.log(`  ${s.label}: ${s.skipped === null ? s.detail : `skipped (${s.skipped})`}`);
    }
  }

  /** Sends a request; on failure records why and drops the system from the rest of this workload. */
  private async ask(workload: WorkloadId, r: Running, request: Request): Promise<unknown> {
    const key = `${workload}/${r.id}`;
    if (this.failures.has(key)) return null;
    try {
      return await r.process.request(request);
    } catch (error) {
      this.failures.set(key, firstLine(error));
      this.log(`  ${SYSTEM_LABELS[r.id]} failed on ${workload}: ${firstLine(error)}`);
      return null;
    } finally {
      if (r.id === 'numpy-2t') await sleep(OPENBLAS_SPIN_MS);
    }
  }

  private failedOn(workload: WorkloadId): { label: string; reason: string }[] {
    return this.running.flatMap((r) => {
      const reason = this.failures.get(`${workload}/${r.id}`);
      return reason === undefined ? [] : [{ label: SYSTEM_LABELS[r.id], reason }];
    });
  }

  /** The share of a training epoch a system runs: tfjs-cpu only a fraction, scaled up in the report. */
  private partial(id: MlpId, r: Running): { iterations: number; evalTrainRows: number; evalTestRows: number } {
    const fraction = r.id === 'tfjs-cpu' ? this.plan.tfjsCpuFraction : 1;
    return {
      iterations: Math.max(1, Math.round(MLP_SPECS[id].iterations * fraction)),
      evalTrainRows: Math.max(1, Math.round(MNIST_TRAIN * fraction)),
      evalTestRows: Math.max(1, Math.round(MNIST_TEST * fraction)),
    };
  }

  /** Workload W1 or W2: a training epoch and an evaluation, timed in rounds across the systems. */
  private async runMlp(id: MlpId): Promise<MlpSection> {
    const spec = MLP_SPECS[id];
    const { runs, warmIterations, warmEvalRows } = this.plan;
    this.log(`${id}: warming up`);
    for (const r of this.running) {
      const partial = this.partial(id, r);
      // A system slowed to a fraction of an epoch (TF.js's cpu backend) warms up on that fraction.
      const total = partial.iterations < MLP_SPECS[id].iterations ? partial.iterations : warmIterations;
      const rows = { evalTrainRows: warmEvalRows, evalTestRows: warmEvalRows };
      const epochs: string[] = [];
      for (let done = 0; done < total; ) {
        const iterations = Math.min(total - done, partial.iterations);
        const result = await this.ask(id, r, { op: 'mlp', workload: id, iterations, ...rows });
        if (result === null) break;
        epochs.push((asMlpReply(result).trainMs / 1000).toFixed(3));
        done += iterations;
      }
      this.log(`${id} warm-up: ${SYSTEM_LABELS[r.id]} ${total} iterations, ${epochs.join(' + ')} s`);
    }
    await sleep(SETTLE_MS);
    const samples = new Map<SystemId, MlpReply[]>();
    for (let round = 0; round < runs; round++) {
      for (const r of rotate(this.running, round)) {
        const result = await this.ask(id, r, { op: 'mlp', workload: id, ...this.partial(id, r) });
        if (result === null) continue;
        const reply = asMlpReply(result);
        samples.set(r.id, [...(samples.get(r.id) ?? []), reply]);
        const part =
          reply.iterations < spec.iterations ? ` (${reply.iterations} of ${spec.iterations} iterations)` : '';
        const train = (reply.trainMs / 1000).toFixed(3);
        const evaluation = (reply.evalMs / 1000).toFixed(3);
        this.log(
          `${id} run ${round + 1}/${runs}: ${SYSTEM_LABELS[r.id]} train ${train} s, eval ${evaluation} s${part}`,
        );
      }
    }
    const order = this.running.map((r) => r.id);
    return mlpSection(spec, samples, order, this.failedOn(id));
  }

  /** Bytes allocated per training step by the JavaScript systems, next to their epoch's GC figures. */
  private async measureAllocations(id: MlpId, section: MlpSection): Promise<AllocRow[]> {
    const allocs = new Map<SystemId, AllocReply>();
    for (const r of this.running) {
      if (r.id !== 'scratchnet' && r.id !== 'tfjs-wasm') continue;
      const result = await this.ask(id, r, { op: 'alloc', workload: id, iterations: this.plan.allocIterations });
      if (result !== null) allocs.set(r.id, asAllocReply(result));
    }
    return [...allocs].map(([system, a]) => {
      const row = section.rows.find((x) => x.system === system);
      return {
        workload: id,
        system,
        label: SYSTEM_LABELS[system],
        bytesPerIteration: a.bytesPerIteration,
        iterations: a.iterations,
        gcCount: row?.gcCount ?? null,
        gcMs: row?.gcMs ?? null,
        trainS: row?.trainS ?? null,
      };
    });
  }

  /** Workload W3: matrix products of several shapes, in GFLOP/s. */
  private async runMatmul(): Promise<MatmulSection> {
    const { runs, matmulWarmMs, matmulMs } = this.plan;
    const samples = MATMUL_SHAPES.map(() => new Map<SystemId, MatmulReply[]>());
    this.log('W3: warming up');
    for (const r of this.running) {
      for (let index = 0; index < MATMUL_SHAPES.length; index++) {
        await this.ask('W3', r, { op: 'matmul', index, minMs: matmulWarmMs, minReps: 1, maxReps: 5 });
      }
    }
    for (let round = 0; round < runs; round++) {
      for (let index = 0; index < MATMUL_SHAPES.length; index++) {
        for (const r of rotate(this.running, round + index)) {
          const request: Request = { op: 'matmul', index, minMs: matmulMs, minReps: 1, maxReps: 1_000_000 };
          const result = await this.ask('W3', r, request);
          if (result === null) continue;
          const bySystem = samples[index]!;
          bySystem.set(r.id, [...(bySystem.get(r.id) ?? []), asMatmulReply(result)]);
        }
      }
      this.log(`W3 run ${round + 1}/${runs} done`);
    }
    const order = this.running.map((r) => r.id);
    return matmulSection(samples, order, this.failedOn('W3'));
  }

  /** Workloads C1, C2, S1: training steps, each timed run in a fresh process per system. */
  private runSteps(ids: StepId[]): ReturnType<typeof runStepWorkloads> {
    this.log(`${ids.join(', ')}: training steps, one process per run and system`);
    return runStepWorkloads(ids, {
      runs: this.plan.runs,
      quick: this.options.quick === true,
      systems: this.wanted,
      python: this.options.python ?? 'python3',
      log: (line) => this.log(line),
    });
  }

  /** Workload CLI: the default `npm start` run, end to end. */
  private async runCli(): Promise<Target> {
    this.log('CLI: timing npm start');
    const quick = this.options.quick === true;
    const cli = await timeDefaultRun(ROOT, this.plan.runs, quick, (line) => this.log(line));
    const times = cli.seconds.map((x) => x.toFixed(2)).join(', ');
    return {
      text: `the default CLI run (npm start: ${cli.iterations} iterations, an evaluation of all 70000 samples per epoch, model and charts written) <= 6 s, wall clock`,
      value: `${cli.median.toFixed(2)} s median of ${cli.seconds.length} (${times}), final test accuracy ${cli.testAcc ?? '?'}`,
      met: quick ? null : cli.median <= 6,
    };
  }

  private header(): string[] {
    const { options, plan } = this;
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const runs = `${plan.runs} timed run${plan.runs === 1 ? '' : 's'} per system and workload, medians`;
    return [
      `scratchnet benchmark, ${when} UTC${options.quick === true ? ', QUICK MODE: smoke test, not numbers to quote' : ''}`,
      `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs; node ${process.version}; ${runs}`,
      'each system runs in its own process (scratchnet in plain `node --import tsx`, no V8 flags); the same batches,',
      'initial weights and operands for all; timed runs interleaved across systems; ratios are times, scratchnet/x (< 1: scratchnet faster)',
      ...(options.kernels === 'wasm'
        ? ["scratchnet's kernels chosen with --kernels wasm (createWasmKernels), not its default"]
        : []),
      ...(options.busy === true ? ['--busy: a spinning background process kept one core busy throughout'] : []),
      ...(options.tfjsNaive === true
        ? ['TensorFlow.js written plainly (--tfjs-naive): tf.gather batches and matMul transpose flags']
        : []),
    ];
  }
}
