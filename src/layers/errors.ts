import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';

/** Thrown by backward() when forward() has not cached anything yet. */
export function backwardBeforeForward(layer: string): ScratchnetError {
  return new ScratchnetError('BAD_ARGUMENT', `${layer}.backward() was called before forward()`);
}

/** dout must have the shape forward() returned. */
export function checkDout(layer: string, dout: NDArray, expected: readonly number[]): void {
  if (!shapesEqual(dout.shape, expected)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${layer}.backward(): dout has shape ${formatShape(dout.shape)} but forward() returned shape ${formatShape(expected)}`,
    );
  }
}
