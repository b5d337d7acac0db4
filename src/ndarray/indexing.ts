import { ScratchnetError } from '../errors.js';
import { isFloating, storable, type TypedArray } from './dtype.js';
import { checkArray, describeValue } from '../validate.js';
import { arrayArg, checkFillValue } from './create.js';
import { NDArray, type ArrayLike as ArrayInput, type NestedArray } from './ndarray.js';
import { axisArg, formatShape, shapesEqual, sizeOf, stridesOf } from './shape.js';

/** Integer indices: an NDArray (any dtype holding whole numbers), a JS array, or an Int32Array. */
export type IndexInput = NDArray | readonly number[] | Int32Array;

function checkIndex(i: number, length: number, what: string): number {
  if (!Number.isInteger(i)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${what}: index ${describeValue(i)} is not an integer`);
  }
  if (i < -length || i >= length) {
    throw new ScratchnetError('INDEX_OUT_OF_RANGE', `${what}: index ${i} is out of bounds for size ${length}`);
  }
  return i < 0 ? i + length : i;
}

/** The flat offset of a full multi-index (negative entries count from the end). */
export function flatIndex(x: NDArray, index: readonly number[], where: string): number {
  if (!Array.isArray(index)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: index must be a JS array such as [0, 1], got ${describeValue(index)}`,
    );
  }
  if (index.length !== x.ndim) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: index (${index.join(', ')}) has ${index.length} entries but the array has ${x.ndim} dimensions (shape ${formatShape(x.shape)})`,
    );
  }
  const strides = stridesOf(x.shape);
  let offset = 0;
  for (let d = 0; d < index.length; d++) {
    offset += checkIndex(index[d]!, x.shape[d]!, `${where} (axis ${d})`) * strides[d]!;
  }
  return offset;
}

function indexList(indices: IndexInput, what: string): ArrayLike<number> {
  if (!(indices instanceof NDArray || Array.isArray(indices) || indices instanceof Int32Array)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${what}: indices must be an NDArray, a JS array or an Int32Array of integers, got ${describeValue(indices)}`,
    );
  }
  if (indices instanceof NDArray) {
    if (indices.ndim !== 1)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${what}: indices must be 1-D, got shape ${formatShape(indices.shape)}`,
      );
    if (indices.dtype === 'bool')
      throw new ScratchnetError(
        'BAD_DTYPE',
        `${what}: got a bool mask where integer indices were expected (use extract() for masks)`,
      );
    return indices.data;
  }
  return indices;
}

/** Sub-arrays at `indices` along `axis` (numpy's `np.take(x, indices, axis)`); a copy. */
export function take(input: ArrayInput, indices: IndexInput, axis = 0): NDArray {
  const x = arrayArg(input, 'take', 'x');
  if (x.ndim === 0) throw new ScratchnetError('BAD_ARGUMENT', 'take: cannot index a 0-d array');
  const ax = axisArg(axis, x.ndim, 'take');
  const list = indexList(indices, 'take');
  const length = x.shape[ax]!;
  const outer = sizeOf(x.shape.slice(0, ax));
  const run = sizeOf(x.shape.slice(ax + 1));
  const shape = [...x.shape];
  shape[ax] = list.length;
  const out = NDArray.empty(shape, x.dtype);
  for (let j = 0; j < list.length; j++) {
    const i = checkIndex(list[j]!, length, `take (axis ${ax})`);
    for (let o = 0; o < outer; o++) {
      const src = (o * length + i) * run;
      out.data.set(x.data.subarray(src, src + run), (o * list.length + j) * run);
    }
  }
  return out;
}

/** `out[i] = x[rows[i], cols[i]]` for a 2-D x: numpy's `x[np.arange(n), t]`. */
export function pick(input: ArrayInput, rows: IndexInput, cols: IndexInput): NDArray {
  const x = arrayArg(input, 'pick', 'x');
  if (x.ndim !== 2)
    throw new ScratchnetError('BAD_ARGUMENT', `pick: needs a 2-D array, got shape ${formatShape(x.shape)}`);
  const r = indexList(rows, 'pick rows');
  const c = indexList(cols, 'pick cols');
  if (r.length !== c.length) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `pick: shape mismatch: ${r.length} row indices but ${c.length} column indices`,
    );
  }
  const [h, w] = x.shape as [number, number];
  const out = NDArray.empty([r.length], x.dtype);
  for (let i = 0; i < r.length; i++) {
    out.data[i] = x.data[checkIndex(r[i]!, h, 'pick row') * w + checkIndex(c[i]!, w, 'pick column')]!;
  }
  return out;
}

/** Rows start..end (exclusive), negative values counting from the end and clamped like Python's; a view. */
export function slice(input: ArrayInput, start: number, end?: number): NDArray {
  const x = arrayArg(input, 'slice', 'x');
  if (x.ndim === 0) throw new ScratchnetError('BAD_ARGUMENT', 'slice: cannot slice a 0-d array');
  const length = x.shape[0]!;
  const clamp = (v: number): number => Math.min(length, Math.max(0, v < 0 ? v + length : v));
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `slice: start and end must be integers, got ${describeValue(start)} and ${describeValue(end)}`,
    );
  }
  const s = clamp(start);
  const e = Math.max(s, clamp(end ?? length));
  const run = sizeOf(x.shape.slice(1));
  return new NDArray(x.data.subarray(s * run, e * run), [e - s, ...x.shape.slice(1)], x.dtype);
}

function maskData(x: NDArray, mask: NDArray, what: string): TypedArray {
  checkArray(mask, 'mask', what);
  if (!shapesEqual(x.shape, mask.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${what}: boolean index of shape ${formatShape(mask.shape)} does not match array of shape ${formatShape(x.shape)}`,
    );
  }
  if (isFloating(mask.dtype))
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${what}: the mask must be bool (from a comparison such as x.le(0)), got ${mask.dtype}`,
    );
  return mask.data;
}

/** `x[mask] = value`, in place. */
export function putMask(x: NDArray, mask: NDArray, value: number | boolean): void {
  // In place, so x must be an array the caller keeps: a converted JS array would be thrown away.
  checkArray(x, 'x', 'putMask');
  const m = maskData(x, mask, 'putMask');
  checkFillValue(value, 'putMask');
  const v = storable(x.dtype, Number(value));
  for (let i = 0; i < m.length; i++) if (m[i]) x.data[i] = v;
}

/** `x[mask]`: the selected elements, in order, as a 1-D array. */
export function extract(input: ArrayInput, mask: NDArray): NDArray {
  const x = arrayArg(input, 'extract', 'x');
  const m = maskData(x, mask, 'extract');
  const picked: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) picked.push(x.data[i]!);
  const out = NDArray.empty([picked.length], x.dtype);
  out.data.set(picked);
  return out;
}

export function toNested(x: NDArray): NestedArray {
  const convert = x.dtype === 'bool' ? (v: number): number | boolean => v !== 0 : (v: number): number => v;
  if (x.ndim === 0) return convert(x.data[0]!);
  const build = (depth: number, offset: number): NestedArray[] => {
    const length = x.shape[depth]!;
    const run = sizeOf(x.shape.slice(depth + 1));
    const out: NestedArray[] = [];
    for (let i = 0; i < length; i++) {
      out.push(depth === x.ndim - 1 ? convert(x.data[offset + i]!) : build(depth + 1, offset + i * run));
    }
    return out;
  };
  return build(0, 0);
}
