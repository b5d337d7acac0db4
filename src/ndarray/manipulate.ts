import { ScratchnetError } from '../errors.js';
import { allocate, isDType, promoteTypes, type DType } from './dtype.js';
import { f16round, roundToHalf } from './half.js';
import { NDArray } from './ndarray.js';
import { arrayArg } from './create.js';
import { checkShape, describeValue } from '../validate.js';
import type { ArrayLike } from './ndarray.js';
import {
  broadcastShapes,
  broadcastStrides,
  formatShape,
  axisArg,
  shapesEqual,
  sizeOf,
  stridesOf,
  type Shape,
  withName,
} from './shape.js';

/**
 * numpy's `broadcast_shapes`: the shape that arrays of all `shapes` broadcast to. A shape may be a
 * single integer, as in numpy. Throws SHAPE_MISMATCH when they do not broadcast, BAD_ARGUMENT for
 * something that is not a shape.
 */
export function broadcastShapesOf(...shapes: (Shape | number)[]): number[] {
  const lists = shapes.map((s, i) => checkShape(s, `shape ${i}`, 'broadcastShapes'));
  return withName('broadcastShapes', () => broadcastShapes(...lists));
}

/**
 * A view of `x` with another shape (shares storage). One dim may be -1: it is inferred.
 */
export function reshape(input: ArrayLike, newShape: Shape | number): NDArray {
  const x = arrayArg(input, 'reshape', 'x');
  const shape = reshapeTarget(newShape);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ScratchnetError('BAD_ARGUMENT', 'reshape: can only specify one unknown dimension (-1)');
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  let resolved = [...shape];
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `reshape: cannot reshape array of size ${x.size} into shape ${formatShape(shape)}`,
      );
    }
    resolved = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (resolved.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(resolved) !== x.size) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `reshape: cannot reshape array of size ${x.size} into shape ${formatShape(shape)}`,
    );
  }
  return new NDArray(x.data, resolved, x.dtype);
}

/** A reshape target: an integer or a list of integers (lengths, and -1 for the one inferred). */
function reshapeTarget(shape: unknown): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (Array.isArray(list) && list.every(Number.isInteger)) return list as number[];
  const shown =
    Array.isArray(list) && list.every((d) => typeof d === 'number') ? formatShape(list) : describeValue(shape);
  throw new ScratchnetError(
    'BAD_ARGUMENT',
    `reshape: shape must be an integer or a list of integers (one may be -1), got ${shown}`,
  );
}

/** A 1-D copy. */
export function flatten(input: ArrayLike): NDArray {
  const x = arrayArg(input, 'flatten', 'x');
  return new NDArray(x.data.slice(), [x.size], x.dtype);
}

/** A 1-D view (shares storage). */
export function ravel(input: ArrayLike): NDArray {
  const x = arrayArg(input, 'ravel', 'x');
  return new NDArray(x.data, [x.size], x.dtype);
}

/** Permutes the axes (reversed when `axes` is omitted); a copy, since storage is always contiguous. */
export function transpose(input: ArrayLike, axes?: readonly number[]): NDArray {
  const x = arrayArg(input, 'transpose', 'x');
  const ndim = x.ndim;
  if (axes !== undefined && !Array.isArray(axes)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `transpose: axes must be a list of axes such as [1, 0], got ${describeValue(axes)}`,
    );
  }
  const perm = axes === undefined ? [...Array(ndim).keys()].reverse() : axes.map((a) => axisArg(a, ndim, 'transpose'));
  if (perm.length !== ndim || new Set(perm).size !== ndim) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `transpose: axes (${axes?.join(', ')}) don't match array of shape ${formatShape(x.shape)}`,
    );
  }
  const outShape = perm.map((a) => x.shape[a]!);
  const out = NDArray.empty(outShape, x.dtype);
  const src = x.data;
  const dst = out.data;
  if (ndim === 2 && perm[0] === 1) {
    const rows = x.shape[0]!;
    const cols = x.shape[1]!;
    // Blocked so that both the reads and the writes stay within a few cache lines.
    const B = 32;
    for (let i0 = 0; i0 < rows; i0 += B) {
      for (let j0 = 0; j0 < cols; j0 += B) {
        const iEnd = Math.min(i0 + B, rows);
        const jEnd = Math.min(j0 + B, cols);
        for (let i = i0; i < iEnd; i++) for (let j = j0; j < jEnd; j++) dst[j * rows + i] = src[i * cols + j]!;
      }
    }
    return out;
  }
  const inStrides = stridesOf(x.shape);
  const strides = perm.map((a) => inStrides[a]!);
  const index = new Array<number>(ndim).fill(0);
  let offset = 0;
  for (let o = 0; o < dst.length; o++) {
    dst[o] = src[offset]!;
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]!++;
      offset += strides[d]!;
      if (index[d]! < outShape[d]!) break;
      offset -= strides[d]! * index[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/** Removes size-1 dims (only `axis`, when given); a view. */
export function squeeze(input: ArrayLike, axis?: number | null): NDArray {
  const x = arrayArg(input, 'squeeze', 'x');
  if (axis === undefined || axis === null)
    return new NDArray(
      x.data,
      x.shape.filter((d) => d !== 1),
      x.dtype,
    );
  const a = axisArg(axis, x.ndim, 'squeeze');
  if (x.shape[a] !== 1) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `squeeze: cannot select an axis to squeeze out which has size not equal to one (axis ${axis} of shape ${formatShape(x.shape)})`,
    );
  }
  return new NDArray(
    x.data,
    x.shape.filter((_, i) => i !== a),
    x.dtype,
  );
}

