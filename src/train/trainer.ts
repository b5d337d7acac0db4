import { check } from '../errors.js';
import type { Network } from '../nets/types.js';
import { Random } from '../ndarray/random.js';
import { RowGatherer } from './batch.js';
import { checkLoss, checkParams } from './divergence.js';
import { earlyStoppingAfter, type EvalSets, evaluate, recordEvaluation, residentEvalSets } from './evaluation.js';
import { checkTrainerOptions } from './options.js';
import { freshProgress, type Progress, type RunLayout } from './progress.js';
import { residentCopy } from './resident.js';
import { type PendingProgress, progressFromState, stateOf } from './state.js';
import type { ParamUpdater, Sampling, TrainerData, TrainerOptions, TrainerState, TrainingHistory } from './types.js';

// Healthy training never multiplies its first loss by ten; a too-large learning rate does within a
// few iterations (see TrainerOptions.divergenceFactor).
const DEFAULT_DIVERGENCE_FACTOR = 10;

/** What one `fit()` works with, set up once before its first iteration so that steps allocate nothing. */
interface RunContext {
  /** The run's progress, updated in place. */
  readonly p: Progress;
  /** Gathers the batch's inputs from the resident copy of the training images. */
  readonly xRows: RowGatherer;
  /** Gathers the batch's targets. */
  readonly tRows: RowGatherer;
  /** The batch's sample indices ('with-replacement' sampling), reused every iteration. */
  readonly drawn: Int32Array;
  /** The splits evaluated, over resident copies of their images. */
  readonly evalSets: EvalSets;
  /** Iterations between evaluations. */
  readonly evalInterval: number;
  /** The divergence guard's bound, as a multiple of the first batch's loss. */
  readonly divergenceFactor: number;
  /** Iterations between checkpoints (0: none). */
  readonly checkpointEvery: number;
  /** The `performance.now()` time the run would have started at had it never been interrupted. */
  readonly started: number;
}

