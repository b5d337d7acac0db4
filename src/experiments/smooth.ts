/**
 * The book's `smooth_curve` (common/util.py), which chapter 6 draws its loss curves through: a
 * weighted moving average over 11 points with a Kaiser window (beta 2), the ends padded with their
 * mirror images so the curve keeps its length and does not sag towards zero at either end.
 */
import { check } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkNumberList, named } from '../validate.js';

/** The book's window length. */
const WINDOW = 11;
/** The book's Kaiser shape parameter: between a Hann-like and a flat window. */
const BETA = 2;

/** The modified Bessel function of the first kind, order 0, by its power series (converges fast for the small x here). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** numpy's `np.kaiser(length, beta)`: I0(beta·sqrt(1 − (2n/(M−1) − 1)²)) / I0(beta). */
export function kaiserWindow(length: number, beta: number): number[] {
  return named('kaiserWindow', () => {
    check(Number.isInteger(length) && length >= 1, `kaiserWindow: length must be a positive integer, got ${length}`);
    check(Number.isFinite(beta), `kaiserWindow: beta must be a finite number, got ${beta}`);
    if (length === 1) return [1];
    const alpha = (length - 1) / 2;
    const norm = besselI0(beta);
    return Array.from({ length }, (_, n) => {
      const r = (n - alpha) / alpha;
      return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
    });
  });
}

/**
 * The book's `smooth_curve(x)`: each point replaced by the Kaiser-weighted mean of the 11 points
 * around it, with the ends reflected (numpy's `np.r_[x[10:0:-1], x, x[-1:-11:-1]]`). The result has
 * the input's length. A series shorter than the window is returned as a copy: the book's reflection
 * needs 11 points and would otherwise return fewer values than it was given.
 */
export function smoothCurve(values: ArrayLike<number> | NDArray): number[] {
  return named('smoothCurve', () => {
    const x = Array.from(checkNumberList(values, 'values', 'smoothCurve'));
    const n = x.length;
    if (n < WINDOW) return x;
    const weights = kaiserWindow(WINDOW, BETA);
    const total = weights.reduce((a, b) => a + b, 0);
    const w = weights.map((v) => v / total);
    const half = (WINDOW - 1) / 2;
    // The book's padding, as an index map: x[10], ..., x[1] before the start (the first point is not
    // repeated) and x[n-1], ..., x[n-10] after the end (the last point is).
    const at = (i: number): number => (i < 0 ? x[-i]! : i >= n ? x[2 * n - 1 - i]! : x[i]!);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      // The window is symmetric, so numpy's convolution and this correlation agree.
      for (let k = 0; k < WINDOW; k++) s += w[k]! * at(i + k - half);
      out[i] = s;
    }
    return out;
  });
}
