/**
 * The settings of a `scratchnet train` run, read from the command line once, stored in every checkpoint,
 * and compared with the command line when a run is resumed: a resumed run continues with the settings it
 * started with, so an option that says otherwise is an error rather than silently ignored.
 */
import { resolve } from 'node:path';
import { ScratchnetError } from '../errors.js';
import { parseLayers } from '../nets/layer-spec.js';
import type { LossName } from '../nets/sequential.js';
import type { WeightInit } from '../nets/weight-init.js';
import { createOptimizer } from '../optim/factory.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../optim/index.js';
import type { ParsedArgs } from './command.js';
import { DATASET_OPTIONS, datasetChoice } from './dataset.js';
import { badValue, option, type OptionValues } from './options.js';

/** The networks `train --model` builds. */
export const MODEL_NAMES = ['mlp', 'simple-convnet', 'deep-convnet'] as const;
/** One of `MODEL_NAMES`. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** Everything that decides what a training run computes. */
export interface TrainSettings {
  /** The network: fully connected (the default) or one of the book's convolutional networks. */
  model: ModelName;
  /** Units of each hidden affine layer (a convolutional network has exactly one). */
  hiddenSizes: number[];
  /** Activation of the hidden layers (always ReLU in a convolutional network). */
  activation: 'relu' | 'sigmoid';
  /** The optimizer's name. */
  optimizer: OptimizerName;
  /** The learning rate; null for the optimizer's own default. */
  lr: number | null;
  /** Samples per mini-batch. */
  batchSize: number;
  /** Passes over the training set; exactly one of epochs and iterations is set. */
  epochs: number | null;
  /** Optimizer steps; exactly one of epochs and iterations is set. */
  iterations: number | null;
  /** Initial weights: 'he', 'xavier' or a standard deviation. */
  weightInit: WeightInit;
  /** The L2 weight decay coefficient (lambda). */
  weightDecay: number;
  /** Dropout ratio after each hidden layer, in [0, 1); 0 for none. */
  dropout: number;
  /** Batch normalisation after each hidden affine layer. */
  batchnorm: boolean;
  /** How mini-batches are drawn: independently (the book's) or by shuffled passes. */
  sampling: 'with-replacement' | 'shuffle';
  /** Accuracy is measured on the first n samples of each split; null for all of them. */
  evalSamples: number | null;
  /** Seeds the initial weights and the batches. */
  seed: number;
  /** Element type of the data and the network. */
  dtype: 'float32' | 'float64';
  /** 'mnist', or the absolute path of an IDX folder. */
  dataset: string;
  /** Training samples used (the first n); null for all. */
  trainSize: number | null;
  /** Test samples used (the first n); null for all. */
  testSize: number | null;
  /** A Sequential network's compact layer spec (`--layers`), which replaces `model`; null for a preset. */
  layers: string | null;
  /** The loss of a `layers` network. */
  loss: LossName;
  /** The label column of a CSV data set; null for the last column. */
  label: string | null;
  /** The share of samples held out for testing when the data set has no test split of its own. */
  testFraction: number;
  /** Whether table features are standardized with the training split's statistics. */
  standardize: boolean;
  /** The number of classes (`--num-classes`); null to take it from the training labels. */
  numClasses: number | null;
}

/**
 * The most classes a classifier may have. Labels come from files the user may not have checked: one
 * label of 20,000,000 would otherwise size an output layer of gigabytes.
 */
export const MAX_CLASSES = 100_000;

/** The losses `train --loss` offers. */
const LOSS_NAMES = ['softmax-cross-entropy', 'sigmoid-cross-entropy', 'mse'] as const;

/** The settings of earlier versions' checkpoints, which predate these fields. */
const LATER_FIELDS: Partial<TrainSettings> = {
  layers: null,
  loss: 'softmax-cross-entropy',
  label: null,
  testFraction: 0.2,
  standardize: true,
  numClasses: null,
};

