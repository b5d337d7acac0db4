import { ScratchnetError } from '../errors.js';
import { floatResult } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import type { ForwardMode, Layer } from './types.js';
import { Workspace } from './workspace.js';
import { settleHalf } from '../ndarray/half.js';

/**
 * max(x, α·x) for a small slope α (default 0.01): like ReLU, but negative inputs still pass a little
 * gradient back, so a unit that only ever sees negative inputs can recover.
 */
export class LeakyRelu implements Layer {
  /** The layer's name, used in error messages. */
  readonly name = 'LeakyRelu';
  /** The slope α for negative inputs, in [0, 1). */
  readonly alpha: number;
  /** Buffers reused across training steps (see Workspace). */
  readonly workspace = new Workspace();
  private x: NDArray | null = null;

  /** Throws `BAD_ARGUMENT` unless `alpha` is a number in [0, 1). */
  constructor(alpha = 0.01) {
    if (typeof alpha !== 'number' || !(alpha >= 0 && alpha < 1)) {
      throw new ScratchnetError('BAD_ARGUMENT', `LeakyRelu: alpha must be a number in [0, 1), got ${String(alpha)}`);
    }
    this.alpha = alpha;
  }

  /**
   * x where x > 0, α·x elsewhere. `mode` (the book's `train_flg`: `true`, `false` or `{ train }`) is checked;
   * this layer computes the same either way.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    checkForward(this.name, x, mode);
    const out = this.workspace.get('out', x.shape, floatResult(x.dtype));
    const a = this.alpha;
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i]!;
      out.data[i] = v > 0 ? v : a * v;
    }
    settleHalf(out);
    this.x = x;
    return out;
  }

  /** dout where the last input was > 0, α·dout elsewhere. */
  backward(dout: NDArray): NDArray {
    if (this.x === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.x.shape);
    const x = this.x.data;
    const dx = this.workspace.get('dx', dout.shape, floatResult(dout.dtype));
    const a = this.alpha;
    for (let i = 0; i < dx.size; i++) dx.data[i] = x[i]! > 0 ? dout.data[i]! : a * dout.data[i]!;
    settleHalf(dx);
    return dx;
  }
}
