import { ScratchnetError } from '../errors.js';
import { arrayArg } from './create.js';
import { checkBoolean } from '../validate.js';
import type { DType } from './dtype.js';
import { kernels } from './kernels/registry.js';
import type { ReduceOp } from './kernels/types.js';
import { NDArray, type ArrayLike } from './ndarray.js';
import { axisArg, formatShape, renamed, sizeOf } from './shape.js';

/** An axis, a list of axes, or null/undefined for all of them. */
export type Axis = number | readonly number[] | null | undefined;

type Reduction = 'sum' | 'mean' | 'max' | 'min' | 'var' | 'std';

const NUMPY_NAME: Record<string, string> = { max: 'maximum', min: 'minimum' };

function normalizeAxes(axis: unknown, ndim: number, where: string): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list: unknown[] = Array.isArray(axis) ? axis : [axis];
  const axes = list.map((a) => axisArg(a, ndim, where));
  if (new Set(axes).size !== axes.length)
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: duplicate value in axis (${list.join(', ')})`);
  return axes.sort((a, b) => a - b);
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  if (keepdims) return shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return shape.filter((_, i) => !axes.includes(i));
}

/** Reduces one axis with a kernel op, keeping that axis as size 1. */
function reduceAxis(op: ReduceOp, x: NDArray, axis: number, dtype: DType): NDArray {
  const shape = [...x.shape];
  const outer = sizeOf(shape.slice(0, axis));
  const length = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  shape[axis] = 1;
  const out = NDArray.empty(shape, dtype);
  kernels().reduce(op, x.data, outer, length, inner, out.data);
  return out;
}

/** Sorted axes grouped into runs of consecutive numbers: [0, 1, 3] -> [[0, 1], [3, 3]]. */
function adjacentRuns(axes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const a of axes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a - 1) last[1] = a;
    else runs.push([a, a]);
  }
  return runs;
}

function sumDtype(dtype: DType): DType {
  return dtype === 'bool' || dtype === 'uint8' ? 'int32' : dtype;
}

function meanDtype(dtype: DType): DType {
  return dtype === 'float32' ? 'float32' : 'float64';
}

function reduceAxes(op: 'sum' | 'max' | 'min', x: NDArray, axes: readonly number[]): NDArray {
  if (op !== 'sum') {
    for (const a of axes) {
      if (x.shape[a] === 0) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `zero-size array to reduction operation ${NUMPY_NAME[op]} which has no identity (axis ${a} of shape ${formatShape(x.shape)})`,
        );
      }
    }
  }
  // Sum in float64 and round once at the end so float32 results match numpy's more closely; float16
  // the same way (numpy adds halves in float32 and rounds once along the last axis, but once per
  // row along a leading axis: there this result is the more accurate one).
  const wide = x.dtype === 'float32' || x.dtype === 'float16';
  const work = op === 'sum' ? (wide ? 'float64' : sumDtype(x.dtype)) : x.dtype;
  // Adjacent reduced axes merge into one, so a whole contiguous array is summed in one pairwise
  // pass like numpy does; runs are reduced last-first so earlier axis numbers stay valid.
  let result = x;
  for (const [first, last] of adjacentRuns(axes).reverse()) {
    const merged = [
      ...result.shape.slice(0, first),
      sizeOf(result.shape.slice(first, last + 1)),
      ...result.shape.slice(last + 1),
    ];
    const reduced = reduceAxis(op, new NDArray(result.data, merged, result.dtype), first, work);
    const kept = [...result.shape];
    for (let a = first; a <= last; a++) kept[a] = 1;
    result = new NDArray(reduced.data, kept, reduced.dtype);
  }
  if (result === x) result = x.copy();
  const final = op === 'sum' ? sumDtype(x.dtype) : x.dtype;
  return result.dtype === final ? result : result.astype(final);
}

function compute(op: Reduction, x: NDArray, axes: readonly number[]): NDArray {
  // float16 means, variances and deviations: computed in float64, rounded once to float16.
  if (x.dtype === 'float16' && (op === 'mean' || op === 'var' || op === 'std'))
    return compute(op, x.astype('float64'), axes).astype('float16');
  switch (op) {
    case 'sum':
    case 'max':
    case 'min':
      return reduceAxes(op, x, axes);
    case 'mean': {
      const count = axes.reduce((c, a) => c * x.shape[a]!, 1);
      const s = reduceAxes('sum', x.dtype === 'float32' ? x : x.astype('float64'), axes);
      return scaleInto(s, 1 / count, meanDtype(x.dtype));
    }
    case 'var':
    case 'std': {
      const count = axes.reduce((c, a) => c * x.shape[a]!, 1);
      const mu = compute('mean', x, axes);
      const dev = x.astype(meanDtype(x.dtype)).sub(mu);
      const v = scaleInto(reduceAxes('sum', dev.mul(dev), axes), 1 / count, meanDtype(x.dtype));
      return op === 'var' ? v : v.sqrt();
    }
  }
}

function scaleInto(x: NDArray, factor: number, dtype: DType): NDArray {
  const out = NDArray.empty(x.shape, dtype);
  for (let i = 0; i < x.size; i++) out.data[i] = x.data[i]! * factor;
  return out;
}

/** Shared by the functions and the NDArray methods: a number over all axes, else an array. */
export function reduceDispatch(
  op: Reduction,
  input: ArrayLike,
  axis: Axis,
  keepdims: boolean,
  where: string = op,
): number | NDArray {
  const x = arrayArg(input, where, 'x');
  const axes = normalizeAxes(axis, x.ndim, where);
  checkBoolean(keepdims, 'keepdims', where);
  let result: NDArray;
  // A try block rather than withName: no closure to allocate on every reduction.
  try {
    result = compute(op, x, axes);
  } catch (error) {
    throw renamed(where, error);
  }
  const shape = reducedShape(x.shape, axes, keepdims);
  if ((axis === null || axis === undefined) && !keepdims) return result.data[0]!;
  return new NDArray(result.data, shape, result.dtype);
}

export function argDispatch(
  op: 'argmax' | 'argmin',
  input: ArrayLike,
  axis: number | null | undefined,
  keepdims: boolean,
): number | NDArray {
  const x = arrayArg(input, op, 'x');
  checkBoolean(keepdims, 'keepdims', op);
  if (axis === null || axis === undefined) {
    if (x.size === 0)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${op}: attempt to get ${op} of an empty sequence (shape ${formatShape(x.shape)})`,
      );
    const flat = reduceAxis(op, new NDArray(x.data, [x.size], x.dtype), 0, 'int32');
    if (!keepdims) return flat.data[0]!;
    return new NDArray(
      flat.data,
      x.shape.map(() => 1),
      'int32',
    );
  }
  const a = axisArg(axis, x.ndim, op);
  // Only an empty reduced axis has no answer: (0, 3) along axis 1 is an empty result, as in numpy.
  if (x.shape[a] === 0)
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${op}: attempt to get ${op} of an empty sequence (axis ${axis} of shape ${formatShape(x.shape)})`,
    );
  const result = reduceAxis(op, x, a, 'int32');
  return new NDArray(result.data, reducedShape(x.shape, [a], keepdims), 'int32');
}

/** Sum over all elements (a number) or over `axis` (an array). */
export function sum(x: ArrayLike, axis?: null, keepdims?: false): number;
export function sum(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function sum(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('sum', x, axis, keepdims);
}
/** Arithmetic mean over all elements or over `axis`. */
export function mean(x: ArrayLike, axis?: null, keepdims?: false): number;
export function mean(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function mean(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('mean', x, axis, keepdims);
}
/** Largest element (NaN if any is NaN) over all elements or over `axis`. */
export function max(x: ArrayLike, axis?: null, keepdims?: false): number;
export function max(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function max(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('max', x, axis, keepdims);
}
/** Smallest element (NaN if any is NaN) over all elements or over `axis`. */
export function min(x: ArrayLike, axis?: null, keepdims?: false): number;
export function min(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function min(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('min', x, axis, keepdims);
}
/** Population variance (numpy's default ddof = 0). */
export function variance(x: ArrayLike, axis?: null, keepdims?: false): number;
export function variance(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function variance(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('var', x, axis, keepdims, 'variance');
}
/** Population standard deviation (ddof = 0). */
export function std(x: ArrayLike, axis?: null, keepdims?: false): number;
export function std(x: ArrayLike, axis: Axis, keepdims?: boolean): NDArray;
export function std(x: ArrayLike, axis?: Axis, keepdims = false): number | NDArray {
  return reduceDispatch('std', x, axis, keepdims);
}
/** Index of the largest element: of the flattened array (a number) or along `axis` (int32 array). */
export function argmax(x: ArrayLike, axis?: null, keepdims?: false): number;
export function argmax(x: ArrayLike, axis: number | null, keepdims?: boolean): NDArray;
export function argmax(x: ArrayLike, axis?: number | null, keepdims = false): number | NDArray {
  return argDispatch('argmax', x, axis, keepdims);
}
/** Index of the smallest element: of the flattened array or along `axis`. */
export function argmin(x: ArrayLike, axis?: null, keepdims?: false): number;
export function argmin(x: ArrayLike, axis: number | null, keepdims?: boolean): NDArray;
export function argmin(x: ArrayLike, axis?: number | null, keepdims = false): number | NDArray {
  return argDispatch('argmin', x, axis, keepdims);
}
