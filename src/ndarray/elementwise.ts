import { ScratchnetError } from '../errors.js';
import { allocate, floatResult, isFloat, promoteTypes, promoteWithScalar, type DType } from './dtype.js';
import { asArray } from './create.js';
import { kernels } from './kernels/registry.js';
import type { BinaryOp, UnaryOp } from './kernels/types.js';
import { NDArray, type ArrayLike } from './ndarray.js';
import { broadcastShapes, formatShape, shapesEqual } from './shape.js';

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(['gt', 'ge', 'lt', 'le', 'eq', 'ne']);

/** Ops whose result is a float even for integer operands (true division, powers, like numpy). */
const FLOAT_RESULT: ReadonlySet<BinaryOp> = new Set(['div']);

const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
};

/** A weak scalar takes the array's integer dtype, so one it cannot hold would wrap silently: numpy 2 raises. */
function checkScalarFits(scalar: number, dtype: DType): void {
  const range = INT_RANGE[dtype];
  if (range && Number.isInteger(scalar) && (scalar < range[0] || scalar > range[1])) {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `the number ${scalar} is out of bounds for ${dtype} (a plain number takes the array's dtype; convert the array with astype first)`,
    );
  }
}

function resultType(op: BinaryOp, a: ArrayLike, b: ArrayLike, aArr: NDArray, bArr: NDArray): DType {
  if (COMPARISONS.has(op)) return 'bool';
  let dtype: DType;
  if (typeof a === 'number' && !(typeof b === 'number')) {
    dtype = promoteWithScalar(bArr.dtype, a);
    checkScalarFits(a, dtype);
  } else if (typeof b === 'number' && !(typeof a === 'number')) {
    dtype = promoteWithScalar(aArr.dtype, b);
    checkScalarFits(b, dtype);
  } else dtype = promoteTypes(aArr.dtype, bArr.dtype);
  if (dtype === 'bool') dtype = 'int32';
  if (FLOAT_RESULT.has(op)) return floatResult(dtype);
  // A negative power of an integer is fractional: numpy raises, we give floats instead.
  if (op === 'pow' && (dtype === 'int32' || dtype === 'uint8')) {
    const exponents = bArr.data;
    for (let i = 0; i < exponents.length; i++) if (exponents[i]! < 0) return 'float64';
  }
  return dtype;
}

function binary(op: BinaryOp, a: ArrayLike, b: ArrayLike): NDArray {
  const aArr = asArray(a);
  const bArr = asArray(b);
  const outShape = broadcastShapes(aArr.shape, bArr.shape);
  const out = NDArray.empty(outShape, resultType(op, a, b, aArr, bArr));
  kernels().binary(op, aArr.data, aArr.shape, bArr.data, bArr.shape, out.data, outShape);
  return out;
}

function unary(op: UnaryOp, x: ArrayLike, dtype: (input: DType) => DType): NDArray {
  const arr = asArray(x);
  const out = NDArray.empty(arr.shape, dtype(arr.dtype));
  kernels().unary(op, arr.data, out.data);
  return out;
}

const same = (d: DType): DType => (d === 'bool' ? 'int32' : d);
const toBool = (): DType => 'bool';

/** Elementwise a + b with numpy broadcasting. */
export const add = (a: ArrayLike, b: ArrayLike): NDArray => binary('add', a, b);
/** Elementwise a − b with numpy broadcasting. */
export const sub = (a: ArrayLike, b: ArrayLike): NDArray => binary('sub', a, b);
/** Elementwise a · b with numpy broadcasting. */
export const mul = (a: ArrayLike, b: ArrayLike): NDArray => binary('mul', a, b);
/** Elementwise true division (integer inputs give float64). */
export const div = (a: ArrayLike, b: ArrayLike): NDArray => binary('div', a, b);
/** Elementwise a ** b. */
export const pow = (a: ArrayLike, b: ArrayLike): NDArray => binary('pow', a, b);
/** Elementwise remainder with the sign of the divisor (numpy's `%`). */
export const mod = (a: ArrayLike, b: ArrayLike): NDArray => binary('mod', a, b);
/** Elementwise larger of a and b (NaN if either is NaN). */
export const maximum = (a: ArrayLike, b: ArrayLike): NDArray => binary('maximum', a, b);
/** Elementwise smaller of a and b (NaN if either is NaN). */
export const minimum = (a: ArrayLike, b: ArrayLike): NDArray => binary('minimum', a, b);
/** Mask of a > b. */
export const gt = (a: ArrayLike, b: ArrayLike): NDArray => binary('gt', a, b);
/** Mask of a >= b. */
export const ge = (a: ArrayLike, b: ArrayLike): NDArray => binary('ge', a, b);
/** Mask of a < b. */
export const lt = (a: ArrayLike, b: ArrayLike): NDArray => binary('lt', a, b);
/** Mask of a <= b. */
export const le = (a: ArrayLike, b: ArrayLike): NDArray => binary('le', a, b);
/** Mask of a == b. */
export const eq = (a: ArrayLike, b: ArrayLike): NDArray => binary('eq', a, b);
/** Mask of a != b. */
export const ne = (a: ArrayLike, b: ArrayLike): NDArray => binary('ne', a, b);

