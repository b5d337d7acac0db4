/**
 * The settings of a `scratchnet train` run, read from the command line once, stored in every checkpoint,
 * and compared with the command line when a run is resumed: a resumed run continues with the settings it
 * started with, so an option that says otherwise is an error rather than silently ignored.
 */
import { resolve } from 'node:path';
import { ScratchnetError } from '../errors.js';
import type { WeightInit } from '../nets/weight-init.js';
import { createOptimizer } from '../optim/factory.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../optim/index.js';
import {
  choiceOption,
  floatOption,
  intListOption,
  intOption,
  optionalInt,
  stringOption,
  type OptionSpec,
  type ParsedArgs,
} from './command.js';
import { DATASET_OPTIONS } from './dataset.js';

/** The networks `train --model` builds. */
export const MODEL_NAMES = ['mlp', 'simple-convnet', 'deep-convnet'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Everything that decides what a training run computes. */
export interface TrainSettings {
  /** The network: fully connected (the default) or one of the book's convolutional networks. */
  model: ModelName;
  hiddenSizes: number[];
  activation: 'relu' | 'sigmoid';
  optimizer: OptimizerName;
  /** The learning rate; null for the optimizer's own default. */
  lr: number | null;
  batchSize: number;
  /** Exactly one of epochs and iterations is set. */
  epochs: number | null;
  iterations: number | null;
  weightInit: WeightInit;
  weightDecay: number;
  dropout: number;
  batchnorm: boolean;
  sampling: 'with-replacement' | 'shuffle';
  evalSamples: number | null;
  seed: number;
  dtype: 'float32' | 'float64';
  /** 'mnist', or the absolute path of an IDX folder. */
  dataset: string;
  trainSize: number | null;
  testSize: number | null;
}

/** The options that make up TrainSettings, as `train --help` lists them. */
export const SETTINGS_OPTIONS: Record<string, OptionSpec> = {
  model: {
    type: 'string',
    value: 'name',
    description:
      "'mlp' (fully connected), 'simple-convnet' (chapter 7: conv 30x5x5, pool, 100, 10) or 'deep-convnet' (chapter 8: six 3x3 conv layers, He init, dropout 0.5)",
    default: 'mlp',
  },
  hidden: {
    type: 'string',
    value: 'sizes',
    description: 'hidden layer sizes, comma-separated (convnets: the one affine hidden layer, default 100 / 50)',
    default: '50',
  },
  activation: {
    type: 'string',
    value: 'relu|sigmoid',
    description: 'activation of the hidden layers',
    default: 'relu',
  },
  optimizer: { type: 'string', value: 'name', description: OPTIMIZER_NAMES.join('|'), default: 'sgd' },
  lr: {
    type: 'string',
    value: 'rate',
    description: "learning rate (default: 0.1 for sgd, else the optimizer's book default)",
  },
  'batch-size': { type: 'string', value: 'n', description: 'samples per mini-batch', default: '100' },
  epochs: { type: 'string', value: 'n', description: 'passes over the training set (instead of --iterations)' },
  iterations: { type: 'string', value: 'n', description: 'optimizer steps', default: '10000' },
  'weight-init': { type: 'string', value: 'he|xavier|std', description: 'initial weight scale', default: '0.01' },
  'weight-decay': { type: 'string', value: 'lambda', description: 'L2 weight decay', default: '0' },
  dropout: {
    type: 'string',
    value: 'ratio',
    description: 'dropout ratio after each hidden layer (0 = none)',
    default: '0',
  },
  batchnorm: { type: 'boolean', description: 'batch normalisation after each hidden affine layer' },
  sampling: {
    type: 'string',
    value: 'mode',
    description: "'with-replacement' (the book's) or 'shuffle'",
    default: 'with-replacement',
  },
  'eval-samples': {
    type: 'string',
    value: 'n',
    description: 'evaluate accuracy on the first n samples of each split (default: all)',
  },
  seed: { type: 'string', value: 'n', description: 'seed for weights and batches', default: '0' },
  dtype: { type: 'string', value: 'float32|float64', description: 'element type', default: 'float32' },
  ...DATASET_OPTIONS,
};

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
};

function parseWeightInit(args: ParsedArgs): WeightInit {
  const v = stringOption(args, 'weight-init', '0.01');
  if (v === 'he' || v === 'xavier') return v;
  const std = Number(v);
  if (!(std > 0) || !Number.isFinite(std))
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `--weight-init must be 'he', 'xavier' or a positive standard deviation, got "${v}"`,
    );
  return std;
}

/**
 * The settings that shape the network. The convolutional networks are the book's: ReLU, no batch
 * norm, one hidden affine layer (100 units for simple-convnet, 50 for deep-convnet); simple-convnet
 * starts from std 0.01 and has no dropout, deep-convnet always uses He initialisation and dropout 0.5
 * unless --dropout says otherwise. An option a model cannot honour is refused rather than ignored.
 */
