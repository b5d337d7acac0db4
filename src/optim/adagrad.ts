import type { TypedArray } from '../ndarray/dtype.js';
import { BaseOptimizer, EPSILON, readOptions, type FloatArray } from './base.js';
import type { AdaGradOptions } from './types.js';

/**
 * AdaGrad, the book's `AdaGrad`: each element's step shrinks with the sum of its squared gradients,
 * `h += grads²; params -= lr * grads / (sqrt(h) + 1e-7)`.
 */
export class AdaGrad extends BaseOptimizer {
  /** Defaults as in the book: lr 0.01. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: AdaGradOptions = {}) {
    const { lr } = readOptions('AdaGrad', options, { lr: 0.01 });
    super('adagrad', 'AdaGrad', ['h'], lr);
  }

  /** The hyperparameters in use. */
  options(): Required<AdaGradOptions> {
    return { lr: this.lr };
  }

  protected step(p: FloatArray, g: TypedArray, [h]: readonly FloatArray[]): void {
    const lr = this.lr;
    const sq = h!;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      sq[i] = sq[i]! + gi * gi;
      p[i] = p[i]! - (lr * gi) / (Math.sqrt(sq[i]!) + EPSILON);
    }
  }
}
