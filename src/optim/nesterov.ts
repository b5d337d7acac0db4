import type { TypedArray } from '../ndarray/dtype.js';
import { BaseOptimizer, checkRate, readOptions, type FloatArray } from './base.js';
import type { MomentumOptions } from './types.js';

/**
 * Nesterov's accelerated gradient, the book's `Nesterov` (http://arxiv.org/abs/1212.0901). The
 * gradient is evaluated at the current parameters, not at the look-ahead point; the look-ahead is
 * folded into the update instead (Bengio et al.'s reformulation):
 * `v = momentum * v - lr * grads; params += momentum² * v - (1 + momentum) * lr * grads`.
 */
export class Nesterov extends BaseOptimizer {
  /** The fraction of the velocity kept from one step to the next. */
  readonly momentum: number;

  /** Defaults as in the book: lr 0.01, momentum 0.9. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: MomentumOptions = {}) {
    const o = readOptions('Nesterov', options, { lr: 0.01, momentum: 0.9 });
    super('nesterov', 'Nesterov', ['v'], o.lr);
    this.momentum = checkRate('Nesterov', 'momentum', o.momentum);
  }

  /** The hyperparameters in use. */
  options(): Required<MomentumOptions> {
    return { lr: this.lr, momentum: this.momentum };
  }

  protected step(p: FloatArray, g: TypedArray, [v]: readonly FloatArray[]): void {
    const lr = this.lr;
    const momentum = this.momentum;
    // Grouped as the book's Python evaluates them, so float64 results match numpy bit for bit.
    const momentum2 = momentum * momentum;
    const gradScale = (1 + momentum) * lr;
    const vel = v!;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      vel[i] = vel[i]! * momentum - lr * gi;
      const x = p[i]! + momentum2 * vel[i]!;
      p[i] = x - gradScale * gi;
    }
  }
}
