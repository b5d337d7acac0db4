import type { Dataset } from '../data/types.js';
import type { RandomState } from '../ndarray/random.js';
import type { Params } from '../nets/types.js';

/**
 * What the Trainer needs from an optimizer: the book's `update(params, grads)`, which changes
 * `params` in place. Every `Optimizer` in `optim/` (SGD, Momentum, AdaGrad, RMSprop, Adam) fits;
 * typed this narrowly so a hand-written update rule fits too, without `state()`/`loadState()`.
 */
export interface ParamUpdater {
  /** One step: updates `params` in place from the gradients of the same names. */
  update(params: Params, grads: Params): void;
}

/**
 * When the Trainer measures accuracy: 'epoch-end' after the last iteration of each epoch (and of the
 * run), or 'epoch-start' as the book's trainer.py and train_neuralnet.py do, right after the first
 * update of each epoch (`iter % iter_per_epoch == 0`, counting from 0).
 */
export type EvaluationTiming = 'epoch-end' | 'epoch-start';

/** How each mini-batch is drawn from the training set. */
export type Sampling = 'shuffle' | 'with-replacement';

/** Passed to `onBatchEnd` after every optimizer step. */
export interface BatchEndInfo {
  /** The number of this iteration, counting from 1 across the whole run. */
  iteration: number;
  /** The epoch this iteration belongs to, counting from 1. */
  epoch: number;
  /** The loss of this mini-batch, before the update. */
  loss: number;
}

/** Passed to `onEpochEnd` after each accuracy evaluation. */
export interface EpochEndInfo {
  /**
   * Epochs completed: a whole number at an epoch boundary, a fraction (iterations / iterations per
   * epoch) for the final evaluation of an `iterations` run that stops mid-epoch. With `evaluate:
   * 'epoch-start', the epochs completed before the one just begun (0, 1, 2, ...), as the book numbers
   * its accuracy records.
   */
  epoch: number;
  /** Iterations completed so far. */
  iteration: number;
  /** The mean mini-batch loss since the previous evaluation. */
  loss: number;
  /** Accuracy in [0, 1] on the training split (its first `evalSampleSize` samples). */
  trainAcc: number;
  /** Accuracy in [0, 1] on the test split (its first `evalSampleSize` samples); NaN when the data has no test split. */
  testAcc: number;
  /** Present when the data has a validation split. */
  validationAcc?: number;
  /** Milliseconds since `fit()` started. */
  elapsedMs: number;
}

/** What early stopping watches: an accuracy (higher is better) or the mean training loss (lower is better). */
export type EarlyStoppingMonitor = 'validation' | 'test' | 'loss';

/** Stop when the monitored value has not improved for `patience` evaluations in a row. */
export interface EarlyStoppingOptions {
  /** Evaluations without improvement to tolerate before stopping (a positive integer). */
  patience: number;
  /**
   * `'validation'` or `'test'` accuracy, or `'loss'`: the mean mini-batch loss since the previous
   * evaluation. Choosing by test accuracy leaks the test set into training decisions; prefer a
   * validation split.
   */
  monitor: EarlyStoppingMonitor;
  /** A change smaller than or equal to this does not count as an improvement (default 0). */
  minDelta?: number;
}

