import { ScratchnetError } from '../errors.js';
import { arrayArg } from './create.js';
import { checkBoolean } from '../validate.js';
import { isFloating, promoteTypes, type DType } from './dtype.js';
import { settleHalf } from './half.js';
import { checkOutShape, sharesMemory } from './out.js';
import { kernels } from './kernels/registry.js';
import { NDArray, type ArrayLike } from './ndarray.js';
import { broadcastShapes, broadcastStrides, formatShape, sizeOf, stridesOf } from './shape.js';
import { mul } from './elementwise.js';

function notAligned(a: NDArray, b: NDArray, aDim: number, bDim: number): ScratchnetError {
  return new ScratchnetError(
    'SHAPE_MISMATCH',
    `dot: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} not aligned: ${a.shape[aDim]} (dim ${aDim}) != ${b.shape[bDim]} (dim ${bDim})`,
  );
}

/** (m×k)·(k×n) through the active kernel; no validation. */
function product2d(a: NDArray, b: NDArray, m: number, k: number, n: number): NDArray {
  const out = NDArray.empty([m, n], promoteTypes(a.dtype, b.dtype));
  kernels().matmul(a.data, b.data, out.data, m, k, n, false, false);
  // float16 products accumulate in float32 and round once per element, as numpy's half dot does.
  settleHalf(out);
  return out;
}

/**
 * numpy's `dot`: the inner product for 1-D·1-D (a number, as numpy gives a scalar), the
 * matrix–vector and matrix products for 2-D, and for N-D a sum over the last axis of `a` and the
 * second-to-last of `b`. A 0-d operand multiplies elementwise. Only the inner product is a number,
 * and TypeScript cannot see ranks, so an NDArray operand gives `NDArray | number`: `add(dot(x, W), b)`
 * takes either, `matmul` is the product that is always an array.
 */
export function dot(
  a: readonly number[] | Float64Array | Float32Array | Int32Array,
  b: readonly number[] | Float64Array | Float32Array | Int32Array,
): number;
export function dot(a: ArrayLike, b: ArrayLike): NDArray | number;
export function dot(aIn: ArrayLike, bIn: ArrayLike): NDArray | number {
  const a = arrayArg(aIn, 'dot', 'a');
  const b = arrayArg(bIn, 'dot', 'b');
  if (a.ndim === 1 && b.ndim === 1) return inner(a, b);
  return dotArrays(a, b);
}

/** The inner product of two 1-D arrays, in the promoted dtype (rounded to float32 for float32). */
function inner(a: NDArray, b: NDArray): number {
  if (a.size !== b.size) throw notAligned(a, b, 0, 0);
  return product2d(a, b, 1, a.size, 1).data[0]!;
}

/** `dot` for every case but two 1-D operands: always an array. */
function dotArrays(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return mul(a, b);
  const aDim = a.ndim - 1;
  const bDim = b.ndim === 1 ? 0 : b.ndim - 2;
  const k = a.shape[aDim]!;
  if (b.shape[bDim] !== k) throw notAligned(a, b, aDim, bDim);
  const m = sizeOf(a.shape.slice(0, -1));
  if (b.ndim <= 2) {
    const n = b.ndim === 1 ? 1 : b.shape[1]!;
    const out = product2d(a, b, m, k, n);
    const shape = [...a.shape.slice(0, -1), ...(b.ndim === 1 ? [] : [n])];
    return new NDArray(out.data, shape, out.dtype);
  }
  // Contract over b's second-to-last axis: bring it to the front, then one 2-D product.
  const perm = [bDim, ...[...Array(b.ndim).keys()].filter((i) => i !== bDim)];
  const bMoved = b.transpose(perm);
  const rest = sizeOf(bMoved.shape.slice(1));
  const out = product2d(a, bMoved, m, k, rest);
  const shape = [...a.shape.slice(0, -1), ...b.shape.filter((_, i) => i !== bDim)];
  return new NDArray(out.data, shape, out.dtype);
}

/**
 * numpy's `matmul` (`@`): matrix products over the last two axes, broadcasting the leading (batch)
 * axes; a 1-D operand is treated as a row (first) or a column (second) vector and its axis dropped.
 */
