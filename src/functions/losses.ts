import { ScratchnetError } from '../errors.js';
import { square, sub } from '../ndarray/elementwise.js';
import { sum } from '../ndarray/reduce.js';
import type { ArrayLike as ArrayInput, NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import { checkArray, checkInteger, checkString, toArrayArgument } from '../validate.js';

/** The small number the book adds inside log() so that log(0) never gives −Infinity. */
export const CROSS_ENTROPY_DELTA = 1e-7;

function sameShape(name: string, y: NDArray, t: NDArray): void {
  if (!shapesEqual(y.shape, t.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${name}: y has shape ${formatShape(y.shape)} but t has shape ${formatShape(t.shape)}`,
    );
  }
}

/**
 * 0.5·Σ(y − t)², summed over everything (not averaged). The book and its Korean edition call this
 * `mean_squared_error`; it is the sum of squares. For the true mean see `meanSquaredError`.
 */
export function sumSquaredError(yIn: ArrayInput, tIn: ArrayInput): number {
  const y = toArrayArgument(yIn, 'y', 'sumSquaredError');
  const t = toArrayArgument(tIn, 't', 'sumSquaredError');
  sameShape('sumSquaredError', y, t);
  // sum() sums pairwise like numpy, so the book's 0.5975 comes out as 0.5975, not 0.5974999999999999.
  return 0.5 * sum(square(sub(y, t)));
}

/** The true mean squared error, mean((y − t)²) over all elements (PyTorch's MSELoss). */
export function meanSquaredError(yIn: ArrayInput, tIn: ArrayInput): number {
  const y = toArrayArgument(yIn, 'y', 'meanSquaredError');
  const t = toArrayArgument(tIn, 't', 'meanSquaredError');
  sameShape('meanSquaredError', y, t);
  return y.size === 0 ? NaN : (2 * sumSquaredError(y, t)) / y.size;
}

/**
 * Checks integer class labels against the number of samples and classes; returns them as numbers.
 * Labels are one per sample, shape (batch,) or a column (batch, 1) (the book's chapter 7 gradient
 * check builds `t` of shape (1, 1)). Shared by the loss, SoftmaxWithLoss and accuracy so every caller
 * gets the same message. The book's rule decides between labels and one-hot targets before this is
 * called: targets with as many values as the scores are one-hot (so a (batch, 1) column against one
 * score per sample is one-hot), anything else is labels.
 */
export function checkLabels(t: NDArray, batch: number, classes: number, where: string): ArrayLike<number> {
  checkString(where, 'where', 'checkLabels');
  checkArray(t, 't', where);
  checkInteger(batch, 'batch', where, 0);
  checkInteger(classes, 'classes', where, 1);
  const column = t.ndim === 2 && t.shape[1] === 1;
  if ((t.ndim !== 1 && !column) || t.shape[0] !== batch) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: expected ${batch} labels (one per sample, (${batch},) or (${batch}, 1)) or one-hot targets of shape (${batch}, ${classes}), got t of shape ${formatShape(t.shape)}`,
    );
  }
  for (let i = 0; i < t.size; i++) {
    const label = t.data[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: label ${label} at index ${i} is not a class index in [0, ${classes})`,
      );
    }
  }
  return t.data;
}

/**
 * Cross-entropy −Σ t·log(y + 1e-7), averaged over the batch. `y` is one probability vector or one row
 * per sample; `t` is one-hot (or any distribution) of y's shape, or integer class labels, one per row:
 * (batch,) or a (batch, 1) column. As in the book, `t` with as many values as `y` is one-hot.
 */
export function crossEntropyError(yIn: ArrayInput, tIn: ArrayInput): number {
  let y = toArrayArgument(yIn, 'y', 'crossEntropyError');
  let t = toArrayArgument(tIn, 't', 'crossEntropyError');
  if (y.ndim === 0 || y.ndim > 2) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `crossEntropyError: y must be 1-D or 2-D (one row per sample), got shape ${formatShape(y.shape)}`,
    );
  }
  if (y.ndim === 1) {
    y = y.reshape(1, y.size);
    t = t.ndim === 0 ? t.reshape(1) : t.size === y.size ? t.reshape(1, t.size) : t;
  }
  const [batch, classes] = y.shape as [number, number];
  let total = 0;
  if (shapesEqual(y.shape, t.shape)) {
    for (let i = 0; i < y.size; i++) {
      const ti = t.data[i]!;
      if (ti !== 0) total += ti * Math.log(y.data[i]! + CROSS_ENTROPY_DELTA);
    }
  } else {
    const labels = checkLabels(t, batch, classes, 'crossEntropyError');
    for (let i = 0; i < batch; i++) total += Math.log(y.data[i * classes + labels[i]!]! + CROSS_ENTROPY_DELTA);
  }
  return -total / batch;
}
