import { ScratchnetError } from '../errors.js';
import { allocate, storable, type DType, type TypedArray } from './dtype.js';
import { formatShape, sizeOf, stridesOf, validateShape, type Shape } from './shape.js';
import * as ew from './elementwise.js';
import * as red from './reduce.js';
import * as manip from './manipulate.js';
import * as linalg from './linalg.js';
import * as idx from './indexing.js';
import { formatArray } from './format.js';

/** Nested JS arrays of numbers or booleans, as accepted by `array()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything the array functions accept where an array is expected. */
export type ArrayLike = NDArray | number | boolean | readonly NestedArray[] | TypedArray;

/**
 * An n-dimensional array: contiguous row-major storage in a typed array, with a shape.
 * Methods mirror the functions of the same name (`a.add(b)` is `add(a, b)`), which mirror numpy.
 *
 * Views: `reshape`, `ravel` and `slice` share storage with the original (as numpy's views do);
 * every other operation returns a new array.
 */
export class NDArray {
  /** The elements, row-major. Writing to it changes the array (and any view of it). */
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;

  /**
   * Wraps `data` (no copy) with `shape`. `dtype` defaults to the storage class of `data`; pass
   * `'bool'` for a Uint8Array of 0/1 masks.
   */
  constructor(data: TypedArray, shape: Shape, dtype?: DType) {
    validateShape(shape);
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `cannot make an array of shape ${formatShape(shape)} (${size} elements) from ${data.length} elements`,
      );
    }
    const resolved = dtype ?? dtypeFromStorage(data);
    if (!storageMatches(data, resolved)) {
      throw new ScratchnetError('BAD_DTYPE', `a ${data.constructor.name} cannot hold dtype ${resolved}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = resolved;
  }

  /** A new array of `shape` and `dtype` filled with zeros. */
  static empty(shape: Shape, dtype: DType = 'float64'): NDArray {
    return new NDArray(allocate(dtype, sizeOf(shape)), shape, dtype);
  }

  get ndim(): number {
    return this.shape.length;
  }

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
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `item() needs an array of size 1, got shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0]!;
  }

  // ---- shape ----
  reshape(...shape: number[] | [Shape]): NDArray {
    return manip.reshape(this, flattenShapeArgs(shape));
  }
  flatten(): NDArray {
    return manip.flatten(this);
  }
  ravel(): NDArray {
    return manip.ravel(this);
  }
  transpose(...axes: number[] | [Shape]): NDArray {
    const list = flattenShapeArgs(axes);
    return manip.transpose(this, list.length === 0 ? undefined : list);
  }
  squeeze(axis?: number): NDArray {
    return manip.squeeze(this, axis);
  }
  expandDims(axis: number): NDArray {
    return manip.expandDims(this, axis);
  }
  broadcastTo(shape: Shape): NDArray {
    return manip.broadcastTo(this, shape);
  }
  copy(): NDArray {
    return manip.copy(this);
  }
  astype(dtype: DType): NDArray {
    return manip.astype(this, dtype);
  }

  // ---- elementwise ----
  add(other: ArrayLike): NDArray {
    return ew.add(this, other);
  }
  sub(other: ArrayLike): NDArray {
    return ew.sub(this, other);
  }
  mul(other: ArrayLike): NDArray {
    return ew.mul(this, other);
  }
  div(other: ArrayLike): NDArray {
    return ew.div(this, other);
  }
  pow(other: ArrayLike): NDArray {
    return ew.pow(this, other);
  }
  mod(other: ArrayLike): NDArray {
    return ew.mod(this, other);
  }
  maximum(other: ArrayLike): NDArray {
    return ew.maximum(this, other);
  }
  minimum(other: ArrayLike): NDArray {
    return ew.minimum(this, other);
  }
  gt(other: ArrayLike): NDArray {
    return ew.gt(this, other);
  }
  ge(other: ArrayLike): NDArray {
    return ew.ge(this, other);
  }
  lt(other: ArrayLike): NDArray {
    return ew.lt(this, other);
  }
  le(other: ArrayLike): NDArray {
    return ew.le(this, other);
  }
  eq(other: ArrayLike): NDArray {
    return ew.eq(this, other);
  }
  ne(other: ArrayLike): NDArray {
    return ew.ne(this, other);
  }
  neg(): NDArray {
    return ew.neg(this);
  }
  exp(): NDArray {
    return ew.exp(this);
  }
  log(): NDArray {
    return ew.log(this);
  }
  sqrt(): NDArray {
    return ew.sqrt(this);
  }
  abs(): NDArray {
    return ew.abs(this);
  }
  square(): NDArray {
    return ew.square(this);
  }
  tanh(): NDArray {
    return ew.tanh(this);
  }
  clip(min: number, max: number): NDArray {
    return ew.clip(this, min, max);
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
  fill(value: number): this {
    this.data.fill(storable(this.dtype, value));
    return this;
  }
  /** Copies `other` (broadcast to this shape) into this array (numpy's `a[...] = other`); returns this. */
  assign(other: ArrayLike): this {
    ew.assign(this, other);
    return this;
  }

  // ---- reductions: over everything they return a number, over an axis an array ----
  sum(axis?: null, keepdims?: false): number;
  sum(axis: red.Axis, keepdims?: boolean): NDArray;
  sum(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('sum', this, axis, keepdims);
  }
  mean(axis?: null, keepdims?: false): number;
  mean(axis: red.Axis, keepdims?: boolean): NDArray;
  mean(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('mean', this, axis, keepdims);
  }
  max(axis?: null, keepdims?: false): number;
  max(axis: red.Axis, keepdims?: boolean): NDArray;
  max(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('max', this, axis, keepdims);
  }
  min(axis?: null, keepdims?: false): number;
  min(axis: red.Axis, keepdims?: boolean): NDArray;
  min(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('min', this, axis, keepdims);
  }
  var(axis?: null, keepdims?: false): number;
  var(axis: red.Axis, keepdims?: boolean): NDArray;
  var(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('var', this, axis, keepdims);
  }
  std(axis?: null, keepdims?: false): number;
  std(axis: red.Axis, keepdims?: boolean): NDArray;
  std(axis?: red.Axis, keepdims = false): number | NDArray {
    return red.reduceDispatch('std', this, axis, keepdims);
  }
  argmax(axis?: null, keepdims?: false): number;
  argmax(axis: number | null, keepdims?: boolean): NDArray;
  argmax(axis?: number | null, keepdims = false): number | NDArray {
    return red.argDispatch('argmax', this, axis, keepdims);
  }
  argmin(axis?: null, keepdims?: false): number;
  argmin(axis: number | null, keepdims?: boolean): NDArray;
  argmin(axis?: number | null, keepdims = false): number | NDArray {
    return red.argDispatch('argmin', this, axis, keepdims);
  }

  // ---- products ----
  dot(other: ArrayLike): NDArray {
    return linalg.dot(this, other);
  }
  matmul(other: ArrayLike): NDArray {
    return linalg.matmul(this, other);
  }

  // ---- indexing ----
  /** Element at a (possibly negative) multi-index: `a.get(0, 1)` is numpy's `a[0, 1]`. */
  get(...index: number[]): number {
    return this.data[idx.flatIndex(this, index)]!;
  }
  /** Sets the element at `index`: `a.set([0, 1], 5)` is numpy's `a[0, 1] = 5`. */
  set(index: readonly number[], value: number): this {
    this.data[idx.flatIndex(this, index)] = storable(this.dtype, value);
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
  putMask(mask: NDArray, value: number): this {
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
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatArray(this);
  }
}

function flattenShapeArgs(args: number[] | [Shape]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as Shape)];
  return args as number[];
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
      return data instanceof Float32Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'uint8':
    case 'bool':
      return data instanceof Uint8Array;
  }
}