export const neg = (x: ArrayLike): NDArray => unary('neg', x, same);
export const abs = (x: ArrayLike): NDArray => unary('abs', x, same);
export const square = (x: ArrayLike): NDArray => unary('square', x, same);
export const sign = (x: ArrayLike): NDArray => unary('sign', x, same);
export const exp = (x: ArrayLike): NDArray => unary('exp', x, floatResult);
export const log = (x: ArrayLike): NDArray => unary('log', x, floatResult);
export const sqrt = (x: ArrayLike): NDArray => unary('sqrt', x, floatResult);
export const tanh = (x: ArrayLike): NDArray => unary('tanh', x, floatResult);
export const reciprocal = (x: ArrayLike): NDArray => unary('reciprocal', x, floatResult);
export const floor = (x: ArrayLike): NDArray => unary('floor', x, same);
export const ceil = (x: ArrayLike): NDArray => unary('ceil', x, same);
/** Rounds half to even, like numpy. */
export const round = (x: ArrayLike): NDArray => unary('round', x, same);
export const isnan = (x: ArrayLike): NDArray => unary('isnan', x, toBool);
export const isfinite = (x: ArrayLike): NDArray => unary('isfinite', x, toBool);

/** Unary ops that the activation functions use; exported for them, same dtype rules as `exp`. */
export const applyUnary = (op: UnaryOp, x: ArrayLike): NDArray => unary(op, x, floatResult);

/** Limits every element to [min, max]. */
export function clip(x: ArrayLike, min: number, max: number): NDArray {
  if (min > max) throw new ScratchnetError('BAD_ARGUMENT', `clip: min ${min} is greater than max ${max}`);
  return minimum(maximum(x, min), max);
}

/** Elementwise choice: `a` where `mask` is true, `b` elsewhere, all three broadcast together. */
export function where(mask: ArrayLike, a: ArrayLike, b: ArrayLike): NDArray {
  const m = asArray(mask);
  const aArr = asArray(a);
  const bArr = asArray(b);
  const shape = broadcastShapes(m.shape, aArr.shape, bArr.shape);
  const dtype: DType = aArr.dtype === 'bool' && bArr.dtype === 'bool' ? 'bool' : resultType('add', a, b, aArr, bArr);
  // Through astype so that a float mask's NaN counts as true, as bool(nan) does in numpy.
  const mb = (m.dtype === 'bool' ? m : m.astype('bool')).broadcastTo(shape).data;
  const ab = aArr.broadcastTo(shape).data;
  const bb = bArr.broadcastTo(shape).data;
  const out = allocate(dtype, mb.length);
  for (let i = 0; i < out.length; i++) out[i] = mb[i] ? ab[i]! : bb[i]!;
  return new NDArray(out, shape, dtype);
}

/**
 * `target op= other` in place. As with numpy's in-place operators, `other` must broadcast to the
 * target's shape and the target keeps its dtype.
 */
export function inPlace(op: BinaryOp, target: NDArray, other: ArrayLike): void {
  const given = asArray(other);
  // A view of the target (x += x[0:1]) would be read after the kernel has overwritten it: numpy
  // buffers overlapping operands, so copy it first.
  const o = given.data.buffer === target.data.buffer ? given.copy() : given;
  const shape = broadcastShapes(target.shape, o.shape);
  if (!shapesEqual(shape, target.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `non-broadcastable output operand with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  // numpy's 'same_kind' rule: a float result stored into an integer array (or an integer into a
  // bool mask) would be truncated silently.
  const dtype = resultType(op, target, other, target, o);
  if (dtype !== target.dtype && !(isFloat(dtype) && isFloat(target.dtype))) {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `cannot cast the ${op} result from ${dtype} to the ${target.dtype} array in place (use ${op}() for a new array, or astype first)`,
    );
  }
  kernels().binary(op, target.data, target.shape, o.data, o.shape, target.data, target.shape);
}

/** Copies `other`, broadcast to `target`'s shape, into `target`. */
export function assign(target: NDArray, other: ArrayLike): void {
  const o = target.dtype === 'bool' ? asArray(other, { dtype: 'bool' }) : asArray(other);
  let shape: number[] | null = null;
  try {
    shape = broadcastShapes(target.shape, o.shape);
  } catch {
    // Reported below in numpy's words for assignment, which say which shape is the target.
  }
  if (shape === null || !shapesEqual(shape, target.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `could not broadcast input array from shape ${formatShape(o.shape)} into shape ${formatShape(target.shape)}`,
    );
  }
  if (o.size === target.size) target.data.set(o.data);
  else target.data.set(o.broadcastTo(target.shape).data);
}
