/**
 * Argument checks for the public API's boundaries (layers, networks, the Trainer, the file codecs):
 * each names the function and the argument in its ScratchnetError. Kernels and inner loops never call
 * these; they trust what the boundary let through.
 */
import { ScratchnetError } from './errors.js';
import { NDArray } from './ndarray/ndarray.js';
import { array, arrayArg } from './ndarray/create.js';
import type { ArrayLike as ArrayInput } from './ndarray/ndarray.js';
import { formatShape } from './ndarray/shape.js';

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JS array';
  if (value instanceof NDArray) return `an NDArray of dtype ${value.dtype}`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, 40))}`
    : `${typeof value} ${String(value)}`;
}

/** `value` must be an NDArray: `BAD_ARGUMENT` naming `where` and `name` otherwise. */
export function checkArray(value: unknown, name: string, where: string): asserts value is NDArray {
  if (!(value instanceof NDArray)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be an NDArray (make one with array([...])), got ${kind(value)}`,
    );
  }
}

/** `value` must be a float32 or float64 NDArray: `BAD_DTYPE` for another dtype. */
export function checkFloatArray(value: unknown, name: string, where: string): asserts value is NDArray {
  checkArray(value, name, where);
  if (value.dtype !== 'float32' && value.dtype !== 'float64') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: ${name} must be float32 or float64, got ${value.dtype} (convert with .astype('float64'))`,
    );
  }
}

/** `value` must be 'float32' or 'float64'. */
export function checkFloatDType(value: unknown, name: string, where: string): void {
  if (value !== 'float32' && value !== 'float64') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: ${name} must be 'float32' or 'float64', got ${JSON.stringify(value)}`,
    );
  }
}

/** `value` must be a Uint8Array (a Node Buffer is one): what every decoder reads. */
export function checkBytes(value: unknown, name: string, where: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be a Uint8Array of file bytes, got ${kind(value)}`,
    );
  }
}

/** `value` must be a function. */
export function checkFunction(value: unknown, name: string, where: string): void {
  if (typeof value !== 'function')
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be a function, got ${kind(value)}`);
}

/** `value` must be a number (NaN and infinities included unless `finite`). */
export function checkNumber(value: unknown, name: string, where: string, finite = false): asserts value is number {
  if (typeof value !== 'number' || (finite && !Number.isFinite(value))) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be a ${finite ? 'finite ' : ''}number, got ${kind(value)}`,
    );
  }
}

/**
 * An options object may hold only the `known` names, so that a misspelt option from plain JavaScript
 * (`hiddenSize` for `hiddenSizes`) fails loudly instead of silently taking the default.
 */
export function checkKnownOptions(options: unknown, known: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: options must be an object, got ${kind(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: unknown option "${key}" (known: ${known.join(', ')})`);
  }
}

/**
 * Every element of `a` must be finite: a NaN or infinity in training data poisons every weight it
 * touches, and the loss only says so iterations later. Names the row and column (for 2-D and up, the
 * position within the row).
 */
