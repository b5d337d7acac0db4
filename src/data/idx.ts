/**
 * The IDX format of the MNIST files (http://yann.lecun.com/exdb/mnist/): two zero bytes, a type
 * code, a dimension count, big-endian uint32 dimensions, then the elements, big-endian, row-major.
 * Works on bytes only, so it runs unchanged in a browser.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { DType, TypedArray } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray, checkBytes, checkKnownOptions, checkString, named } from '../validate.js';

/** The element types an IDX file can declare. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** What the header of an IDX file says. */
export interface IdxHeader {
  /** The element type the file declares. */
  type: IdxType;
  /** The dimensions, outermost first. */
  shape: number[];
  /** Where the elements start (4 + 4 × the number of dimensions). */
  dataOffset: number;
}

interface TypeInfo {
  type: IdxType;
  code: number;
  bytes: number;
  /** The scratchnet dtype that holds it: int8 and int16 widen to int32, which holds them exactly. */
  dtype: DType;
  min: number;
  max: number;
}

const TYPES: readonly TypeInfo[] = [
  { type: 'uint8', code: 0x08, bytes: 1, dtype: 'uint8', min: 0, max: 255 },
  { type: 'int8', code: 0x09, bytes: 1, dtype: 'int32', min: -128, max: 127 },
  { type: 'int16', code: 0x0b, bytes: 2, dtype: 'int32', min: -32768, max: 32767 },
  { type: 'int32', code: 0x0c, bytes: 4, dtype: 'int32', min: -2147483648, max: 2147483647 },
  { type: 'float32', code: 0x0d, bytes: 4, dtype: 'float32', min: -Infinity, max: Infinity },
  { type: 'float64', code: 0x0e, bytes: 8, dtype: 'float64', min: -Infinity, max: Infinity },
];

