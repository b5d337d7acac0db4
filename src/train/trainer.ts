import { check, ScratchnetError } from '../errors.js';
import type { Dataset, DataSplits } from '../data/types.js';
import type { Network } from '../nets/types.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Random, type RandomState } from '../ndarray/random.js';
import { formatShape } from '../ndarray/shape.js';
import { SGD } from '../optim/sgd.js';
import { checkFinite } from '../validate.js';
import { RowGatherer } from './batch.js';
import { residentCopy } from './resident.js';
import type {
  EarlyStoppingMonitor,
  EpochEndInfo,
  ParamUpdater,
  Sampling,
  TrainerOptions,
  TrainerState,
  TrainingHistory,
} from './types.js';

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_YIELD_EVERY = 50;
// Healthy training never multiplies its first loss by ten; a too-large learning rate does within a
// few iterations (see TrainerOptions.divergenceFactor).
const DEFAULT_DIVERGENCE_FACTOR = 10;
// The book's chapter 4 learning rate for TwoLayerNet on MNIST (SGD's own default is 0.01).
const DEFAULT_LR = 0.1;

// Listed so a misspelt option from plain JavaScript ("epoch", "batch_size") fails loudly instead of
// silently training with the default.
const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'epochs',
  'iterations',
  'batchSize',
  'optimizer',
  'sampling',
  'evaluateEvery',
  'evalSampleSize',
  'seed',
  'onBatchEnd',
  'onEpochEnd',
  'earlyStopping',
  'signal',
  'yieldEvery',
  'divergenceFactor',
  'checkpointEvery',
  'onCheckpoint',
]);

/** Where a run stands between iterations (the mutable form of TrainerState). */
interface Progress {
  /** Iterations completed. */
  iteration: number;
  /** The current epoch's permutation ('shuffle'), reused from epoch to epoch. */
  order: Int32Array;
  lossSum: number;
  lossCount: number;
  /** Infinity until the first iteration. */
  firstLoss: number;
  /** ±Infinity until the first evaluation. */
  best: number;
  bestEpoch: number;
  sinceBest: number;
  /** Everything but the losses, which live in `losses` while a run is going on. */
  history: TrainingHistory;
  /** The batch losses of iterations 1..iteration, in a buffer sized for the run (see LossLog). */
  losses: LossLog;
  elapsedMs: number;
}

/**
 * The per-iteration loss log, allocated for the planned iterations before training starts, so that a
 * long run's memory does not creep up by a growing array (8 bytes an iteration, 1.5x regrowth); runs
 * beyond 2^24 planned iterations start there and double.
 */
class LossLog {
  private buffer: Float64Array;
  length = 0;

  constructor(planned: number, initial: readonly number[] = []) {
    this.buffer = new Float64Array(Math.max(Math.min(planned, 2 ** 24), initial.length, 1));
    this.buffer.set(initial);
    this.length = initial.length;
  }

  push(loss: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(2 * this.buffer.length);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = loss;
  }

  toArray(): number[] {
    return Array.from(this.buffer.subarray(0, this.length));
  }
}

const MONITOR_NAMES: Record<EarlyStoppingMonitor, string> = {
  validation: 'validation accuracy',
  test: 'test accuracy',
  loss: 'mean training loss',
};

function checkPositiveInteger(name: string, value: unknown): asserts value is number {
  check(
    typeof value === 'number' && Number.isInteger(value) && value >= 1,
    `Trainer: ${name} must be a positive integer, got ${String(value)}`,
  );
}

function rowsOf(name: string, split: Dataset | undefined): number {
  check(
    split !== undefined && split.x instanceof NDArray && split.t instanceof NDArray,
    `Trainer: data.${name} must be a dataset { x, t } of NDArrays`,
  );
  check(
    split.x.ndim >= 1 && split.t.ndim >= 1,
    `Trainer: data.${name}.x and data.${name}.t must have one row per sample, got 0-d arrays`,
  );
  const rows = split.x.shape[0]!;
  if (split.t.shape[0] !== rows) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `Trainer: data.${name}.x has ${rows} samples (shape ${formatShape(split.x.shape)}) but data.${name}.t has ${split.t.shape[0]} (shape ${formatShape(split.t.shape)})`,
    );
  }
  check(rows >= 1, `Trainer: data.${name} is empty`);
  return rows;
}

