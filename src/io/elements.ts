/**
 * Raw element codec shared by the .npy and safetensors readers and writers, which store the same
 * element types under different names: sizes, the scratchnet dtype each is read as, decoding with
 * byte-order handling and exact-or-refuse reading of 64-bit integers, and little-endian writing.
 * Works on bytes only, so it runs unchanged in a browser.
 */
import type { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { DType, TypedArray } from '../ndarray/dtype.js';
import { halfBitsToNumber, numberToHalfBits } from '../ndarray/half.js';

/**
 * A stored element type, in numpy's kind+size spelling (`bf16` is bfloat16, which numpy lacks).
 * Byte order is given separately.
 */
export type ElementKind = 'f2' | 'bf16' | 'f4' | 'f8' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8' | 'b1';

/** Bytes per element of each stored type. */
export const ELEMENT_SIZE: Readonly<Record<ElementKind, number>> = {
  f2: 2,
  bf16: 2,
  f4: 4,
  f8: 8,
  i1: 1,
  i2: 2,
  i4: 4,
  i8: 8,
  u1: 1,
  u2: 2,
  u4: 4,
  u8: 8,
  b1: 1,
};

/**
 * The scratchnet dtype each stored type is read as: the narrowest that holds it exactly. int64 (numpy's
 * default integer, so every label array a Python user saves), uint32 and uint64 read as float64,
 * which holds every integer up to 2^53 exactly; the dtype never depends on the values.
 */
export const ELEMENT_DTYPE: Readonly<Record<ElementKind, DType>> = {
  f2: 'float16',
  bf16: 'float32',
  f4: 'float32',
  f8: 'float64',
  i1: 'int32',
  i2: 'int32',
  i4: 'int32',
  i8: 'float64',
  u1: 'uint8',
  u2: 'int32',
  u4: 'float64',
  u8: 'float64',
  b1: 'bool',
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Copies `bytes[start, end)` into a fresh buffer. Never `bytes.slice()`: on a Node Buffer that is
 * a view, and typed arrays over a view's `.buffer` read the wrong bytes (or fail on alignment).
 */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Decodes `count` elements of `kind` stored from `bytes[start]` in the given byte order into a new
 * typed array of `ELEMENT_DTYPE[kind]`. The caller has checked that the bytes are there. Calls
 * `fail(problem)` and throws what it returns when a 64-bit value is beyond 2^53 in magnitude, where
 * float64 would round it. Any alignment of `start` works: the bytes are copied first.
 */
export function decodeElements(
  bytes: Uint8Array,
  start: number,
  count: number,
  kind: ElementKind,
  littleEndian: boolean,
  fail: (problem: string) => ScratchnetError,
): TypedArray {
  const size = ELEMENT_SIZE[kind];
  const raw = copyBytes(bytes, start, start + count * size);
  // Swapping the copy to host order lets every type below take the plain typed-array path.
  if (size > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(raw, size);
  const buffer = raw.buffer;
  switch (kind) {
    case 'f4':
      return new Float32Array(buffer);
    case 'f8':
      return new Float64Array(buffer);
    case 'i4':
      return new Int32Array(buffer);
    case 'u1':
      return raw;
    case 'b1':
      // scratchnet's bool storage must hold only 0 and 1 (masks compare by value).
      for (let i = 0; i < raw.length; i++) if (raw[i]! > 1) raw[i] = 1;
      return raw;
    case 'i1':
      return new Int32Array(new Int8Array(buffer));
    case 'i2':
      return new Int32Array(new Int16Array(buffer));
    case 'u2':
      return new Int32Array(new Uint16Array(buffer));
    case 'u4':
      return new Float64Array(new Uint32Array(buffer));
    case 'i8':
    case 'u8':
      return decodeInt64(raw, count, kind === 'i8', fail);
    case 'f2': {
      // float16 arrays hold their values in a Float32Array (every half is a float32 exactly).
      const halves = new Uint16Array(buffer);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfBitsToNumber(halves[i]!);
      return out;
    }
    case 'bf16': {
      // bfloat16 is the top half of a float32, so widening is a shift (NaN payloads included).
      const halves = new Uint16Array(buffer);
      const words = new Uint32Array(count);
      for (let i = 0; i < count; i++) words[i] = halves[i]! << 16;
      return new Float32Array(words.buffer);
    }
  }
}

/**
 * 64-bit integers (already in host order) as float64, exact: a value beyond 2^53 in magnitude, where
 * float64 would round it, is refused (2^53 itself is exact). The high word alone decides, so the
 * loop stays on 32-bit words; only a refused value is rebuilt as a BigInt for the message.
 */
function decodeInt64(
  raw: Uint8Array,
  count: number,
  signed: boolean,
  fail: (problem: string) => ScratchnetError,
): Float64Array {
  const words = signed ? new Int32Array(raw.buffer) : new Uint32Array(raw.buffer);
  const unsigned = new Uint32Array(raw.buffer);
  const lo = HOST_LITTLE_ENDIAN ? 0 : 1;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const low = unsigned[2 * i + lo]!;
    const high = words[2 * i + 1 - lo]!;
    // v = high·2^32 + low lies in [-2^53, 2^53] exactly when high >= -2^21 and high·2^32 + low <= 2^53.
    if (high < -HIGH_LIMIT || high > HIGH_LIMIT || (high === HIGH_LIMIT && low !== 0)) {
      const value = (BigInt(high) << 32n) | BigInt(low);
      throw fail(tooBig(i, value, signed ? 'int64' : 'uint64'));
    }
    out[i] = high * 2 ** 32 + low;
  }
  return out;
}

/** The high word of 2^53. */
const HIGH_LIMIT = 2 ** 21;

function tooBig(index: number, value: bigint, type: string): string {
  return (
    `element ${index} is ${value}, beyond ±2^53: scratchnet reads ${type} as float64, which holds integers ` +
    'exactly only up to 2^53 in magnitude'
  );
}

/**
 * The elements of `array` as a file stores them: its data, except that float16 (held in a
 * Float32Array) is packed into 16-bit patterns, 2 bytes an element.
 */
export function storedElements(array: NDArray): TypedArray | Uint16Array {
  if (array.dtype !== 'float16') return array.data;
  const halves = new Uint16Array(array.size);
  for (let i = 0; i < halves.length; i++) halves[i] = numberToHalfBits(array.data[i]!);
  return halves;
}

/**
 * Writes the elements of `data` little-endian into `out` at `offset` (bool and uint8 as bytes).
 * `out` must have room for `data.byteLength` bytes.
 */
export function writeLittleEndian(data: TypedArray | Uint16Array, out: Uint8Array, offset: number): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(bytes, offset);
  if (!HOST_LITTLE_ENDIAN && data.BYTES_PER_ELEMENT > 1) {
    swapBytes(out.subarray(offset, offset + data.byteLength), data.BYTES_PER_ELEMENT);
  }
}

/** Sets an own enumerable property, so that a key such as `__proto__` is data, not a prototype. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The elements read in file order with `shape` in C order, or `shape` in Fortran order. */
export function toCOrder(data: TypedArray, shape: readonly number[], dtype: DType, fortranOrder: boolean): NDArray {
  if (!fortranOrder || shape.length < 2) return new NDArray(data, shape, dtype);
  // Column-major data of shape s is the row-major data of its transpose, of shape reversed(s).
  return new NDArray(data, [...shape].reverse(), dtype).T;
}
