/**
 * numpy element data for the pickle machine: dtype strings (`<f8`), array elements and scalars
 * decoded from raw bytes in either byte order, with 64-bit integers narrowed only when exact.
 */
import type { DType, TypedArray } from '../../ndarray/dtype.js';
import { bigintToValue } from './text.js';
import { DTypeSpec, type NumpyKind } from './values.js';

const TWO_32 = 4294967296;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Where an array's data comes from, for error messages. */
export interface ArraySource {
  raw: Uint8Array;
  dtype: DTypeSpec;
  shape: number[];
  fortran: boolean;
}

/**
 * The elements of `raw` as a scratchnet array. int8/int16/uint16 widen to int32; int64, uint32
 * and uint64 become int32 when every value fits, float64 when every value is exactly
 * representable there (|v| ≤ 2^53), and an error otherwise, so no value is ever silently changed.
 */
export function decodeElements(
  raw: Uint8Array,
  dt: DTypeSpec,
  count: number,
  badDtype: (message: string) => never,
): { data: TypedArray; dtype: DType } {
  const little = dt.order !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // A copy at offset 0 is aligned for any typed array, and on a little-endian host it already is the answer.
  const direct = little && HOST_LITTLE_ENDIAN;
  switch (`${dt.kind}${dt.size}`) {
    case 'f8': {
      if (direct) return { data: new Float64Array(raw.slice().buffer), dtype: 'float64' };
      const a = new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat64(8 * i, little);
      return { data: a, dtype: 'float64' };
    }
    case 'f4': {
      if (direct) return { data: new Float32Array(raw.slice().buffer), dtype: 'float32' };
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat32(4 * i, little);
      return { data: a, dtype: 'float32' };
    }
    case 'f2': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = halfToFloat(view.getUint16(2 * i, little));
      return { data: a, dtype: 'float32' };
    }
    case 'i4': {
      if (direct) return { data: new Int32Array(raw.slice().buffer), dtype: 'int32' };
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt32(4 * i, little);
      return { data: a, dtype: 'int32' };
    }
    case 'i2':
    case 'u2': {
      const a = new Int32Array(count);
      if (dt.kind === 'i') for (let i = 0; i < count; i++) a[i] = view.getInt16(2 * i, little);
      else for (let i = 0; i < count; i++) a[i] = view.getUint16(2 * i, little);
      return { data: a, dtype: 'int32' };
    }
    case 'i1': {
      const a = new Int32Array(count);
      a.set(new Int8Array(raw.buffer, raw.byteOffset, count));
      return { data: a, dtype: 'int32' };
    }
    case 'u1':
      return { data: raw.slice(), dtype: 'uint8' };
    case 'b1': {
      const a = new Uint8Array(count);
      // scratchnet's bool storage must hold only 0 and 1; numpy reads any nonzero byte as True.
      for (let i = 0; i < count; i++) a[i] = raw[i] !== 0 ? 1 : 0;
      return { data: a, dtype: 'bool' };
    }
    case 'u4': {
      let fits = true;
      for (let i = 0; i < count && fits; i++) fits = view.getUint32(4 * i, little) <= 0x7fffffff;
      const a = fits ? new Int32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getUint32(4 * i, little);
      return { data: a, dtype: fits ? 'int32' : 'float64' };
    }
    default:
      return decodeInt64(view, dt, count, little, badDtype);
  }
}

/**
 * int64 and uint64 elements: int32 when every value fits, float64 when every value is exact there,
 * refused otherwise. The high word alone decides both.
 */
function decodeInt64(
  view: DataView,
  dt: DTypeSpec,
  count: number,
  little: boolean,
  badDtype: (message: string) => never,
): { data: TypedArray; dtype: DType } {
  const signed = dt.kind === 'i';
  const lowAt = little ? 0 : 4;
  const highAt = little ? 4 : 0;
  let fitsInt32 = true;
  for (let i = 0; i < count; i++) {
    const lo = view.getUint32(8 * i + lowAt, little);
    const hi = signed ? view.getInt32(8 * i + highAt, little) : view.getUint32(8 * i + highAt, little);
    if (!((hi === 0 && lo <= 0x7fffffff) || (hi === -1 && lo > 0x7fffffff))) fitsInt32 = false;
    if (hi < -0x200000 || hi > 0x1fffff) {
      const exact = signed ? view.getBigInt64(8 * i, little) : view.getBigUint64(8 * i, little);
      badDtype(
        `element ${i} of the ${dt.str} array is ${exact}, which neither int32 nor float64 holds exactly (|v| must be at most 2^53)`,
      );
    }
  }
  const a = fitsInt32 ? new Int32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const lo = view.getUint32(8 * i + lowAt, little);
    const hi = signed ? view.getInt32(8 * i + highAt, little) : view.getUint32(8 * i + highAt, little);
    a[i] = hi * TWO_32 + lo;
  }
  return { data: a, dtype: fitsInt32 ? 'int32' : 'float64' };
}

/** One numpy scalar (`np.float64(1.5)`) from its raw bytes. */
export function decodeScalar(raw: Uint8Array, dt: DTypeSpec): number | bigint | boolean {
  const little = dt.order !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (`${dt.kind}${dt.size}`) {
    case 'b1':
      return raw[0] !== 0;
    case 'f2':
      return halfToFloat(view.getUint16(0, little));
    case 'f4':
      return view.getFloat32(0, little);
    case 'f8':
      return view.getFloat64(0, little);
    case 'i1':
      return view.getInt8(0);
    case 'u1':
      return raw[0]!;
    case 'i2':
      return view.getInt16(0, little);
    case 'u2':
      return view.getUint16(0, little);
    case 'i4':
      return view.getInt32(0, little);
    case 'u4':
      return view.getUint32(0, little);
    case 'i8':
      return bigintToValue(view.getBigInt64(0, little));
    default:
      return bigintToValue(view.getBigUint64(0, little));
  }
}

/** For messages: the dtypes readPickle reads. */
export const SUPPORTED_DTYPES = 'bool (b1), int8-64 (i1-i8), uint8-64 (u1-u8), float16/32/64 (f2, f4, f8)';

/** A numpy type string (`<f8`, `|b1`, `?`) as a DTypeSpec, or null when scratchnet does not read it. */
export function parseTypestr(text: string): DTypeSpec | null {
  const m = /^([<>|=]?)([a-z?])(\d*)$/.exec(text);
  if (m === null) return null;
  let kind = m[2]!;
  let size = m[3] === '' ? NaN : Number(m[3]);
  if (kind === '?' && m[3] === '') {
    kind = 'b';
    size = 1;
  }
  const ok =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && (size === 1 || size === 2 || size === 4 || size === 8)) ||
    (kind === 'b' && size === 1);
  if (!ok) return null;
  const order = size === 1 ? '|' : m[1] === '>' ? '>' : '<';
  return new DTypeSpec(kind as NumpyKind, size, order);
}
