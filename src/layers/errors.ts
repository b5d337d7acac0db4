import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkArray } from '../validate.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';

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
