import { ScratchnetError } from '../errors.js';
import { allocate, DTYPES, isDType, storable, type DType, type TypedArray } from './dtype.js';
import { formatShape, sizeOf, stridesOf, type Shape } from './shape.js';
import { checkInteger, checkShape, describeValue } from '../validate.js';
import * as ew from './elementwise.js';
import * as red from './reduce.js';
import * as manip from './manipulate.js';
import * as linalg from './linalg.js';
import * as idx from './indexing.js';
import { formatArray } from './format.js';
import { checkFillValue } from './create.js';

/** Nested JS arrays of numbers or booleans, as accepted by `array()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything the array functions accept where an array is expected. */
export type ArrayLike = NDArray | number | boolean | readonly NestedArray[] | TypedArray;

/**
 * An n-dimensional array: contiguous row-major storage in a typed array, with a shape.
 * Methods mirror the functions of the same name (`a.add(b)` is `add(a, b)`), which mirror numpy.
 *
 * Views: `reshape`, `ravel`, `squeeze`, `expandDims`, `slice`, `at` and `row` share storage with
 * the original (as numpy's views do); every other operation returns a new array.
 */
export class NDArray {
  /** The elements, row-major. Writing to it changes the array (and any view of it). */
  readonly data: TypedArray;
  /** The length of each axis, e.g. (batch, features); frozen. */
  readonly shape: readonly number[];
  /** The element type (see `DType`). */
  readonly dtype: DType;

