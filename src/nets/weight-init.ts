import { ScratchnetError } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Random } from '../ndarray/random.js';
import { namedErrors } from '../validate.js';

/**
 * How initial weights are scaled: a fixed standard deviation, Xavier's sqrt(1/n) (suits sigmoid and
 * tanh), or He's sqrt(2/n) (suits ReLU), where n is the number of inputs to the layer. The book's
 * spellings 'sigmoid' and 'relu' mean Xavier and He.
 */
export type WeightInit = number | 'xavier' | 'he' | 'sigmoid' | 'relu';

/**
 * The standard deviation `init` gives a layer with `fanIn` inputs. Throws `BAD_ARGUMENT` for a
 * standard deviation that is not a positive finite number or an unknown name.
 */
export function weightScale(init: WeightInit, fanIn: number): number {
  if (!Number.isSafeInteger(fanIn) || fanIn < 1) {
    throw new ScratchnetError('BAD_ARGUMENT', `weightScale: fanIn must be a positive integer, got ${String(fanIn)}`);
  }
  return namedErrors('weightScale', () => scaleOf(init, fanIn));
}

/** `weightScale` for a fan-in known to be good; its errors name the option, `weightInit`. */
export function scaleOf(init: WeightInit, fanIn: number): number {
  if (typeof init === 'number') {
    if (!(init > 0) || !Number.isFinite(init))
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `weightInit: a standard deviation must be a positive number, got ${init}`,
      );
    return init;
  }
  switch (init) {
    case 'xavier':
    case 'sigmoid':
      return Math.sqrt(1 / fanIn);
    case 'he':
    case 'relu':
      return Math.sqrt(2 / fanIn);
    default:
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `weightInit: expected a number, 'xavier' or 'he', got ${JSON.stringify(init)}`,
      );
  }
}

/** scale · N(0, 1) samples of shape (fanIn, fanOut): the book's `std * np.random.randn(...)`. */
export function initWeights(rng: Random, fanIn: number, fanOut: number, init: WeightInit, dtype: FloatDType): NDArray {
  return scaledNormal(rng, [fanIn, fanOut], fanIn, init, dtype);
}

/** scale · N(0, 1) samples of any shape (convolution filters are (FN, C, FH, FW) with fanIn C·FH·FW). */
export function scaledNormal(
  rng: Random,
  shape: readonly number[],
  fanIn: number,
  init: WeightInit,
  dtype: FloatDType,
): NDArray {
  const scale = scaleOf(init, fanIn);
  const W = rng.randn([...shape], { dtype });
  for (let i = 0; i < W.size; i++) W.data[i]! *= scale;
  return W;
}

/** Checks a layer size option: a positive integer. */
export function checkSize(name: string, value: unknown, where = 'network'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
