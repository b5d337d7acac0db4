import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Random, type RandomState } from '../ndarray/random.js';
import { checkKnownOptions, describeKind } from '../validate.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import { settleHalf } from '../ndarray/half.js';
import type { ForwardMode, Layer } from './types.js';

/** Settings of a Dropout layer. */
export interface DropoutOptions {
  /** The fraction of units dropped in training (default 0.5). */
  ratio?: number;
  /** Seed for the masks, for repeatable training. */
  seed?: number;
}

/**
 * Drops each unit with probability `ratio` in training. As in the book (not PyTorch's "inverted"
 * dropout), kept units are not rescaled in training; at inference every output is scaled by
 * (1 − ratio) instead, which gives the same expected value.
 */
export class Dropout implements Layer {
  /** Always 'Dropout'. */
  readonly name = 'Dropout';
  /** The fraction of units dropped in training, in [0, 1). */
  readonly ratio: number;
  /** 1 for kept units in the last training pass. */
  mask: NDArray | null = null;
  /** When true, training passes reuse the current mask (gradient checks need a fixed mask). */
  frozen = false;
  private readonly rng: Random;

  /**
   * `new Dropout(0.3)` as the book's `Dropout(dropout_ratio)`, or `new Dropout({ ratio, seed })`.
   * Throws BAD_ARGUMENT for a ratio outside [0, 1) or a seed that is not an integer.
   */
  constructor(options: DropoutOptions | number = {}) {
    if (typeof options === 'number') options = { ratio: options };
    checkKnownOptions(options, ['ratio', 'seed'], 'Dropout');
    const { ratio = 0.5, seed } = options;
    if (typeof ratio !== 'number' || !(ratio >= 0 && ratio < 1))
      throw new ScratchnetError('BAD_ARGUMENT', `Dropout: ratio must be in [0, 1), got ${String(ratio)}`);
    if (seed !== undefined && !Number.isInteger(seed))
      throw new ScratchnetError('BAD_ARGUMENT', `Dropout: seed must be an integer, got ${describeKind(seed)}`);
    this.ratio = ratio;
    this.rng = new Random(seed);
  }

  /** The mask generator's state, so a checkpoint can resume the same masks (see `captureCheckpoint`). */
  getRandomState(): RandomState {
    return this.rng.getState();
  }

  /** Restores a state from `getRandomState`. Throws `BAD_ARGUMENT` for a malformed one. */
  setRandomState(state: RandomState): void {
    try {
      this.rng.setState(state);
    } catch (error) {
      if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `Dropout.${error.message}`);
      throw error;
    }
  }

  /**
   * In training (`mode` true or `{ train: true }`, the book's `forward(x, train_flg=True)`), x with a
   * fresh random mask applied (dropped units 0, the rest unchanged); otherwise (`false`, `{}` or left
   * out) x·(1 − ratio). Any shape; the result has x's shape and dtype.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    const train = checkForward(this.name, x, mode);
    const out = NDArray.empty(x.shape, x.dtype);
    if (!train) {
      const keep = 1 - this.ratio;
      for (let i = 0; i < x.size; i++) out.data[i] = x.data[i]! * keep;
      settleHalf(out);
      return out;
    }
    if (!this.frozen || this.mask === null || this.mask.size !== x.size) {
      const mask = NDArray.empty(x.shape, 'bool');
      for (let i = 0; i < x.size; i++) mask.data[i] = this.rng.random() > this.ratio ? 1 : 0;
      this.mask = mask;
    }
    const m = this.mask.data;
    for (let i = 0; i < x.size; i++) out.data[i] = m[i] ? x.data[i]! : 0;
    return out;
  }

  /** dout where the last training mask kept the unit, else 0; dout must have the mask's shape. */
  backward(dout: NDArray): NDArray {
    if (this.mask === null) throw backwardBeforeForward(this.name);
    checkDout(this.name, dout, this.mask.shape);
    const dx = NDArray.empty(dout.shape, dout.dtype);
    const m = this.mask.data;
    for (let i = 0; i < m.length; i++) if (m[i]) dx.data[i] = dout.data[i]!;
    return dx;
  }
}
