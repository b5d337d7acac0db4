/**
 * IEEE 754 binary16 (numpy's float16) without a Float16Array: a float16 array stores its values in
 * a Float32Array, and every operation that produces float16 rounds its result with these functions,
 * the way numpy computes half-precision arithmetic in float32 and rounds each result to half.
 * Rounding is to nearest, ties to even; values beyond the largest half (65504) round to ±Infinity;
 * subnormals (down to 2^-24) are kept, as numpy keeps them.
 */
import type { DType, TypedArray } from './dtype.js';

/**
 * From here on a value rounds to ±Infinity: halfway between the largest float16, 65504, and 65536,
 * which is even.
 */
const OVERFLOW = 65520;
/** The smallest normal float16, 2^-14; below it the step is fixed at 2^-24 (subnormals). */
const MIN_NORMAL = 2 ** -14;
const SUBNORMAL_STEP = 2 ** -24;
/** Adding and subtracting 2^52 rounds a double in [0, 2^52) to an integer, ties to even. */
const ROUND_INT = 2 ** 52;

/** 2^(10 − e) and 2^(e − 10) for the float16 exponents e = −14 … 15, indexed by e + 14. */
const SCALE_UP = Float64Array.from({ length: 30 }, (_, i) => 2 ** (10 - (i - 14)));
const SCALE_DOWN = Float64Array.from({ length: 30 }, (_, i) => 2 ** (i - 14 - 10));

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The unbiased binary exponent of a positive normal double. */
function exponentOf(a: number): number {
  f64[0] = a;
  return ((f64Words[HIGH_WORD]! >>> 20) & 0x7ff) - 1023;
}

/**
 * `x` rounded to the nearest float16 value (ties to even), returned as a number: what numpy's
 * `np.float16(x)` holds. NaN, ±Infinity and ±0 come back unchanged.
 */
export function f16round(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0) || a === Infinity) return x;
  if (a >= OVERFLOW) return x > 0 ? Infinity : -Infinity;
  // The spacing of float16 values at a's magnitude: 2^-24 for subnormals, else 2^(e − 10). Both
  // scalings are by powers of two, so exact.
  const e = a < MIN_NORMAL ? -14 : exponentOf(a);
  const rounded = (a * SCALE_UP[e + 14]! + ROUND_INT - ROUND_INT) * SCALE_DOWN[e + 14]!;
  return x < 0 ? -rounded : rounded;
}

/**
 * Rounds every element of `data` to float16 in place. The elements are float32 values, as the
 * float32 kernels write them, so this is numpy's float-to-half conversion on the bits: integer
 * arithmetic for the normal range, `f16round` for the rare subnormal results.
 */
export function roundToHalf(data: Float32Array): void {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    const magnitude = b & 0x7fffffff;
    if (magnitude >= 0x7f800000) continue; // NaN and ±Infinity
    if (magnitude >= 0x38800000) {
      // Normal in float16: keep 10 of the 23 fraction bits, ties to even; a carry moves into the
      // exponent by itself, and a result past 65504 becomes Infinity.
      const r = (magnitude + 0xfff + ((magnitude >>> 13) & 1)) & 0xffffe000;
      bits[i] = (b & 0x80000000) | (r >= 0x47800000 ? 0x7f800000 : r);
    } else if (magnitude !== 0) data[i] = f16round(data[i]!);
  }
}

/**
 * Rounds the elements of `array` to float16 when it is a float16 array, after a float32 kernel (or
 * a loop) has written float32 results into its storage; any other array is left as it is. The one
 * call every float16-producing operation makes after writing its result.
 */
export function settleHalf(array: { readonly dtype: DType; readonly data: TypedArray }): void {
  if (array.dtype === 'float16') roundToHalf(array.data as Float32Array);
}

/** The float16 value of the 16-bit pattern `h` (sign, 5 exponent bits, 10 fraction bits). */
export function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * SUBNORMAL_STEP;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * The 16-bit pattern of `x` rounded to float16 (NaN as numpy writes it, 0x7e00). Exact for the
 * values a float16 array holds; any other number is rounded first.
 */
export function numberToHalfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const v = f16round(x);
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a < MIN_NORMAL) return sign | (a / SUBNORMAL_STEP);
  const e = exponentOf(a);
  return sign | ((e + 15) << 10) | ((a / 2 ** e - 1) * 1024);
}
