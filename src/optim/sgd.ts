import { kernels } from '../ndarray/kernels/registry.js';
import type { TypedArray } from '../ndarray/dtype.js';
import { BaseOptimizer, readOptions, type FloatArray } from './base.js';
import type { SGDOptions } from './types.js';

/**
 * Stochastic gradient descent, the book's `SGD`: `params -= lr * grads`.
 *
 * @example
 * const optimizer = new SGD({ lr: 0.1 });
 * optimizer.update(network.params, network.gradient(x, t));
 */
export class SGD extends BaseOptimizer {
  /** Defaults as in the book: lr 0.01. Throws BAD_ARGUMENT for an out-of-range or unknown option. */
  constructor(options: SGDOptions = {}) {
    const { lr } = readOptions('SGD', options, { lr: 0.01 });
    super('sgd', 'SGD', [], lr);
  }

  /** The hyperparameters in use. */
  options(): Required<SGDOptions> {
    return { lr: this.lr };
  }

  protected step(p: FloatArray, g: TypedArray): void {
    // p + (−lr)·g is p − lr·g exactly (negation is exact), and axpy runs in SIMD for float32.
    kernels().axpy(p, g, -this.lr);
  }
}
