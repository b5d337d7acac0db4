/**
 * The data a `scratchnet train` run reads, whatever --dataset names: MNIST, an IDX folder, a CSV table,
 * an .npz archive or a folder of class folders of pictures, with what a model must keep of it.
 */
import { readdirSync, statSync } from 'node:fs';
import { MNIST_FILES } from '../data/node.js';
import { loadCsv, loadNpzDataset } from '../data/files.js';
import { loadImageFolder } from '../data/image-folder.js';
import type { LabeledSplits } from '../data/split.js';
import type { Dataset, DataSplits } from '../data/types.js';
import type { ModelData } from '../nets/serialize.js';
import type { TrainerData } from '../train/types.js';
import { loadChosenDataset } from './dataset.js';
import { MAX_CLASSES, type TrainSettings } from './train-settings.js';
import { ScratchnetError } from '../errors.js';

/** Pictures of an image folder are resized to MNIST's size, so the book's networks take them too. */
const IMAGE_SIZE: [number, number] = [28, 28];

/** A run's data: the splits the Trainer takes, and the names and scaling saved with the model. */
export interface TrainingData {
  /** The splits (no test split when the data set leaves none). */
  data: TrainerData;
  /** Class names, feature names and feature scaling, for the model file. */
  model: ModelData;
}

function firstRows(data: Dataset, n: number | null): Dataset {
  return n === null ? data : { x: data.x.slice(0, n), t: data.t.slice(0, n) };
}

/** A folder of MNIST-format files (possibly gzipped), as opposed to a folder of class folders. */
function isIdxFolder(path: string): boolean {
  return readdirSync(path).some((name) => name.startsWith(MNIST_FILES.trainImages));
}

function loadOwnData(settings: TrainSettings): LabeledSplits {
  const { dataset: path, testFraction, seed, dtype } = settings;
  const split = { testFraction, seed, dtype };
  if (path.toLowerCase().endsWith('.csv')) {
    const task = settings.loss === 'mse' ? 'regression' : 'classification';
    const label = settings.label === null ? {} : { label: settings.label };
    return loadCsv(path, { ...split, ...label, task, standardize: settings.standardize });
  }
  if (path.toLowerCase().endsWith('.npz')) return loadNpzDataset(path, { ...split, standardize: false });
  return loadImageFolder(path, { ...split, size: IMAGE_SIZE });
}

function modelData(splits: LabeledSplits): ModelData {
  return {
    ...(splits.classes === undefined ? {} : { classes: splits.classes }),
    ...(splits.standardization === undefined ? {} : { standardization: splits.standardization }),
    ...(splits.featureNames === undefined ? {} : { featureNames: splits.featureNames }),
  };
}

/** The splits --dataset names, cut to --train-size / --test-size; an empty test split is left out. */
export function loadTrainingData(settings: TrainSettings): TrainingData {
  const path = settings.dataset;
  const builtIn = path === 'mnist' || (statSync(path, { throwIfNoEntry: false })?.isDirectory() && isIdxFolder(path));
  if (builtIn) return { data: loadChosenDataset(settings, settings.dtype), model: {} };
  const splits = loadOwnData(settings);
  const train = firstRows(splits.train, settings.trainSize);
  const test = firstRows(splits.test, settings.testSize);
  const data: TrainerData = test.x.shape[0] === 0 ? { train } : { train, test };
  return { data, model: modelData(splits) };
}

/** The distinct labels of `t` (integers checked), in increasing order. */
function labelSet(t: DataSplits['train']['t'], split: string, limit: number): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < t.size; i++) {
    const label = t.data[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < limit)) {
      const range =
        limit === MAX_CLASSES ? `a class number from 0 to ${MAX_CLASSES - 1}` : `below --num-classes ${limit}`;
      throw new ScratchnetError('BAD_ARGUMENT', `${split} sample ${i} has label ${label}: a label must be ${range}`);
    }
    seen.add(label);
  }
  return [...seen].sort((a, b) => a - b);
}

/** `1, 2, 3, 7` as "1 to 3, 7", for messages that list classes. */
function describeList(values: number[]): string {
  return values.length > 6 ? `${values.slice(0, 5).join(', ')}, ... (${values.length} in all)` : values.join(', ');
}

/**
 * The number of classes of a classifier's labels: `--num-classes`, or one more than the largest
 * training label, which must then leave no class unused (a stray 255 among digits would otherwise
 * make 256 classes silently). Every test label must be a class the training labels have (or below
 * `--num-classes`); MNIST always has 10. One-hot and regression targets (2-D) give their width.
 */
export function classCountOf(
  data: TrainerData,
  settings: Pick<TrainSettings, 'numClasses' | 'loss' | 'dataset'>,
): number {
  const { train, test } = data;
  // MNIST has ten classes whatever subset --train-size takes.
  if (settings.dataset === 'mnist' && settings.numClasses === null) settings = { ...settings, numClasses: 10 };
  if (train.x.shape[0] === 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'the training split is empty: no samples to train on (check --train-size and the data set)',
    );
  }
  if (train.t.ndim === 2 || settings.loss === 'mse') return train.t.ndim === 2 ? (train.t.shape[1] ?? 1) : 1;
  const limit = settings.numClasses ?? MAX_CLASSES;
  const trained = labelSet(train.t, 'training', limit);
  const classes = settings.numClasses ?? (trained.at(-1) ?? 0) + 1;
  if (settings.numClasses === null && trained.length < classes) {
    const unused = Array.from({ length: classes }, (_, c) => c).filter((c) => !trained.includes(c));
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `the training labels go up to ${classes - 1} but never use class ${describeList(unused)}: a stray label? ` +
        `(--num-classes ${classes} keeps them all)`,
    );
  }
  if (test !== undefined) {
    const known = settings.numClasses === null ? new Set(trained) : null;
    for (const label of labelSet(test.t, 'test', limit)) {
      if (known !== null && !known.has(label)) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `the test labels include ${label}, which no training sample has: the network could never predict it (--num-classes to allow it)`,
        );
      }
    }
  }
  return classes;
}
