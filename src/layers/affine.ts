import { ScratchnetError } from '../errors.js';
import { matmulT } from '../ndarray/linalg.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { sum } from '../ndarray/reduce.js';
import { backwardBeforeForward, checkDout } from './errors.js';
import type { ParamLayer } from './types.js';

/**
 * The fully connected layer, out = x·W + b, on a batch of rows. Input of higher rank (images, say)
 * is flattened per sample, and the gradient is reshaped back to the input's shape.
 */
export class Affine implements ParamLayer {
  readonly name = 'Affine';
  /** Weights, (inputs, outputs). Updated in place by optimizers. */
  readonly W: NDArray;
  /** Biases, (outputs). */
  readonly b: NDArray;
  dW: NDArray;
  db: NDArray;
  private x: NDArray | null = null;
  private inputShape: readonly number[] = [];

  constructor(W: NDArray, b: NDArray) {
    if (W.ndim !== 2 || b.ndim !== 1 || b.shape[0] !== W.shape[1]) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Affine: W must be (inputs, outputs) and b (outputs,), got W ${formatShape(W.shape)} and b ${formatShape(b.shape)}`,
      );
    }
    this.W = W;
    this.b = b;
    this.dW = NDArray.empty(W.shape, W.dtype);
    this.db = NDArray.empty(b.shape, b.dtype);
  }

  forward(x: NDArray): NDArray {
    const inputs = this.W.shape[0]!;
    const batch = x.ndim === 0 ? 0 : x.shape[0]!;
    const features = batch === 0 ? inputs : x.size / batch;
    if (x.ndim < 2 || features !== inputs) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Affine: input of shape ${formatShape(x.shape)} does not fit weights ${formatShape(this.W.shape)}: need (batch, ${inputs}) or (batch, ...) with ${inputs} values per sample`,
      );
    }
    this.inputShape = x.shape;
    this.x = x.ndim === 2 ? x : x.reshape(batch, inputs);
    const out = matmulT(this.x, this.W, false, false);
    const outputs = this.W.shape[1]!;
    const o = out.data;
    const b = this.b.data;
    for (let r = 0; r < o.length; r += outputs) for (let j = 0; j < outputs; j++) o[r + j]! += b[j]!;
    return out;
  }

  /** Stores dW = xᵀ·dout and db = Σ dout over the batch; returns dx = dout·Wᵀ in the input's shape. */
  backward(dout: NDArray): NDArray {
    this.backwardParams(dout);
    return matmulT(dout, this.W, false, true).reshape(this.inputShape);
  }

  /**
   * Only the parameter gradients. A network's first layer needs no gradient for its input (the
   * data), and skipping dout·Wᵀ there saves about a third of the layer's backward work.
   */
  backwardParams(dout: NDArray): void {
    if (this.x === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, [this.x.shape[0]!, this.W.shape[1]!]);
    this.dW = matmulT(this.x, dout, true, false).astype(this.W.dtype);
    this.db = sum(dout, 0).astype(this.b.dtype);
  }

  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b };
  }

  grads(): Record<string, NDArray> {
    return { W: this.dW, b: this.db };
  }
}