/**
 * The classes the network scores, from a forward pass of one sample: this also proves that the
 * network takes rows of data.train.x at all, and names the split when it does not.
 */
function classesOf(net: Network, x: NDArray): number {
  let scores: unknown;
  try {
    scores = net.predict(x.slice(0, 1));
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    throw new ScratchnetError(
      error.code,
      `Trainer: the network cannot take data.train.x (shape ${formatShape(x.shape)}): ${error.message}`,
    );
  }
  check(
    scores instanceof NDArray && scores.ndim === 2,
    'Trainer: net.predict must return scores of shape (batch, classes)',
  );
  return scores.shape[1]!;
}

/**
 * Inputs must be finite and targets must be class indices in [0, classes) or one-hot rows of width
 * `classes`: a NaN pixel or a label 10 in a 10-class problem otherwise surfaces iterations later as a
 * NaN loss that looks like divergence. One pass over the data, once, before training.
 */
function checkSplit(name: string, split: Dataset, classes: number): void {
  checkFinite(split.x, `data.${name}.x`, 'Trainer');
  const t = split.t;
  if (t.ndim === 2) {
    if (t.shape[1] !== classes) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Trainer: data.${name}.t has one-hot rows of width ${t.shape[1]}, but the network scores ${classes} classes`,
      );
    }
    checkFinite(t, `data.${name}.t`, 'Trainer');
    return;
  }
  check(
    t.ndim === 1,
    `Trainer: data.${name}.t must be labels (n) or one-hot targets (n, ${classes}), got shape ${formatShape(t.shape)}`,
  );
  const labels = t.data;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Trainer: data.${name}.t[${i}] is ${v}, not a class index in [0, ${classes}) (the network scores ${classes} classes)`,
      );
    }
  }
}

/** The splits that accuracy is measured on, each cut to evalSampleSize samples. */
interface EvalSets {
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
}

