import { ScratchnetError } from '../errors.js';
import { allocate, isDType, storable, type DType, type TypedArray } from './dtype.js';
import { kernels } from './kernels/registry.js';
import { NDArray, type ArrayLike, type NestedArray } from './ndarray.js';
import { formatShape, type Shape } from './shape.js';
import { checkInteger, checkKnownOptions, checkNumber, checkShape, describeValue } from '../validate.js';

/** The `options` argument of the creation functions. */
export interface DTypeOption {
  /** The element type of the new array (each function documents its default; usually float64). */
  dtype?: DType;
}

/**
 * Makes an array from nested JS arrays, a typed array (copied) or a number (a 0-d array).
 * JS has no integer literals, so numbers give float64 unless `dtype` says otherwise; booleans give
 * bool; a typed array keeps its own type (Int32Array gives int32, Uint8Array uint8).
 */
export function array(values: ArrayLike, options: DTypeOption = {}): NDArray {
  const dtype = dtypeOption(options, 'array');
  return fromValues(values, dtype, 'array', 'values');
}

/** Like `array`, but returns `values` itself when it is already an NDArray of the wanted dtype. */
export function asArray(values: ArrayLike, options: DTypeOption = {}): NDArray {
  const dtype = dtypeOption(options, 'asArray');
  if (values instanceof NDArray && (dtype === undefined || dtype === values.dtype)) return values;
  return fromValues(values, dtype, 'asArray', 'values');
}

/**
 * The array behind an argument `name` of the public function `where`: an NDArray as it is, anything
 * else `array()` takes converted (as numpy's functions take lists), and anything else, or a ragged
 * list, refused with an error that names `where` and `name`. One check per call, none per element.
 */
export function arrayArg(value: unknown, where: string, name: string): NDArray {
  if (value instanceof NDArray) return value;
  return fromValues(value as ArrayLike, undefined, where, name);
}

/** The dtype of a `{ dtype }` options argument, checked; undefined when it names none. */
export function dtypeOption(options: unknown, where: string): DType | undefined {
  if (options === undefined) return undefined;
  checkKnownOptions(options, ['dtype'], where);
  const { dtype } = options as DTypeOption;
  if (dtype !== undefined && !isDType(dtype)) {
    const shown = typeof dtype === 'string' ? JSON.stringify(dtype) : describeValue(dtype);
    throw new ScratchnetError('BAD_DTYPE', `${where}: unknown dtype ${shown}`);
  }
  return dtype;
}

function fromValues(values: ArrayLike, dtype: DType | undefined, where: string, name: string): NDArray {
  const isValue = typeof values === 'number' || typeof values === 'boolean' || Array.isArray(values);
  if (!isValue && !(values instanceof NDArray) && !isTypedArray(values)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be an array-like (an NDArray, a number, a boolean, a nested list of numbers or a typed array), got ${describeValue(values)}`,
    );
  }
  try {
    return convert(values, dtype);
  } catch (error) {
    // The conversion's own words ("an inhomogeneous nested array") with the caller's name.
    if (!(error instanceof ScratchnetError)) throw error;
    throw new ScratchnetError(error.code, `${where}: ${name}: ${error.message}`);
  }
}

function isTypedArray(values: unknown): values is TypedArray {
  return ArrayBuffer.isView(values) && !(values instanceof DataView);
}

function convert(values: ArrayLike, dtype: DType | undefined): NDArray {
  if (values instanceof NDArray) return dtype === undefined ? values.copy() : values.astype(dtype);
  if (ArrayBuffer.isView(values)) {
    const source = values as TypedArray;
    const fromStorage = new NDArray(source, [source.length]);
    return fromStorage.astype(dtype ?? fromStorage.dtype);
  }
  const shape = inferShape(values);
  const flat: (number | boolean)[] = [];
  flattenInto(values as NestedArray, shape, 0, flat);
  const allBool = flat.length > 0 && flat.every((v) => typeof v === 'boolean');
  const resolved = dtype ?? (allBool ? 'bool' : 'float64');
  const data = allocate(resolved, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    data[i] = storable(resolved, typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
  return new NDArray(data, shape, resolved);
}

function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  if (!Array.isArray(level) && typeof level !== 'number' && typeof level !== 'boolean') {
    throw new ScratchnetError('BAD_ARGUMENT', `nested lists must hold numbers or booleans, got ${describe(level)}`);
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: readonly number[], depth: number, out: (number | boolean)[]): void {
  if (depth === shape.length) {
    if (typeof values !== 'number' && typeof values !== 'boolean') {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `an inhomogeneous nested array: expected a number at depth ${depth} (shape ${formatShape(shape)}), got ${describe(values)}`,
      );
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `an inhomogeneous nested array: expected ${shape[depth]} items at depth ${depth} (shape ${formatShape(shape)}), got ${describe(values)}`,
    );
  }
  for (const v of values as readonly NestedArray[]) flattenInto(v, shape, depth + 1, out);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * An array of `shape` (a number for 1-D) filled with `value`; float64 unless `dtype` says otherwise.
 * Throws BAD_ARGUMENT for a bad shape or a value that is not a number or boolean.
 */
export function full(shape: Shape | number, value: number | boolean, options: DTypeOption = {}): NDArray {
  return filled(shape, value, dtypeOption(options, 'full'), 'full');
}

function filled(shape: unknown, value: unknown, dtype: DType | undefined, where: string): NDArray {
  const s = checkShape(shape, 'shape', where);
  checkFillValue(value, where);
  const out = NDArray.empty(s, dtype ?? 'float64');
  if (value !== 0) out.data.fill(storable(out.dtype, Number(value)));
  return out;
}

/** A value to fill with: a number, or a boolean (stored as 1 or 0, as numpy stores True). */
export function checkFillValue(value: unknown, where: string): asserts value is number | boolean {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: value must be a number or a boolean, got ${describe(value)}`);
  }
}

