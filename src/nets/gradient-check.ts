import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Params } from './types.js';
import { checkArray, checkFinite, checkFunction, namedErrors } from '../validate.js';

/** How far backpropagation's gradient of one parameter is from the numerical one. */
export interface GradientDifference {
  /** mean |backprop − numerical| over the parameter's elements. */
  meanAbsDiff: number;
  /** max |backprop − numerical| / max(|backprop| + |numerical|, 1e-12). */
  maxRelError: number;
}

/** A network that offers both kinds of gradient, as TwoLayerNet and MultiLayerNet do. */
export interface GradientCheckable {
  /** The parameters by name; the check reports one `GradientDifference` per name. */
  readonly params: Params;
  /** Gradients by backpropagation, same names and shapes as `params`. */
  gradient(x: NDArray, t: NDArray): Params;
  /** Gradients by central differences, same names and shapes as `params`. */
  numericalGradient(x: NDArray, t: NDArray): Params;
}

/**
 * Compares backpropagation with numerical differentiation, parameter by parameter (the book's
 * gradient_check). Run it in float64: in float32 the ±1e-4 nudges are swamped by rounding.
 * Keep x small (a few samples): the numerical side costs two forward passes per weight.
 */
export function gradientCheck(net: GradientCheckable, x: NDArray, t: NDArray): Record<string, GradientDifference> {
  if (typeof net !== 'object' || net === null || typeof net.params !== 'object' || net.params === null) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'gradientCheck: net must be a network with params, gradient() and numericalGradient()',
    );
  }
  checkFunction(net.gradient, 'net.gradient', 'gradientCheck');
  checkFunction(net.numericalGradient, 'net.numericalGradient', 'gradientCheck');
  checkArray(x, 'x', 'gradientCheck');
  checkArray(t, 't', 'gradientCheck');
  // A NaN input makes every difference NaN, and NaN compares as "no error": refuse it up front.
  checkFinite(x, 'x', 'gradientCheck');
  for (const [key, p] of Object.entries(net.params)) {
    if (p.dtype !== 'float64') {
      throw new ScratchnetError('BAD_DTYPE', `gradientCheck needs a float64 network; parameter ${key} is ${p.dtype}`);
    }
  }
  // The network's own refusals (x or t that do not fit it) are named as this function's.
  const backprop = namedErrors('gradientCheck', () => net.gradient(x, t));
  const numerical = namedErrors('gradientCheck', () => net.numericalGradient(x, t));
  const result: Record<string, GradientDifference> = {};
  for (const key of Object.keys(net.params)) {
    const a = backprop[key]!.data;
    const b = numerical[key]!.data;
    let sumAbs = 0;
    let maxRel = 0;
    for (let i = 0; i < a.length; i++) {
      const diff = Math.abs(a[i]! - b[i]!);
      sumAbs += diff;
      maxRel = Math.max(maxRel, diff / Math.max(Math.abs(a[i]!) + Math.abs(b[i]!), 1e-12));
    }
    result[key] = { meanAbsDiff: a.length === 0 ? 0 : sumAbs / a.length, maxRelError: maxRel };
  }
  return result;
}