/** The first `n` samples as views (no copy), or the whole split. */
function head(split: Dataset, n: number | undefined): Dataset {
  if (n === undefined || n >= split.x.shape[0]!) return split;
  return { x: split.x.slice(0, n), t: split.t.slice(0, n) };
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

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/**
 * Mini-batch training, the book's `Trainer` (common/trainer.py) and chapter 4's training loop:
 * draw a batch, one forward and backward pass (`net.lossAndGradient`), `optimizer.update`, and an
 * accuracy evaluation on the train, test (and validation) splits every `evaluateEvery` epochs.
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
  readonly data: DataSplits;
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
  private readonly evaluateEvery: number;
  private readonly yieldEvery: number;
  private readonly rng: Random;
  private running = false;
  /** The state of the current (or last) run. */
  private progress: Progress | null = null;
  /** A state from `loadState`, which the next `fit()` continues. */
  private pending: (Progress & { rng: RandomState }) | null = null;

  /** Validates everything up front, so a mistake fails here and not after an hour of training. */
  constructor(net: Network, data: DataSplits, options: TrainerOptions) {
    check(
      typeof net === 'object' && net !== null && typeof net.lossAndGradient === 'function',
      'Trainer: net must be a Network (with params, accuracy and lossAndGradient)',
    );
    check(typeof data === 'object' && data !== null, 'Trainer: data must be { train, test, validation? }');
    check(
      typeof options === 'object' && options !== null,
      'Trainer: options are required (at least epochs or iterations)',
    );
    for (const key of Object.keys(options)) {
      check(
        KNOWN_OPTIONS.has(key),
        `Trainer: unknown option "${key}" (known options: ${[...KNOWN_OPTIONS].join(', ')})`,
      );
    }

    this.trainSize = rowsOf('train', data.train);
    rowsOf('test', data.test);
    if (data.validation !== undefined) rowsOf('validation', data.validation);

    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    checkPositiveInteger('batchSize', batchSize);
    const { divergenceFactor } = options;
    check(
      divergenceFactor === undefined || (typeof divergenceFactor === 'number' && divergenceFactor > 1),
      `Trainer: divergenceFactor must be a number above 1 (or Infinity to turn it off), got ${String(divergenceFactor)}`,
    );
    check(
      batchSize <= this.trainSize,
      `Trainer: batchSize (${batchSize}) is larger than the training set (${this.trainSize} samples)`,
    );
    this.batchSize = batchSize;
    this.iterationsPerEpoch = Math.ceil(this.trainSize / batchSize);

    const { epochs, iterations } = options;
    if (epochs !== undefined && iterations !== undefined) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `Trainer: give exactly one of epochs and iterations, got both (epochs=${epochs}, iterations=${iterations})`,
      );
    }
    if (epochs !== undefined) {
      checkPositiveInteger('epochs', epochs);
      this.totalIterations = epochs * this.iterationsPerEpoch;
    } else if (iterations !== undefined) {
      checkPositiveInteger('iterations', iterations);
      this.totalIterations = iterations;
    } else {
      throw new ScratchnetError('BAD_ARGUMENT', 'Trainer: give exactly one of epochs and iterations, got neither');
    }

    const optimizer: unknown = options.optimizer;
    check(
      optimizer === undefined ||
        (typeof optimizer === 'object' &&
          optimizer !== null &&
          'update' in optimizer &&
          typeof optimizer.update === 'function'),
      'Trainer: optimizer must be an object with update(params, grads), e.g. new SGD({ lr: 0.1 })',
    );
    this.optimizer = options.optimizer ?? new SGD({ lr: DEFAULT_LR });

    const sampling = options.sampling ?? 'with-replacement';
    check(
      sampling === 'shuffle' || sampling === 'with-replacement',
      `Trainer: sampling must be 'shuffle' or 'with-replacement', got ${JSON.stringify(sampling)}`,
    );
    this.sampling = sampling;

    const evaluateEvery = options.evaluateEvery ?? 1;
    checkPositiveInteger('evaluateEvery', evaluateEvery);
    this.evaluateEvery = evaluateEvery;

    if (options.evalSampleSize !== undefined) checkPositiveInteger('evalSampleSize', options.evalSampleSize);

    const yieldEvery = options.yieldEvery ?? DEFAULT_YIELD_EVERY;
    check(
      Number.isInteger(yieldEvery) && yieldEvery >= 0,
      `Trainer: yieldEvery must be a non-negative integer (0 never yields), got ${yieldEvery}`,
    );
    this.yieldEvery = yieldEvery;

    if (options.seed !== undefined) {
      check(Number.isInteger(options.seed), `Trainer: seed must be an integer, got ${options.seed}`);
    }
    if (options.checkpointEvery !== undefined) checkPositiveInteger('checkpointEvery', options.checkpointEvery);
    for (const name of ['onBatchEnd', 'onEpochEnd', 'onCheckpoint'] as const) {
      const cb: unknown = options[name];
      check(cb === undefined || typeof cb === 'function', `Trainer: ${name} must be a function, got ${typeof cb}`);
    }

    const es = options.earlyStopping;
    if (es !== undefined) {
      checkPositiveInteger('earlyStopping.patience', es.patience);
      check(
        es.monitor === 'validation' || es.monitor === 'test' || es.monitor === 'loss',
        `Trainer: earlyStopping.monitor must be 'validation', 'test' or 'loss', got ${JSON.stringify(es.monitor)}`,
      );
      check(
        es.monitor !== 'validation' || data.validation !== undefined,
        "Trainer: earlyStopping.monitor is 'validation' but data has no validation split",
      );
      const minDelta = es.minDelta ?? 0;
      check(
        Number.isFinite(minDelta) && minDelta >= 0,
        `Trainer: earlyStopping.minDelta must be a finite number >= 0, got ${minDelta}`,
      );
    }

    const classes = classesOf(net, data.train.x);
    checkSplit('train', data.train, classes);
    checkSplit('test', data.test, classes);
    if (data.validation !== undefined) checkSplit('validation', data.validation, classes);

    this.net = net;
    this.data = data;
    this.options = options;
    this.rng = new Random(options.seed);
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
    const p = this.pending ?? this.progress ?? this.freshProgress();
    return {
      version: 1,
      iteration: p.iteration,
      totalIterations: this.totalIterations,
      batchSize: this.batchSize,
      trainSize: this.trainSize,
      sampling: this.sampling,
      rng: this.pending !== null ? this.pending.rng : this.rng.getState(),
      order: this.sampling === 'shuffle' ? p.order.slice() : null,
      lossSum: p.lossSum,
      lossCount: p.lossCount,
      firstLoss: Number.isFinite(p.firstLoss) ? p.firstLoss : null,
      earlyStopping: { best: Number.isFinite(p.best) ? p.best : null, bestEpoch: p.bestEpoch, sinceBest: p.sinceBest },
      history: { ...structuredClone(p.history), loss: p.losses.toArray() },
      elapsedMs: p.elapsedMs,
    };
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
    this.pending = this.checkState(state);
  }

  private freshProgress(): Progress & { rng?: RandomState } {
    const history: TrainingHistory = { loss: [], trainAcc: [], testAcc: [], epochs: [], iterations: 0 };
    if (this.data.validation !== undefined) history.validationAcc = [];
    const monitor = this.options.earlyStopping?.monitor;
    return {
      iteration: 0,
      order: new Int32Array(this.sampling === 'shuffle' ? this.trainSize : 0),
      lossSum: 0,
      lossCount: 0,
      firstLoss: Infinity,
      best: monitor === 'loss' ? Infinity : -Infinity,
      bestEpoch: 0,
      sinceBest: 0,
      history,
      losses: new LossLog(this.totalIterations),
      elapsedMs: 0,
    };
  }

  private checkState(state: TrainerState): Progress & { rng: RandomState } {
    const bad = (message: string): ScratchnetError =>
      new ScratchnetError('BAD_ARGUMENT', `Trainer.loadState: ${message}`);
    if (typeof state !== 'object' || state === null) throw bad('state must be an object from Trainer.state()');
    if (state.version !== 1) throw bad(`unknown state version ${String(state.version)} (expected 1)`);
    for (const [field, mine] of [
      ['totalIterations', this.totalIterations],
      ['batchSize', this.batchSize],
      ['trainSize', this.trainSize],
      ['sampling', this.sampling],
    ] as const) {
      if (state[field] !== mine)
        throw bad(
          `the state is of a run with ${field} ${JSON.stringify(state[field])}, this Trainer has ${JSON.stringify(mine)}`,
        );
    }
    const { iteration, history } = state;
    if (!Number.isSafeInteger(iteration) || iteration < 0 || iteration > this.totalIterations) {
      throw bad(`iteration must be an integer in [0, ${this.totalIterations}], got ${String(iteration)}`);
    }
    const probe = new Random(0);
    try {
      probe.setState(state.rng);
    } catch (error) {
      throw bad(`rng: ${error instanceof Error ? error.message : String(error)}`);
    }
    let order = new Int32Array(0);
    if (this.sampling === 'shuffle') {
      if (!(state.order instanceof Int32Array) || state.order.length !== this.trainSize)
        throw bad(`order must be an Int32Array of ${this.trainSize} indices`);
      // At an epoch boundary the next iteration draws a new permutation; mid-epoch it walks this one.
      if (iteration % this.iterationsPerEpoch !== 0) {
        const seen = new Uint8Array(this.trainSize);
        for (const i of state.order) {
          if (i < 0 || i >= this.trainSize || seen[i]) throw bad('order is not a permutation of the training samples');
          seen[i] = 1;
        }
      }
      order = state.order.slice();
    }
    for (const field of ['lossSum', 'lossCount', 'elapsedMs'] as const) {
      if (typeof state[field] !== 'number' || !Number.isFinite(state[field]) || state[field] < 0)
        throw bad(`${field} must be a finite number >= 0`);
    }
    if (state.firstLoss !== null && (typeof state.firstLoss !== 'number' || !Number.isFinite(state.firstLoss)))
      throw bad('firstLoss must be a finite number or null');
    const es = state.earlyStopping;
    if (
      typeof es !== 'object' ||
      es === null ||
      (es.best !== null && !Number.isFinite(es.best)) ||
      !Number.isFinite(es.bestEpoch) ||
      !Number.isSafeInteger(es.sinceBest)
    ) {
      throw bad('earlyStopping must be { best: number | null, bestEpoch: number, sinceBest: integer }');
    }
    const lists = ['loss', 'trainAcc', 'testAcc', 'epochs'] as const;
    if (
      typeof history !== 'object' ||
      history === null ||
      lists.some((k) => !Array.isArray(history[k]) || !history[k].every((v) => typeof v === 'number'))
    ) {
      throw bad('history must hold number arrays loss, trainAcc, testAcc and epochs');
    }
    if (history.loss.length !== iteration || history.iterations !== iteration) {
      throw bad(
        `history holds ${history.loss.length} losses and ${String(history.iterations)} iterations, but the state is at iteration ${iteration}`,
      );
    }
    if ((this.data.validation !== undefined) !== Array.isArray(history.validationAcc)) {
      throw bad(
        `history ${this.data.validation !== undefined ? 'lacks' : 'has'} validationAcc, but this Trainer ${this.data.validation !== undefined ? 'has' : 'has no'} validation split`,
      );
    }
    const monitor = this.options.earlyStopping?.monitor;
    return {
      iteration,
      order,
      lossSum: state.lossSum,
      lossCount: state.lossCount,
      firstLoss: state.firstLoss ?? Infinity,
      best: es.best ?? (monitor === 'loss' ? Infinity : -Infinity),
      bestEpoch: es.bestEpoch,
      sinceBest: es.sinceBest,
      history: { ...structuredClone(history), loss: [] },
      losses: new LossLog(this.totalIterations, history.loss),
      elapsedMs: state.elapsedMs,
      rng: { s: [...state.rng.s] as [number, number, number, number], spare: state.rng.spare },
    };
  }

  private async run(): Promise<TrainingHistory> {
    const { net, optimizer, options, batchSize, trainSize, iterationsPerEpoch, totalIterations } = this;
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.rng.setState(pending.rng);
    const p: Progress = pending ?? this.freshProgress();
    this.progress = p;
    const { history, order } = p;

    // Copied into the kernels' memory at the start of every run (see residentCopy): batches are then
    // gathered there and evaluation reads the images in place, instead of copying them in each time.
    const trainX = residentCopy(this.data.train.x);
    const evalSets = this.residentEvalSets(trainX);
    const xRows = new RowGatherer(trainX, batchSize);
    const tRows = new RowGatherer(this.data.train.t, batchSize);
    const drawn = new Int32Array(batchSize);
    const evalInterval = iterationsPerEpoch * this.evaluateEvery;

    const es = options.earlyStopping;
    const minDelta = es?.minDelta ?? 0;
    const divergenceFactor = options.divergenceFactor ?? DEFAULT_DIVERGENCE_FACTOR;
    const checkpointEvery = options.checkpointEvery ?? 0;
    const started = performance.now() - p.elapsedMs;

    while (p.iteration < totalIterations) {
      const iteration = p.iteration + 1;
      if (options.signal?.aborted) {
        history.stoppedEarly = `aborted after ${iteration - 1} of ${totalIterations} iterations`;
        break;
      }
      const position = (iteration - 1) % iterationsPerEpoch;
      const epoch = (iteration - 1 - position) / iterationsPerEpoch + 1;

      let indices: Int32Array;
      let count = batchSize;
      if (this.sampling === 'shuffle') {
        if (position === 0) this.permute(order);
        const from = position * batchSize;
        count = Math.min(batchSize, trainSize - from);
        indices = order.subarray(from, from + count);
      } else {
        for (let j = 0; j < batchSize; j++) drawn[j] = this.rng.int(trainSize);
        indices = drawn;
      }

      const { loss, grads } = net.lossAndGradient(xRows.gather(indices, count), tRows.gather(indices, count));
      if (iteration === 1) p.firstLoss = loss;
      if (!Number.isFinite(loss) || loss > divergenceFactor * p.firstLoss) {
        const why = Number.isFinite(loss)
          ? `is ${loss}, more than ${divergenceFactor}x the first batch's loss (${p.firstLoss})`
          : `is ${loss}`;
        throw new ScratchnetError(
          'NAN_LOSS',
          `Training diverged: the loss at iteration ${iteration} (epoch ${epoch}) ${why}. ` +
            'Lower the learning rate (try lr / 10), or check that the inputs are normalized.',
        );
      }
      optimizer.update(net.params, grads);
      p.losses.push(loss);
      history.iterations = iteration;
      p.iteration = iteration;
      p.lossSum += loss;
      p.lossCount++;
      await call(options.onBatchEnd, { iteration, epoch, loss });

      if (iteration % evalInterval === 0 || iteration === totalIterations) {
        const info = this.evaluate(evalSets, iteration, p.lossSum / p.lossCount, started);
        p.lossSum = 0;
        p.lossCount = 0;
        history.epochs.push(info.epoch);
        history.trainAcc.push(info.trainAcc);
        history.testAcc.push(info.testAcc);
        if (info.validationAcc !== undefined) history.validationAcc?.push(info.validationAcc);
        await call(options.onEpochEnd, info);

        if (es !== undefined) {
          const value = es.monitor === 'loss' ? info.loss : es.monitor === 'test' ? info.testAcc : info.validationAcc!;
          const improved = es.monitor === 'loss' ? value < p.best - minDelta : value > p.best + minDelta;
          if (improved) {
            p.best = value;
            p.bestEpoch = info.epoch;
            p.sinceBest = 0;
          } else if (++p.sinceBest >= es.patience && iteration < totalIterations) {
            history.stoppedEarly =
              `early stopping after epoch ${formatValue(info.epoch)}: ${MONITOR_NAMES[es.monitor]} did not improve ` +
              `by more than ${minDelta} for ${es.patience} evaluation${es.patience === 1 ? '' : 's'} ` +
              `(best ${formatValue(p.best)} at epoch ${formatValue(p.bestEpoch)})`;
            break;
          }
        }
      }
      p.elapsedMs = performance.now() - started;

      if (checkpointEvery > 0 && iteration % checkpointEvery === 0) {
        this.checkParams(iteration, epoch);
        await call(options.onCheckpoint, { iteration, epoch });
      }

      if (this.yieldEvery > 0 && iteration % this.yieldEvery === 0 && iteration < totalIterations) {
        await yieldToEventLoop();
      }
    }
    p.elapsedMs = performance.now() - started;
    if (p.iteration > 0) this.checkParams(p.iteration, Math.ceil(p.iteration / iterationsPerEpoch));
    history.loss = p.losses.toArray();
    return history;
  }

  /**
   * Throws `NAN_LOSS` when a parameter holds NaN or ±Infinity: an update can overflow the weights
   * while the loss that produced it was still finite, and such a network must not be checkpointed or
   * returned as a result. One pass over the parameters, so it runs at checkpoints and at the end only.
   */
  private checkParams(iteration: number, epoch: number): void {
    for (const [name, param] of Object.entries(this.net.params)) {
      const data = param.data;
      for (let i = 0; i < data.length; i++) {
        const v = data[i]!;
        if (v - v !== 0) {
          throw new ScratchnetError(
            'NAN_LOSS',
            `Training diverged: parameter ${name} holds ${v} (element ${i}) after iteration ${iteration} (epoch ${epoch}). ` +
              'Lower the learning rate (try lr / 10), or check that the inputs are normalized.',
          );
        }
      }
    }
  }

  /** The evaluation splits over resident copies of the images; trainX is the training images' copy. */
  private residentEvalSets(trainX: NDArray): EvalSets {
    const { data, options } = this;
    const n = options.evalSampleSize;
    return {
      train: head({ x: trainX, t: data.train.t }, n),
      test: head({ x: residentCopy(data.test.x), t: data.test.t }, n),
      ...(data.validation !== undefined
        ? { validation: head({ x: residentCopy(data.validation.x), t: data.validation.t }, n) }
        : {}),
    };
  }

  private evaluate(evalSets: EvalSets, iteration: number, loss: number, started: number): EpochEndInfo {
    const { net } = this;
    const info: EpochEndInfo = {
      epoch: iteration / this.iterationsPerEpoch,
      iteration,
      loss,
      trainAcc: net.accuracy(evalSets.train.x, evalSets.train.t),
      testAcc: net.accuracy(evalSets.test.x, evalSets.test.t),
      elapsedMs: 0,
    };
    if (evalSets.validation !== undefined) {
      info.validationAcc = net.accuracy(evalSets.validation.x, evalSets.validation.t);
    }
    info.elapsedMs = performance.now() - started;
    return info;
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
