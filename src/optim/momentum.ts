import type { TypedArray } from '../ndarray/dtype.js';
import { BaseOptimizer, checkRate, readOptions, type FloatArray } from './base.js';
import type { MomentumOptions } from './types.js';

/**
 * Momentum SGD, the book's `Momentum`: a velocity that gradients accelerate and `momentum` slows,
 * `v = momentum * v - lr * grads; params += v`.
 */
export class Momentum extends BaseOptimizer {
  /** The fraction of the velocity kept from one step to the next. */
  readonly momentum: number;

  /** Defaults as in the book: lr 0.01, momentum 0.9. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: MomentumOptions = {}) {
    const o = readOptions('Momentum', options, { lr: 0.01, momentum: 0.9 });
    super('momentum', 'Momentum', ['v'], o.lr);
    this.momentum = checkRate('Momentum', 'momentum', o.momentum);
  }

  /** The hyperparameters in use. */
  options(): Required<MomentumOptions> {
    return { lr: this.lr, momentum: this.momentum };
  }

  protected step(p: FloatArray, g: TypedArray, [v]: readonly FloatArray[]): void {
    const lr = this.lr;
    const momentum = this.momentum;
    const vel = v!;
    for (let i = 0; i < p.length; i++) {
      vel[i] = momentum * vel[i]! - lr * g[i]!;
      // Read back what was stored, so a float32 run adds the rounded velocity, as numpy does.
      p[i] = p[i]! + vel[i]!;
    }
  }
}
