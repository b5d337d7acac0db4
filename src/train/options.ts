/**
 * The Trainer's constructor checks: every option and the data, validated up front so that a mistake
 * fails when the Trainer is built and not after an hour of training, and the settings they resolve to.
 */
import { check, ScratchnetError } from '../errors.js';
import type { Network } from '../nets/types.js';
import { SGD } from '../optim/sgd.js';
import { checkSplitValues, rowsOf } from './data-checks.js';
import type { EvaluationTiming, ParamUpdater, Sampling, TrainerData, TrainerOptions } from './types.js';

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_YIELD_EVERY = 50;
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
  'evaluate',
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

/** What a Trainer's options resolve to, defaults filled in. */
export interface TrainerSettings {
  /** Samples in the training split. */
  trainSize: number;
  /** Samples per mini-batch. */
  batchSize: number;
  /** ceil(trainSize / batchSize). */
  iterationsPerEpoch: number;
  /** The planned number of iterations. */
  totalIterations: number;
  /** The optimizer given, or the default `SGD` with lr 0.1. */
  optimizer: ParamUpdater;
  /** How mini-batches are drawn. */
  sampling: Sampling;
  /** Epochs between accuracy evaluations. */
  evaluateEvery: number;
  /** When accuracy is measured. */
  evaluate: EvaluationTiming;
  /** Iterations between yields to the event loop (0: never). */
  yieldEvery: number;
}

function checkPositiveInteger(name: string, value: unknown): asserts value is number {
  check(
    typeof value === 'number' && Number.isInteger(value) && value >= 1,
    `Trainer: ${name} must be a positive integer, got ${String(value)}`,
  );
}

function checkArguments(net: Network, data: TrainerData, options: TrainerOptions): void {
  check(
    typeof net === 'object' && net !== null && typeof net.lossAndGradient === 'function',
    'Trainer: net must be a Network (with params, accuracy and lossAndGradient)',
  );
  check(typeof data === 'object' && data !== null, 'Trainer: data must be { train, test?, validation? }');
  check(
    typeof options === 'object' && options !== null,
    'Trainer: options are required (at least epochs or iterations)',
  );
  for (const key of Object.keys(options)) {
    check(KNOWN_OPTIONS.has(key), `Trainer: unknown option "${key}" (known options: ${[...KNOWN_OPTIONS].join(', ')})`);
  }
}

