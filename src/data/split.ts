/**
 * Seeded train/test splits for data that comes without a test part (a CSV table, an .npz file with
 * only `x` and `t`, an image folder), and the description those loaders return. Browser-safe.
 */
import { ScratchnetError } from '../errors.js';
import { formatShape } from '../ndarray/shape.js';
import { Random } from '../ndarray/random.js';
import type { Standardization } from './standardize.js';
import type { Dataset, DataSplits } from './types.js';
import { checkDataset, checkKnownOptions, checkString, named } from '../validate.js';

/** Train and test splits plus what a model needs to know about the data to use it later. */
export interface LabeledSplits extends DataSplits {
  /** The class names, in label order: label k is `classes[k]`. Absent for regression and unnamed labels. */
  classes?: string[];
  /** The feature scaling applied to x (fitted on the training split), absent when none was applied. */
  standardization?: Standardization;
  /** The names of the columns of x, in order, when the data has named columns (a CSV header). */
  featureNames?: string[];
}

/** How `splitTrainTest` holds out its test split. */
export interface TrainTestOptions {
  /** The fraction of samples held out for testing, in [0, 1) (default 0.2); 0 leaves the test split empty. */
  testFraction?: number;
  /** Seeds the shuffle, so the same call gives the same split (default 0). */
  seed?: number;
}

function sampleCount(data: Dataset, what: string): number {
  const nx = data.x.ndim === 0 ? -1 : (data.x.shape[0] ?? -1);
  const nt = data.t.ndim === 0 ? -2 : (data.t.shape[0] ?? -2);
  if (nx !== nt) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${what}: x and t need the same number of samples along axis 0, got x ${formatShape(data.x.shape)} and t ${formatShape(data.t.shape)}`,
    );
  }
  return nx;
}

/** The number of test samples for `n` samples: round(n · fraction), at least 1 when the fraction is positive. */
function testCount(n: number, testFraction: number, what: string): number {
  if (typeof testFraction !== 'number' || !(testFraction >= 0 && testFraction < 1)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${what}: testFraction must be a number in [0, 1), got ${testFraction}`);
  }
  const count = testFraction === 0 ? 0 : Math.max(1, Math.round(n * testFraction));
  if (count >= n) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${what}: testFraction ${testFraction} of ${n} samples leaves none to train on; use a smaller fraction or more data`,
    );
  }
  return count;
}

/**
 * Shuffles a dataset with a seeded `Random` and holds out round(n · testFraction) samples (at least
 * one when the fraction is positive) as the test split; both parts are copies in shuffled order.
 * `what` names the caller in error messages. Throws ScratchnetError `SHAPE_MISMATCH` when x and t
 * hold different numbers of samples, and `BAD_ARGUMENT` for a fraction outside [0, 1) or one that
 * leaves no training samples.
 *
 * @example
 * const { train, test } = splitTrainTest({ x, t }, { testFraction: 0.2, seed: 1 });
 */
export function splitTrainTest(data: Dataset, options: TrainTestOptions = {}, what = 'splitTrainTest'): DataSplits {
  return named('splitTrainTest', () => {
    checkDataset(data, 'data', 'splitTrainTest');
    checkKnownOptions(options, ['testFraction', 'seed'], 'splitTrainTest');
    checkString(what, 'what', 'splitTrainTest');
    const n = sampleCount(data, what);
    const { testFraction = 0.2, seed = 0 } = options;
    const count = testCount(n, testFraction, what);
    const order = new Random(seed).permutation(n).data as Int32Array;
    const held = order.subarray(0, count);
    const kept = order.subarray(count);
    return {
      train: { x: data.x.take(kept), t: data.t.take(kept) },
      test: { x: data.x.take(held), t: data.t.take(held) },
    };
  });
}

/** The split's own options out of a loader's options, which hold more (the loader checked them). */
export function splitOptions(options: TrainTestOptions): TrainTestOptions {
  const { testFraction, seed } = options;
  return { ...(testFraction === undefined ? {} : { testFraction }), ...(seed === undefined ? {} : { seed }) };
}
