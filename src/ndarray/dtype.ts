/**
 * Element types. float64 is the default, as in numpy; float32 is for speed; float16 halves the size
 * of stored weights (held in a Float32Array, see half.ts); int32 holds labels and indices (what
 * numpy's argmax returns); uint8 holds raw image bytes; bool holds masks.
 */
import { ScratchnetError } from '../errors.js';
import { f16round } from './half.js';

/**
 * An element type, named as in numpy: 'float64' (the default), 'float32', 'float16', 'int32',
 * 'uint8' or 'bool'.
 */
export type DType = 'float64' | 'float32' | 'float16' | 'int32' | 'uint8' | 'bool';

/**
 * The storage classes behind the dtypes (bool is stored as a Uint8Array of 0 and 1, float16 as a
 * Float32Array of values that float16 represents exactly).
 */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** The float dtypes, the ones networks and gradients work in. */
export type FloatDType = 'float64' | 'float32';

/** Every float dtype, float16 included: what float-valued results (exp, true division) may be. */
export type FloatingDType = FloatDType | 'float16';

/** Every dtype, narrowest last. */
export const DTYPES: readonly DType[] = ['float64', 'float32', 'float16', 'int32', 'uint8', 'bool'];

/** Whether `value` is one of the dtype names. */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** Whether `dtype` is float32 or float64. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float64' || dtype === 'float32';
}

/** Whether `dtype` is any float dtype, float16 included. */
export function isFloating(dtype: DType): dtype is FloatingDType {
  return dtype === 'float64' || dtype === 'float32' || dtype === 'float16';
}

/** A zeroed typed array for `size` elements of `dtype`; BAD_ARGUMENT if it cannot be allocated. */
export function allocate(dtype: DType, size: number): TypedArray {
  try {
    return allocateUnchecked(dtype, size);
  } catch (error) {
    // A RangeError: more elements than a typed array may hold, or more memory than there is.
    if (!(error instanceof RangeError)) throw error;
    throw new ScratchnetError('BAD_ARGUMENT', `cannot allocate ${size} elements of ${dtype}: ${error.message}`);
  }
}

function allocateUnchecked(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float64':
      return new Float64Array(size);
    case 'float32':
    case 'float16':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint8':
    case 'bool':
      return new Uint8Array(size);
  }
}

const RANK: Record<DType, number> = { bool: 0, uint8: 1, float16: 2, int32: 3, float32: 4, float64: 5 };

/**
 * numpy's promotion for two arrays: the wider type wins, except that int32 with float32 or float16
 * needs float64 to hold every int32 exactly (numpy does the same). bool and uint8 with float16 stay
 * float16, which holds every uint8 exactly.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (
    (a === 'int32' && (b === 'float32' || b === 'float16')) ||
    (b === 'int32' && (a === 'float32' || a === 'float16'))
  )
    return 'float64';
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * numpy 2 (NEP 50) treats a plain JS number as "weak": it adopts the array's dtype, except that a
 * fractional number meeting an integer array gives float64.
 */
export function promoteWithScalar(arrayType: DType, scalar: number): DType {
  if (isFloating(arrayType)) return arrayType;
  if (Number.isInteger(scalar)) return arrayType === 'bool' ? 'int32' : arrayType;
  return 'float64';
}

/**
 * What storing `value` in a `dtype` array writes: bool storage must hold only 0 and 1, or masks stop
 * comparing equal; float16 storage only values that float16 represents.
 */
export function storable(dtype: DType, value: number): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  return dtype === 'float16' ? f16round(value) : value;
}

/** The dtype of a float-valued result (exp, log, true division): integers become float64. */
export function floatResult(dtype: DType): FloatingDType {
  return isFloating(dtype) ? dtype : 'float64';
}
