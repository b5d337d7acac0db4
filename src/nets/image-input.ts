import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';

/**
 * A convolutional network's input as NCHW images: images of the expected (C, H, W) pass through, and
 * rows of C·H·W pixels (what the Trainer and `loadMnist` give) are viewed as images without a copy.
 * Anything else is refused with a message naming both accepted shapes.
 */
export function asImages(x: NDArray, inputDim: readonly [number, number, number], netName: string): NDArray {
  const [channels, height, width] = inputDim;
  if (x.ndim === 4 && x.shape[1] === channels && x.shape[2] === height && x.shape[3] === width) return x;
  if (x.ndim === 2 && x.shape[1] === channels * height * width) return x.reshape(x.shape[0]!, channels, height, width);
  throw new ScratchnetError(
    'SHAPE_MISMATCH',
    `${netName}: input must be (batch, ${channels}, ${height}, ${width}) images or (batch, ${channels * height * width}) rows, got ${formatShape(x.shape)}`,
  );
}
