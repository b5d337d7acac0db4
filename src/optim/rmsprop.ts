import type { TypedArray } from '../ndarray/dtype.js';
import { BaseOptimizer, EPSILON, checkRate, readOptions, type FloatArray } from './base.js';
import type { RMSpropOptions } from './types.js';

/**
 * RMSprop, the book's `RMSprop`: AdaGrad with a running mean of squared gradients that forgets the
 * distant past, so steps do not shrink to nothing,
 * `h = decayRate * h + (1 - decayRate) * grads²; params -= lr * grads / (sqrt(h) + 1e-7)`.
 */
export class RMSprop extends BaseOptimizer {
  /** The fraction of the running mean of squared gradients kept each step. */
  readonly decayRate: number;

  /** Defaults as in the book: lr 0.01, decayRate 0.99. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: RMSpropOptions = {}) {
    const o = readOptions('RMSprop', options, { lr: 0.01, decayRate: 0.99 });
    super('rmsprop', 'RMSprop', ['h'], o.lr);
    this.decayRate = checkRate('RMSprop', 'decayRate', o.decayRate);
  }

  /** The hyperparameters in use. */
  options(): Required<RMSpropOptions> {
    return { lr: this.lr, decayRate: this.decayRate };
  }

  protected step(p: FloatArray, g: TypedArray, [h]: readonly FloatArray[]): void {
    const lr = this.lr;
    const decay = this.decayRate;
    const keep = 1 - decay;
    const sq = h!;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      // Two stores, as the book's `h *= d; h += ...`, so float32 rounds where numpy does.
      sq[i] = sq[i]! * decay;
      sq[i] = sq[i]! + keep * gi * gi;
      p[i] = p[i]! - (lr * gi) / (Math.sqrt(sq[i]!) + EPSILON);
    }
  }
}