/** An array of `shape` (a number for 1-D) filled with 0; float64 unless `dtype` says otherwise. */
export function zeros(shape: Shape | number, options: DTypeOption = {}): NDArray {
  return filled(shape, 0, dtypeOption(options, 'zeros'), 'zeros');
}

/** An array of `shape` filled with 1; float64 unless `dtype` says otherwise. */
export function ones(shape: Shape | number, options: DTypeOption = {}): NDArray {
  return filled(shape, 1, dtypeOption(options, 'ones'), 'ones');
}

/** Zeros with the shape (and, unless given, the dtype) of `like` (an array or anything `array()` takes). */
export function zerosLike(like: ArrayLike, options: DTypeOption = {}): NDArray {
  return filledLike(like, 0, options, 'zerosLike');
}

/** Ones with the shape (and, unless given, the dtype) of `like`. */
export function onesLike(like: ArrayLike, options: DTypeOption = {}): NDArray {
  return filledLike(like, 1, options, 'onesLike');
}

/** `value` everywhere, with the shape (and, unless given, the dtype) of `like`. */
export function fullLike(like: ArrayLike, value: number | boolean, options: DTypeOption = {}): NDArray {
  return filledLike(like, value, options, 'fullLike');
}

function filledLike(like: unknown, value: unknown, options: unknown, where: string): NDArray {
  const x = arrayArg(like, where, 'like');
  return filled(x.shape, value, dtypeOption(options, where) ?? x.dtype, where);
}

/**
 * Evenly spaced values in [start, stop): `arange(5)`, `arange(-5, 5, 0.1)`. As in numpy, integer
 * arguments give int32 and any fractional one gives float64.
 */
export function arange(start: number, stop?: number, step = 1, options: DTypeOption = {}): NDArray {
  const dtypeGiven = dtypeOption(options, 'arange');
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  for (const [name, v] of [
    ['start', start],
    ['stop', stop],
    ['step', step],
  ] as const) {
    if (!Number.isFinite(v))
      throw new ScratchnetError('BAD_ARGUMENT', `arange: ${name} must be a finite number, got ${describeValue(v)}`);
  }
  if (step === 0) throw new ScratchnetError('BAD_ARGUMENT', 'arange: step must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const integral = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  const dtype = dtypeGiven ?? (integral ? 'int32' : 'float64');
  // Computed in float64 and rounded once, not stored to float32 first.
  if (dtype === 'float16') return arange(start, stop, step, { dtype: 'float64' }).astype('float16');
  const data = allocate(dtype, length);
  // numpy fills with the step as actually stored, (start + step) - start, not the step given:
  // the two differ in the last bit for steps such as 0.1, and so would every value.
  const delta = start + step - start;
  for (let i = 0; i < length; i++) data[i] = start + i * delta;
  if (length > 1) data[1] = start + step;
  return new NDArray(data, [length], dtype);
}

/** `num` evenly spaced values from start to stop, both included (numpy's default `endpoint=True`). */
export function linspace(start: number, stop: number, num = 50, options: DTypeOption = {}): NDArray {
  checkNumber(start, 'start', 'linspace', true);
  checkNumber(stop, 'stop', 'linspace', true);
  if (!Number.isInteger(num) || num < 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `linspace: num must be a non-negative integer, got ${describeValue(num)}`,
    );
  }
  const dtype = dtypeOption(options, 'linspace') ?? 'float64';
  if (dtype === 'float16') return linspace(start, stop, num, { dtype: 'float64' }).astype('float16');
  const data = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new NDArray(data, [num], dtype);
}

/** The n×m identity (ones on the diagonal). */
export function eye(n: number, m: number = n, options: DTypeOption = {}): NDArray {
  checkInteger(n, 'n', 'eye');
  checkInteger(m, 'm', 'eye');
  const out = filled([n, m], 0, dtypeOption(options, 'eye'), 'eye');
  for (let i = 0; i < Math.min(n, m); i++) out.data[i * m + i] = 1;
  return out;
}

/**
 * `x` moved to the kernels' own memory when they have one (the WebAssembly kernels' memory for
 * float32): long-lived arrays such as weights are then used by every kernel call without a copy.
 * Returns x itself when the kernels have no such memory.
 */
export function resident(input: ArrayLike): NDArray {
  const x = arrayArg(input, 'resident', 'x');
  const data = kernels().allocate?.(x.dtype, x.size) ?? null;
  if (data === null) return x;
  data.set(x.data);
  return new NDArray(data, x.shape, x.dtype);
}
