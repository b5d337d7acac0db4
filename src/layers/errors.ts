import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkArray, checkFloatingArray, checkNumber } from '../validate.js';
import { full } from '../ndarray/create.js';
import type { DType } from '../ndarray/dtype.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import { trainFlag } from './types.js';

/** Thrown by backward() when forward() has not cached anything yet. */
export function backwardBeforeForward(layer: string): ScratchnetError {
  return new ScratchnetError('BAD_ARGUMENT', `${layer}.backward() was called before forward()`);
}

/** dout must have the shape forward() returned. */
export function checkDout(layer: string, dout: NDArray, expected: readonly number[]): void {
  checkArray(dout, 'dout', `${layer}.backward()`);
  if (!shapesEqual(dout.shape, expected)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${layer}.backward(): dout has shape ${formatShape(dout.shape)} but forward() returned shape ${formatShape(expected)}`,
    );
  }
}

/** forward()'s input must be an NDArray (an instanceof check: cheap enough for every call). */
export function checkInput(layer: string, x: unknown, name = 'x'): asserts x is NDArray {
  checkArray(x, name, `${layer}.forward()`);
}

/**
 * forward()'s arguments: x must be an NDArray, and `mode` the book's `train_flg` boolean, `{ train }`
 * or left out. Returns whether the pass trains (layers without a training behaviour ignore it).
 */
export function checkForward(layer: string, x: unknown, mode: unknown): boolean {
  checkInput(layer, x);
  return trainFlag(mode, `${layer}.forward()`);
}

/**
 * A layer's bias: a float NDArray as given, or a number broadcast to `count` values of `dtype` (the
 * book's apply_filter.py builds `Convolution(W, 0)`, a scalar bias numpy broadcasts over the filters).
 */
export function biasArray(b: unknown, count: number, dtype: DType, where: string): NDArray {
  if (typeof b === 'number') {
    checkNumber(b, 'b', where, true);
    return full([count], b, { dtype });
  }
  checkFloatingArray(b, 'b', where);
  return b;
}