/** The planned iterations, from exactly one of `epochs` and `iterations`. */
function totalIterationsOf(options: TrainerOptions, iterationsPerEpoch: number): number {
  const { epochs, iterations } = options;
  if (epochs !== undefined && iterations !== undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Trainer: give exactly one of epochs and iterations, got both (epochs=${epochs}, iterations=${iterations})`,
    );
  }
  if (epochs !== undefined) {
    checkPositiveInteger('epochs', epochs);
    return epochs * iterationsPerEpoch;
  }
  if (iterations !== undefined) {
    checkPositiveInteger('iterations', iterations);
    return iterations;
  }
  throw new ScratchnetError('BAD_ARGUMENT', 'Trainer: give exactly one of epochs and iterations, got neither');
}

/** The batch size and the run's length in iterations (and the divergence guard, checked between them). */
function checkRunLength(
  options: TrainerOptions,
  trainSize: number,
): Pick<TrainerSettings, 'batchSize' | 'iterationsPerEpoch' | 'totalIterations'> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  checkPositiveInteger('batchSize', batchSize);
  const { divergenceFactor } = options;
  check(
    divergenceFactor === undefined || (typeof divergenceFactor === 'number' && divergenceFactor > 1),
    `Trainer: divergenceFactor must be a number above 1 (or Infinity to turn it off), got ${String(divergenceFactor)}`,
  );
  check(
    batchSize <= trainSize,
    `Trainer: batchSize (${batchSize}) is larger than the training set (${trainSize} samples)`,
  );
  const iterationsPerEpoch = Math.ceil(trainSize / batchSize);
  return { batchSize, iterationsPerEpoch, totalIterations: totalIterationsOf(options, iterationsPerEpoch) };
}

function checkOptimizer(options: TrainerOptions): ParamUpdater {
  const optimizer: unknown = options.optimizer;
  check(
    optimizer === undefined ||
      (typeof optimizer === 'object' &&
        optimizer !== null &&
        'update' in optimizer &&
        typeof optimizer.update === 'function'),
    'Trainer: optimizer must be an object with update(params, grads), e.g. new SGD({ lr: 0.1 })',
  );
  return options.optimizer ?? new SGD({ lr: DEFAULT_LR });
}

/** Sampling, evaluation, yielding, seed, checkpoints and callbacks. */
function checkSchedule(
  options: TrainerOptions,
): Pick<TrainerSettings, 'sampling' | 'evaluateEvery' | 'evaluate' | 'yieldEvery'> {
  const sampling = options.sampling ?? 'with-replacement';
  check(
    sampling === 'shuffle' || sampling === 'with-replacement',
    `Trainer: sampling must be 'shuffle' or 'with-replacement', got ${JSON.stringify(sampling)}`,
  );
  const evaluateEvery = options.evaluateEvery ?? 1;
  checkPositiveInteger('evaluateEvery', evaluateEvery);
  const evaluate = options.evaluate ?? 'epoch-end';
  check(
    evaluate === 'epoch-end' || evaluate === 'epoch-start',
    `Trainer: evaluate must be 'epoch-end' or 'epoch-start', got ${JSON.stringify(evaluate) ?? String(evaluate)}`,
  );
  if (options.evalSampleSize !== undefined) checkPositiveInteger('evalSampleSize', options.evalSampleSize);
  const yieldEvery = options.yieldEvery ?? DEFAULT_YIELD_EVERY;
  check(
    Number.isInteger(yieldEvery) && yieldEvery >= 0,
    `Trainer: yieldEvery must be a non-negative integer (0 never yields), got ${yieldEvery}`,
  );
  if (options.seed !== undefined) {
    check(Number.isInteger(options.seed), `Trainer: seed must be an integer, got ${options.seed}`);
  }
  if (options.checkpointEvery !== undefined) checkPositiveInteger('checkpointEvery', options.checkpointEvery);
  for (const name of ['onBatchEnd', 'onEpochEnd', 'onCheckpoint'] as const) {
    const cb: unknown = options[name];
    check(cb === undefined || typeof cb === 'function', `Trainer: ${name} must be a function, got ${typeof cb}`);
  }
  return { sampling, evaluateEvery, evaluate, yieldEvery };
}

function checkEarlyStopping(options: TrainerOptions, data: TrainerData): void {
  const es = options.earlyStopping;
  if (es === undefined) return;
  checkPositiveInteger('earlyStopping.patience', es.patience);
  check(
    es.monitor === 'validation' || es.monitor === 'test' || es.monitor === 'loss',
    `Trainer: earlyStopping.monitor must be 'validation', 'test' or 'loss', got ${JSON.stringify(es.monitor)}`,
  );
  check(
    es.monitor !== 'validation' || data.validation !== undefined,
    "Trainer: earlyStopping.monitor is 'validation' but data has no validation split",
  );
  check(
    es.monitor !== 'test' || data.test !== undefined,
    "Trainer: earlyStopping.monitor is 'test' but data has no test split",
  );
  const minDelta = es.minDelta ?? 0;
  check(
    Number.isFinite(minDelta) && minDelta >= 0,
    `Trainer: earlyStopping.minDelta must be a finite number >= 0, got ${minDelta}`,
  );
}

/**
 * Checks the arguments of `new Trainer(net, data, options)` and resolves the options' defaults.
 * Throws `BAD_ARGUMENT` naming the option, or `SHAPE_MISMATCH` for splits whose inputs and targets
 * disagree, before any training.
 */
export function checkTrainerOptions(net: Network, data: TrainerData, options: TrainerOptions): TrainerSettings {
  checkArguments(net, data, options);
  const trainSize = rowsOf('train', data.train);
  if (data.test !== undefined) rowsOf('test', data.test);
  if (data.validation !== undefined) rowsOf('validation', data.validation);
  const length = checkRunLength(options, trainSize);
  const optimizer = checkOptimizer(options);
  const schedule = checkSchedule(options);
  checkEarlyStopping(options, data);
  checkSplitValues(net, data);
  return { trainSize, ...length, optimizer, ...schedule };
}
