import { toArrayArgument } from '../validate.js';
import { applyUnary, gt } from '../ndarray/elementwise.js';
import { floatResult } from '../ndarray/dtype.js';
import { settleHalf } from '../ndarray/half.js';
import { NDArray, type ArrayLike } from '../ndarray/ndarray.js';
import { ScratchnetError } from '../errors.js';
import { softmaxRows } from '../ndarray/kernels/js.js';
import { kernels } from '../ndarray/kernels/registry.js';

/** 1 where x > 0, else 0, as int32 (the book's `np.array(x > 0, dtype=np.int)`). */
export function stepFunction(x: ArrayLike): NDArray {
  return gt(toArrayArgument(x, 'x', 'stepFunction'), 0).astype('int32');
}

/**
 * 1 / (1 + e^−x); never NaN for large |x| (e^−x overflowing to Infinity gives exactly 0). Integer
 * input gives float64. With `out` (x's shape and the result's dtype) the result is written there.
 */
export function sigmoid(x: ArrayLike, out?: NDArray): NDArray {
  return applyUnary('sigmoid', toArrayArgument(x, 'x', 'sigmoid'), out);
}

/** The derivative of the sigmoid, σ(x)·(1 − σ(x)). */
export function sigmoidGrad(x: ArrayLike): NDArray {
  const s = sigmoid(toArrayArgument(x, 'x', 'sigmoidGrad'));
  const out = NDArray.empty(s.shape, s.dtype);
  for (let i = 0; i < s.size; i++) out.data[i] = (1 - s.data[i]!) * s.data[i]!;
  settleHalf(out);
  return out;
}

/** max(0, x), NaN kept; integer input gives float64. With `out` the result is written there. */
export function relu(x: ArrayLike, out?: NDArray): NDArray {
  return applyUnary('relu', toArrayArgument(x, 'x', 'relu'), out);
}

/** The derivative of ReLU: 1 where x > 0, else 0 (the book's choice at x = 0). */
export function reluGrad(x: ArrayLike): NDArray {
  const arr = toArrayArgument(x, 'x', 'reluGrad');
  return gt(arr, 0).astype(arr.dtype === 'float32' ? 'float32' : 'float64');
}

/**
 * The identity (the book's output activation for regression): an NDArray is returned unchanged,
 * a number or a list as an NDArray of it.
 */
export function identity(x: ArrayLike): NDArray {
  return toArrayArgument(x, 'x', 'identity');
}

/**
 * Softmax over the last axis: a 1-D vector, or one row per sample. Each row's maximum is subtracted
 * first, so large inputs (1010, 1000, 990) give finite probabilities instead of NaN.
 */
export function softmax(x: ArrayLike): NDArray {
  const arr = toArrayArgument(x, 'x', 'softmax');
  if (arr.ndim === 0)
    throw new ScratchnetError('BAD_ARGUMENT', 'softmax: x must have at least one dimension, got a 0-d array');
  const out = NDArray.empty(arr.shape, floatResult(arr.dtype));
  softmaxInto(arr, out);
  settleHalf(out);
  return out;
}

/** Softmax of x over its last axis, written into `out` (same shape), by the installed kernels. */
export function softmaxInto(x: NDArray, out: NDArray): void {
  const n = x.shape[x.ndim - 1]!;
  if (n === 0) return;
  (kernels().softmaxRows ?? softmaxRows)(x.data, x.size / n, n, out.data);
}
