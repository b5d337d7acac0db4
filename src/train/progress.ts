/** Where a training run stands between iterations, in the form the training loop updates. */
import type { EarlyStoppingMonitor, EvaluationTiming, Sampling, TrainingHistory } from './types.js';

/** The fixed shape of a Trainer's runs, which a run's progress (and a saved state) must fit. */
export interface RunLayout {
  /** The planned number of iterations. */
  readonly totalIterations: number;
  /** Samples per mini-batch. */
  readonly batchSize: number;
  /** Samples in the training split. */
  readonly trainSize: number;
  /** How mini-batches are drawn. */
  readonly sampling: Sampling;
  /** ceil(trainSize / batchSize). */
  readonly iterationsPerEpoch: number;
  /** Whether the data has a validation split (and so the history a validationAcc list). */
  readonly hasValidation: boolean;
  /** What early stopping watches, if the run uses it. */
  readonly monitor: EarlyStoppingMonitor | undefined;
  /** When accuracy is measured. */
  readonly evaluate: EvaluationTiming;
}

/**
 * The per-iteration loss log, allocated for the planned iterations before training starts, so that a
 * long run's memory does not creep up by a growing array (8 bytes an iteration, 1.5x regrowth); runs
 * beyond 2^24 planned iterations start there and double.
 */
export class LossLog {
  private buffer: Float64Array;
  /** Losses logged so far. */
  length = 0;

  /** A log with room for `planned` losses, holding `initial` already. */
  constructor(planned: number, initial: readonly number[] = []) {
    this.buffer = new Float64Array(Math.max(Math.min(planned, 2 ** 24), initial.length, 1));
    this.buffer.set(initial);
    this.length = initial.length;
  }

  /** Appends one loss. */
  push(loss: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(2 * this.buffer.length);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = loss;
  }

  /** The losses logged, as a new array. */
  toArray(): number[] {
    return Array.from(this.buffer.subarray(0, this.length));
  }
}

/** Where a run stands between iterations (the mutable form of TrainerState). */
export interface Progress {
  /** Iterations completed. */
  iteration: number;
  /** The current epoch's permutation ('shuffle'), reused from epoch to epoch. */
  order: Int32Array;
  /** Sum of the batch losses since the last evaluation. */
  lossSum: number;
  /** Number of batch losses in `lossSum`. */
  lossCount: number;
  /** Infinity until the first iteration. */
  firstLoss: number;
  /** ±Infinity until the first evaluation. */
  best: number;
  /** The epoch of `best`. */
  bestEpoch: number;
  /** Evaluations since `best` without an improvement. */
  sinceBest: number;
  /** Everything but the losses, which live in `losses` while a run is going on. */
  history: TrainingHistory;
  /** The batch losses of iterations 1..iteration, in a buffer sized for the run (see LossLog). */
  losses: LossLog;
  /** Training time so far, in milliseconds. */
  elapsedMs: number;
}

/** The early stopping yardstick before any evaluation: anything beats it. */
export function startingBest(monitor: EarlyStoppingMonitor | undefined): number {
  return monitor === 'loss' ? Infinity : -Infinity;
}

/** The progress of a run that has not started. */
export function freshProgress(layout: RunLayout): Progress {
  const history: TrainingHistory = { loss: [], trainAcc: [], testAcc: [], epochs: [], iterations: 0 };
  if (layout.hasValidation) history.validationAcc = [];
  return {
    iteration: 0,
    order: new Int32Array(layout.sampling === 'shuffle' ? layout.trainSize : 0),
    lossSum: 0,
    lossCount: 0,
    firstLoss: Infinity,
    best: startingBest(layout.monitor),
    bestEpoch: 0,
    sinceBest: 0,
    history,
    losses: new LossLog(layout.totalIterations),
    elapsedMs: 0,
  };
}
