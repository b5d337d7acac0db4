import type { TypedArray } from '../ndarray/dtype.js';
import { adamStep } from '../ndarray/kernels/optim-js.js';
import { kernels } from '../ndarray/kernels/registry.js';
import { BaseOptimizer, EPSILON, checkRate, readOptions, type FloatArray } from './base.js';
import type { AdamOptions } from './types.js';

/**
 * Adam, the book's `Adam` (http://arxiv.org/abs/1412.6980v8): running means of the gradient (`m`)
 * and of its square (`v`), with the bias correction folded into the learning rate,
 * `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); params -= lr_t * m / (sqrt(v) + 1e-7)`.
 */
export class Adam extends BaseOptimizer {
  /** Decay of the running mean of gradients. */
  readonly beta1: number;
  /** Decay of the running mean of squared gradients. */
  readonly beta2: number;
  private lrT = 0;

  /** Defaults as in the book: lr 0.001, beta1 0.9, beta2 0.999. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: AdamOptions = {}) {
    const o = readOptions('Adam', options, { lr: 0.001, beta1: 0.9, beta2: 0.999 });
    super('adam', 'Adam', ['m', 'v'], o.lr);
    this.beta1 = checkRate('Adam', 'beta1', o.beta1);
    this.beta2 = checkRate('Adam', 'beta2', o.beta2);
  }

  /** The hyperparameters in use. */
  options(): Required<AdamOptions> {
    return { lr: this.lr, beta1: this.beta1, beta2: this.beta2 };
  }

  protected override beginUpdate(iteration: number): void {
    // m and v start at zero and so underestimate early on; this factor undoes that on average.
    this.lrT = (this.lr * Math.sqrt(1 - this.beta2 ** iteration)) / (1 - this.beta1 ** iteration);
  }

  protected step(p: FloatArray, g: TypedArray, [m, v]: readonly FloatArray[]): void {
    // The book's `m += (1 - beta1) * (g - m)`, the same running mean as `beta1 * m + (1 - beta1) * g`.
    (kernels().adamStep ?? adamStep)(p, g, m!, v!, this.lrT, 1 - this.beta1, 1 - this.beta2, EPSILON);
  }
}
