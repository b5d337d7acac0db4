/**
 * The Trainer's accuracy evaluations: the splits they read, one evaluation, its entry in the history,
 * and the early stopping decision that follows it.
 */
import type { Dataset } from '../data/types.js';
import type { Network } from '../nets/types.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Progress } from './progress.js';
import { residentCopy } from './resident.js';
import type {
  EarlyStoppingMonitor,
  EarlyStoppingOptions,
  EpochEndInfo,
  TrainerData,
  TrainingHistory,
} from './types.js';

/** The splits that accuracy is measured on, each cut to evalSampleSize samples. */
export interface EvalSets {
  /** The training split (its images in the kernels' memory). */
  train: Dataset;
  /** The test split, when the data has one. */
  test?: Dataset;
  /** The validation split, when the data has one. */
  validation?: Dataset;
}

const MONITOR_NAMES: Record<EarlyStoppingMonitor, string> = {
  validation: 'validation accuracy',
  test: 'test accuracy',
  loss: 'mean training loss',
};

/** The first `n` samples as views (no copy), or the whole split. */
function head(split: Dataset, n: number | undefined): Dataset {
  if (n === undefined || n >= split.x.shape[0]!) return split;
  return { x: split.x.slice(0, n), t: split.t.slice(0, n) };
}

/**
 * The evaluation splits over resident copies of the images (see residentCopy), each cut to the first
 * `evalSampleSize` samples; `trainX` is the training images' copy, which the batches are gathered from.
 */
export function residentEvalSets(data: TrainerData, trainX: NDArray, evalSampleSize: number | undefined): EvalSets {
  const n = evalSampleSize;
  return {
    train: head({ x: trainX, t: data.train.t }, n),
    ...(data.test !== undefined ? { test: head({ x: residentCopy(data.test.x), t: data.test.t }, n) } : {}),
    ...(data.validation !== undefined
      ? { validation: head({ x: residentCopy(data.validation.x), t: data.validation.t }, n) }
      : {}),
  };
}

/**
 * Measures `net`'s accuracy on every split after `at.iteration` (reported as `at.epoch`) of a run
 * that started at `started` (a `performance.now()` time); `at.loss` is the mean batch loss since the
 * previous evaluation.
 */
export function evaluate(
  net: Network,
  evalSets: EvalSets,
  at: { iteration: number; epoch: number; loss: number },
  started: number,
): EpochEndInfo {
  const info: EpochEndInfo = {
    epoch: at.epoch,
    iteration: at.iteration,
    loss: at.loss,
    trainAcc: net.accuracy(evalSets.train.x, evalSets.train.t),
    testAcc: evalSets.test === undefined ? Number.NaN : net.accuracy(evalSets.test.x, evalSets.test.t),
    elapsedMs: 0,
  };
  if (evalSets.validation !== undefined) {
    info.validationAcc = net.accuracy(evalSets.validation.x, evalSets.validation.t);
  }
  info.elapsedMs = performance.now() - started;
  return info;
}

/** Appends an evaluation's epoch and accuracies to the history. */
export function recordEvaluation(history: TrainingHistory, info: EpochEndInfo): void {
  history.epochs.push(info.epoch);
  history.trainAcc.push(info.trainAcc);
  if (!Number.isNaN(info.testAcc)) history.testAcc.push(info.testAcc);
  if (info.validationAcc !== undefined) history.validationAcc?.push(info.validationAcc);
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/**
 * Updates the early stopping bookkeeping in `p` with the evaluation `info`, and returns why training
 * stops now, or null to go on. `canStop` is false at the run's last iteration, which ends anyway.
 */
export function earlyStoppingAfter(
  p: Progress,
  es: EarlyStoppingOptions,
  info: EpochEndInfo,
  canStop: boolean,
): string | null {
  const minDelta = es.minDelta ?? 0;
  const value = es.monitor === 'loss' ? info.loss : es.monitor === 'test' ? info.testAcc : info.validationAcc!;
  const improved = es.monitor === 'loss' ? value < p.best - minDelta : value > p.best + minDelta;
  if (improved) {
    p.best = value;
    p.bestEpoch = info.epoch;
    p.sinceBest = 0;
    return null;
  }
  if (++p.sinceBest < es.patience || !canStop) return null;
  return (
    `early stopping after epoch ${formatValue(info.epoch)}: ${MONITOR_NAMES[es.monitor]} did not improve ` +
    `by more than ${minDelta} for ${es.patience} evaluation${es.patience === 1 ? '' : 's'} ` +
    `(best ${formatValue(p.best)} at epoch ${formatValue(p.bestEpoch)})`
  );
}