/** --weight-init: 'he', 'xavier' or a positive standard deviation. */
function parseWeightInit(text: string, name: string): WeightInit {
  if (text === 'he' || text === 'xavier') return text;
  const std = Number(text);
  if (!(std > 0) || !Number.isFinite(std))
    throw badValue(name, "'he', 'xavier' or a positive standard deviation", text);
  return std;
}

/** The options that make up TrainSettings, as `train --help` lists them. */
export const SETTINGS_OPTIONS = {
  model: option.choice(MODEL_NAMES, {
    value: 'name',
    description:
      "'mlp' (fully connected), 'simple-convnet' (chapter 7: conv 30x5x5, pool, 100, 10) or 'deep-convnet' (chapter 8: six 3x3 conv layers, He init, dropout 0.5)",
    default: 'mlp',
  }),
  layers: option.custom<string | undefined>(
    {
      value: 'spec',
      description:
        "any stack of layers instead of --model, e.g. 'conv30x5,relu,pool2,dense100,relu,dense10' (He init unless --weight-init)",
      default: undefined,
    },
    (text, name) => {
      try {
        parseLayers(text);
      } catch (error) {
        if (error instanceof ScratchnetError) throw badValue(name, `a layer spec (${error.message})`, text);
        throw error;
      }
      return text;
    },
    String,
  ),
  loss: option.choice(LOSS_NAMES, {
    value: 'name',
    description: "loss of a --layers network: 'mse' for regression, 'sigmoid-cross-entropy' for one 0/1 output",
    default: 'softmax-cross-entropy',
  }),
  hidden: option.intList({
    value: 'sizes',
    description: 'hidden layer sizes, comma-separated (convnets: the one affine hidden layer, default 100 / 50)',
    default: [50],
  }),
  activation: option.choice(['relu', 'sigmoid'] as const, {
    description: 'activation of the hidden layers',
    default: 'relu',
  }),
  optimizer: option.choice(OPTIMIZER_NAMES, { value: 'name', description: OPTIMIZER_NAMES.join('|'), default: 'sgd' }),
  lr: option.float({
    value: 'rate',
    description: "learning rate (default: 0.1 for sgd, else the optimizer's book default)",
    check: (x) => x > 0,
    rule: 'a positive number',
  }),
  'batch-size': option.int({ description: 'samples per mini-batch', default: 100 }),
  epochs: option.int({ description: 'passes over the training set (instead of --iterations)' }),
  iterations: option.int({ description: 'optimizer steps', default: 10000 }),
  'weight-init': option.custom<WeightInit>(
    { value: 'he|xavier|std', description: 'initial weight scale', default: 0.01 },
    parseWeightInit,
    String,
  ),
  'weight-decay': option.float({
    value: 'lambda',
    description: 'L2 weight decay',
    check: (x) => x >= 0,
    rule: 'a number >= 0',
    default: 0,
  }),
  dropout: option.float({
    value: 'ratio',
    description: 'dropout ratio after each hidden layer (0 = none)',
    check: (x) => x >= 0 && x < 1,
    rule: 'a ratio in [0, 1)',
    default: 0,
  }),
  batchnorm: option.flag({ description: 'batch normalisation after each hidden affine layer' }),
  sampling: option.choice(['with-replacement', 'shuffle'] as const, {
    value: 'mode',
    description: "'with-replacement' (the book's) or 'shuffle'",
    default: 'with-replacement',
  }),
  'eval-samples': option.int({
    description: 'evaluate accuracy on the first n samples of each split (default: all)',
  }),
  seed: option.int({ min: 0, description: 'seed for weights and batches', default: 0 }),
  dtype: option.choice(['float32', 'float64'] as const, { description: 'element type', default: 'float32' }),
  ...DATASET_OPTIONS,
  label: option.string({ value: 'column', description: 'the label column of a CSV data set (default: the last)' }),
  'test-fraction': option.float({
    value: 'ratio',
    description: 'share of samples held out for testing when the data set has no test split (CSV, npz, images)',
    check: (x) => x >= 0 && x < 1,
    rule: 'a ratio in [0, 1)',
    default: 0.2,
  }),
  'no-standardize': option.flag({ description: 'do not standardize the features of a table' }),
  'num-classes': option.int({
    min: 2,
    max: MAX_CLASSES,
    description: 'number of classes (default: from the training labels, which must then use every class)',
  }),
};

