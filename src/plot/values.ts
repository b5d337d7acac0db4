/** The numeric inputs charts accept, and their conversion to plain arrays. */
import { NDArray } from '../ndarray/ndarray.js';

/** A list of numbers: a JS array, a typed array, or an NDArray (read in row-major order). */
export type Numbers = ArrayLike<number> | NDArray;

/** A plain array copy of `values`, so charts never hold on to (or change) the caller's storage. */
export function toNumbers(values: Numbers): number[] {
  return values instanceof NDArray ? Array.from(values.data) : Array.from(values);
}
