import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { BatchNormalization } from './batch-norm.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import type { ForwardMode } from './types.js';

/** (N, C, H, W) planes → (N·H·W, C) rows: every pixel of every sample becomes one row of channels. */
function planesToRows(x: NDArray): NDArray {
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const area = height * width;
  const rows = NDArray.empty([batch * area, channels], x.dtype);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const from = (n * channels + c) * area;
      for (let p = 0; p < area; p++) rows.data[(n * area + p) * channels + c] = x.data[from + p]!;
    }
  }
  return rows;
}

/** The inverse of planesToRows, back to (N, C, H, W) = `shape`. */
function rowsToPlanes(rows: NDArray, shape: readonly number[]): NDArray {
  const [batch, channels, height, width] = shape as [number, number, number, number];
  const area = height * width;
  const x = NDArray.empty(shape, rows.dtype);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const to = (n * channels + c) * area;
      for (let p = 0; p < area; p++) x.data[to + p] = rows.data[(n * area + p) * channels + c]!;
    }
  }
  return x;
}

/**
 * Batch normalisation per channel of NCHW images (as after a convolution, PyTorch's BatchNorm2d): the
 * statistics of each channel are taken over the batch and every position, N·H·W values, and each
 * channel has one gamma and one beta. Built on BatchNormalization by viewing the images as N·H·W rows
 * of C features, so training, running averages and checkpoints behave exactly as there.
 */
export class ChannelBatchNormalization extends BatchNormalization {
  private planeShape: readonly number[] = [];

  /** The name constructor messages use. */
  protected override get className(): string {
    return 'ChannelBatchNormalization';
  }

  /**
   * Normalises (N, C, H, W) input per channel, in training (`mode` true or `{ train: true }`) by the
   * batch's statistics, otherwise by the running averages; throws `SHAPE_MISMATCH` for another shape.
   */
  override forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward('ChannelBatchNormalization', x, mode);
    if (x.ndim !== 4 || x.shape[1] !== this.gamma.size) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `ChannelBatchNormalization: input must be (batch, ${this.gamma.size}, height, width), got ${formatShape(x.shape)}`,
      );
    }
    this.planeShape = x.shape;
    return rowsToPlanes(super.forward(planesToRows(x), mode), x.shape);
  }

  /** ∂L/∂x in the input's (N, C, H, W) shape; stores dgamma and dbeta, one per channel. */
  override backward(dout: NDArray): NDArray {
    const shape = this.planeShape;
    if (shape.length === 0) throw backwardBeforeForward('ChannelBatchNormalization');
    checkDout('ChannelBatchNormalization', dout, shape);
    return rowsToPlanes(super.backward(planesToRows(dout)), shape);
  }
}