/** The parsed values of `SETTINGS_OPTIONS`. */
export type SettingsOptionValues = OptionValues<typeof SETTINGS_OPTIONS>;

/** Which settings field each option sets (both epochs and iterations decide the run's length). */
const FIELDS: Record<string, (keyof TrainSettings)[]> = {
  model: ['model'],
  hidden: ['hiddenSizes'],
  activation: ['activation'],
  optimizer: ['optimizer'],
  lr: ['lr'],
  'batch-size': ['batchSize'],
  epochs: ['epochs', 'iterations'],
  iterations: ['epochs', 'iterations'],
  'weight-init': ['weightInit'],
  'weight-decay': ['weightDecay'],
  dropout: ['dropout'],
  batchnorm: ['batchnorm'],
  sampling: ['sampling'],
  'eval-samples': ['evalSamples'],
  seed: ['seed'],
  dtype: ['dtype'],
  dataset: ['dataset'],
  'train-size': ['trainSize'],
  'test-size': ['testSize'],
  layers: ['layers'],
  loss: ['loss'],
  label: ['label'],
  'test-fraction': ['testFraction'],
  'no-standardize': ['standardize'],
  'num-classes': ['numClasses'],
};

/**
 * The settings that shape the network. The convolutional networks are the book's: ReLU, no batch
 * norm, one hidden affine layer (100 units for simple-convnet, 50 for deep-convnet); simple-convnet
 * starts from std 0.01 and has no dropout, deep-convnet always uses He initialisation and dropout 0.5
 * unless --dropout says otherwise. An option a model cannot honour is refused rather than ignored.
 */
function modelSettings(
  args: ParsedArgs<SettingsOptionValues>,
): Pick<TrainSettings, 'hiddenSizes' | 'activation' | 'weightInit' | 'dropout' | 'batchnorm'> {
  const { options, given } = args;
  const model = options.model;
  if (options.layers !== undefined) {
    if (given.model !== undefined) throw new ScratchnetError('BAD_ARGUMENT', 'give --layers or --model, not both');
    const preset = ['hidden', 'activation', 'dropout', 'batchnorm'].find((name) => given[name] !== undefined);
    if (preset !== undefined) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `--${preset} does not apply to --layers: write the layers in the spec instead (e.g. dense100,relu,bn,dropout0.5)`,
      );
    }
    const weightInit = given['weight-init'] === undefined ? 'he' : options['weight-init'];
    return { hiddenSizes: [], activation: 'relu', weightInit, dropout: 0, batchnorm: false };
  }
  if (model === 'mlp') {
    const { hidden: hiddenSizes, activation, 'weight-init': weightInit, dropout, batchnorm } = options;
    return { hiddenSizes, activation, weightInit, dropout, batchnorm };
  }
  const refuse = (name: string, why: string): never => {
    throw new ScratchnetError('BAD_ARGUMENT', `--${name} does not apply to --model ${model}: ${why}`);
  };
  if (options.batchnorm) refuse('batchnorm', "the book's convolutional networks have no batch normalisation");
  if (options.activation !== 'relu') refuse('activation', 'its hidden layers are ReLU');
  const hiddenSizes = given.hidden === undefined ? [model === 'simple-convnet' ? 100 : 50] : options.hidden;
  if (hiddenSizes.length !== 1)
    refuse('hidden', `it has one hidden affine layer, so give one size, not ${hiddenSizes.join(',')}`);
  if (model === 'simple-convnet') {
    if (options.dropout > 0) refuse('dropout', 'it has no dropout layers (deep-convnet has)');
    return { hiddenSizes, activation: 'relu', weightInit: options['weight-init'], dropout: 0, batchnorm: false };
  }
  if (given['weight-init'] !== undefined && options['weight-init'] !== 'he')
    refuse('weight-init', 'it always starts from He initialisation');
  const dropout = given.dropout === undefined ? 0.5 : options.dropout;
  return { hiddenSizes, activation: 'relu', weightInit: 'he', dropout, batchnorm: false };
}

