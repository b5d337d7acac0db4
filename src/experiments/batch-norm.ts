/**
 * Chapter 6's batch normalization experiment (batch_norm_test.py, figure 6-18): for weight scales
 * from 1 down to 0.0001, the same deep network trained with and without batch normalization on 1000
 * MNIST images. Without it, most scales leave the network stuck at chance; with it, training starts
 * almost everywhere, and faster.
 */
import type { Dataset } from '../data/types.js';
import { check } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { MultiLayerNet } from '../nets/multi-layer-net.js';
import { SGD } from '../optim/sgd.js';
import { trainSideBySide } from './side-by-side.js';
import { checkDataset, checkKnownOptions, named } from '../validate.js';

/**
 * 10 to the power `e`. V8's `10 ** -4` is 0.00009999999999999999, one unit in the last place below
 * the 1e-4 that C's pow (and so numpy) gives; for whole exponents the decimal literal is exact.
 */
function powerOfTen(e: number): number {
  return Number.isInteger(e) && Math.abs(e) <= 300 ? Number(`1e${e}`) : 10 ** e;
}

/** numpy's `np.logspace(start, stop, num)`: 10 to the powers of `linspace(start, stop, num)`, the last one exact. */
export function logspace(start: number, stop: number, num: number): number[] {
  return named('logspace', () => {
    check(Number.isInteger(num) && num >= 1, `logspace: num must be a positive integer, got ${num}`);
    check(
      Number.isFinite(start) && Number.isFinite(stop),
      `logspace: start and stop must be finite, got ${start} and ${stop}`,
    );
    if (num === 1) return [powerOfTen(start)];
    const step = (stop - start) / (num - 1);
    return Array.from({ length: num }, (_, i) => powerOfTen(i === num - 1 ? stop : start + i * step));
  });
}

/** The book's 16 weight scales, `np.logspace(0, -4, num=16)`: 1 down to 1e-4, evenly on a log axis. */
export const BOOK_WEIGHT_SCALES: readonly number[] = Object.freeze(logspace(0, -4, 16));

/** One weight scale's two training-accuracy curves, one value per epoch. */
export interface BatchNormCurves {
  /** The initial weights' standard deviation. */
  scale: number;
  /** Training accuracy (0..1) of the network with batch normalization, per epoch. */
  withBatchNorm: number[];
  /** Training accuracy (0..1) of the same network without it, per epoch. */
  withoutBatchNorm: number[];
}

/** Options of `compareBatchNorm`. */
export interface BatchNormComparisonOptions {
  /** Standard deviations of the initial weights (default `BOOK_WEIGHT_SCALES`). */
  scales?: readonly number[];
  /** Training samples, the first of `train` (default 1000). */
  trainSize?: number;
  /** Evaluations (default 20, the book's `max_epochs`). */
  epochs?: number;
  /** Samples per mini-batch (default 100). */
  batchSize?: number;
  /** SGD's learning rate (default 0.01). */
  lr?: number;
  /** Hidden layer sizes (default five of 100). */
  hiddenSizes?: readonly number[];
  /** Seeds the batches and the weights; both networks of a scale start from the same weights. */
  seed?: number;
  /** float32 (default, the fast kernels) or float64 (numpy's default). */
  dtype?: FloatDType;
  /** Called after each scale's run. */
  onScale?(curves: BatchNormCurves, index: number): void;
}

/**
 * Trains a network with and a network without batch normalization for each scale, on the same
 * batches, and measures their accuracy on the training samples once per epoch, as the book does:
 * after the first iteration, then every `trainSize / batchSize` iterations, `epochs` times in all.
 */
export async function compareBatchNorm(
  train: Dataset,
  options: BatchNormComparisonOptions = {},
): Promise<BatchNormCurves[]> {
  checkDataset(train, 'train', 'compareBatchNorm');
  checkKnownOptions(
    options,
    ['scales', 'trainSize', 'epochs', 'batchSize', 'lr', 'hiddenSizes', 'seed', 'dtype', 'onScale'],
    'compareBatchNorm',
  );
  const {
    scales = BOOK_WEIGHT_SCALES,
    trainSize = 1000,
    epochs = 20,
    batchSize = 100,
    lr = 0.01,
    hiddenSizes = [100, 100, 100, 100, 100],
    seed = 1,
    dtype = 'float32',
    onScale,
  } = options;
  check(
    scales.length > 0 && scales.every((s) => Number.isFinite(s) && s > 0),
    `compareBatchNorm: scales must be positive numbers, got [${scales.join(', ')}]`,
  );
  check(
    Number.isInteger(trainSize) && trainSize >= 1,
    `compareBatchNorm: trainSize must be a positive integer, got ${trainSize}`,
  );
  check(Number.isInteger(epochs) && epochs >= 1, `compareBatchNorm: epochs must be a positive integer, got ${epochs}`);
  const n = Math.min(trainSize, train.x.shape[0]!);
  const data = { x: train.x.slice(0, n), t: train.t.slice(0, n) };
  const iterPerEpoch = Math.max(Math.floor(n / batchSize), 1);
  const results: BatchNormCurves[] = [];
  for (const [index, scale] of scales.entries()) {
    const make = (useBatchNorm: boolean): MultiLayerNet =>
      new MultiLayerNet({
        inputSize: data.x.size / n,
        hiddenSizes,
        outputSize: 10,
        activation: 'relu',
        weightInit: scale,
        useBatchNorm,
        dtype,
        seed,
      });
    const bn = make(true);
    const plain = make(false);
    const curves: BatchNormCurves = { scale, withBatchNorm: [], withoutBatchNorm: [] };
    await trainSideBySide(
      [
        { label: 'batch norm', net: bn, optimizer: new SGD({ lr }) },
        { label: 'plain', net: plain, optimizer: new SGD({ lr }) },
      ],
      data,
      {
        iterations: (epochs - 1) * iterPerEpoch + 1,
        batchSize,
        seed: seed + index,
        onIteration: ({ iteration }) => {
          if ((iteration - 1) % iterPerEpoch !== 0) return;
          curves.withBatchNorm.push(bn.accuracy(data.x, data.t));
          curves.withoutBatchNorm.push(plain.accuracy(data.x, data.t));
        },
      },
    );
    onScale?.(curves, index);
    results.push(curves);
  }
  return results;
}
