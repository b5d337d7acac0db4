/**
 * Checks for numpy-style `out` arguments: an array the caller supplies for a result, so that a
 * training loop can reuse its buffers. An `out` must already have the result's exact shape, and the
 * result's dtype, except that a float result may be stored into either float dtype (rounded on the
 * way, as numpy's default same-kind casting and this library's in-place operators do). None of these
 * checks allocate, since they run on every step of the layers' hot paths.
 */
import { ScratchnetError } from '../errors.js';
import { isFloating, type DType } from './dtype.js';
import { NDArray } from './ndarray.js';
import { broadcastShapes, formatShape, type Shape } from './shape.js';

/** Whether broadcasting `a` with `b` gives exactly `out` (computed without building the shape). */
function broadcastsExactly(a: Shape, b: Shape, out: Shape): boolean {
  const ndim = out.length;
  if (ndim !== Math.max(a.length, b.length)) return false;
  for (let i = 0; i < ndim; i++) {
    const da = a[i - (ndim - a.length)] ?? 1;
    const db = b[i - (ndim - b.length)] ?? 1;
    const expected = da === 1 ? db : db === 1 || db === da ? da : -1;
    if (expected !== out[i]) return false;
  }
  return true;
}

/**
 * `out` must be an NDArray for a result of `dtype` whose shape is the broadcast of `a` and `b`
 * (pass the same shape twice for a unary op): SHAPE_MISMATCH or BAD_DTYPE naming `where` otherwise.
 */
export function checkOut(where: string, out: unknown, dtype: DType, a: Shape, b: Shape): asserts out is NDArray {
  if (!(out instanceof NDArray)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: out must be an NDArray, got ${describe(out)}`);
  }
  if (!broadcastsExactly(a, b, out.shape)) {
    // Throws its own SHAPE_MISMATCH when the inputs do not broadcast together at all.
    const shape = broadcastShapes(a, b);
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: out has shape ${formatShape(out.shape)} but the result has shape ${formatShape(shape)}`,
    );
  }
  checkOutDtype(where, out, dtype);
}

/** `out` must be an NDArray of exactly `shape` for a result of `dtype` (products, unary ops). */
export function checkOutShape(where: string, out: unknown, dtype: DType, shape: Shape): asserts out is NDArray {
  checkOut(where, out, dtype, shape, shape);
}

function checkOutDtype(where: string, out: NDArray, dtype: DType): void {
  if (out.dtype !== dtype && !(isFloating(dtype) && isFloating(out.dtype))) {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `${where}: out has dtype ${out.dtype} but the result is ${dtype}, which it cannot hold without truncation`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JS array';
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `${typeof value} ${String(value)}`;
}

/** Whether the storage of `x` and `y` overlaps by at least one byte. */
export function sharesMemory(x: NDArray, y: NDArray): boolean {
  const a = x.data;
  const b = y.data;
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * `x` itself, or a copy of it when its storage overlaps `target`'s without being exactly the same
 * elements: a kernel writing `target` would otherwise change input it has not read yet. numpy
 * buffers such operands too. Arrays in the kernels' own memory share one buffer, so the test is on
 * byte ranges, not on the buffer alone.
 */
export function unaliased(x: NDArray, target: NDArray): NDArray {
  if (!sharesMemory(x, target)) return x;
  const a = x.data;
  const t = target.data;
  const identical =
    a.byteOffset === t.byteOffset && a.byteLength === t.byteLength && a.BYTES_PER_ELEMENT === t.BYTES_PER_ELEMENT;
  return identical ? x : x.copy();
}
