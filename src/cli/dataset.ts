import { loadIdxDataset, loadMnist } from '../data/node.js';
import type { DataSplits, Dataset } from '../data/types.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { option, type OptionValues } from './options.js';

/** The options that choose the data set: --dataset, --train-size and --test-size. */
export const DATASET_OPTIONS = {
  dataset: option.string({
    value: 'mnist|dir|file',
    description:
      "'mnist' (bundled), a folder of MNIST-format IDX files, a .csv table; for train also an .npz (x, t) or a folder of class folders of PNGs",
    default: 'mnist',
  }),
  'train-size': option.int({ description: 'use only the first n training samples' }),
  'test-size': option.int({ description: 'use only the first n test samples' }),
};

/** The parsed values of `DATASET_OPTIONS`. */
export type DatasetOptionValues = OptionValues<typeof DATASET_OPTIONS>;

function firstRows(data: Dataset, n: number | undefined): Dataset {
  return n === undefined ? data : { x: data.x.slice(0, n), t: data.t.slice(0, n) };
}

/** Which data set, and how much of it: what --dataset, --train-size and --test-size say. */
export interface DatasetChoice {
  /** 'mnist' or a folder of MNIST-format IDX files. */
  dataset: string;
  /** Training samples to use (the first n); null for all. */
  trainSize: number | null;
  /** Test samples to use (the first n); null for all. */
  testSize: number | null;
}

/** What --dataset, --train-size and --test-size say. */
export function datasetChoice(options: DatasetOptionValues): DatasetChoice {
  return {
    dataset: options.dataset,
    trainSize: options['train-size'] ?? null,
    testSize: options['test-size'] ?? null,
  };
}

/** The data set named by --dataset, cut to --train-size/--test-size. */
export function loadDataset(options: DatasetOptionValues, dtype: FloatDType, validation?: number): DataSplits {
  return loadChosenDataset(datasetChoice(options), dtype, validation);
}

/** The data set `choice` names, cut to its sizes. */
export function loadChosenDataset(choice: DatasetChoice, dtype: FloatDType, validation?: number): DataSplits {
  const options = { dtype, ...(validation === undefined ? {} : { validation }) };
  const data = choice.dataset === 'mnist' ? loadMnist(options) : loadIdxDataset(choice.dataset, options);
  return {
    train: firstRows(data.train, choice.trainSize ?? undefined),
    test: firstRows(data.test, choice.testSize ?? undefined),
    ...(data.validation ? { validation: data.validation } : {}),
  };
}

/** Number of classes: one more than the largest label seen. */
export function classCount(data: DataSplits): number {
  let max = 0;
  for (const split of [data.train, data.test]) for (const v of split.t.data) max = Math.max(max, v);
  return max + 1;
}
