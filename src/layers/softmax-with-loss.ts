import { ScratchnetError } from '../errors.js';
import { checkLabels } from '../functions/losses.js';
import { floatResult } from '../ndarray/dtype.js';
import { settleHalf } from '../ndarray/half.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import { softmaxRows } from '../ndarray/kernels/js.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { checkNumber } from '../validate.js';
import { backwardBeforeForward, checkInput } from './errors.js';
import { Workspace } from './workspace.js';

/**
 * Softmax followed by the cross-entropy loss, as one layer because together their gradient is simply
 * (y − t) / batch. Targets are one-hot rows (or any distribution) of x's shape, or integer labels
 * (batch,) or (batch, 1).
 *
 * The loss is computed from log-softmax, log yᵢ = xᵢ − max − log Σ exp(x − max), not as the book's
 * log(y + 1e-7): it is exact where the book's is off by up to 1e-7 relative, it never takes log(0),
 * and it is the function whose gradient backward() returns (the book's gradient check shows a
 * ~1e-7 error on the last bias for exactly this reason).
 */
export class SoftmaxWithLoss {
  /** Always 'SoftmaxWithLoss'. */
  readonly name = 'SoftmaxWithLoss';
  /** The mean cross-entropy of the last forward pass (NaN before the first). */
  loss = NaN;
  /** The probabilities of the last forward pass. */
  y: NDArray | null = null;
  /** The targets of the last forward pass: one-hot rows or integer labels. */
  t: NDArray | null = null;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();

  /**
   * The mean cross-entropy of softmax(x) against `t`, for scores x (batch, classes) and targets t
   * of x's shape (one-hot or distributions) or integer labels, (batch,) or a (batch, 1) column (the
   * book's chapter 7 gradient check passes t of shape (1, 1)). As in the book, targets of x's shape
   * are one-hot, so a (batch, 1) column against one class score is one-hot. Throws SHAPE_MISMATCH for
   * other shapes and BAD_ARGUMENT for a label outside [0, classes).
   */
  forward(x: NDArray, t: NDArray): number {
    checkInput(this.name, x);
    checkInput(this.name, t, 't');
    if (x.ndim !== 2) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${this.name}.forward(): scores must be (batch, classes), got ${formatShape(x.shape)}`,
      );
    }
    if (!shapesEqual(x.shape, t.shape)) checkLabels(t, x.shape[0]!, x.shape[1]!, 'SoftmaxWithLoss');
    this.t = t;
    this.y = this.workspace.get('y', x.shape, floatResult(x.dtype));
    this.loss =
      x.dtype === 'float32' && this.y.dtype === 'float32'
        ? softmaxCrossEntropyF32(x, t, this.y)
        : softmaxCrossEntropy(x, t, this.y);
    settleHalf(this.y);
    return this.loss;
  }

  /** dx = (y − t)·dout / batch, x's shape, for the last forward pass; `dout` is ∂L/∂loss (1 by default). */
  backward(dout = 1): NDArray {
    if (this.y === null || this.t === null) throw backwardBeforeForward(this.name);
    checkNumber(dout, 'dout', `${this.name}.backward()`);
    const y = this.y;
    const t = this.t;
    const [batch, classes] = y.shape as [number, number];
    const dx = this.workspace.get('dx', y.shape, y.dtype);
    const scale = dout / batch;
    const ys = y.data;
    const ds = dx.data;
    if (shapesEqual(y.shape, t.shape)) {
      for (let i = 0; i < dx.size; i++) ds[i] = (ys[i]! - t.data[i]!) * scale;
    } else {
      for (let r = 0; r < batch; r++) {
        const row = r * classes;
        const label = row + t.data[r]!;
        for (let i = row; i < row + classes; i++) ds[i] = (i === label ? ys[i]! - 1 : ys[i]!) * scale;
      }
    }
    settleHalf(dx);
    return dx;
  }
}

/**
 * Writes softmax(x) into `y` and returns the mean over rows of −Σ t·log softmax(x), both from one pass
 * per row: log softmax(x)ᵢ = xᵢ − max − log Σ exp(x − max) reuses the max and the sum the softmax needs.
 */
function softmaxCrossEntropy(x: NDArray, t: NDArray, y: NDArray): number {
  const [batch, classes] = x.shape as [number, number];
  const oneHot = shapesEqual(x.shape, t.shape);
  const xs = x.data;
  const ys = y.data;
  let total = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * classes;
    let max = -Infinity;
    for (let j = 0; j < classes; j++) if (xs[row + j]! > max) max = xs[row + j]!;
    let sumExp = 0;
    for (let j = 0; j < classes; j++) {
      const e = Math.exp(xs[row + j]! - max);
      ys[row + j] = e;
      sumExp += e;
    }
    for (let j = 0; j < classes; j++) ys[row + j] = ys[row + j]! / sumExp;
    const logSum = max + Math.log(sumExp);
    if (oneHot) {
      for (let j = 0; j < classes; j++) {
        const tj = t.data[row + j]!;
        if (tj !== 0) total -= tj * (xs[row + j]! - logSum);
      }
    } else {
      total -= xs[row + t.data[r]!]! - logSum;
    }
  }
  return total / batch;
}

/** Below this a float32 probability has lost relative precision (float32's normal range ends near 1.2e-38). */
const SMALLEST_TRUSTED_PROBABILITY = 1e-30;

/**
 * The float32 path of softmaxCrossEntropy: the softmax runs in the installed kernels (SIMD
 * WebAssembly where there are), and each row's loss is −log y of its target, which is as exact as y
 * itself. A probability too small to trust falls back to the row's log-softmax, so a confident
 * wrong answer still gives its true, large loss rather than −log 0.
 */
function softmaxCrossEntropyF32(x: NDArray, t: NDArray, y: NDArray): number {
  const [batch, classes] = x.shape as [number, number];
  (kernels().softmaxRows ?? softmaxRows)(x.data, batch, classes, y.data);
  const oneHot = shapesEqual(x.shape, t.shape);
  const xs = x.data;
  const ys = y.data;
  let total = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * classes;
    if (oneHot) {
      for (let j = 0; j < classes; j++) {
        const tj = t.data[row + j]!;
        if (tj !== 0) total += tj * negLogProbability(xs, ys, row, j, classes);
      }
    } else {
      total += negLogProbability(xs, ys, row, t.data[r]!, classes);
    }
  }
  return total / batch;
}

/** −log y[row + j], or the row's log-softmax where y[row + j] is too small to trust. */
function negLogProbability(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  row: number,
  j: number,
  classes: number,
): number {
  const p = ys[row + j]!;
  return p >= SMALLEST_TRUSTED_PROBABILITY ? -Math.log(p) : logSumExp(xs, row, classes) - xs[row + j]!;
}

/** log Σ exp(x) over one row, from its maximum so that nothing overflows. */
function logSumExp(xs: ArrayLike<number>, row: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (xs[row + j]! > max) max = xs[row + j]!;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(xs[row + j]! - max);
  return max + Math.log(sum);
}
