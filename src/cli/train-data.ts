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
import type { TrainSettings } from './train-settings.js';

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

/** Number of classes: one more than the largest label seen (the book's networks' output size). */
export function classCountOf(data: TrainerData): number {
  const splits: DataSplits['train'][] = data.test === undefined ? [data.train] : [data.train, data.test];
  let max = 0;
  for (const split of splits) for (const v of split.t.data) max = Math.max(max, v);
  return max + 1;
}