export function checkFinite(a: NDArray, name: string, where: string): void {
  const data = a.data;
  // Integers and booleans are always finite; a branch-free pass clears float data, and only data that
  // fails it is searched element by element for the message.
  if (!(data instanceof Float32Array || data instanceof Float64Array) || allFinite(data)) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const run = a.ndim > 1 ? a.size / a.shape[0]! : 1;
      const at = a.ndim > 1 ? `row ${Math.floor(i / run)}, element ${i % run}` : `element ${i}`;
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} holds ${v} at ${at}; inputs must be finite numbers`);
    }
  }
}

/**
 * Whether every value is finite, without a branch per value: v·0 is 0 for a finite v and NaN for
 * NaN or ±Infinity, and a NaN survives any sum. Four independent sums keep the CPU's adders busy
 * (about 3x faster than a test per value).
 */
function allFinite(d: Float32Array | Float64Array): boolean {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  const whole = d.length - (d.length % 4);
  for (let i = 0; i < whole; i += 4) {
    s0 += d[i]! * 0;
    s1 += d[i + 1]! * 0;
    s2 += d[i + 2]! * 0;
    s3 += d[i + 3]! * 0;
  }
  for (let i = whole; i < d.length; i++) s0 += d[i]! * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/** How a message names a value of the wrong kind: 'null', 'a JS array', 'the string "x"', 'number 3'. */
export function describeKind(value: unknown): string {
  return kind(value);
}

/**
 * An array-like argument (an NDArray, a number, a boolean, a nested list or a typed array) as an
 * NDArray, as numpy's functions take them; an NDArray is returned as it is. A value that makes no
 * array is refused with the error `array()` gives, prefixed by `where` and `name`.
 */
export function toArrayArgument(value: unknown, name: string, where: string): NDArray {
  if (value instanceof NDArray) return value;
  const arrayLike =
    typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) || ArrayBuffer.isView(value);
  if (!arrayLike) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be an NDArray, a number or a (nested) list of numbers, got ${kind(value)}`,
    );
  }
  try {
    return array(value as ArrayInput);
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${where}: ${name}: ${error.message}`);
    throw error;
  }
}

/**
 * `value` must be a float NDArray, float16 included: `BAD_DTYPE` for another dtype. For the layers,
 * which compute float16 input in float32 and round their results to float16.
 */
export function checkFloatingArray(value: unknown, name: string, where: string): asserts value is NDArray {
  checkArray(value, name, where);
  if (value.dtype !== 'float32' && value.dtype !== 'float64' && value.dtype !== 'float16') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: ${name} must be float64, float32 or float16, got ${value.dtype} (convert with .astype('float64'))`,
    );
  }
}

/** How an argument's value reads in a message: `a JS array`, `the string "x"`, `1.5`, `true`, `null`. */
export function describeValue(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : kind(value);
}

/**
 * `value` must be an integer (a number without a fraction; NaN and infinities are not), and at least
 * `min` when given: `BAD_ARGUMENT` naming `where` and `name` otherwise.
 */
export function checkInteger(value: unknown, name: string, where: string, min?: number): asserts value is number {
  if (!Number.isInteger(value) || (min !== undefined && (value as number) < min)) {
    const bound = min === undefined ? '' : ` >= ${min}`;
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be an integer${bound}, got ${kind(value)}`);
  }
}

/** `value` must be true or false (not a truthy number or string). */
export function checkBoolean(value: unknown, name: string, where: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be true or false, got ${kind(value)}`);
  }
}

