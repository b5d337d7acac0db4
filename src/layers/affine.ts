import { ScratchnetError } from '../errors.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { promoteTypes } from '../ndarray/dtype.js';
import { settleHalf } from '../ndarray/half.js';
import { add } from '../ndarray/elementwise.js';
import { matmulT } from '../ndarray/linalg.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkFloatingArray } from '../validate.js';
import { backwardBeforeForward, biasArray, checkDout, checkForward } from './errors.js';
import type { ForwardMode, ParamLayer } from './types.js';
import { Workspace } from './workspace.js';

/**
 * The fully connected layer, out = x·W + b, on a batch of rows. Input of higher rank (images, say)
 * is flattened per sample, and the gradient is reshaped back to the input's shape.
 */
export class Affine implements ParamLayer {
  /** Always 'Affine'. */
  readonly name = 'Affine';
  /** Weights, (inputs, outputs). Updated in place by optimizers. */
  readonly W: NDArray;
  /** Biases, (outputs). */
  readonly b: NDArray;
  /** ∂L/∂W of the last backward pass, W's shape and dtype. */
  dW: NDArray;
  /** ∂L/∂b of the last backward pass, b's shape and dtype. */
  db: NDArray;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private x: NDArray | null = null;
  private inputShape: readonly number[] = [];

  /**
   * Wraps `W` (inputs, outputs) and `b` (outputs,), float arrays, used as given (not copied). A number
   * for `b` is one bias for every output, as numpy broadcasts it (`new Affine(W, 0)`): a fresh array.
   * Throws BAD_ARGUMENT / BAD_DTYPE for non-float arrays, SHAPE_MISMATCH when the shapes do not fit.
   */
  constructor(W: NDArray, b: NDArray | number) {
    checkFloatingArray(W, 'W', 'Affine');
    if (W.ndim !== 2) {
      throw new ScratchnetError('SHAPE_MISMATCH', `Affine: W must be (inputs, outputs), got W ${formatShape(W.shape)}`);
    }
    const bias = biasArray(b, W.shape[1]!, W.dtype, 'Affine');
    if (bias.ndim !== 1 || bias.shape[0] !== W.shape[1]) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `Affine: W must be (inputs, outputs) and b (outputs,), got W ${formatShape(W.shape)} and b ${formatShape(bias.shape)}`,
      );
    }
    this.W = W;
    this.b = bias;
    this.dW = NDArray.empty(W.shape, W.dtype);
    this.db = NDArray.empty(bias.shape, bias.dtype);
  }

  /**
   * x·W + b for x of shape (batch, inputs), or (batch, ...) with `inputs` values per sample; the
   * result is (batch, outputs). Throws SHAPE_MISMATCH when x does not fit W. `mode` (the book's
   * `train_flg`: `true`, `false` or `{ train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
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
    const outputs = this.W.shape[1]!;
    const out = this.workspace.get('out', [batch, outputs], promoteTypes(x.dtype, this.W.dtype));
    // out = x·W + b, computed in the workspace's buffer.
    return add(matmulT(this.x, this.W, false, false, out), this.b, out);
  }

  /** Stores dW = xᵀ·dout and db = Σ dout over the batch; returns dx = dout·Wᵀ in the input's shape. */
  backward(dout: NDArray): NDArray {
    this.backwardParams(dout);
    const inputs = this.W.shape[0]!;
    const batch = dout.shape[0]!;
    const dxType = promoteTypes(dout.dtype, this.W.dtype);
    const dx = matmulT(dout, this.W, false, true, this.workspace.get('dx', [batch, inputs], dxType));
    return dx.reshape(this.inputShape);
  }

  /**
   * Only the parameter gradients. A network's first layer needs no gradient for its input (the
   * data), and skipping dout·Wᵀ there saves about a third of the layer's backward work.
   */
  backwardParams(dout: NDArray): void {
    if (this.x === null) throw backwardBeforeForward(this.name);
    const outputs = this.W.shape[1]!;
    const batch = this.x.shape[0]!;
    checkDout(this.name, dout, [batch, outputs]);
    // dW = xᵀ·dout, read transposed in place.
    this.dW = matmulT(this.x, dout, true, false, this.workspace.get('dW', this.W.shape, this.W.dtype));
    // db = Σ dout over the batch, by the kernel directly: sum() adds float32 in float64 and would round differently.
    const db = this.workspace.get('db', this.b.shape, this.b.dtype);
    kernels().reduce('sum', dout.data, 1, batch, outputs, db.data);
    settleHalf(db);
    this.db = db;
  }

  /** `{ W, b }`, the arrays themselves (optimizers update them in place). */
  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b };
  }

  /** `{ W: dW, b: db }` from the last backward pass. */
  grads(): Record<string, NDArray> {
    return { W: this.dW, b: this.db };
  }
}
