import { ScratchnetError } from '../errors.js';
import { allocate, floatResult, isFloating, promoteTypes, promoteWithScalar, type DType } from './dtype.js';
import { settleHalf } from './half.js';
import { arrayArg, asArray } from './create.js';
import { checkNumber } from '../validate.js';
import { kernels } from './kernels/registry.js';
import type { BinaryOp, UnaryOp } from './kernels/types.js';
import { NDArray, type ArrayLike } from './ndarray.js';
import { broadcastShapes, formatShape, renamed, shapesEqual, withName } from './shape.js';
import { checkOut, checkOutShape, unaliased } from './out.js';

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

/**
 * An operand as an array. A plain number meeting a float16 array is rounded to float16 first, as
 * numpy converts a weak scalar to the array's dtype (a16 + 1.7 adds float16(1.7)).
 */
function operand(value: ArrayLike, other: ArrayLike, where: string, name: string): NDArray {
  if (typeof value === 'number' && other instanceof NDArray && other.dtype === 'float16')
    return asArray(value, { dtype: 'float16' });
  return arrayArg(value, where, name);
}

function binary(op: BinaryOp, a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray {
  const aArr = operand(a, b, op, 'a');
  const bArr = operand(b, a, op, 'b');
  // A try block rather than withName: no closure to allocate on every call of a hot path.
  try {
    if (out === undefined) {
      const outShape = broadcastShapes(aArr.shape, bArr.shape);
      const result = NDArray.empty(outShape, resultType(op, a, b, aArr, bArr));
      kernels().binary(op, aArr.data, aArr.shape, bArr.data, bArr.shape, result.data, outShape);
      settleHalf(result);
      return result;
    }
    checkOut(op, out, resultType(op, a, b, aArr, bArr), aArr.shape, bArr.shape);
  } catch (error) {
    throw renamed(op, error);
  }
  const aSafe = unaliased(aArr, out);
  const bSafe = unaliased(bArr, out);
  kernels().binary(op, aSafe.data, aSafe.shape, bSafe.data, bSafe.shape, out.data, out.shape);
  settleHalf(out);
  return out;
}

function unary(op: UnaryOp, x: ArrayLike, dtype: (input: DType) => DType, out?: NDArray): NDArray {
  const arr = arrayArg(x, op, 'x');
  if (out === undefined) {
    const result = NDArray.empty(arr.shape, dtype(arr.dtype));
    kernels().unary(op, arr.data, result.data);
    settleHalf(result);
    return result;
  }
  checkOutShape(op, out, dtype(arr.dtype), arr.shape);
  kernels().unary(op, unaliased(arr, out).data, out.data);
  settleHalf(out);
  return out;
}

const same = (d: DType): DType => (d === 'bool' ? 'int32' : d);
const toBool = (): DType => 'bool';

// Every function below takes an optional `out`, as numpy's ufuncs do: the result is written there
// and returned. It must have the result's exact shape and its dtype (a float result may go to either
// float dtype), and it may be one of the inputs.

/** Elementwise a + b with numpy broadcasting (`np.add`). */
export const add = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('add', a, b, out);
/** Elementwise a − b with numpy broadcasting (`np.subtract`). */
export const sub = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('sub', a, b, out);
/** Elementwise a · b with numpy broadcasting (`np.multiply`). */
export const mul = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('mul', a, b, out);
/** Elementwise true division (`np.divide`; integer inputs give float64). */
export const div = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('div', a, b, out);
/** Elementwise a ** b (`np.power`); a negative exponent of an integer array gives float64. */
export const pow = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('pow', a, b, out);
/** Elementwise remainder with the sign of the divisor (numpy's `%`, `np.mod`). */
export const mod = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('mod', a, b, out);
/** Elementwise larger of a and b (NaN if either is NaN), `np.maximum`. */
export const maximum = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('maximum', a, b, out);
/** Elementwise smaller of a and b (NaN if either is NaN), `np.minimum`. */
export const minimum = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('minimum', a, b, out);
/** Bool mask of a > b (`np.greater`). */
export const gt = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('gt', a, b, out);
/** Bool mask of a >= b (`np.greater_equal`). */
export const ge = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('ge', a, b, out);
/** Bool mask of a < b (`np.less`). */
export const lt = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('lt', a, b, out);
/** Bool mask of a <= b (`np.less_equal`). */
export const le = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('le', a, b, out);
/** Bool mask of a == b (`np.equal`). */
export const eq = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('eq', a, b, out);
/** Bool mask of a != b (`np.not_equal`). */
export const ne = (a: ArrayLike, b: ArrayLike, out?: NDArray): NDArray => binary('ne', a, b, out);

/** −x (`np.negative`); bool input gives int32. */
export const neg = (x: ArrayLike, out?: NDArray): NDArray => unary('neg', x, same, out);
/** |x| (`np.abs`); keeps the dtype. */
export const abs = (x: ArrayLike, out?: NDArray): NDArray => unary('abs', x, same, out);
/** x² (`np.square`); keeps the dtype. */
export const square = (x: ArrayLike, out?: NDArray): NDArray => unary('square', x, same, out);
/** −1, 0 or 1 by the sign of x, NaN for NaN (`np.sign`); keeps the dtype. */
export const sign = (x: ArrayLike, out?: NDArray): NDArray => unary('sign', x, same, out);
/** eˣ (`np.exp`); integer input gives float64. */
export const exp = (x: ArrayLike, out?: NDArray): NDArray => unary('exp', x, floatResult, out);
/** The natural logarithm (`np.log`): −Infinity at 0, NaN below; integer input gives float64. */
export const log = (x: ArrayLike, out?: NDArray): NDArray => unary('log', x, floatResult, out);
/** √x (`np.sqrt`), NaN for negative x; integer input gives float64. */
export const sqrt = (x: ArrayLike, out?: NDArray): NDArray => unary('sqrt', x, floatResult, out);
/** The hyperbolic tangent (`np.tanh`); integer input gives float64. */
export const tanh = (x: ArrayLike, out?: NDArray): NDArray => unary('tanh', x, floatResult, out);
/** 1 / x as a float (numpy's `np.reciprocal` keeps integers, and 1 // x is rarely what is meant). */
export const reciprocal = (x: ArrayLike, out?: NDArray): NDArray => unary('reciprocal', x, floatResult, out);
/** The largest integer <= x (`np.floor`); keeps the dtype. */
export const floor = (x: ArrayLike, out?: NDArray): NDArray => unary('floor', x, same, out);
/** The smallest integer >= x (`np.ceil`); keeps the dtype. */
export const ceil = (x: ArrayLike, out?: NDArray): NDArray => unary('ceil', x, same, out);
/** Rounds to the nearest integer, half to even, like numpy's `np.round`; keeps the dtype. */
export const round = (x: ArrayLike, out?: NDArray): NDArray => unary('round', x, same, out);
/** Bool mask of the NaN elements (`np.isnan`). */
export const isnan = (x: ArrayLike, out?: NDArray): NDArray => unary('isnan', x, toBool, out);
/** Bool mask of the finite elements: not NaN and not ±Infinity (`np.isfinite`). */
export const isfinite = (x: ArrayLike, out?: NDArray): NDArray => unary('isfinite', x, toBool, out);

/** Unary ops that the activation functions use; exported for them, same dtype rules as `exp`. */
export const applyUnary = (op: UnaryOp, x: ArrayLike, out?: NDArray): NDArray => unary(op, x, floatResult, out);

/** Limits every element to [min, max] (`np.clip`); throws BAD_ARGUMENT when min > max. */
export function clip(x: ArrayLike, min: number, max: number, out?: NDArray): NDArray {
  const arr = arrayArg(x, 'clip', 'x');
  checkNumber(min, 'min', 'clip');
  checkNumber(max, 'max', 'clip');
  if (min > max) throw new ScratchnetError('BAD_ARGUMENT', `clip: min ${min} is greater than max ${max}`);
  return withName('clip', () => minimum(maximum(arr, min, out), max, out));
}

/** Elementwise choice: `a` where `mask` is true, `b` elsewhere, all three broadcast together. */
export function where(mask: ArrayLike, a: ArrayLike, b: ArrayLike): NDArray {
  const m = arrayArg(mask, 'where', 'mask');
  const aArr = arrayArg(a, 'where', 'a');
  const bArr = arrayArg(b, 'where', 'b');
  const shape = withName('where', () => broadcastShapes(m.shape, aArr.shape, bArr.shape));
  const dtype: DType = aArr.dtype === 'bool' && bArr.dtype === 'bool' ? 'bool' : resultType('add', a, b, aArr, bArr);
  // Through astype so that a float mask's NaN counts as true, as bool(nan) does in numpy.
  const mb = (m.dtype === 'bool' ? m : m.astype('bool')).broadcastTo(shape).data;
  const ab = aArr.broadcastTo(shape).data;
  const bb = bArr.broadcastTo(shape).data;
  const out = allocate(dtype, mb.length);
  for (let i = 0; i < out.length; i++) out[i] = mb[i] ? ab[i]! : bb[i]!;
  const result = new NDArray(out, shape, dtype);
  settleHalf(result);
  return result;
}

/** The methods that call `inPlace`, by operation, for messages. */
const IN_PLACE_NAMES: Partial<Record<BinaryOp, string>> = { add: 'iadd', sub: 'isub', mul: 'imul', div: 'idiv' };

/**
 * `target op= other` in place. As with numpy's in-place operators, `other` must broadcast to the
 * target's shape and the target keeps its dtype.
 */
export function inPlace(op: BinaryOp, target: NDArray, other: ArrayLike): void {
  const where = IN_PLACE_NAMES[op] ?? `i${op}`;
  // A view of the target (x += x[0:1]) would be read after the kernel has overwritten it.
  const o = unaliased(operand(other, target, where, 'b'), target);
  let shape: number[];
  let dtype: DType;
  // A try block rather than withName: no closure to allocate on every optimizer step.
  try {
    shape = broadcastShapes(target.shape, o.shape);
    dtype = resultType(op, target, other, target, o);
  } catch (error) {
    throw renamed(where, error);
  }
  if (!shapesEqual(shape, target.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: non-broadcastable output operand with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  // numpy's 'same_kind' rule: a float result stored into an integer array (or an integer into a
  // bool mask) would be truncated silently.
  if (dtype !== target.dtype && !(isFloating(dtype) && isFloating(target.dtype))) {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: cannot cast the ${op} result from ${dtype} to the ${target.dtype} array in place (use ${op}() for a new array, or astype first)`,
    );
  }
  kernels().binary(op, target.data, target.shape, o.data, o.shape, target.data, target.shape);
  settleHalf(target);
}

/** Copies `other`, broadcast to `target`'s shape, into `target`. */
export function assign(target: NDArray, other: ArrayLike): void {
  const given = arrayArg(other, 'assign', 'b');
  const o = target.dtype === 'bool' ? asArray(given, { dtype: 'bool' }) : given;
  let shape: number[] | null = null;
  try {
    shape = broadcastShapes(target.shape, o.shape);
  } catch {
    // Reported below in numpy's words for assignment, which say which shape is the target.
  }
  if (shape === null || !shapesEqual(shape, target.shape)) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `assign: could not broadcast input array from shape ${formatShape(o.shape)} into shape ${formatShape(target.shape)}`,
    );
  }
  // A float16 target rounds from the source's own values: through float32 storage first would
  // round twice.
  const source = target.dtype === 'float16' && o.dtype === 'float64' ? o.astype('float16') : o;
  if (source.size === target.size) target.data.set(source.data);
  else target.data.set(source.broadcastTo(target.shape).data);
  settleHalf(target);
}