/** The settings the command line asks for (defaults where it says nothing). Throws `BAD_ARGUMENT` naming the option. */
export function readTrainSettings(args: ParsedArgs<SettingsOptionValues>): TrainSettings {
  const { options, given } = args;
  const epochs = options.epochs ?? null;
  if (epochs !== null && given.iterations !== undefined) {
    throw new ScratchnetError('BAD_ARGUMENT', 'give --epochs or --iterations, not both');
  }
  const { dataset, trainSize, testSize } = datasetChoice(options);
  return {
    model: options.model,
    ...modelSettings(args),
    optimizer: options.optimizer,
    lr: options.lr ?? (options.optimizer === 'sgd' ? 0.1 : null),
    batchSize: options['batch-size'],
    epochs,
    iterations: epochs === null ? options.iterations : null,
    weightDecay: options['weight-decay'],
    sampling: options.sampling,
    evalSamples: options['eval-samples'] ?? null,
    seed: options.seed,
    dtype: options.dtype,
    dataset: dataset === 'mnist' ? dataset : resolve(dataset),
    trainSize,
    testSize,
    layers: options.layers ?? null,
    loss: options.loss,
    label: options.label ?? null,
    testFraction: options['test-fraction'],
    standardize: !options['no-standardize'],
    numClasses: options['num-classes'] ?? null,
  };
}

/** The metadata entry of a checkpoint that holds the run's settings. */
export const SETTINGS_KEY = 'scratchnet.train';

/** The settings stored in a checkpoint's metadata, checked field by field. Throws `BAD_FILE` naming `path`. */
export function settingsFromMetadata(metadata: Record<string, string>, path: string): TrainSettings {
  const bad = (problem: string): ScratchnetError => new ScratchnetError('BAD_FILE', `${path}: ${problem}`);
  const text = metadata[SETTINGS_KEY];
  if (text === undefined)
    throw bad(`the checkpoint holds no training settings ("${SETTINGS_KEY}"): it was not written by scratchnet train`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad(`the checkpoint's training settings are not valid JSON`);
  }
  // Checkpoints written before --model existed are fully connected networks.
  if (value !== null && typeof value === 'object' && !('model' in value))
    (value as Record<string, unknown>).model = 'mlp';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) value = { ...LATER_FIELDS, ...value };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad(`the checkpoint's training settings are not an object`);
  const s = value as Partial<Record<keyof TrainSettings, unknown>>;
  for (const [field, [check, expected]] of Object.entries(SETTING_RULES)) {
    const v = s[field as keyof TrainSettings];
    if (!check(v, s)) {
      throw bad(
        `the checkpoint's training setting "${field}" must be ${expected}, got ${JSON.stringify(v) ?? 'nothing'}`,
      );
    }
  }
  return value as TrainSettings;
}

const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isOptionalCount = (v: unknown): boolean => v === null || isCount(v);
const isNumberIn = (v: unknown, low: number, high: number): boolean => typeof v === 'number' && v >= low && v < high;

type SettingRule = [(v: unknown, all: Partial<Record<keyof TrainSettings, unknown>>) => boolean, string];

