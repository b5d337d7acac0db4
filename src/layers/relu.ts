import type { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import { kernels } from '../ndarray/kernels/registry.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';

/**
 * max(0, x). The book's Relu copies x in forward but zeroes `dout` in place in backward
 * (`dout[self.mask] = 0`); this layer modifies neither, writing its results into buffers of its own.
 */
export class Relu implements Layer {
  /** Always 'Relu'. */
  readonly name = 'Relu';
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private x: NDArray | null = null;

  /** 1 where the last input was <= 0: those positions pass no gradient back (the book's `mask`). */
  get mask(): NDArray | null {
    return this.x === null ? null : this.x.le(0);
  }

  /**
   * max(0, x) elementwise, any shape, same dtype as x. `mode` (the book's `train_flg`: `true`, `false` or `{
   * train }`) is checked; this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const out = this.workspace.get('out', x.shape, x.dtype);
    // A NaN passes through (relu keeps it), so a diverging network shows NaN rather than 0.
    kernels().unary('relu', x.data, out.data);
    this.x = x;
    return out;
  }

  /** dout where the last input was > 0, else 0; dout must have the last input's shape. */
  backward(dout: NDArray): NDArray {
    if (this.x === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.x.shape);
    const dx = this.workspace.get('dx', dout.shape, dout.dtype);
    kernels().activationBackward('relu', dout.data, this.x.data, dx.data);
    return dx;
  }
}