/** `value` must be a string. */
export function checkString(value: unknown, name: string, where: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be a string, got ${kind(value)}`);
  }
}

/** `value` must be one of `allowed` (`code` BAD_DTYPE for a dtype name, say). */
export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
  where: string,
  code: 'BAD_ARGUMENT' | 'BAD_DTYPE' = 'BAD_ARGUMENT',
): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new ScratchnetError(
      code,
      `${where}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${kind(value)}`,
    );
  }
}

/**
 * Runs `fn`, re-throwing a ScratchnetError from within it with `where` in front of its message
 * (unless it already starts with it): a public function built on others then names itself in every
 * refusal, as the wrong-kind rule asks, at the cost of one try per call, not per element.
 */
export function namedErrors<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ScratchnetError) || error.message.startsWith(where)) throw error;
    throw new ScratchnetError(error.code, `${where}: ${error.message}`);
  }
}

/**
 * A shape: one non-negative integer (numpy's `zeros(3)`) or a list of them. Returns it as a list;
 * `BAD_ARGUMENT` naming `where` and `name` for anything else.
 */
export function checkShape(value: unknown, name: string, where: string): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (Array.isArray(list) && allLengths(list)) return list as number[];
  const numbers = Array.isArray(list) && list.every((d) => typeof d === 'number');
  throw new ScratchnetError(
    'BAD_ARGUMENT',
    numbers
      ? `${where}: ${name} ${formatShape(list)} must contain non-negative integers`
      : `${where}: ${name} must be a non-negative integer or a list of them, such as [2, 3], got ${kind(value)}`,
  );
}

/** Whether every item is a non-negative integer (a loop: every array constructed passes here). */
function allLengths(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (!Number.isInteger(d) || (d as number) < 0) return false;
  }
  return true;
}

/**
 * The NDArray behind an array-like argument: an NDArray as it is, anything `array()` takes (a
 * number, a boolean, a nested list, a typed array) converted, as numpy's functions take lists.
 * Anything else, or a ragged list, is a ScratchnetError naming `where` and `name`
 * (`dot: b must be an array-like ...`, `mul: b: an inhomogeneous nested array ...`).
 */
export function asArrayArg(value: unknown, name: string, where: string): NDArray {
  return arrayArg(value, where, name);
}

/**
 * A list of numbers as numpy reads one: an NDArray of any shape (its elements in row-major order, as
 * `np.histogram` flattens), a JS array of numbers, or a typed array. Anything else is `BAD_ARGUMENT`
 * naming `where` and `name`: an NDArray has no `length`, so code reading it as an ArrayLike would see
 * an empty list. Returns the elements without copying.
 */
export function checkNumberList(value: unknown, name: string, where: string): ArrayLike<number> {
  if (value instanceof NDArray) return value.data;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !isBigIntArray(value))
    return value as unknown as ArrayLike<number>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  throw new ScratchnetError(
    'BAD_ARGUMENT',
    `${where}: ${name} must be an NDArray, a list of numbers or a typed array, got ${listKind(value)}`,
  );
}

function isBigIntArray(value: ArrayBufferView): boolean {
  return value instanceof BigInt64Array || value instanceof BigUint64Array;
}

function listKind(value: unknown): string {
  if (!Array.isArray(value)) return kind(value);
  const bad = value.findIndex((v) => typeof v !== 'number');
  return `a JS array whose element ${bad} is ${kind(value[bad])}`;
}

/** `value` must be a plain object (not null, not a list, not an NDArray): a record or a structure of fields. */
export function checkObject(value: unknown, name: string, where: string): asserts value is Record<string, unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof NDArray ||
    ArrayBuffer.isView(value)
  ) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be an object, got ${kind(value)}`);
  }
}

let namedDepth = 0;

/**
 * Runs the body of the public function `where`, so that a ScratchnetError from deeper down (a file's
 * decoder, a shared check) names the function the caller called: its message gets `where: ` in front
 * unless it names it already. Only the outermost call renames, so nested public calls name the one
 * the caller made.
 */
export function named<T>(where: string, body: () => T): T {
  namedDepth++;
  try {
    return body();
  } catch (error) {
    if (namedDepth === 1 && error instanceof ScratchnetError && !error.message.includes(where))
      throw new ScratchnetError(error.code, `${where}: ${error.message}`);
    throw error;
  } finally {
    namedDepth--;
  }
}

/** `value` must be a JS list (its elements are checked where they are used). */
export function checkList(value: unknown, name: string, where: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value))
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${name} must be a list, got ${kind(value)}`);
}

/** `value` must be a list of two finite numbers, such as an interval `[lo, hi]`. */
export function checkPair(value: unknown, name: string, where: string): asserts value is readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isFinite(v))) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must be a list of two finite numbers, got ${kind(value)}`,
    );
  }
}

/** `value` must be a dataset `{ x, t }` of two NDArrays (samples along axis 0 of both). */
export function checkDataset(value: unknown, name: string, where: string): asserts value is { x: NDArray; t: NDArray } {
  checkObject(value, name, where);
  checkArray(value.x, `${name}.x`, where);
  checkArray(value.t, `${name}.t`, where);
}

/** `value` must be an object in which every name of `fields` is present (not undefined). */
export function checkFields(value: unknown, fields: readonly string[], name: string, where: string): void {
  checkObject(value, name, where);
  const missing = fields.filter((f) => value[f] === undefined);
  if (missing.length > 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} must have ${fields.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
    );
  }
}

/** `value` must be a list of objects, each with every name of `fields` (see `checkFields`). */
export function checkObjectList(value: unknown, fields: readonly string[], name: string, where: string): void {
  checkList(value, name, where);
  value.forEach((item, i) => checkFields(item, fields, `${name}[${i}]`, where));
}
