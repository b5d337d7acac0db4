/**
 * Runs the training-step workloads (C1, C2, S1) for `npm run bench`: every timed run of every system
 * is a fresh process that warms up, times its steps and prints one JSON line (bench/steps-*.ts,
 * bench/numpy_steps.py); the runs go round the systems in turn, in a rotating order, so the drift of a
 * noisy machine lands on all of them alike. Also the `--busy` load: one core kept busy while timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { mnistDir } from '../src/index.js';
import { ROOT } from './fixture.js';
import { SYSTEM_LABELS, type SystemId } from './report.js';
import { median, stepSection, type StepId, type StepRuns, type StepSection } from './steps-report.js';

export interface StepOptions {
  runs: number;
  quick: boolean;
  systems: readonly SystemId[];
  python: string;
  log: (line: string) => void;
}

/** Timed and warm-up steps per run: enough for a stable median within a run, few for the slow anchors. */
function stepCounts(workload: StepId, system: SystemId, quick: boolean): { steps: number; warm: number } {
  if (workload === 'S1') return quick ? { steps: 100, warm: 50 } : { steps: 1000, warm: 300 };
  if (system === 'tfjs-cpu') return { steps: 1, warm: 0 };
  const steps = workload === 'C1' ? 10 : 4;
  return quick ? { steps: 2, warm: 1 } : { steps, warm: workload === 'C1' ? 3 : 2 };
}

function command(
  system: SystemId,
  workload: StepId,
  steps: number,
  warm: number,
  python: string,
): [string, string[], NodeJS.ProcessEnv] {
  const counts = [String(steps), String(warm)];
  if (system === 'scratchnet') {
    return [
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench/steps-scratchnet.ts'), workload, ...counts],
      process.env,
    ];
  }
  if (system === 'tfjs-wasm' || system === 'tfjs-cpu') {
    const backend = system === 'tfjs-wasm' ? 'wasm' : 'cpu';
    return [
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench/steps-tfjs.ts'), backend, workload, ...counts],
      process.env,
    ];
  }
  const threads = system === 'numpy-1t' ? '1' : '2';
  // Set on these machines for other work, they slow OpenBLAS down: removed for this child only.
  const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2, ...env } = process.env;
  const args = [join(ROOT, 'bench/numpy_steps.py'), workload, ...counts, mnistDir()];
  return [python, args, { ...env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads }];
}

interface RunResult {
  stepMs?: number[];
  loss?: number;
  detail?: string;
  productGflops?: number | null;
  error?: string;
}

/** Runs one child to the end and parses the last JSON line it printed. */
function runChild(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', (e) => resolve({ error: e.message }));
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as RunResult);
      } catch {
        const why = err.trim().split('\n').at(-1) ?? '';
        resolve({ error: `exited with code ${code}${why === '' ? '' : `: ${why.slice(0, 200)}`}` });
      }
    });
  });
}

/** Which system runs a workload: tfjs-cpu takes ~20 s for one SimpleConvNet step, and many times that for DeepConvNet. */
function skipReason(system: SystemId, workload: StepId, quick: boolean): string | null {
  if (system !== 'tfjs-cpu') return null;
  if (workload === 'C2') return 'skipped: one DeepConvNet step takes minutes on the plain-JavaScript backend';
  if (quick && workload === 'C1') return 'skipped in --quick mode (one SimpleConvNet step takes ~20 s)';
  return null;
}

/** One workload, all systems, `runs` rounds. */
async function runWorkload(workload: StepId, options: StepOptions): Promise<StepSection> {
  const runs = new Map<SystemId, StepRuns>();
  const failed = new Map<SystemId, string>();
  const machine: number[] = [];
  const systems = options.systems.filter((s) => {
    const why = skipReason(s, workload, options.quick);
    if (why !== null) failed.set(s, why);
    return why === null;
  });
  for (let round = 0; round < options.runs; round++) {
    const order = [...systems.slice(round % systems.length), ...systems.slice(0, round % systems.length)];
    for (const system of order) {
      if (failed.has(system)) continue;
      // tfjs-cpu's convolutional networks: one step, in the first round only.
      const single = system === 'tfjs-cpu' && workload !== 'S1';
      if (single && round > 0) continue;
      const { steps, warm } = stepCounts(workload, system, options.quick);
      const result = await runChild(...command(system, workload, steps, warm, options.python));
      if (result.error !== undefined || result.stepMs === undefined || result.stepMs.length === 0) {
        failed.set(system, result.error ?? 'no steps timed');
        options.log(`${workload}: ${SYSTEM_LABELS[system]} failed: ${result.error ?? 'no steps timed'}`);
        continue;
      }
      const ms = median(result.stepMs);
      if (typeof result.productGflops === 'number') machine.push(result.productGflops);
      const entry = runs.get(system) ?? {
        system,
        label: SYSTEM_LABELS[system],
        detail: result.detail ?? '',
        runMedians: [],
        loss: 0,
        note: single ? 'one step, no warm-up, first round only' : null,
      };
      entry.runMedians.push(ms);
      entry.loss = result.loss ?? Number.NaN;
      runs.set(system, entry);
      options.log(
        `${workload} run ${round + 1}/${options.runs}: ${SYSTEM_LABELS[system]} ${ms.toFixed(3)} ms per step`,
      );
    }
  }
  const order = options.systems.filter((s) => runs.has(s)).map((s) => runs.get(s)!);
  const failures = [...failed].map(([s, reason]) => ({ label: SYSTEM_LABELS[s], reason }));
  return stepSection(workload, order, machine, failures);
}

/** Runs the step workloads `ids` on `options.systems` (scratchnet first). */
export async function runStepWorkloads(ids: readonly StepId[], options: StepOptions): Promise<StepSection[]> {
  const sections: StepSection[] = [];
  for (const id of ids) sections.push(await runWorkload(id, options));
  return sections;
}

/**
 * Starts a process that keeps one core busy (a spinning loop) until the returned function stops it:
 * `npm run bench -- --busy` measures how the systems hold up when they cannot have every core.
 */
export function startBusyCore(): () => void {
  const child: ChildProcess = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return () => {
    child.kill();
  };
}