  /**
   * Wraps `data` (no copy) with `shape`. `dtype` defaults to the storage class of `data`; pass
   * `'bool'` for a Uint8Array of 0/1 masks, `'float16'` for a Float32Array of values that float16
   * represents exactly (round others first: `new NDArray(data, shape).astype('float16')`).
   */
  constructor(data: TypedArray, shape: Shape | number, dtype?: DType) {
    if (!ArrayBuffer.isView(data) || data instanceof DataView) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        'NDArray: data must be a Float64Array, Float32Array, Int32Array or Uint8Array (use array() for JS arrays)',
      );
    }
    shape = checkShape(shape, 'shape', 'NDArray');
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `NDArray: cannot make an array of shape ${formatShape(shape)} (${size} elements) from ${data.length} elements`,
      );
    }
    const resolved = dtype === undefined ? dtypeFromStorage(data) : dtype;
    if (!storageMatches(data, resolved)) throw badStorage(data, resolved);
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = resolved;
  }

  /** A new array of `shape` (a number for 1-D) and `dtype` filled with zeros. */
  static empty(shape: Shape | number, dtype: DType = 'float64'): NDArray {
    const s = checkShape(shape, 'shape', 'NDArray.empty');
    if (!isDType(dtype)) throw new ScratchnetError('BAD_DTYPE', `NDArray.empty: unknown dtype ${describeValue(dtype)}`);
    return new NDArray(allocate(dtype, sizeOf(s)), s, dtype);
  }

  /** The number of axes (0 for a scalar array). */
  get ndim(): number {
    return this.shape.length;
  }

  /** The number of elements, the product of the shape. */
  get size(): number {
    return this.data.length;
  }

  /** Row-major strides in elements (numpy's are in bytes). */
  get strides(): number[] {
    return stridesOf(this.shape);
  }

  /** The transpose (all axes reversed), like numpy's `a.T`. */
  get T(): NDArray {
    return manip.transpose(this);
  }

  /** The single element of a size-1 array as a number (numpy's `a.item()`). */
  item(): number {
    if (this.size !== 1) {
      throw new ScratchnetError('BAD_ARGUMENT', `item: needs an array of size 1, got shape ${formatShape(this.shape)}`);
    }
    return this.data[0]!;
  }

  // ---- shape ----
  /** A view with another shape, `a.reshape(2, 3)` or `a.reshape([2, 3])`; one dim may be -1. See `reshape()`. */
  reshape(...shape: number[] | [Shape]): NDArray {
    return manip.reshape(this, flattenShapeArgs(shape));
  }
  /** A 1-D copy (numpy's `a.flatten()`). */
  flatten(): NDArray {
    return manip.flatten(this);
  }
  /** A 1-D view sharing this array's storage (numpy's `a.ravel()`). */
  ravel(): NDArray {
    return manip.ravel(this);
  }
  /** The axes permuted, `a.transpose(1, 0, 2)`, or reversed when none are given; a copy. */
  transpose(...axes: number[] | [Shape]): NDArray {
    const list = flattenShapeArgs(axes);
    return manip.transpose(this, list.length === 0 ? undefined : list);
  }
  /** A view without size-1 dims (only `axis`, when given; BAD_ARGUMENT if that one is not size 1). */
  squeeze(axis?: number): NDArray {
    return manip.squeeze(this, axis);
  }
  /** A view with a size-1 dim inserted at `axis` (numpy's `np.expand_dims`). */
  expandDims(axis: number): NDArray {
    return manip.expandDims(this, axis);
  }
  /** A copy repeated along broadcast dims to `shape`; SHAPE_MISMATCH if it does not broadcast. */
  broadcastTo(shape: Shape): NDArray {
    return manip.broadcastTo(this, shape);
  }
  /** A copy with its own storage. */
  copy(): NDArray {
    return manip.copy(this);
  }
  /** A copy converted to `dtype` (floats to integers truncate toward zero); BAD_DTYPE for an unknown dtype. */
  astype(dtype: DType): NDArray {
    return manip.astype(this, dtype);
  }

  // ---- elementwise: each is the function of the same name with this array first, `out` included ----
  /** `this + other`, broadcast; the result goes to `out` when given. See `add()`. */
  add(other: ArrayLike, out?: NDArray): NDArray {
    return ew.add(this, other, out);
  }
  /** `this − other`, broadcast. See `sub()`. */
  sub(other: ArrayLike, out?: NDArray): NDArray {
    return ew.sub(this, other, out);
  }
  /** `this · other`, broadcast. See `mul()`. */
  mul(other: ArrayLike, out?: NDArray): NDArray {
    return ew.mul(this, other, out);
  }
  /** `this / other`, true division, broadcast. See `div()`. */
  div(other: ArrayLike, out?: NDArray): NDArray {
    return ew.div(this, other, out);
  }
  /** `this ** other`, broadcast. See `pow()`. */
  pow(other: ArrayLike, out?: NDArray): NDArray {
    return ew.pow(this, other, out);
  }
  /** `this % other` with the divisor's sign, broadcast. See `mod()`. */
  mod(other: ArrayLike, out?: NDArray): NDArray {
    return ew.mod(this, other, out);
  }
  /** The elementwise larger of this and `other`. See `maximum()`. */
  maximum(other: ArrayLike, out?: NDArray): NDArray {
    return ew.maximum(this, other, out);
  }
  /** The elementwise smaller of this and `other`. See `minimum()`. */
  minimum(other: ArrayLike, out?: NDArray): NDArray {
    return ew.minimum(this, other, out);
  }
  /** Bool mask of `this > other`. */
  gt(other: ArrayLike, out?: NDArray): NDArray {
    return ew.gt(this, other, out);
  }
  /** Bool mask of `this >= other`. */
  ge(other: ArrayLike, out?: NDArray): NDArray {
    return ew.ge(this, other, out);
  }
  /** Bool mask of `this < other`. */
  lt(other: ArrayLike, out?: NDArray): NDArray {
    return ew.lt(this, other, out);
  }
  /** Bool mask of `this <= other`. */
  le(other: ArrayLike, out?: NDArray): NDArray {
    return ew.le(this, other, out);
  }
  /** Bool mask of `this == other`. */
  eq(other: ArrayLike, out?: NDArray): NDArray {
    return ew.eq(this, other, out);
  }
  /** Bool mask of `this != other`. */
  ne(other: ArrayLike, out?: NDArray): NDArray {
    return ew.ne(this, other, out);
  }
  /** −this. See `neg()`. */
  neg(out?: NDArray): NDArray {
    return ew.neg(this, out);
  }
  /** eˣ of every element. See `exp()`. */
  exp(out?: NDArray): NDArray {
    return ew.exp(this, out);
  }
  /** The natural logarithm of every element. See `log()`. */
  log(out?: NDArray): NDArray {
    return ew.log(this, out);
  }
  /** √x of every element. See `sqrt()`. */
  sqrt(out?: NDArray): NDArray {
    return ew.sqrt(this, out);
  }
  /** |x| of every element. See `abs()`. */
  abs(out?: NDArray): NDArray {
    return ew.abs(this, out);
  }
  /** x² of every element. See `square()`. */
  square(out?: NDArray): NDArray {
    return ew.square(this, out);
  }
  /** tanh of every element. See `tanh()`. */
  tanh(out?: NDArray): NDArray {
    return ew.tanh(this, out);
  }
  /** −1, 0 or 1 by each element's sign. See `sign()`. */
  sign(out?: NDArray): NDArray {
    return ew.sign(this, out);
  }
  /** 1 / x of every element, as floats. See `reciprocal()`. */
  reciprocal(out?: NDArray): NDArray {
    return ew.reciprocal(this, out);
  }
  /** Every element rounded down. See `floor()`. */
  floor(out?: NDArray): NDArray {
    return ew.floor(this, out);
  }
  /** Every element rounded up. See `ceil()`. */
  ceil(out?: NDArray): NDArray {
    return ew.ceil(this, out);
  }
  /** Every element rounded half to even (numpy's `a.round()`). See `round()`. */
  round(out?: NDArray): NDArray {
    return ew.round(this, out);
  }
  /** Bool mask of the NaN elements. See `isnan()`. */
  isnan(out?: NDArray): NDArray {
    return ew.isnan(this, out);
  }
  /** Bool mask of the finite elements. See `isfinite()`. */
  isfinite(out?: NDArray): NDArray {
    return ew.isfinite(this, out);
  }
  /** Every element limited to [min, max] (numpy's `a.clip(min, max)`). See `clip()`. */
  clip(min: number, max: number, out?: NDArray): NDArray {
    return ew.clip(this, min, max, out);
  }

  // ---- in place (Python's `a += b`): the result must keep this array's shape and dtype ----
  /** `this += other`, in place; returns this. */
  iadd(other: ArrayLike): this {
    ew.inPlace('add', this, other);
    return this;
  }
  /** `this -= other`, in place; returns this. */
  isub(other: ArrayLike): this {
    ew.inPlace('sub', this, other);
    return this;
  }
  /** `this *= other`, in place; returns this. */
  imul(other: ArrayLike): this {
    ew.inPlace('mul', this, other);
    return this;
  }
  /** `this /= other`, in place; returns this. */
  idiv(other: ArrayLike): this {
    ew.inPlace('div', this, other);
    return this;
  }
  /** Sets every element to `value`; returns this. */
  fill(value: number | boolean): this {
    checkFillValue(value, 'fill');
    this.data.fill(storable(this.dtype, Number(value)));
    return this;
  }
  /** Copies `other` (broadcast to this shape) into this array (numpy's `a[...] = other`); returns this. */
  assign(other: ArrayLike): this {
    ew.assign(this, other);
    return this;
  }

  // ---- reductions: over everything they return a number, over an axis an array ----
  /** The sum of all elements (a number), or over `axis` (an array; `keepdims` keeps it as size 1). */
  sum(axis?: null, keepdims?: false): number;
  /** The sum over `axis` (one axis or several) as an array; `keepdims` keeps the reduced axes as size 1. */
  sum(axis: red.Axis, keepdims?: boolean): NDArray;
  sum(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('sum', this, axis, keepdims, 'sum');
  }
  /** The mean of all elements (a number). */
  mean(axis?: null, keepdims?: false): number;
  /** The mean over `axis` as an array (float32 stays float32, everything else gives float64). */
  mean(axis: red.Axis, keepdims?: boolean): NDArray;
  mean(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('mean', this, axis, keepdims, 'mean');
  }
  /** The largest element (NaN if any is NaN); BAD_ARGUMENT for an empty array. */
  max(axis?: null, keepdims?: false): number;
  /** The largest element along `axis`, as an array. */
  max(axis: red.Axis, keepdims?: boolean): NDArray;
  max(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('max', this, axis, keepdims, 'max');
  }
  /** The smallest element (NaN if any is NaN); BAD_ARGUMENT for an empty array. */
  min(axis?: null, keepdims?: false): number;
  /** The smallest element along `axis`, as an array. */
  min(axis: red.Axis, keepdims?: boolean): NDArray;
  min(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('min', this, axis, keepdims, 'min');
  }
  /** The population variance (ddof = 0) of all elements, numpy's `a.var()`. */
  var(axis?: null, keepdims?: false): number;
  /** The population variance along `axis`, as an array. */
  var(axis: red.Axis, keepdims?: boolean): NDArray;
  var(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('var', this, axis, keepdims, 'var');
  }
  /** The same as `var`, under the name of the free function `variance()` (`var` is reserved in JS). */
  variance(axis?: null, keepdims?: false): number;
  /** The population variance along `axis`, as an array. */
  variance(axis: red.Axis, keepdims?: boolean): NDArray;
  variance(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('var', this, axis, keepdims, 'variance');
  }
  /** The population standard deviation (ddof = 0) of all elements. */
  std(axis?: null, keepdims?: false): number;
  /** The population standard deviation along `axis`, as an array. */
  std(axis: red.Axis, keepdims?: boolean): NDArray;
  std(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('std', this, axis, keepdims, 'std');
  }
  /** The index of the largest element of the flattened array (the first, on ties). */
  argmax(axis?: null, keepdims?: false): number;
  /** The index of the largest element along `axis`, as an int32 array. */
  argmax(axis: number | null, keepdims?: boolean): NDArray;
  argmax(axis?: number | null, keepdims = false): number | NDArray {
    return red.argDispatch('argmax', this, axis, keepdims);
  }
  /** The index of the smallest element of the flattened array (the first, on ties). */
  argmin(axis?: null, keepdims?: false): number;
  /** The index of the smallest element along `axis`, as an int32 array. */
  argmin(axis: number | null, keepdims?: boolean): NDArray;
  argmin(axis?: number | null, keepdims = false): number | NDArray {
    return red.argDispatch('argmin', this, axis, keepdims);
  }

  // ---- products ----
  /**
   * numpy's `a.dot(b)`: the inner product of two 1-D arrays as a number, else the matrix–vector or
   * matrix product as an array. See `dot()`; `matmul` is the product that is always an array.
   */
  dot(other: ArrayLike): NDArray | number {
    return linalg.dot(this, other);
  }
  /** numpy's `a @ b`, batched over leading axes. See `matmul()`. */
  matmul(other: ArrayLike): NDArray {
    return linalg.matmul(this, other);
  }
  /** The 2-D product with either operand read transposed, optionally into `out`. See `matmulT()`. */
  matmulT(other: NDArray, transA = false, transB = false, out?: NDArray): NDArray {
    return linalg.matmulT(this, other, transA, transB, out);
  }

  // ---- indexing ----
  /** Element at a (possibly negative) multi-index: `a.get(0, 1)` is numpy's `a[0, 1]`. */
  get(...index: number[]): number {
    return this.data[idx.flatIndex(this, index, 'get')]!;
  }
  /**
   * numpy's `x[i]`: for an array of two or more dimensions, row `i` as a view (shape
   * `shape.slice(1)`, sharing this array's storage, so writing to it changes this array); for a 1-D
   * array, element `i` as a number, as JavaScript's `Array.prototype.at` gives it. A negative `i`
   * counts from the end. Throws INDEX_OUT_OF_RANGE outside [-length, length), BAD_ARGUMENT for an
   * `i` that is not an integer or a 0-d array. Where the rank is known to be 2 or more, `row(i)`
   * says so to TypeScript.
   */
  at(i: number): NDArray | number {
    const start = rowStart(this, i, 'at');
    if (this.ndim === 1) return this.data[start]!;
    return rowView(this, start);
  }
  /**
   * Row `i` as a view, always an NDArray: numpy's `x[i, ...]`. For an array of two or more
   * dimensions it is `at(i)`; for a 1-D array a 0-d view of element `i`. Same errors as `at`.
   */
  row(i: number): NDArray {
    return rowView(this, rowStart(this, i, 'row'));
  }
  /** Sets the element at `index`: `a.set([0, 1], 5)` is numpy's `a[0, 1] = 5`. */
  set(index: readonly number[], value: number | boolean): this {
    checkFillValue(value, 'set');
    this.data[idx.flatIndex(this, index, 'set')] = storable(this.dtype, Number(value));
    return this;
  }
  /** Rows (sub-arrays along axis 0) at `indices`, like numpy's `x[batch_mask]`; a copy. */
  take(indices: idx.IndexInput, axis = 0): NDArray {
    return idx.take(this, indices, axis);
  }
  /** One element per row, `out[i] = this[rows[i], cols[i]]`: numpy's `y[np.arange(n), t]`. */
  pick(rows: idx.IndexInput, cols: idx.IndexInput): NDArray {
    return idx.pick(this, rows, cols);
  }
  /** Rows `start` to `end` (exclusive; negative counts from the end): numpy's `x[start:end]`, a view. */
  slice(start: number, end?: number): NDArray {
    return idx.slice(this, start, end);
  }
  /** Sets the elements where `mask` is true to `value`, in place: numpy's `x[mask] = value`. */
  putMask(mask: NDArray, value: number | boolean): this {
    idx.putMask(this, mask, value);
    return this;
  }
  /** The elements where `mask` is true, as a 1-D array: numpy's `x[mask]`. */
  extract(mask: NDArray): NDArray {
    return idx.extract(this, mask);
  }

  // ---- conversion ----
  /** Nested JS arrays (a number for a 0-d array); bool arrays give booleans. */
  toArray(): NestedArray {
    return idx.toNested(this);
  }
  /** numpy's repr: `array([0.31682708, 0.69627909])`. */
  toString(): string {
    return formatArray(this);
  }
  /** What Node's `console.log` and `util.inspect` print: the same as `toString()`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatArray(this);
  }
}

/** The flat offset of row `i` (negative counts from the end), checked for `where`. */
function rowStart(x: NDArray, i: number, where: string): number {
  checkInteger(i, 'i', where);
  if (x.ndim === 0) throw new ScratchnetError('BAD_ARGUMENT', `${where}: a 0-d array has no rows to index`);
  const length = x.shape[0]!;
  if (i < -length || i >= length) {
    throw new ScratchnetError(
      'INDEX_OUT_OF_RANGE',
      `${where}: index ${i} is out of bounds for axis 0 with size ${length}`,
    );
  }
  return (i < 0 ? i + length : i) * (x.size / length);
}

/** The row starting at flat offset `start`: a subarray of the storage, so a true view. */
function rowView(x: NDArray, start: number): NDArray {
  const shape = x.shape.slice(1);
  return new NDArray(x.data.subarray(start, start + sizeOf(shape)), shape, x.dtype);
}

function flattenShapeArgs(args: number[] | [Shape]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as Shape)];
  return args as number[];
}

function badStorage(data: TypedArray, dtype: unknown): ScratchnetError {
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
    return new ScratchnetError('BAD_DTYPE', `NDArray: unknown dtype ${describeValue(dtype)}`);
  }
  return new ScratchnetError('BAD_DTYPE', `NDArray: a ${data.constructor.name} cannot hold dtype ${dtype}`);
}

function dtypeFromStorage(data: TypedArray): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

function storageMatches(data: TypedArray, dtype: DType): boolean {
  switch (dtype) {
    case 'float64':
      return data instanceof Float64Array;
    case 'float32':
    case 'float16':
      return data instanceof Float32Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'uint8':
    case 'bool':
      return data instanceof Uint8Array;
  }
}
