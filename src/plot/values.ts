/** The numeric inputs charts accept, and their conversion to plain arrays. */
import type { NDArray } from '../ndarray/ndarray.js';
import { checkNumberList } from '../validate.js';

/** A list of numbers: a JS array, a typed array, or an NDArray (read in row-major order). */
export type Numbers = ArrayLike<number> | NDArray;

/**
 * A plain array copy of `values`, so charts never hold on to (or change) the caller's storage.
 * Anything but an NDArray, a list of numbers or a typed array is `BAD_ARGUMENT` naming `where` and `name`.
 */
export function toNumbers(values: Numbers, name: string, where: string): number[] {
  return Array.from(checkNumberList(values, name, where));
}