/** Inserts a size-1 dim at `axis`; a view. */
export function expandDims(input: ArrayLike, axis: number): NDArray {
  const x = arrayArg(input, 'expandDims', 'x');
  const a = axisArg(axis, x.ndim + 1, 'expandDims');
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return new NDArray(x.data, shape, x.dtype);
}

/** A copy of `x` repeated along broadcast dims to `shape` (numpy's result is a read-only view). */
export function broadcastTo(input: ArrayLike, targetShape: Shape | number): NDArray {
  const x = arrayArg(input, 'broadcastTo', 'x');
  const shape = checkShape(targetShape, 'shape', 'broadcastTo');
  const target = withName('broadcastTo', () => broadcastShapes(x.shape, shape));
  if (!shapesEqual(target, shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `broadcastTo: cannot broadcast array of shape ${formatShape(x.shape)} to shape ${formatShape(shape)}`,
    );
  }
  if (shapesEqual(x.shape, shape)) return x;
  const out = NDArray.empty(shape, x.dtype);
  const strides = broadcastStrides(x.shape, shape);
  const ndim = shape.length;
  const index = new Array<number>(ndim).fill(0);
  let offset = 0;
  const src = x.data;
  const dst = out.data;
  for (let o = 0; o < dst.length; o++) {
    dst[o] = src[offset]!;
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]!++;
      offset += strides[d]!;
      if (index[d]! < shape[d]!) break;
      offset -= strides[d]! * index[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/** A copy with its own storage, same shape and dtype. */
export function copy(input: ArrayLike): NDArray {
  const x = arrayArg(input, 'copy', 'x');
  return new NDArray(x.data.slice(), x.shape, x.dtype);
}

/**
 * A copy converted to `dtype` (float to int truncates toward zero, as numpy's astype does; float to
 * float16 rounds to the nearest float16, ties to even).
 */
export function astype(input: ArrayLike, dtype: DType): NDArray {
  const x = arrayArg(input, 'astype', 'x');
  if (!isDType(dtype)) throw new ScratchnetError('BAD_DTYPE', `astype: unknown dtype ${describeValue(dtype)}`);
  if (dtype === x.dtype) return new NDArray(x.data.slice(), x.shape, x.dtype);
  const out = allocate(dtype, x.size);
  if (dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = x.data[i] !== 0 ? 1 : 0;
  else if (dtype === 'float16' && x.data instanceof Float64Array) {
    // Directly from the double: rounding to float32 storage first would round twice.
    for (let i = 0; i < out.length; i++) out[i] = f16round(x.data[i]!);
  } else {
    out.set(x.data);
    if (dtype === 'float16') roundToHalf(out as Float32Array);
  }
  return new NDArray(out, x.shape, dtype);
}

/** Joins arrays along an existing axis. */
export function concatenate(arrays: readonly ArrayLike[], axis = 0): NDArray {
  const arrs = arrayList(arrays, 'concatenate');
  const first = arrs[0]!;
  if (first.ndim === 0) {
    throw new ScratchnetError('BAD_ARGUMENT', 'concatenate: zero-dimensional arrays cannot be concatenated');
  }
  const ax = axisArg(axis, first.ndim, 'concatenate');
  for (const [i, a] of arrs.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, j) => j !== ax && d !== first.shape[j])) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `concatenate: array ${i} has shape ${formatShape(a.shape)}, which does not match ${formatShape(first.shape)} outside axis ${ax}`,
      );
    }
  }
  const dtype = arrs.map((a) => a.dtype).reduce((p, d) => promoteTypes(p, d));
  const outShape = [...first.shape];
  outShape[ax] = arrs.reduce((s, a) => s + a.shape[ax]!, 0);
  const out = NDArray.empty(outShape, dtype);
  const outer = sizeOf(first.shape.slice(0, ax));
  const rowOut = sizeOf(outShape.slice(ax));
  let col = 0;
  for (const a of arrs) {
    const run = sizeOf(a.shape.slice(ax));
    for (let o = 0; o < outer; o++) out.data.set(a.data.subarray(o * run, (o + 1) * run), o * rowOut + col);
    col += run;
  }
  return out;
}

/** Joins same-shaped arrays along a new axis. */
export function stack(arrays: readonly ArrayLike[], axis = 0): NDArray {
  const arrs = arrayList(arrays, 'stack');
  for (const [i, a] of arrs.entries()) {
    if (!shapesEqual(a.shape, arrs[0]!.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `stack: all arrays must have the same shape; array 0 is ${formatShape(arrs[0]!.shape)}, array ${i} is ${formatShape(a.shape)}`,
      );
    }
  }
  const ax = axisArg(axis, arrs[0]!.ndim + 1, 'stack');
  return concatenate(
    arrs.map((a) => expandDims(a, ax)),
    ax,
  );
}

/** The arrays of a JS list of array-likes (at least one), each converted and named by its index. */
function arrayList(arrays: unknown, where: string): NDArray[] {
  if (!Array.isArray(arrays)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: arrays must be a JS list of arrays, got ${describeValue(arrays)}`,
    );
  }
  if (arrays.length === 0) throw new ScratchnetError('BAD_ARGUMENT', `${where}: need at least one array`);
  return arrays.map((a, i) => arrayArg(a, where, `arrays[${i}]`));
}
