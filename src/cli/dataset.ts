import { loadIdxDataset, loadMnist } from '../data/node.js';
import type { DataSplits, Dataset } from '../data/types.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { OptionSpec, ParsedArgs } from './command.js';
import { optionalInt, stringOption } from './command.js';

export const DATASET_OPTIONS: Record<string, OptionSpec> = {
  dataset: { type: 'string', value: 'mnist|dir', description: "'mnist' (bundled) or a folder of MNIST-format IDX files", default: 'mnist' },
  'train-size': { type: 'string', value: 'n', description: 'use only the first n training samples' },
  'test-size': { type: 'string', value: 'n', description: 'use only the first n test samples' },
};

function firstRows(data: Dataset, n: number | undefined): Dataset {
  return n === undefined ? data : { x: data.x.slice(0, n), t: data.t.slice(0, n) };
}

/** The data set named by --dataset, cut to --train-size/--test-size. */
export function loadDataset(args: ParsedArgs, dtype: FloatDType, validation?: number): DataSplits {
  const name = stringOption(args, 'dataset', 'mnist');
  const options = { dtype, ...(validation === undefined ? {} : { validation }) };
  const data = name === 'mnist' ? loadMnist(options) : loadIdxDataset(name, options);
  return {
    train: firstRows(data.train, optionalInt(args, 'train-size')),
    test: firstRows(data.test, optionalInt(args, 'test-size')),
    ...(data.validation ? { validation: data.validation } : {}),
  };
}

/** Number of classes: one more than the largest label seen. */
export function classCount(data: DataSplits): number {
  let max = 0;
  for (const split of [data.train, data.test]) for (const v of split.t.data) max = Math.max(max, v);
  return max + 1;
}
