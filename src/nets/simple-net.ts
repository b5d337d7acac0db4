import { ScratchnetError } from '../errors.js';
import { softmax } from '../functions/activations.js';
import { crossEntropyError } from '../functions/losses.js';
import { numericalGradient as numericalGradientOf } from '../gradient/numerical.js';
import { asArray } from '../ndarray/create.js';
import { matmul } from '../ndarray/linalg.js';
import type { ArrayLike, NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import { formatShape } from '../ndarray/shape.js';
import type { Params } from './types.js';
import { checkKnownOptions, namedErrors } from '../validate.js';

/** Options of `new SimpleNet()`. */
export interface SimpleNetOptions {
  /** The 2×3 weights; drawn from N(0, 1) when omitted. */
  W?: ArrayLike;
  /** Seed for the N(0, 1) draw of `W` when it is not given (default: a random seed). */
  seed?: number;
}

/**
 * The book's section 4.4.2 example: one 2×3 weight matrix, no bias, softmax and cross-entropy.
 * Its purpose is to show a numerical gradient of a loss with respect to weights.
 */
export class SimpleNet {
  /** The 2×3 weight matrix (float64); `numericalGradient` perturbs it in place. */
  readonly W: NDArray;

  /** Throws `BAD_ARGUMENT` for an unknown option or a W that is not numbers, `SHAPE_MISMATCH` for a W not 2×3. */
  constructor(options: SimpleNetOptions = {}) {
    checkKnownOptions(options, ['W', 'seed'], 'SimpleNet');
    this.W = namedErrors('SimpleNet', () =>
      options.W === undefined
        ? new Random(options.seed).randn([2, 3])
        : asArray(options.W, { dtype: 'float64' }).copy(),
    );
    if (this.W.ndim !== 2 || this.W.shape[0] !== 2 || this.W.shape[1] !== 3) {
      throw new ScratchnetError('SHAPE_MISMATCH', `SimpleNet: W must be 2×3, got ${formatShape(this.W.shape)}`);
    }
  }

  /** The scores x · W: (2) → (3), or (N, 2) → (N, 3). */
  predict(x: ArrayLike): NDArray {
    // matmul, numpy's dot for these ranks, always gives an array (dot gives a number for 1-D·1-D).
    return namedErrors('SimpleNet.predict', () => matmul(x, this.W));
  }

  /** Cross-entropy of softmax(x · W) against the labels `t` (one-hot or class indices). */
  loss(x: ArrayLike, t: ArrayLike): number {
    return namedErrors('SimpleNet.loss', () => this.lossOf(x, t));
  }

  private lossOf(x: ArrayLike, t: ArrayLike): number {
    return crossEntropyError(softmax(matmul(x, this.W)), t);
  }

  /** ∂loss/∂W by central differences, as the book computes it. */
  numericalGradient(x: ArrayLike, t: ArrayLike): Params {
    return namedErrors('SimpleNet.numericalGradient', () => {
      this.lossOf(x, t); // refuses x and t before the first nudge of W
      return { W: numericalGradientOf(() => this.lossOf(x, t), this.W) };
    });
  }

  /** ∂loss/∂W analytically: xᵀ·(softmax(x·W) − t) / batch. */
  gradient(x: ArrayLike, t: ArrayLike): Params {
    return namedErrors('SimpleNet.gradient', () => this.gradientOf(x, t));
  }

  private gradientOf(xIn: ArrayLike, tIn: ArrayLike): Params {
    this.lossOf(xIn, tIn); // the same checks of x and t as loss
    const x2 = asArray(xIn, { dtype: 'float64' });
    const x = x2.ndim === 1 ? x2.reshape(1, -1) : x2;
    const y = softmax(this.predict(x));
    let t = asArray(tIn);
    if (t.ndim === 1 && t.size === y.size) t = t.reshape(1, -1);
    const dy = y.copy();
    const batch = y.shape[0]!;
    if (t.ndim === 2) dy.isub(t);
    else for (let r = 0; r < batch; r++) dy.data[r * 3 + t.data[r]!]! -= 1;
    return { W: matmul(x.T, dy).div(batch) };
  }
}