const BY_CODE = new Map(TYPES.map((t) => [t.code, t]));
const BY_TYPE = new Map(TYPES.map((t) => [t.type, t]));

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function bytesText(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

function badFile(name: string, problem: string): ScratchnetError {
  return new ScratchnetError('BAD_FILE', `${name}: not a valid IDX file: ${problem}`);
}

/**
 * Reads and checks the header of an IDX file without touching the elements. Throws
 * ScratchnetError `BAD_FILE` (naming `name`, the problem and its byte offset) on a truncated
 * header, wrong magic, an unknown type code, or a data section whose length does not match the
 * dimensions.
 */
export function readIdxHeader(bytes: Uint8Array, name = '<bytes>'): IdxHeader {
  return named('readIdxHeader', () => {
    checkString(name, 'name', 'readIdxHeader');
    checkBytes(bytes, 'bytes', 'readIdx');
    if (bytes.length < 4) {
      throw badFile(name, `truncated header: the 4-byte magic number at offset 0 needs 4 bytes, got ${bytes.length}`);
    }
    if (bytes[0] !== 0 || bytes[1] !== 0) {
      // A gzip stream starts 1f 8b: the MNIST downloads are gzipped and easy to forget to unpack.
      const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (this looks like a gzip file: decompress it first)' : '';
      throw badFile(
        name,
        `wrong magic at offset 0: expected 0x00 0x00, got ${hex(bytes[0]!)} ${hex(bytes[1]!)}${gzip}`,
      );
    }
    const info = BY_CODE.get(bytes[2]!);
    if (info === undefined) {
      throw badFile(
        name,
        `unknown dtype code ${hex(bytes[2]!)} at offset 2 (known: ${TYPES.map((t) => `${hex(t.code)} ${t.type}`).join(', ')})`,
      );
    }
    const ndim = bytes[3]!;
    const dataOffset = 4 + 4 * ndim;
    if (bytes.length < dataOffset) {
      const missing = 4 + 4 * Math.floor((bytes.length - 4) / 4);
      throw badFile(
        name,
        `truncated header: ${ndim} dimensions need a ${dataOffset}-byte header, got ${bytes.length} bytes (dimension ${(missing - 4) / 4} at offset ${missing} is cut off)`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shape: number[] = [];
    for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
    // Compare sizes in doubles before allocating anything: a corrupt header may claim 10^12 elements,
    // and the product of dims can only overflow to Infinity, which never equals a real length.
    const needed = shape.reduce((p, d) => p * d, 1) * info.bytes;
    const actual = bytes.length - dataOffset;
    if (needed !== actual) {
      const diff = actual > needed ? `${bytesText(actual - needed)} too many` : `${bytesText(needed - actual)} too few`;
      throw badFile(
        name,
        `data length mismatch at offset ${dataOffset}: shape ${formatShape(shape)} of ${info.type} needs ${needed} bytes, but ${actual} follow the header (${diff})`,
      );
    }
    return { type: info.type, shape, dataOffset };
  });
}

/**
 * Parses an IDX file (the format of the MNIST files) held in `bytes` into a new array (the bytes
 * are copied, never shared). uint8 stays uint8, int8/int16/int32 become int32, float32 and
 * float64 stay themselves. `name` (a file name) goes into error messages. Throws ScratchnetError
 * `BAD_FILE` on any malformed input, before allocating the elements.
 *
 * @example
 * const images = readIdx(bytes, 'train-images-idx3-ubyte'); // shape (60000, 28, 28), uint8
 */
export function readIdx(bytes: Uint8Array, name = '<bytes>'): NDArray {
  return named('readIdx', () => {
    checkString(name, 'name', 'readIdx');
    return parseIdx(bytes, name, false);
  });
}

/**
 * `readIdx`, where `keepBytes` lets uint8 elements stay a view of `bytes` instead of a copy: for a
 * caller that owns the bytes (a file it has just read), saving a second pass over fresh memory.
 */
export function parseIdx(bytes: Uint8Array, name: string, keepBytes: boolean): NDArray {
  const header = readIdxHeader(bytes, name);
  const info = BY_TYPE.get(header.type)!;
  const start = header.dataOffset;
  const count = (bytes.length - start) / info.bytes;
  if (info.type === 'uint8') {
    // A copy unless the caller owns `bytes`: on a Node Buffer, `slice()` is a view sharing the file's memory.
    const elements = keepBytes ? bytes.subarray(start) : new Uint8Array(bytes.subarray(start));
    return new NDArray(elements, header.shape, 'uint8');
  }
  if (info.type === 'int8') {
    const out = new Int32Array(count);
    out.set(new Int8Array(bytes.buffer, bytes.byteOffset + start, count));
    return new NDArray(out, header.shape, 'int32');
  }
  // DataView reads big-endian on any host and at any alignment (a Node Buffer is often unaligned).
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * info.bytes);
  let out: TypedArray;
  switch (info.type) {
    case 'int16': {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt16(2 * i, false);
      out = a;
      break;
    }
    case 'int32': {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt32(4 * i, false);
      out = a;
      break;
    }
    case 'float32': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat32(4 * i, false);
      out = a;
      break;
    }
    default: {
      const a = new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat64(8 * i, false);
      out = a;
    }
  }
  return new NDArray(out, header.shape, info.dtype);
}

/** Options of `writeIdx`. */
export interface WriteIdxOptions {
  /**
   * The element type to write. Defaults to the array's own: uint8 (and bool) as uint8, int32 as
   * int32, float32 as float32, float64 as float64. Pass int8 or int16 to write smaller integers.
   */
  type?: IdxType;
}

/**
 * Serialises `array` as an IDX file (the inverse of `readIdx`). Throws ScratchnetError
 * `BAD_ARGUMENT` when a value does not fit the chosen integer type or there are more than 255
 * dimensions.
 */
export function writeIdx(array: NDArray, options: WriteIdxOptions = {}): Uint8Array {
  return named('writeIdx', () => {
    checkKnownOptions(options, ['type'], 'writeIdx');
    checkArray(array, 'array', 'writeIdx');
    const type = options.type ?? defaultType(array.dtype);
    const info = BY_TYPE.get(type);
    if (info === undefined) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `writeIdx: unknown IDX type ${JSON.stringify(type)} (known: ${TYPES.map((t) => t.type).join(', ')})`,
      );
    }
    if (array.ndim > 255) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `writeIdx: IDX holds at most 255 dimensions, the array has ${array.ndim}`,
      );
    }
    const src = array.data;
    if (info.min !== -Infinity) {
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        if (!Number.isInteger(v) || v < info.min || v > info.max) {
          throw new ScratchnetError(
            'BAD_ARGUMENT',
            `writeIdx: element ${i} (${v}) does not fit IDX type ${type} [${info.min}, ${info.max}]`,
          );
        }
      }
    }
    const dataOffset = 4 + 4 * array.ndim;
    const out = new Uint8Array(dataOffset + src.length * info.bytes);
    const view = new DataView(out.buffer);
    out[2] = info.code;
    out[3] = array.ndim;
    array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
    switch (type) {
      case 'uint8':
        out.set(src, dataOffset);
        break;
      case 'int8':
        for (let i = 0; i < src.length; i++) view.setInt8(dataOffset + i, src[i]!);
        break;
      case 'int16':
        for (let i = 0; i < src.length; i++) view.setInt16(dataOffset + 2 * i, src[i]!, false);
        break;
      case 'int32':
        for (let i = 0; i < src.length; i++) view.setInt32(dataOffset + 4 * i, src[i]!, false);
        break;
      case 'float32':
        for (let i = 0; i < src.length; i++) view.setFloat32(dataOffset + 4 * i, src[i]!, false);
        break;
      case 'float64':
        for (let i = 0; i < src.length; i++) view.setFloat64(dataOffset + 8 * i, src[i]!, false);
        break;
    }
    return out;
  });
}

function defaultType(dtype: DType): IdxType {
  // IDX has no half type: float16 values are float32 values exactly.
  if (dtype === 'float16') return 'float32';
  return dtype === 'bool' ? 'uint8' : dtype;
}
