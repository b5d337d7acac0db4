import { ScratchnetError } from '../errors.js';
import { checkKnownOptions, describeValue } from '../validate.js';
import { arrayArg } from './create.js';
import { NDArray, type ArrayLike } from './ndarray.js';

/** The options of `meshgrid`. */
export interface MeshgridOptions {
  /**
   * 'xy' (the default, numpy's and matplotlib's): the first two outputs have shape (len(y), len(x)),
   * x varying along the columns; 'ij': matrix indexing, shape (len(x), len(y), ...).
   */
  indexing?: 'xy' | 'ij';
}

/**
 * numpy's `meshgrid`: coordinate arrays for a grid over the given 1-D inputs (an N-D input is
 * flattened, as numpy does). With the default 'xy' indexing, `const [X, Y] = meshgrid(x, y)` gives X
 * and Y of shape (len(y), len(x)), `X[i][j] = x[j]` and `Y[i][j] = y[i]`, what contour and quiver
 * plots take; `{ indexing: 'ij' }` gives shape (len(x), len(y)). Any number of inputs, each output a
 * new array of its input's dtype. Throws BAD_ARGUMENT for an input that is not array-like or for
 * unknown options.
 */
export function meshgrid(x: ArrayLike, y: ArrayLike, options?: MeshgridOptions): [NDArray, NDArray];
export function meshgrid(
  x: ArrayLike,
  y: ArrayLike,
  z: ArrayLike,
  options?: MeshgridOptions,
): [NDArray, NDArray, NDArray];
export function meshgrid(...inputs: (ArrayLike | MeshgridOptions | undefined)[]): NDArray[];
export function meshgrid(...args: (ArrayLike | MeshgridOptions | undefined)[]): NDArray[] {
  const { inputs, indexing } = splitOptions(args);
  const vectors = inputs.map((v, i) => arrayArg(v, 'meshgrid', `input ${i}`).ravel());
  const axes = vectors.map((_, i) => (indexing === 'xy' && vectors.length > 1 && i < 2 ? 1 - i : i));
  const shape = vectors.map((_, i) => vectors[axes.indexOf(i)]!.size);
  return vectors.map((v, i) => spread(v, shape, axes[i]!));
}

/** The inputs and the indexing: an omitted or plain-object last argument is the options. */
function splitOptions(args: unknown[]): { inputs: unknown[]; indexing: 'xy' | 'ij' } {
  const last = args[args.length - 1];
  const isOptions =
    args.length > 0 &&
    (last === undefined ||
      (typeof last === 'object' &&
        last !== null &&
        !Array.isArray(last) &&
        !ArrayBuffer.isView(last) &&
        !(last instanceof NDArray)));
  if (!isOptions) return { inputs: args, indexing: 'xy' };
  const options = (last ?? {}) as MeshgridOptions;
  checkKnownOptions(options, ['indexing'], 'meshgrid');
  const { indexing = 'xy' } = options;
  if (indexing !== 'xy' && indexing !== 'ij') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `meshgrid: indexing must be 'xy' or 'ij', got ${describeValue(indexing)}`,
    );
  }
  return { inputs: args.slice(0, -1), indexing };
}

/** A new array of `shape` holding `v[k]` wherever the index along `axis` is k. */
function spread(v: NDArray, shape: readonly number[], axis: number): NDArray {
  const out = NDArray.empty(shape, v.dtype);
  const length = shape[axis]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const src = v.data;
  const dst = out.data;
  // Runs of `inner` equal values, cycling through v once per block of length·inner elements.
  for (let start = 0; start < dst.length; start += length * inner) {
    for (let k = 0; k < length; k++) dst.fill(src[k]!, start + k * inner, start + (k + 1) * inner);
  }
  return out;
}