function yieldToEventLoop(): Promise<void> {
  // A macrotask, not a microtask: only a macrotask lets the browser repaint and deliver input events.
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function call<T>(callback: ((info: T) => void | Promise<void>) | undefined, info: T): Promise<void> {
  if (callback === undefined) return;
  const result = callback(info);
  // Awaiting only real promises keeps a synchronous callback from costing a microtask per batch.
  if (result instanceof Promise) await result;
}

/**
 * Mini-batch training, the book's `Trainer` (common/trainer.py) and chapter 4's training loop:
 * draw a batch, one forward and backward pass (`net.lossAndGradient`), `optimizer.update`, and an
 * accuracy evaluation on the train, test (and validation) splits.
 *
 * Accuracy is measured after the last iteration of every `evaluateEvery`-th epoch, and after the
 * run's final iteration (a fractional epoch for an `iterations` run that ends mid-epoch); never
 * before training starts, and not when an abort signal ends the run. Each evaluation is one entry of
 * the history's accuracy lists and one `onEpochEnd` call. `evaluate: 'epoch-start'` measures at the
 * book's times instead: after the first iteration of each epoch.
 *
 * ```ts
 * const trainer = new Trainer(net, { train, test }, {
 *   epochs: 17, optimizer: new SGD({ lr: 0.1 }), seed: 1,
 *   onEpochEnd: (info) => console.log(formatEpochLine(info)),   // epoch 1: train acc 0.9032, test acc 0.9065
 * });
 * const history = await trainer.fit();
 * ```
 */
export class Trainer {
  /** The network being trained; its parameters change in place. */
  readonly net: Network;
  /** The splits trained on (train) and evaluated on (train, test, validation). */
  readonly data: TrainerData;
  /** Samples in the training split. */
  readonly trainSize: number;
  /** Samples per mini-batch. */
  readonly batchSize: number;
  /** ceil(trainSize / batchSize). */
  readonly iterationsPerEpoch: number;
  /** The planned number of iterations (fewer if training stops early). */
  readonly totalIterations: number;
  /** The optimizer given, or the default `SGD` with lr 0.1. */
  readonly optimizer: ParamUpdater;
  /** How mini-batches are drawn. */
  readonly sampling: Sampling;
  private readonly options: TrainerOptions;
  private readonly layout: RunLayout;
  private readonly evaluateEvery: number;
  private readonly yieldEvery: number;
  private readonly rng: Random;
  private running = false;
  /** The state of the current (or last) run. */
  private progress: Progress | null = null;
  /** A state from `loadState`, which the next `fit()` continues. */
  private pending: PendingProgress | null = null;

  /**
   * Validates everything up front, so a mistake fails here and not after an hour of training: throws
   * `BAD_ARGUMENT` naming the option or split at fault, `SHAPE_MISMATCH` for inputs and targets (or
   * one-hot widths and the network's classes) that disagree.
   */
  constructor(net: Network, data: TrainerData, options: TrainerOptions) {
    const settings = checkTrainerOptions(net, data, options);
    this.trainSize = settings.trainSize;
    this.batchSize = settings.batchSize;
    this.iterationsPerEpoch = settings.iterationsPerEpoch;
    this.totalIterations = settings.totalIterations;
    this.optimizer = settings.optimizer;
    this.sampling = settings.sampling;
    this.evaluateEvery = settings.evaluateEvery;
    this.yieldEvery = settings.yieldEvery;
    this.net = net;
    this.data = data;
    this.options = options;
    this.rng = new Random(options.seed);
    this.layout = {
      totalIterations: this.totalIterations,
      batchSize: this.batchSize,
      trainSize: this.trainSize,
      sampling: this.sampling,
      iterationsPerEpoch: this.iterationsPerEpoch,
      hasValidation: data.validation !== undefined,
      monitor: options.earlyStopping?.monitor,
      evaluate: settings.evaluate,
    };
  }

  /**
   * Runs the planned iterations (or until early stopping or the abort signal) and resolves with the
   * history. Rejects with `NAN_LOSS` as soon as a batch loss is NaN or infinite (or, at a checkpoint
   * and at the end, a parameter is). Calling it again trains further from the current parameters,
   * with a fresh history, unless `loadState` was called since: then it continues that state's run.
   */
  async fit(): Promise<TrainingHistory> {
    check(!this.running, 'Trainer: fit() is already running on this Trainer');
    this.running = true;
    try {
      return await this.run();
    } finally {
      this.running = false;
    }
  }

  /**
   * A snapshot of where training stands (see `TrainerState`): taken from `onCheckpoint`, or before or
   * after `fit()`. With the network's parameters and the optimizer's state it is everything a resumed
   * run needs (`captureCheckpoint` gathers all three). The arrays in it are copies.
   */
  state(): TrainerState {
    const p = this.pending ?? this.progress ?? freshProgress(this.layout);
    return stateOf(this.layout, p, this.pending !== null ? this.pending.rng : this.rng.getState());
  }

  /**
   * Makes the next `fit()` continue the run `state` describes (from `state()` of a Trainer built with
   * the same data size, batch size, sampling and length), so that it ends exactly where the
   * uninterrupted run would have. The network's parameters and the optimizer's state are restored
   * separately (`restoreCheckpoint` does all three). Throws `BAD_ARGUMENT` naming the field for a
   * malformed state or one from a different run, and changes nothing then.
   */
  loadState(state: TrainerState): void {
    check(!this.running, 'Trainer: loadState() cannot run while fit() is running');
    this.pending = progressFromState(this.layout, state);
  }

  private async run(): Promise<TrainingHistory> {
    const run = this.startRun();
    const { p } = run;
    const { options, iterationsPerEpoch, totalIterations } = this;
    while (p.iteration < totalIterations) {
      const iteration = p.iteration + 1;
      if (options.signal?.aborted) {
        p.history.stoppedEarly = `aborted after ${iteration - 1} of ${totalIterations} iterations`;
        break;
      }
      const position = (iteration - 1) % iterationsPerEpoch;
      const epoch = (iteration - 1 - position) / iterationsPerEpoch + 1;
      const loss = this.step(run, this.drawBatch(run, position), iteration, epoch);
      await call(options.onBatchEnd, { iteration, epoch, loss });
      if (this.evaluatesAfter(run, iteration)) {
        if (await this.evaluateAndMaybeStop(run, iteration)) break;
      }
      p.elapsedMs = performance.now() - run.started;
      if (run.checkpointEvery > 0 && iteration % run.checkpointEvery === 0) {
        checkParams(this.net, iteration, epoch);
        await call(options.onCheckpoint, { iteration, epoch });
      }
      if (this.yieldEvery > 0 && iteration % this.yieldEvery === 0 && iteration < totalIterations) {
        await yieldToEventLoop();
      }
    }
    p.elapsedMs = performance.now() - run.started;
    if (p.iteration > 0) checkParams(this.net, p.iteration, Math.ceil(p.iteration / iterationsPerEpoch));
    p.history.loss = p.losses.toArray();
    return p.history;
  }

  /** Takes up the pending state (or starts afresh) and sets up the buffers the iterations reuse. */
  private startRun(): RunContext {
    const { options, batchSize } = this;
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.rng.setState(pending.rng);
    const p: Progress = pending ?? freshProgress(this.layout);
    this.progress = p;
    // Copied into the kernels' memory at the start of every run (see residentCopy): batches are then
    // gathered there and evaluation reads the images in place, instead of copying them in each time.
    const trainX = residentCopy(this.data.train.x);
    const evalSets = residentEvalSets(this.data, trainX, options.evalSampleSize);
    return {
      p,
      xRows: new RowGatherer(trainX, batchSize),
      tRows: new RowGatherer(this.data.train.t, batchSize),
      drawn: new Int32Array(batchSize),
      evalSets,
      evalInterval: this.iterationsPerEpoch * this.evaluateEvery,
      divergenceFactor: options.divergenceFactor ?? DEFAULT_DIVERGENCE_FACTOR,
      checkpointEvery: options.checkpointEvery ?? 0,
      started: performance.now() - p.elapsedMs,
    };
  }

  /** The sample indices of the batch at `position` in its epoch. */
  private drawBatch(run: RunContext, position: number): Int32Array {
    const { batchSize, trainSize } = this;
    if (this.sampling === 'shuffle') {
      const order = run.p.order;
      if (position === 0) this.permute(order);
      const from = position * batchSize;
      return order.subarray(from, from + Math.min(batchSize, trainSize - from));
    }
    const drawn = run.drawn;
    for (let j = 0; j < batchSize; j++) drawn[j] = this.rng.int(trainSize);
    return drawn;
  }

  /** One forward and backward pass and update on the samples `indices`; returns the batch loss. */
  private step(run: RunContext, indices: Int32Array, iteration: number, epoch: number): number {
    const { net, optimizer } = this;
    const p = run.p;
    const count = indices.length;
    const { loss, grads } = net.lossAndGradient(run.xRows.gather(indices, count), run.tRows.gather(indices, count));
    if (iteration === 1) p.firstLoss = loss;
    checkLoss(loss, p.firstLoss, run.divergenceFactor, iteration, epoch);
    optimizer.update(net.params, grads);
    p.losses.push(loss);
    p.history.iterations = iteration;
    p.iteration = iteration;
    p.lossSum += loss;
    p.lossCount++;
    return loss;
  }

  /** Whether accuracy is measured after `iteration` (see `TrainerOptions.evaluate`). */
  private evaluatesAfter(run: RunContext, iteration: number): boolean {
    // The book's `i % iter_per_epoch == 0` for i = iteration - 1, after that iteration's update.
    if (this.layout.evaluate === 'epoch-start') return (iteration - 1) % run.evalInterval === 0;
    return iteration % run.evalInterval === 0 || iteration === this.totalIterations;
  }

  /** Evaluates, records and reports the accuracies; true when early stopping ends the run here. */
  private async evaluateAndMaybeStop(run: RunContext, iteration: number): Promise<boolean> {
    const p = run.p;
    const loss = p.lossSum / p.lossCount;
    // At an epoch's start the epoch is the number completed before it (0 first, as the book plots it).
    const epoch = (this.layout.evaluate === 'epoch-start' ? iteration - 1 : iteration) / this.iterationsPerEpoch;
    const info = evaluate(this.net, run.evalSets, { iteration, epoch, loss }, run.started);
    p.lossSum = 0;
    p.lossCount = 0;
    recordEvaluation(p.history, info);
    await call(this.options.onEpochEnd, info);
    const es = this.options.earlyStopping;
    if (es === undefined) return false;
    const stopped = earlyStoppingAfter(p, es, info, iteration < this.totalIterations);
    if (stopped === null) return false;
    p.history.stoppedEarly = stopped;
    return true;
  }

  /** A fresh uniform permutation of 0..n-1 in `order` (Fisher–Yates), reusing its storage. */
  private permute(order: Int32Array): void {
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }
}
