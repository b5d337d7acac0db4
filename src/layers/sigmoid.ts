import { sigmoid } from '../functions/activations.js';
import { floatResult } from '../ndarray/dtype.js';
import { settleHalf } from '../ndarray/half.js';
import { kernels } from '../ndarray/kernels/registry.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';

/** 1 / (1 + e^−x); backward uses the cached output: dx = dout·y·(1 − y). */
export class Sigmoid implements Layer {
  /** Always 'Sigmoid'. */
  readonly name = 'Sigmoid';
  /** The last output y, which backward needs; null before the first forward pass. */
  out: NDArray | null = null;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();

  /**
   * σ(x) elementwise, any shape; integer input gives float64. `mode` (the book's `train_flg`: `true`, `false` or
   * `{ train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    this.out = sigmoid(x, this.workspace.get('out', x.shape, floatResult(x.dtype)));
    return this.out;
  }

  /** dout·y·(1 − y) from the last output y; dout must have y's shape. */
  backward(dout: NDArray): NDArray {
    if (this.out === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.out.shape);
    const y = this.out.data;
    const dx = this.workspace.get('dx', dout.shape, dout.dtype);
    kernels().activationBackward('sigmoid', dout.data, y, dx.data);
    settleHalf(dx);
    return dx;
  }
}
