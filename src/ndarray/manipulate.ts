import { ScratchnetError } from '../errors.js';
import { allocate, isDType, promoteTypes, type DType } from './dtype.js';
import { f16round, roundToHalf } from './half.js';
import { NDArray } from './ndarray.js';
import { asArray } from './create.js';
import type { ArrayLike } from './ndarray.js';
import {
  broadcastShapes,
  broadcastStrides,
  formatShape,
  normalizeAxis,
  shapesEqual,
  sizeOf,
  stridesOf,
  type Shape,
} from './shape.js';

/**
 * A view of `x` with another shape (shares storage). One dim may be -1: it is inferred.
 */
export function reshape(input: ArrayLike, shape: Shape): NDArray {
  const x = asArray(input);
  checkShapeList(shape, 'reshape');
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ScratchnetError('BAD_ARGUMENT', 'can only specify one unknown dimension (-1) in reshape');
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  let resolved = [...shape];
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `cannot reshape array of size ${x.size} into shape ${formatShape(shape)}`,
      );
    }
    resolved = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (resolved.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(resolved) !== x.size) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `cannot reshape array of size ${x.size} into shape ${formatShape(shape)}`,
    );
  }
  return new NDArray(x.data, resolved, x.dtype);
}

/** A 1-D copy. */
export function flatten(input: ArrayLike): NDArray {
  const x = asArray(input);
  return new NDArray(x.data.slice(), [x.size], x.dtype);
}

/** A 1-D view (shares storage). */
export function ravel(input: ArrayLike): NDArray {
  const x = asArray(input);
  return new NDArray(x.data, [x.size], x.dtype);
}

/** Permutes the axes (reversed when `axes` is omitted); a copy, since storage is always contiguous. */
export function transpose(input: ArrayLike, axes?: readonly number[]): NDArray {
  const x = asArray(input);
  const ndim = x.ndim;
  const perm =
    axes === undefined ? [...Array(ndim).keys()].reverse() : axes.map((a) => normalizeAxis(a, ndim, 'transpose axis'));
  if (perm.length !== ndim || new Set(perm).size !== ndim) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `axes (${axes?.join(', ')}) don't match array of shape ${formatShape(x.shape)}`,
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
export function squeeze(input: ArrayLike, axis?: number): NDArray {
  const x = asArray(input);
  if (axis === undefined)
    return new NDArray(
      x.data,
      x.shape.filter((d) => d !== 1),
      x.dtype,
    );
  const a = normalizeAxis(axis, x.ndim);
  if (x.shape[a] !== 1) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `cannot select an axis to squeeze out which has size not equal to one (axis ${axis} of shape ${formatShape(x.shape)})`,
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
  const x = asArray(input);
  const a = normalizeAxis(axis, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return new NDArray(x.data, shape, x.dtype);
}

/** A copy of `x` repeated along broadcast dims to `shape` (numpy's result is a read-only view). */
export function broadcastTo(input: ArrayLike, shape: Shape): NDArray {
  const x = asArray(input);
  checkShapeList(shape, 'broadcastTo');
  const target = broadcastShapes(x.shape, shape);
  if (!shapesEqual(target, shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `cannot broadcast array of shape ${formatShape(x.shape)} to shape ${formatShape(shape)}`,
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
  const x = asArray(input);
  return new NDArray(x.data.slice(), x.shape, x.dtype);
}

/**
 * A copy converted to `dtype` (float to int truncates toward zero, as numpy's astype does; float to
 * float16 rounds to the nearest float16, ties to even).
 */
export function astype(input: ArrayLike, dtype: DType): NDArray {
  const x = asArray(input);
  if (!isDType(dtype)) throw new ScratchnetError('BAD_DTYPE', `unknown dtype ${JSON.stringify(dtype)}`);
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
  checkList(arrays, 'concatenate');
  if (arrays.length === 0) throw new ScratchnetError('BAD_ARGUMENT', 'need at least one array to concatenate');
  const arrs = arrays.map((a) => asArray(a));
  const first = arrs[0]!;
  const ax = normalizeAxis(axis, first.ndim);
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
  checkList(arrays, 'stack');
  const arrs = arrays.map((a) => asArray(a));
  if (arrs.length === 0) throw new ScratchnetError('BAD_ARGUMENT', 'need at least one array to stack');
  for (const [i, a] of arrs.entries()) {
    if (!shapesEqual(a.shape, arrs[0]!.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `stack: all arrays must have the same shape; array 0 is ${formatShape(arrs[0]!.shape)}, array ${i} is ${formatShape(a.shape)}`,
      );
    }
  }
  const ax = normalizeAxis(axis, arrs[0]!.ndim + 1);
  return concatenate(
    arrs.map((a) => expandDims(a, ax)),
    ax,
  );
}

function checkShapeList(shape: unknown, where: string): void {
  if (!Array.isArray(shape)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: shape must be a JS array of lengths, got ${String(shape)}`);
  }
}

function checkList(arrays: unknown, where: string): void {
  if (!Array.isArray(arrays)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: arrays must be a JS array of arrays, got ${String(arrays)}`);
  }
}