/** Options of `new Trainer(net, data, options)`. Give exactly one of `epochs` and `iterations`. */
export interface TrainerOptions {
  /** Passes over the training set; one epoch is ceil(trainSize / batchSize) iterations. */
  epochs?: number;
  /** Optimizer steps in total (the book's `iters_num`). */
  iterations?: number;
  /** Samples per mini-batch (default 100, as in the book). */
  batchSize?: number;
  /** Updates the parameters from the gradients (default `new SGD({ lr: 0.1 })`, the book's chapter 4 rate). */
  optimizer?: ParamUpdater;
  /**
   * `'with-replacement'` (default) draws each batch independently, as the book's
   * `np.random.choice(train_size, batch_size)` does; `'shuffle'` walks a fresh permutation each
   * epoch so every sample is used exactly once per epoch (the last batch may be smaller).
   */
  sampling?: Sampling;
  /**
   * Epochs between accuracy evaluations (default 1). With `evaluate: 'epoch-end'` the last iteration
   * is always evaluated.
   */
  evaluateEvery?: number;
  /**
   * When accuracy is measured (default 'epoch-end': after each epoch's last iteration, and after the
   * run's last). 'epoch-start' is the book's timing: after the first iteration of every
   * `evaluateEvery`-th epoch, so the first record is the network after a single update (epoch 0 in
   * `EpochEndInfo.epoch`, as the book's plots number it) and a run of N epochs records N evaluations,
   * none after the last iteration (the book prints its final test accuracy separately: call
   * `net.accuracy` after `fit()`). Kept in `state()`: a checkpoint resumes only with the same timing.
   */
  evaluate?: EvaluationTiming;
  /**
   * Evaluate accuracy on only the first N samples of each split, as the book's `trainer.py`
   * (`evaluate_sample_num_per_epoch`) does to save time. Default: every sample. A split smaller
   * than N is used whole.
   */
  evalSampleSize?: number;
  /** Seeds the Trainer's own generator for batch sampling; the same seed gives the same batches. */
  seed?: number;
  /** Called after each optimizer step; a returned promise is awaited. */
  onBatchEnd?(info: BatchEndInfo): void | Promise<void>;
  /** Called after each accuracy evaluation; a returned promise is awaited. */
  onEpochEnd?(info: EpochEndInfo): void | Promise<void>;
  /** Stop training when a monitored value stops improving (default: train for the planned length). */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Divergence guard: training stops with `NAN_LOSS` when a batch loss is NaN or infinite, or larger
   * than this many times the first batch's loss (default 10; `Infinity` turns that part off). With an
   * overflow-safe softmax a too-large learning rate rarely reaches NaN: the loss spikes (lr 10 on the
   * book's MNIST network: 2.3 to 70 within five iterations) and then the ReLU units die.
   */
  divergenceFactor?: number;
  /** Aborting stops training before the next iteration; `fit()` then resolves with the history so far. */
  signal?: AbortSignal;
  /**
   * Iterations between calls to `onCheckpoint` (default: never). Before each call the parameters are
   * checked: a NaN or infinite weight stops training with `NAN_LOSS` instead, so a checkpoint is only
   * ever taken of a healthy network.
   */
  checkpointEvery?: number;
  /**
   * Called every `checkpointEvery` iterations, after that iteration's update, evaluation and early
   * stopping check, when `trainer.state()` (with the network's parameters and the optimizer's state)
   * describes exactly where training stands; see `captureCheckpoint`. A returned promise is awaited.
   */
  onCheckpoint?(info: CheckpointInfo): void | Promise<void>;
  /**
   * Iterations between yields to the event loop, so a browser page can repaint and react (and an
   * AbortSignal can fire) during training. Default 50; 0 never yields.
   */
  yieldEvery?: number;
}

/**
 * The data a Trainer takes: `loadMnist`'s splits, or a training set alone. Accuracy is measured on
 * the splits that are there; without a test split `EpochEndInfo.testAcc` is NaN and
 * `TrainingHistory.testAcc` stays empty.
 */
export interface TrainerData {
  /** The samples trained on. */
  train: Dataset;
  /** Held-out samples, used only to measure accuracy. */
  test?: Dataset;
  /** Samples held out of training to choose settings by (early stopping's 'validation' monitor). */
  validation?: Dataset;
}

/** What `fit()` resolves to. */
export interface TrainingHistory {
  /** The mini-batch loss of every iteration. */
  loss: number[];
  /** Accuracy on the (first `evalSampleSize` samples of the) training set, one entry per evaluation. */
  trainAcc: number[];
  /** Accuracy on the (first `evalSampleSize` samples of the) test set, one entry per evaluation (none without a test split). */
  testAcc: number[];
  /** Present when the data has a validation split. */
  validationAcc?: number[];
  /** The epoch of each evaluation (see `EpochEndInfo.epoch`). */
  epochs: number[];
  /** Iterations completed. */
  iterations: number;
  /** Why training ended before the planned number of iterations (early stopping or abort). */
  stoppedEarly?: string;
}

/** Passed to `onCheckpoint`. */
export interface CheckpointInfo {
  /** Iterations completed. */
  iteration: number;
  /** The epoch the last iteration belonged to, counting from 1. */
  epoch: number;
}

/** The early stopping bookkeeping of a run (`best` is null until the first evaluation). */
export interface EarlyStoppingState {
  /** The best monitored value so far (highest accuracy or lowest loss); null before the first evaluation. */
  best: number | null;
  /** The epoch of that best value (see `EpochEndInfo.epoch`); 0 before the first evaluation. */
  bestEpoch: number;
  /** Evaluations in a row since the best one without an improvement. */
  sinceBest: number;
}

/**
 * Where a Trainer stands between two iterations: everything `fit()` needs to continue exactly as an
 * uninterrupted run would (the sampling generator, the current epoch's permutation, the running loss
 * and early stopping bookkeeping, the history so far). Plain data apart from `order`; see
 * `Trainer.state()` and `Trainer.loadState()`.
 */
export interface TrainerState {
  /** Identifies the layout; `loadState` refuses others. */
  version: 1;
  /** Iterations completed. */
  iteration: number;
  /** The run's planned iterations; this and the next three are settings a resuming Trainer must share. */
  totalIterations: number;
  /** Samples per mini-batch. */
  batchSize: number;
  /** Samples in the training split. */
  trainSize: number;
  /** How mini-batches are drawn. */
  sampling: Sampling;
  /** The batch-sampling generator. */
  rng: RandomState;
  /** The permutation of the current epoch ('shuffle' sampling; null otherwise). */
  order: Int32Array | null;
  /** Sum of the batch losses since the last evaluation. */
  lossSum: number;
  /** Number of batch losses in `lossSum`. */
  lossCount: number;
  /** The first batch's loss (the divergence guard's yardstick); null before the first iteration. */
  firstLoss: number | null;
  /** Where early stopping stands (kept even when the run does not use early stopping). */
  earlyStopping: EarlyStoppingState;
  /** The history so far. */
  history: TrainingHistory;
  /** 'epoch-start' for a run with the book's evaluation timing; absent for 'epoch-end'. */
  evaluate?: 'epoch-start';
  /** Training time so far, in milliseconds (the next `EpochEndInfo.elapsedMs` continues from it). */
  elapsedMs: number;
}
