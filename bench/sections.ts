/**
 * Turns the timed samples of the benchmark into the report's sections: medians, spreads, ratios
 * against scratchnet, the cross-checks that every system computed the same thing, and the targets.
 */
import type { MatmulReply, MlpReply } from './protocol.js';
import {
  SYSTEM_LABELS,
  median,
  spread,
  type MatmulRow,
  type MatmulSection,
  type MlpRow,
  type MlpSection,
  type SystemId,
  type Target,
} from './report.js';
import { MATMUL_SHAPES, MNIST_TEST, MNIST_TRAIN, type MlpId, type MlpSpec, W1 } from './workloads.js';

export function mlpSection(
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

export function matmulSection(
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

export function targets(mlp: MlpSection[], matmul: MatmulSection | null): Target[] {
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
  ratioTarget('W1F64', 'numpy-1t', 1.0, 'W1 in float64 training epoch: scratchnet/numpy float64 (1 thread) <= 1.0x');
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
    const w1 = row('W1', 'scratchnet');
    if (w1 !== undefined && big !== null) out.push(...floorTargets(w1, big));
  }
  return out;
}

/**
 * Multiply-adds of one W1 training epoch's products: per sample, the forward product of every
 * layer, its weight gradient, and its input gradient for all layers but the first (the data needs none).
 */
export function trainingProductFlops(spec: MlpSpec): number {
  let macs = 0;
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const weights = spec.sizes[l]! * spec.sizes[l + 1]!;
    macs += weights * (l === 0 ? 2 : 3);
  }
  return 2 * macs * spec.batchSize * spec.iterations;
}

/**
 * W1 float32 against its floor: the time its products take at the machine's own two-thread product
 * rate (scratchnet's 1024³ product in the same run). Numpy is no measure here: with AVX-512 it runs
 * products twice as fast per core as 128-bit WebAssembly SIMD can.
 */
function floorTargets(w1: MlpRow, rate: number): Target[] {
  const floor = trainingProductFlops(W1) / (rate * 1e9);
  const ratio = w1.trainS / floor;
  return [
    {
      text: `W1 training epoch <= 1.5x its floor (${(trainingProductFlops(W1) / 1e9).toFixed(2)} GFLOP of products at the 1024³ rate)`,
      value: `${ratio.toFixed(2)}x (${w1.trainS.toFixed(3)} s against ${floor.toFixed(3)} s)`,
      met: ratio <= 1.5,
    },
    {
      text: 'W1 training epoch spread < 15% (quiet machine; under --busy compare the median by hand)',
      value: `${(w1.spread * 100).toFixed(0)}%`,
      met: w1.spread < 0.15,
    },
  ];
}
