/**
 * Turning raw image and label arrays into what a network trains on: floats in [0, 1], flat rows or
 * NCHW images, integer labels or one-hot rows, and a seeded validation split. Browser-safe.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { allocate, isDType, type DType, type FloatDType } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import { residentStorage } from '../ndarray/resident.js';
import { Random } from '../ndarray/random.js';
import type { Dataset } from './types.js';
import { checkArray, checkDataset, checkKnownOptions, named } from '../validate.js';

function checkFloatDType(dtype: string, what: string): asserts dtype is FloatDType {
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${what}: dtype must be 'float64' or 'float32', got ${JSON.stringify(dtype)}`,
    );
  }
}

function checkLabels(labels: NDArray, what: string): void {
  const d = labels.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!Number.isInteger(v) || v < 0) {
      throw new ScratchnetError('BAD_ARGUMENT', `${what}: labels must be integers >= 0, but label ${i} is ${v}`);
    }
  }
}

/**
 * One-hot rows for integer labels, as the book's `one_hot_label=True`: label k becomes a row of
 * `classes` zeros with a 1 at k. `labels` of any shape is read in order and gives shape
 * (labels.size, classes). Throws `BAD_ARGUMENT` for a label that is not an integer in [0, classes).
 *
 * @example
 * toOneHot(array([2, 0], { dtype: 'int32' }), 3); // array([[0, 0, 1], [1, 0, 0]])
 */
export function toOneHot(labels: NDArray, classes = 10, dtype: DType = 'float64'): NDArray {
  return named('toOneHot', () => {
    checkArray(labels, 'labels', 'toOneHot');
    if (!Number.isInteger(classes) || classes < 1) {
      throw new ScratchnetError('BAD_ARGUMENT', `toOneHot: classes must be a positive integer, got ${classes}`);
    }
    if (!isDType(dtype)) throw new ScratchnetError('BAD_DTYPE', `toOneHot: unknown dtype ${JSON.stringify(dtype)}`);
    const n = labels.size;
    const src = labels.data;
    const out = allocate(dtype, n * classes);
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= classes) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `toOneHot: label ${i} is ${k}, which is not an integer in [0, ${classes})`,
        );
      }
      out[i * classes + k] = 1;
    }
    return new NDArray(out, [n, classes], dtype);
  });
}

/**
 * Pixel values divided by 255 as floats (the book's `normalize=True`), same shape. Meant for uint8
 * images, whose result lies in [0, 1]; other dtypes are divided by 255 too.
 */
export function normalizeImages(images: NDArray, dtype: FloatDType = 'float64'): NDArray {
  return named('normalizeImages', () => {
    checkArray(images, 'images', 'normalizeImages');
    checkFloatDType(dtype, 'normalizeImages');
    if (images.dtype === 'bool')
      throw new ScratchnetError('BAD_DTYPE', 'normalizeImages: expected pixel values, got a bool array');
    const src = images.data;
    // One loop per storage class keeps V8's element access monomorphic on the 47M pixels of MNIST,
    // which is most of the time a load takes. Dividing in float64 and rounding once to
    // float32 gives the correctly rounded float32 quotient, the same as numpy's `x.astype(f32) / 255`.
    // The result goes straight into the kernels' memory, where training reads it without a copy.
    let out: Float64Array | Float32Array;
    if (src instanceof Uint8Array) {
      out = dtype === 'float64' ? bytesOver255F64(src) : bytesOver255F32(src);
    } else {
      out = dtype === 'float64' ? new Float64Array(src.length) : new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = src[i]! / 255;
    }
    return new NDArray(out, images.shape, dtype);
  });
}

function bytesOver255F64(src: Uint8Array): Float64Array {
  const out = residentStorage('float64', src.length) as Float64Array;
  for (let i = 0; i < src.length; i++) out[i] = src[i]! / 255;
  return out;
}

function bytesOver255F32(src: Uint8Array): Float32Array {
  const out = residentStorage('float32', src.length) as Float32Array;
  for (let i = 0; i < src.length; i++) out[i] = src[i]! / 255;
  return out;
}

/** Each sample as one row: shape (n, ...) becomes (n, product of the rest). A view, no copy. */
export function flattenImages(images: NDArray): NDArray {
  return named('flattenImages', () => {
    checkArray(images, 'images', 'flattenImages');
    if (images.ndim === 0)
      throw new ScratchnetError('BAD_ARGUMENT', 'flattenImages: need an array with a sample axis, got a 0-d array');
    const n = images.shape[0]!;
    const rest = images.shape.slice(1).reduce((p, d) => p * d, 1);
    return new NDArray(images.data, [n, rest], images.dtype);
  });
}

/** How much of a dataset `splitValidation` holds out: give `ratio` or `size`, not both. */
export interface SplitOptions {
  /** The fraction of samples to hold out, in (0, 1); the count is rounded down, as the book does. */
  ratio?: number;
  /** The number of samples to hold out. */
  size?: number;
  /** Seeds the shuffle, so the same call gives the same split. Defaults to 0. */
  seed?: number;
}