export function matmul(aIn: ArrayLike, bIn: ArrayLike): NDArray {
  const a0 = arrayArg(aIn, 'matmul', 'a');
  const b0 = arrayArg(bIn, 'matmul', 'b');
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `matmul: operands must have at least one dimension, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)}`,
    );
  }
  const a = a0.ndim === 1 ? a0.reshape(1, a0.shape[0]!) : a0;
  const b = b0.ndim === 1 ? b0.reshape(b0.shape[0]!, 1) : b0;
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const n = b.shape[b.ndim - 1]!;
  if (b.shape[b.ndim - 2] !== k) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `matmul: shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)} do not match in the contracted dimension: ${k} != ${b.shape[b.ndim - 2]}`,
    );
  }
  let batch: number[];
  try {
    batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    // The bare batch shapes, (2,) and (3,), would not say which operands they came from.
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `matmul: the batch dims of shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)} could not be broadcast together`,
    );
  }
  const out = NDArray.empty([...batch, m, n], promoteTypes(a.dtype, b.dtype));
  const aStrides = broadcastStrides(a.shape.slice(0, -2), batch);
  const bStrides = broadcastStrides(b.shape.slice(0, -2), batch);
  const batchStrides = stridesOf(batch);
  const count = sizeOf(batch);
  for (let t = 0; t < count; t++) {
    let aBatch = 0;
    let bBatch = 0;
    for (let d = 0; d < batch.length; d++) {
      const i = Math.floor(t / batchStrides[d]!) % batch[d]!;
      aBatch += i * aStrides[d]!;
      bBatch += i * bStrides[d]!;
    }
    kernels().matmul(
      a.data.subarray(aBatch * m * k, (aBatch + 1) * m * k),
      b.data.subarray(bBatch * k * n, (bBatch + 1) * k * n),
      out.data.subarray(t * m * n, (t + 1) * m * n),
      m,
      k,
      n,
      false,
      false,
    );
  }
  settleHalf(out);
  let shape = [...batch, m, n];
  if (a0.ndim === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
  if (b0.ndim === 1) shape = shape.slice(0, -1);
  return new NDArray(out.data, shape, out.dtype);
}

/**
 * (m×k)·(k×n) with either operand read transposed from its row-major storage, no copy made:
 * `matmulT(dout, W, false, true)` is dout·Wᵀ, what the layers' backward passes use. With `out`
 * (exactly (m, n), of the promoted dtype or for a float product either float dtype, sharing no
 * memory with a or b) the product is written there and returned. Throws BAD_ARGUMENT for operands
 * that are not 2-D, SHAPE_MISMATCH when the inner dimensions differ or `out` has the wrong shape,
 * BAD_DTYPE when `out` has the wrong dtype.
 */
export function matmulT(a: NDArray, b: NDArray, transA = false, transB = false, out?: NDArray): NDArray {
  if (!(a instanceof NDArray) || !(b instanceof NDArray) || a.ndim !== 2 || b.ndim !== 2) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `matmulT needs 2-D NDArrays a and b, got ${describeOperand(a)} and ${describeOperand(b)}`,
    );
  }
  checkBoolean(transA, 'transA', 'matmulT');
  checkBoolean(transB, 'transB', 'matmulT');
  const m = a.shape[transA ? 1 : 0]!;
  const k = a.shape[transA ? 0 : 1]!;
  const k2 = b.shape[transB ? 1 : 0]!;
  const n = b.shape[transB ? 0 : 1]!;
  if (k !== k2) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `matmulT: shapes ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} and ${formatShape(b.shape)}${transB ? 'ᵀ' : ''} not aligned: ${k} != ${k2}`,
    );
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (out === undefined) out = NDArray.empty([m, n], dtype);
  else checkProductOut(out, dtype, m, n, a, b);
  kernels().matmul(a.data, b.data, out.data, m, k, n, transA, transB);
  settleHalf(out);
  return out;
}

/** An `out` for an (m, n) product: that shape and dtype, and no memory shared with an operand. */
function checkProductOut(out: NDArray, dtype: DType, m: number, n: number, a: NDArray, b: NDArray): void {
  const fits = out instanceof NDArray && out.ndim === 2 && out.shape[0] === m && out.shape[1] === n;
  if (!fits || (out.dtype !== dtype && !(isFloating(out.dtype) && isFloating(dtype)))) {
    checkOutShape('matmulT', out, dtype, [m, n]);
  }
  // The kernel writes out while it still reads a and b: unlike an elementwise op, no overlap is safe.
  if (sharesMemory(a, out) || sharesMemory(b, out)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'matmulT: out must not share memory with a or b');
  }
}

function describeOperand(x: unknown): string {
  if (x instanceof NDArray) return `shape ${formatShape(x.shape)}`;
  return Array.isArray(x) ? 'a JS array (make an NDArray with array([...]))' : `${x === null ? 'null' : typeof x}`;
}
