/**
 * Runs the side-by-side benchmark of issue 5: writes the shared fixture, starts every system in its
 * own process, and takes the timed runs in rounds that visit each system in turn (in a rotating
 * order), so the drift of this noisy machine lands on all systems alike instead of on whichever ran
 * last. Medians over the rounds go into a BenchReport.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MultiLayerNet, Random, TwoLayerNet, mnistDir } from '../src/index.js';
import { SystemProcess, type ChildOptions } from './child.js';
import { timeDefaultRun } from './default-run.js';
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
  median,
  spread,
  type AllocRow,
  type BenchReport,
  type MatmulRow,
  type MatmulSection,
  type MlpRow,
  type MlpSection,
  type SystemId,
  type SystemStatus,
  type Target,
} from './report.js';
import {
  MANIFEST_FILE,
  MATMUL_SHAPES,
  MLP_SPECS,
  MNIST_TEST,
  MNIST_TRAIN,
  WORKLOAD_IDS,
  writeArray,
  type Manifest,
  type MlpFixture,
  type MlpId,
  type MlpSpec,
  type WorkloadId,
} from './workloads.js';

export interface SuiteOptions {
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
  /** scratchnet's kernels: its default (what a user gets), or 'wasm' to try createWasmKernels() before it is the default. */
  kernels?: 'default' | 'wasm';
  /** TensorFlow.js in the first form one would write (tf.gather, transpose flags) rather than its fastest. */
  tfjsNaive?: boolean;
  /** The Python interpreter for numpy (default python3). */
  python?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** OpenBLAS's idle threads spin this long after a call before they sleep; wait it out so they do not slow the next system. */
const OPENBLAS_SPIN_MS = 300;

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
    warmIterations: quick ? 20 : 50,
    warmEvalRows: quick ? 1000 : 2000,
    matmulWarmMs: quick ? 20 : 200,
    matmulMs: quick ? 30 : 250,
    allocIterations: quick ? 40 : 150,
    tfjsCpuFraction: options.tfjsCpuFull === true ? 1 : quick ? 0.02 : 0.05,
  };
}

function childOptions(id: SystemId, options: SuiteOptions): ChildOptions {
  const node = (file: string, ...args: string[]): ChildOptions => ({
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'bench', file), ...args],
    cwd: ROOT,
  });
  switch (id) {
    case 'scratchnet':
      return {
        ...node('scratchnet.ts'),
        env: { ...process.env, SCRATCHNET_BENCH_KERNELS: options.kernels ?? 'default' },
      };
    case 'tfjs-wasm':
    case 'tfjs-cpu':
      return {
        ...node('tfjs.ts', '--backend', id === 'tfjs-wasm' ? 'wasm' : 'cpu'),
        env: { ...process.env, SCRATCHNET_BENCH_TFJS_IDIOM: options.tfjsNaive === true ? 'naive' : 'fast' },
      };
    case 'numpy-1t':
    case 'numpy-2t': {
      const threads = id === 'numpy-1t' ? '1' : '2';
      // Set on these machines for other work, they slow OpenBLAS down: removed for this child only.
      const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2, ...env } = process.env;
      return {
        command: options.python ?? 'python3',
        args: [join(ROOT, 'bench', 'numpy_mlp.py')],
        cwd: ROOT,
        env: { ...env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, PYTHONUNBUFFERED: '1' },
      };
    }
  }
}