function modelSettings(
  args: ParsedArgs,
  model: ModelName,
): Pick<TrainSettings, 'hiddenSizes' | 'activation' | 'weightInit' | 'dropout' | 'batchnorm'> {
  const dropout = (fallback: number): number =>
    floatOption(args, 'dropout', fallback, (x) => x >= 0 && x < 1, 'a ratio in [0, 1)')!;
  if (model === 'mlp') {
    return {
      hiddenSizes: intListOption(args, 'hidden', [50]),
      activation: choiceOption(args, 'activation', ['relu', 'sigmoid'] as const, 'relu'),
      weightInit: parseWeightInit(args),
      dropout: dropout(0),
      batchnorm: args.values.batchnorm === true,
    };
  }
  const refuse = (option: string, why: string): never => {
    throw new ScratchnetError('BAD_ARGUMENT', `--${option} does not apply to --model ${model}: ${why}`);
  };
  if (args.values.batchnorm === true)
    refuse('batchnorm', "the book's convolutional networks have no batch normalisation");
  if (choiceOption(args, 'activation', ['relu', 'sigmoid'] as const, 'relu') !== 'relu')
    refuse('activation', 'its hidden layers are ReLU');
  const hiddenSizes = intListOption(args, 'hidden', [model === 'simple-convnet' ? 100 : 50]);
  if (hiddenSizes.length !== 1)
    refuse('hidden', `it has one hidden affine layer, so give one size, not ${hiddenSizes.join(',')}`);
  if (model === 'simple-convnet') {
    if (dropout(0) > 0) refuse('dropout', 'it has no dropout layers (deep-convnet has)');
    return {
      hiddenSizes,
      activation: 'relu',
      weightInit: args.values['weight-init'] === undefined ? 0.01 : parseWeightInit(args),
      dropout: 0,
      batchnorm: false,
    };
  }
  if (args.values['weight-init'] !== undefined && parseWeightInit(args) !== 'he')
    refuse('weight-init', 'it always starts from He initialisation');
  return { hiddenSizes, activation: 'relu', weightInit: 'he', dropout: dropout(0.5), batchnorm: false };
}

/** The settings the command line asks for (defaults where it says nothing). Throws `BAD_ARGUMENT` naming the option. */
export function readTrainSettings(args: ParsedArgs): TrainSettings {
  const optimizer = choiceOption(args, 'optimizer', OPTIMIZER_NAMES as readonly OptimizerName[], 'sgd');
  const epochs = optionalInt(args, 'epochs') ?? null;
  if (epochs !== null && typeof args.values.iterations === 'string') {
    throw new ScratchnetError('BAD_ARGUMENT', 'give --epochs or --iterations, not both');
  }
  const dataset = stringOption(args, 'dataset', 'mnist');
  const model = choiceOption(args, 'model', MODEL_NAMES, 'mlp');
  return {
    model,
    ...modelSettings(args, model),
    optimizer,
    lr: floatOption(args, 'lr', optimizer === 'sgd' ? 0.1 : undefined, (x) => x > 0, 'a positive number') ?? null,
    batchSize: intOption(args, 'batch-size', 100),
    epochs,
    iterations: epochs === null ? intOption(args, 'iterations', 10000) : null,
    weightDecay: floatOption(args, 'weight-decay', 0, (x) => x >= 0, 'a number >= 0')!,
    sampling: choiceOption(args, 'sampling', ['with-replacement', 'shuffle'] as const, 'with-replacement'),
    evalSamples: optionalInt(args, 'eval-samples') ?? null,
    seed: intOption(args, 'seed', 0, 0),
    dtype: choiceOption(args, 'dtype', ['float32', 'float64'] as const, 'float32'),
    dataset: dataset === 'mnist' ? dataset : resolve(dataset),
    trainSize: optionalInt(args, 'train-size') ?? null,
    testSize: optionalInt(args, 'test-size') ?? null,
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
  const s = value as Partial<Record<keyof TrainSettings, unknown>>;
  const int = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
  const optInt = (v: unknown): boolean => v === null || int(v);
  const ok =
    typeof s === 'object' &&
    s !== null &&
    MODEL_NAMES.includes(s.model as ModelName) &&
    Array.isArray(s.hiddenSizes) &&
    s.hiddenSizes.every((h) => int(h) && h > 0) &&
    (s.activation === 'relu' || s.activation === 'sigmoid') &&
    OPTIMIZER_NAMES.includes(s.optimizer as OptimizerName) &&
    (s.lr === null || (typeof s.lr === 'number' && s.lr > 0)) &&
    int(s.batchSize) &&
    optInt(s.epochs) &&
    optInt(s.iterations) &&
    (s.epochs === null) !== (s.iterations === null) &&
    (s.weightInit === 'he' || s.weightInit === 'xavier' || (typeof s.weightInit === 'number' && s.weightInit > 0)) &&
    typeof s.weightDecay === 'number' &&
    s.weightDecay >= 0 &&
    typeof s.dropout === 'number' &&
    s.dropout >= 0 &&
    s.dropout < 1 &&
    typeof s.batchnorm === 'boolean' &&
    (s.sampling === 'shuffle' || s.sampling === 'with-replacement') &&
    optInt(s.evalSamples) &&
    int(s.seed) &&
    (s.dtype === 'float32' || s.dtype === 'float64') &&
    typeof s.dataset === 'string' &&
    optInt(s.trainSize) &&
    optInt(s.testSize);
  if (!ok) throw bad(`the checkpoint's training settings are malformed: ${text.slice(0, 300)}`);
  return value as TrainSettings;
}

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
export function checkResumeConflicts(args: ParsedArgs, saved: TrainSettings): void {
  const given = readTrainSettings(args);
  for (const [option, fields] of Object.entries(FIELDS)) {
    if (args.values[option] === undefined) continue;
    for (const field of fields) {
      // An lr left unset means the optimizer's default: --lr 0.001 repeats an adam run's setting.
      const same =
        field === 'lr'
          ? effectiveLr(given) === effectiveLr(saved)
          : JSON.stringify(given[field]) === JSON.stringify(saved[field]);
      if (!same) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `--${option} ${show(args.values[option])} conflicts with the checkpoint, whose run has ${field} ${savedValue(saved, field)}: ` +
            'a resumed run continues with the settings it started with (start a new run to change them)',
        );
      }
    }
  }
}
