import { floatResult } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

/** The hyperbolic tangent, elementwise; backward uses the cached output: dx = dout·(1 − y²). */
export class Tanh implements Layer {
  /** The layer's name, used in error messages. */
  readonly name = 'Tanh';
  /** The output of the last forward pass. */
  out: NDArray | null = null;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();

  /**
   * tanh(x), in x's shape. `mode` (the book's `train_flg`: `true`, `false` or `{ train }`) is checked; this
   * layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const out = this.workspace.get('out', x.shape, floatResult(x.dtype));
    for (let i = 0; i < x.size; i++) out.data[i] = Math.tanh(x.data[i]!);
    settleHalf(out);
    this.out = out;
    return out;
  }

  /** dout·(1 − y²), where y is the last output. */
  backward(dout: NDArray): NDArray {
    if (this.out === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.out.shape);
    const y = this.out.data;
    const dx = this.workspace.get('dx', dout.shape, floatResult(dout.dtype));
    for (let i = 0; i < dx.size; i++) dx.data[i] = dout.data[i]! * (1 - y[i]! * y[i]!);
    settleHalf(dx);
    return dx;
  }
}