function checkSameCount(data: Dataset, what: string): number {
  const nx = data.x.ndim === 0 ? 0 : data.x.shape[0]!;
  const nt = data.t.ndim === 0 ? 0 : data.t.shape[0]!;
  if (data.x.ndim === 0 || data.t.ndim === 0 || nx !== nt) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${what}: x and t need the same number of samples along axis 0, got x ${formatShape(data.x.shape)} and t ${formatShape(data.t.shape)}`,
    );
  }
  return nx;
}

/** What `splitValidation` returns: the two parts of the shuffled dataset, as copies. */
export interface ValidationSplit {
  /** The samples kept for training. */
  train: Dataset;
  /** The samples held out for validation. */
  validation: Dataset;
}

/**
 * Shuffles a dataset with a seeded `Random` and holds part of it out for validation (the book's
 * `shuffle_dataset` then slicing off `validation_rate`). Both parts are copies, in shuffled order.
 *
 * @example
 * const { train, validation } = splitValidation(data, { ratio: 0.2, seed: 1 });
 */
export function splitValidation(data: Dataset, options: SplitOptions): ValidationSplit {
  return named('splitValidation', () => {
    checkDataset(data, 'data', 'splitValidation');
    checkKnownOptions(options, ['ratio', 'size', 'seed'], 'splitValidation');
    const n = checkSameCount(data, 'splitValidation');
    const { ratio, size, seed = 0 } = options;
    if ((ratio === undefined) === (size === undefined)) {
      throw new ScratchnetError('BAD_ARGUMENT', 'splitValidation: give exactly one of ratio or size');
    }
    let count: number;
    if (ratio !== undefined) {
      if (!(ratio > 0 && ratio < 1))
        throw new ScratchnetError('BAD_ARGUMENT', `splitValidation: ratio must be in (0, 1), got ${ratio}`);
      count = Math.floor(n * ratio);
    } else {
      count = size!;
    }
    if (!Number.isInteger(count) || count < 1 || count >= n) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `splitValidation: the validation size must be an integer from 1 to ${n - 1} for ${n} samples, got ${count}${ratio !== undefined ? ` (ratio ${ratio})` : ''}`,
      );
    }
    const order = new Random(seed).permutation(n).data as Int32Array;
    const held = order.subarray(0, count);
    const kept = order.subarray(count);
    return {
      train: { x: data.x.take(kept), t: data.t.take(kept) },
      validation: { x: data.x.take(held), t: data.t.take(held) },
    };
  });
}

/** How `prepareIdxDataset` (and `loadMnist`) shape the data; the defaults are the book's. */
export interface PrepareOptions {
  /** Divide pixels by 255 into [0, 1] (default true); otherwise keep the raw values, as floats. */
  normalize?: boolean;
  /** Rows of 784 (default true); otherwise NCHW images of shape (n, 1, 28, 28). */
  flatten?: boolean;
  /** One-hot label rows (default false); otherwise int32 labels of shape (n,). */
  oneHotLabel?: boolean;
  /** The float type of x and of one-hot rows (default float64, as numpy's). */
  dtype?: FloatDType;
  /** The number of classes for one-hot rows (default 10). */
  classes?: number;
}

/**
 * Turns raw IDX arrays (images (n, h, w), usually uint8, and labels (n,)) into a Dataset, as the
 * book's `load_mnist(normalize, flatten, one_hot_label)`: x is float, normalised to [0, 1] unless
 * `normalize` is false, of shape (n, h·w) or (n, 1, h, w); t is int32 labels or one-hot rows.
 * Throws `SHAPE_MISMATCH` when the counts differ and `BAD_ARGUMENT` for a label that is not an
 * integer >= 0. Never shares storage with its inputs.
 */
export function prepareIdxDataset(images: NDArray, labels: NDArray, options: PrepareOptions = {}): Dataset {
  return named('prepareIdxDataset', () => {
    checkArray(images, 'images', 'prepareIdxDataset');
    checkArray(labels, 'labels', 'prepareIdxDataset');
    checkKnownOptions(options, ['normalize', 'flatten', 'oneHotLabel', 'dtype', 'classes'], 'prepareIdxDataset');
    const { normalize = true, flatten = true, oneHotLabel = false, dtype = 'float64', classes = 10 } = options;
    checkFloatDType(dtype, 'prepareIdxDataset');
    if (images.ndim < 2) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `prepareIdxDataset: images need a sample axis and pixel axes, got shape ${formatShape(images.shape)}`,
      );
    }
    if (labels.ndim !== 1) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `prepareIdxDataset: labels must be 1-D, got shape ${formatShape(labels.shape)}`,
      );
    }
    const n = images.shape[0]!;
    if (labels.shape[0] !== n) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `prepareIdxDataset: there are ${n} images but ${labels.shape[0]} labels (images ${formatShape(images.shape)}, labels ${formatShape(labels.shape)})`,
      );
    }
    checkLabels(labels, 'prepareIdxDataset');
    let x = normalize ? normalizeImages(images, dtype) : images.astype(dtype);
    if (flatten) x = flattenImages(x);
    // (n, h, w) gains the channel axis the book's CNN layers expect (NCHW).
    else if (x.ndim === 3) x = x.expandDims(1);
    const t = oneHotLabel ? toOneHot(labels, classes, dtype) : labels.astype('int32');
    return { x, t };
  });
}