/** The shared inputs: batch order, initial weights (scratchnet's own initialisers) and matrix operands. */
function writeFixture(dir: string, mlpIds: MlpId[], withMatmul: boolean): Manifest {
  const manifest: Manifest = { mnistDir: mnistDir(), mlp: {}, matmul: [] };
  for (const id of mlpIds) {
    const spec: MlpSpec = MLP_SPECS[id];
    const { sizes, activation, seed } = spec;
    const net =
      sizes.length === 3
        ? new TwoLayerNet({
            inputSize: sizes[0]!,
            hiddenSize: sizes[1]!,
            outputSize: sizes[2]!,
            activation,
            dtype: 'float32',
            seed,
          })
        : new MultiLayerNet({
            inputSize: sizes[0]!,
            hiddenSizes: sizes.slice(1, -1),
            outputSize: sizes.at(-1)!,
            activation,
            dtype: 'float32',
            seed,
          });
    const params = Object.entries(net.params).map(([name, p]) => {
      const file = `${id}-${name}.f32`;
      writeArray(dir, file, Float32Array.from(p.data));
      return { name, shape: [...p.shape], file };
    });
    const order = `${id}-order.i32`;
    const permutation = new Random(seed).permutation(MNIST_TRAIN).data;
    writeArray(dir, order, Int32Array.from(permutation.subarray(0, spec.iterations * spec.batchSize)));
    const fixture: MlpFixture = { ...spec, order, params };
    manifest.mlp[id] = fixture;
  }
  if (withMatmul) {
    const rng = new Random(3);
    MATMUL_SHAPES.forEach(([m, k, n], i) => {
      const a = `W3-${i}-a.f32`;
      const b = `W3-${i}-b.f32`;
      writeArray(dir, a, Float32Array.from(rng.rand([m, k], { dtype: 'float32' }).data));
      writeArray(dir, b, Float32Array.from(rng.rand([k, n], { dtype: 'float32' }).data));
      manifest.matmul.push({ m, k, n, a, b });
    });
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  return manifest;
}

interface Running {
  id: SystemId;
  process: SystemProcess;
}

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

export async function runSuite(options: SuiteOptions = {}): Promise<BenchReport> {
  const started = performance.now();
  const sink = options.log ?? ((): void => undefined);
  const log = (line: string): void =>
    sink(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const p = plan(options);
  const workloads = WORKLOAD_IDS.filter((w) => options.only === undefined || options.only.includes(w));
  if (workloads.length === 0) throw new Error('no workload selected');
  const mlpIds = workloads.filter((w): w is MlpId => w === 'W1' || w === 'W2');
  const wanted = SYSTEM_IDS.filter(
    (s) => s === 'scratchnet' || options.systems === undefined || options.systems.includes(s),
  );
  const python = options.python ?? 'python3';

  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-bench-'));
  const running: Running[] = [];
  const status = new Map<SystemId, SystemStatus>();
  try {
    log(`writing the shared fixture to ${dir}`);
    writeFixture(dir, mlpIds, workloads.includes('W3'));

    log(`starting ${wanted.join(', ')}`);
    await Promise.all(
      wanted.map(async (id) => {
        const child = new SystemProcess(childOptions(id, options));
        try {
          const info = asSystemInfo(await child.request({ op: 'init', fixtureDir: dir }));
          running.push({ id, process: child });
          status.set(id, { id, label: SYSTEM_LABELS[id], detail: info.detail, skipped: null });
        } catch (error) {
          const reason =
            id.startsWith('numpy') && /ENOENT/.test(String(error)) ? `${python} not found` : firstLine(error);
          status.set(id, { id, label: SYSTEM_LABELS[id], detail: null, skipped: reason });
          await child.close();
        }
      }),
    );
    if (!running.some((r) => r.id === 'scratchnet')) {
      throw new Error(`scratchnet's benchmark process did not start: ${status.get('scratchnet')?.skipped ?? ''}`);
    }
    running.sort((a, b) => SYSTEM_IDS.indexOf(a.id) - SYSTEM_IDS.indexOf(b.id));
    for (const id of wanted) {
      const s = status.get(id)!;
      log(`  ${s.label}: ${s.skipped === null ? s.detail : `skipped (${s.skipped})`}`);
    }

    /** Sends a request; on failure records why and drops the system from the rest of this workload. */
    const failures = new Map<string, string>();
    const ask = async (
      workload: WorkloadId,
      r: Running,
      request: Parameters<SystemProcess['request']>[0],
    ): Promise<unknown> => {
      const key = `${workload}/${r.id}`;
      if (failures.has(key)) return null;
      try {
        return await r.process.request(request);
      } catch (error) {
        failures.set(key, firstLine(error));
        log(`  ${SYSTEM_LABELS[r.id]} failed on ${workload}: ${firstLine(error)}`);
        return null;
      } finally {
        if (r.id === 'numpy-2t') await sleep(OPENBLAS_SPIN_MS);
      }
    };
    const failedOn = (workload: WorkloadId): { label: string; reason: string }[] =>
      running.flatMap((r) => {
        const reason = failures.get(`${workload}/${r.id}`);
        return reason === undefined ? [] : [{ label: SYSTEM_LABELS[r.id], reason }];
      });

    const mlpSections: MlpSection[] = [];
    const allocRows: AllocRow[] = [];
    for (const id of mlpIds) {
      const spec = MLP_SPECS[id];
      const samples = new Map<SystemId, MlpReply[]>();
      const partial = (r: Running): { iterations: number; evalTrainRows: number; evalTestRows: number } => {
        const fraction = r.id === 'tfjs-cpu' ? p.tfjsCpuFraction : 1;
        return {
          iterations: Math.max(1, Math.round(spec.iterations * fraction)),
          evalTrainRows: Math.max(1, Math.round(MNIST_TRAIN * fraction)),
          evalTestRows: Math.max(1, Math.round(MNIST_TEST * fraction)),
        };
      };
      log(`${id}: warming up`);
      for (const r of running) {
        const warm = Math.min(p.warmIterations, partial(r).iterations);
        await ask(id, r, {
          op: 'mlp',
          workload: id,
          iterations: warm,
          evalTrainRows: p.warmEvalRows,
          evalTestRows: p.warmEvalRows,
        });
      }
      for (let round = 0; round < p.runs; round++) {
        for (const r of rotate(running, round)) {
          const result = await ask(id, r, { op: 'mlp', workload: id, ...partial(r) });
          if (result === null) continue;
          const reply = asMlpReply(result);
          samples.set(r.id, [...(samples.get(r.id) ?? []), reply]);
          const part =
            reply.iterations < spec.iterations ? ` (${reply.iterations} of ${spec.iterations} iterations)` : '';
          log(
            `${id} run ${round + 1}/${p.runs}: ${SYSTEM_LABELS[r.id]} train ${(reply.trainMs / 1000).toFixed(3)} s, eval ${(reply.evalMs / 1000).toFixed(3)} s${part}`,
          );
        }
      }
      const allocs = new Map<SystemId, AllocReply>();
      for (const r of running) {
        if (r.id !== 'scratchnet' && r.id !== 'tfjs-wasm') continue;
        const result = await ask(id, r, { op: 'alloc', workload: id, iterations: p.allocIterations });
        if (result !== null) allocs.set(r.id, asAllocReply(result));
      }
      const section = mlpSection(
        spec,
        samples,
        running.map((r) => r.id),
        failedOn(id),
      );
      mlpSections.push(section);
      for (const [system, a] of allocs) {
        const row = section.rows.find((x) => x.system === system);
        allocRows.push({
          workload: id,
          system,
          label: SYSTEM_LABELS[system],
          bytesPerIteration: a.bytesPerIteration,
          iterations: a.iterations,
          gcCount: row?.gcCount ?? null,
          gcMs: row?.gcMs ?? null,
          trainS: row?.trainS ?? null,
        });
      }
    }

    let matmul: MatmulSection | null = null;
    if (workloads.includes('W3')) {
      const samples = MATMUL_SHAPES.map(() => new Map<SystemId, MatmulReply[]>());
      log('W3: warming up');
      for (const r of running) {
        for (let index = 0; index < MATMUL_SHAPES.length; index++) {
          await ask('W3', r, { op: 'matmul', index, minMs: p.matmulWarmMs, minReps: 1, maxReps: 5 });
        }
      }
      for (let round = 0; round < p.runs; round++) {
        for (let index = 0; index < MATMUL_SHAPES.length; index++) {
          for (const r of rotate(running, round + index)) {
            const result = await ask('W3', r, {
              op: 'matmul',
              index,
              minMs: p.matmulMs,
              minReps: 1,
              maxReps: 1_000_000,
            });
            if (result === null) continue;
            const bySystem = samples[index]!;
            bySystem.set(r.id, [...(bySystem.get(r.id) ?? []), asMatmulReply(result)]);
          }
        }
        log(`W3 run ${round + 1}/${p.runs} done`);
      }
      matmul = matmulSection(
        samples,
        running.map((r) => r.id),
        failedOn('W3'),
      );
    }

    const extraTargets: Target[] = [];
    if (workloads.includes('CLI')) {
      log('CLI: timing npm start');
      const cli = await timeDefaultRun(ROOT, p.runs, options.quick === true, log);
      extraTargets.push({
        text: `the default CLI run (npm start: ${cli.iterations} iterations, an evaluation of all 70000 samples per epoch, model and charts written) < 10 s, wall clock`,
        value: `${cli.median.toFixed(2)} s median of ${cli.seconds.length} (${cli.seconds.map((x) => x.toFixed(2)).join(', ')}), final test accuracy ${cli.testAcc ?? '?'}`,
        met: options.quick === true ? null : cli.median < 10,
      });
    }

    const systems = wanted.map((id) => status.get(id)!);
    return {
      header: [
        `scratchnet benchmark (issue 5), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${options.quick === true ? ', QUICK MODE: smoke test, not numbers to quote' : ''}`,
        `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs; node ${process.version}; ${p.runs} timed run${p.runs === 1 ? '' : 's'} per system and workload, medians`,
        'each system runs in its own process (scratchnet in plain `node --import tsx`, no V8 flags); the same batches,',
        'initial weights and operands for all; timed runs interleaved across systems; ratios are times, scratchnet/x (< 1: scratchnet faster)',
        ...(options.kernels === 'wasm'
          ? ["scratchnet's kernels chosen with --kernels wasm (createWasmKernels), not its default"]
          : []),
        ...(options.tfjsNaive === true
          ? ['TensorFlow.js written plainly (--tfjs-naive): tf.gather batches and matMul transpose flags']
          : []),
      ],
      systems,
      mlp: mlpSections,
      matmul,
      alloc: allocRows,
      targets: [...targets(mlpSections, matmul), ...extraTargets],
      notes: [`(whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s)`],
    };
  } finally {
    await Promise.all(running.map((r) => r.process.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function mlpSection(
  spec: MlpSpec,
  samples: Map<SystemId, MlpReply[]>,
  order: SystemId[],
  failed: MlpSection['failed'],
): MlpSection {
  const evalSamples = MNIST_TRAIN + MNIST_TEST;
  const rows: MlpRow[] = [];
  for (const system of order) {
    const runs = samples.get(system);
    if (runs === undefined || runs.length === 0) continue;
    const first = runs[0]!;
    const full =
      first.iterations === spec.iterations && first.evalTrainRows === MNIST_TRAIN && first.evalTestRows === MNIST_TEST;
    const trainScale = spec.iterations / first.iterations;
    const evalScale = evalSamples / (first.evalTrainRows + first.evalTestRows);
    const train = runs.map((r) => (r.trainMs / 1000) * trainScale);
    const gcCounts = runs.flatMap((r) => (r.gcCount === undefined ? [] : [r.gcCount]));
    const gcMs = runs.flatMap((r) => (r.gcMs === undefined ? [] : [r.gcMs]));
    rows.push({
      system,
      label: SYSTEM_LABELS[system],
      runs: runs.length,
      trainS: median(train),
      evalS: median(runs.map((r) => (r.evalMs / 1000) * evalScale)),
      spread: spread(train),
      meanLoss: full ? first.meanLoss : null,
      trainAcc: full ? first.trainCorrect / first.evalTrainRows : null,
      testAcc: full ? first.testCorrect / first.evalTestRows : null,
      estimated: full
        ? null
        : `${first.iterations} of ${spec.iterations} iterations and ${first.evalTrainRows + first.evalTestRows} of ${evalSamples} predictions`,
      gcCount: full && gcCounts.length > 0 ? median(gcCounts) : null,
      gcMs: full && gcMs.length > 0 ? median(gcMs) : null,
      trainRatio: null,
      evalRatio: null,
    });
  }
  const sn = rows.find((r) => r.system === 'scratchnet');
  for (const r of rows) {
    if (sn === undefined) continue;
    r.trainRatio = sn.trainS / r.trainS;
    r.evalRatio = sn.evalS / r.evalS;
  }
  return {
    workload: spec.id,
    title: spec.title,
    iterations: spec.iterations,
    evalSamples,
    rows,
    failed,
    checks: mlpChecks(rows),
  };
}

/** Same batches and initial weights: every full run must land on nearly the same loss and accuracy. */
function mlpChecks(rows: MlpRow[]): string[] {
  const full = rows.filter((r) => r.testAcc !== null && r.meanLoss !== null);
  if (full.length < 2) return [];
  const accs = full.map((r) => r.testAcc!);
  const losses = full.map((r) => r.meanLoss!);
  const accRange = Math.max(...accs) - Math.min(...accs);
  const lossRange = (Math.max(...losses) - Math.min(...losses)) / median(losses);
  const ok = accRange <= 0.005 && lossRange <= 0.005;
  return [
    `${ok ? 'check' : '! CHECK FAILED'}: test accuracies of the full runs lie within ${accRange.toFixed(4)} of each other, ` +
      `mean losses within ${(lossRange * 100).toFixed(3)}% (limits 0.005 and 0.5%: the systems computed the same training)`,
  ];
}

function matmulSection(
  samples: Map<SystemId, MatmulReply[]>[],
  order: SystemId[],
  failed: MatmulSection['failed'],
): MatmulSection {
  const rows: MatmulRow[] = [];
  let mismatches = 0;
  MATMUL_SHAPES.forEach(([m, k, n], index) => {
    const bySystem = samples[index]!;
    const flops = 2 * m * k * n;
    const checksums = [...bySystem.values()].map((runs) => runs[0]!.checksum);
    const reference = checksums.length > 0 ? median(checksums) : 0;
    const cells = order.flatMap((system) => {
      const runs = bySystem.get(system);
      if (runs === undefined || runs.length === 0) return [];
      const ms = runs.map((r) => r.msPerProduct);
      const msPerProduct = median(ms);
      // All operands are positive, so the sum has no cancellation: float32 rounding stays far below 1e-4.
      const checksumOk = Math.abs(runs[0]!.checksum - reference) <= 1e-4 * Math.abs(reference);
      if (!checksumOk) mismatches++;
      return [
        {
          system,
          label: SYSTEM_LABELS[system],
          gflops: flops / msPerProduct / 1e6,
          msPerProduct,
          spread: spread(ms),
          ratio: null,
          checksumOk,
        },
      ];
    });
    const sn = cells.find((c) => c.system === 'scratchnet');
    const withRatios = cells.map((c) => ({
      ...c,
      ratio: sn === undefined || c.system === 'scratchnet' ? null : sn.msPerProduct / c.msPerProduct,
    }));
    rows.push({ shape: [m, k, n], cells: withRatios });
  });
  const checks = [
    mismatches === 0
      ? 'check: every product sums to within 1e-4 (relative) of the median over systems'
      : `! CHECK FAILED: ${mismatches} product(s) marked ! differ from the other systems' by more than 1e-4 (relative)`,
  ];
  return { rows, failed, checks };
}

function targets(mlp: MlpSection[], matmul: MatmulSection | null): Target[] {
  const out: Target[] = [];
  const row = (w: MlpId, s: SystemId): MlpRow | undefined =>
    mlp.find((m) => m.workload === w)?.rows.find((r) => r.system === s);
  const ratioTarget = (w: MlpId, s: SystemId, limit: number, text: string): void => {
    const r = row(w, s);
    if (row(w, 'scratchnet') === undefined) return;
    out.push({
      text,
      value: r?.trainRatio == null ? `${SYSTEM_LABELS[s]} not measured` : `${r.trainRatio.toFixed(3)}x`,
      met: r?.trainRatio == null ? null : r.trainRatio <= limit,
    });
  };
  ratioTarget('W1', 'numpy-1t', 1.0, 'W1 training epoch: scratchnet/numpy (1 thread) <= 1.0x');
  ratioTarget('W1', 'tfjs-wasm', 0.1, 'W1 training epoch: scratchnet/tfjs-wasm <= 0.1x (10x faster)');
  ratioTarget('W2', 'numpy-1t', 1.0, 'W2 training epoch: scratchnet/numpy (1 thread) <= 1.0x');
  const sn = (m: number, k: number, n: number): number | null =>
    matmul?.rows
      .find((r) => r.shape[0] === m && r.shape[1] === k && r.shape[2] === n)
      ?.cells.find((c) => c.system === 'scratchnet')?.gflops ?? null;
  const g = sn(128, 784, 256);
  if (matmul !== null) {
    out.push({
      text: "W3 (128, 784, 256): >= 35 GFLOP/s (scratchnet's default kernels and threads)",
      value: g === null ? 'not measured' : `${g.toFixed(1)} GFLOP/s`,
      met: g === null ? null : g >= 35,
    });
    const big = sn(1024, 1024, 1024);
    out.push({
      text: 'W3 (1024, 1024, 1024) with two threads: more than the single-thread rate (compare by hand)',
      value: big === null ? 'not measured' : `${big.toFixed(1)} GFLOP/s`,
      met: null,
    });
  }
  return out;
}