/** What each saved training setting must be, in words for the message that names a bad one. */
const SETTING_RULES: Record<keyof TrainSettings, SettingRule> = {
  model: [(v) => MODEL_NAMES.includes(v as ModelName), `one of ${MODEL_NAMES.join(', ')}`],
  hiddenSizes: [(v) => Array.isArray(v) && v.every((h) => isCount(h) && h > 0), 'a list of positive integers'],
  activation: [(v) => v === 'relu' || v === 'sigmoid', "'relu' or 'sigmoid'"],
  optimizer: [(v) => OPTIMIZER_NAMES.includes(v as OptimizerName), `one of ${OPTIMIZER_NAMES.join(', ')}`],
  lr: [(v) => v === null || (typeof v === 'number' && v > 0), 'a positive number or null'],
  batchSize: [(v) => isCount(v) && (v as number) > 0, 'a positive integer'],
  epochs: [
    (v, all) => isOptionalCount(v) && (v === null) !== (all.iterations === null),
    'an integer >= 0, or null when iterations is set',
  ],
  iterations: [isOptionalCount, 'an integer >= 0 or null'],
  weightInit: [
    (v) => v === 'he' || v === 'xavier' || (typeof v === 'number' && v > 0),
    "'he', 'xavier' or a positive number",
  ],
  weightDecay: [(v) => isNumberIn(v, 0, Number.POSITIVE_INFINITY), 'a number >= 0'],
  dropout: [(v) => isNumberIn(v, 0, 1), 'a number in [0, 1)'],
  batchnorm: [(v) => typeof v === 'boolean', 'true or false'],
  sampling: [(v) => v === 'shuffle' || v === 'with-replacement', "'shuffle' or 'with-replacement'"],
  evalSamples: [isOptionalCount, 'an integer >= 0 or null'],
  seed: [isCount, 'an integer >= 0'],
  dtype: [(v) => v === 'float32' || v === 'float64', "'float32' or 'float64'"],
  dataset: [(v) => typeof v === 'string', 'a string'],
  trainSize: [isOptionalCount, 'an integer >= 0 or null'],
  testSize: [isOptionalCount, 'an integer >= 0 or null'],
  layers: [(v) => v === null || typeof v === 'string', 'a layer spec or null'],
  loss: [(v) => LOSS_NAMES.includes(v as LossName), `one of ${LOSS_NAMES.join(', ')}`],
  label: [(v) => v === null || typeof v === 'string', 'a column name or null'],
  testFraction: [(v) => isNumberIn(v, 0, 1), 'a number in [0, 1)'],
  standardize: [(v) => typeof v === 'boolean', 'true or false'],
  numClasses: [
    (v) => v === null || (isCount(v) && (v as number) >= 2 && (v as number) <= MAX_CLASSES),
    `an integer from 2 to ${MAX_CLASSES} or null`,
  ],
};

/** The learning rate a run of these settings trains with: the optimizer's default where none was given. */
function effectiveLr(settings: TrainSettings): number {
  return settings.lr ?? createOptimizer(settings.optimizer).lr;
}

function savedValue(saved: TrainSettings, field: keyof TrainSettings): string {
  return field === 'lr' && saved.lr === null
    ? `${effectiveLr(saved)} (${saved.optimizer}'s default)`
    : show(saved[field]);
}

function show(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : value === null ? '(not set)' : String(value);
}

/**
 * Throws `BAD_ARGUMENT` when an option given on the command line asks for something other than the
 * checkpoint's settings (repeating a setting is fine), naming the option and both values.
 */
export function checkResumeConflicts(args: ParsedArgs<SettingsOptionValues>, saved: TrainSettings): void {
  const given = readTrainSettings(args);
  for (const [option, fields] of Object.entries(FIELDS)) {
    if (args.given[option] === undefined) continue;
    for (const field of fields) {
      // An lr left unset means the optimizer's default: --lr 0.001 repeats an adam run's setting.
      const same =
        field === 'lr'
          ? effectiveLr(given) === effectiveLr(saved)
          : JSON.stringify(given[field]) === JSON.stringify(saved[field]);
      if (!same) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `--${option} ${show(args.given[option])} conflicts with the checkpoint, whose run has ${field} ${savedValue(saved, field)}: ` +
            'a resumed run continues with the settings it started with (start a new run to change them)',
        );
      }
    }
  }
}
