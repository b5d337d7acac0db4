import { ScratchnetError } from '../errors.js';

/** The length of each axis, outermost first: `[batch, features]`; `[]` for a 0-d array. */
export type Shape = readonly number[];

/** numpy's way of writing a shape: (2, 3), (4,), (); a single number is a 1-D shape. */
export function formatShape(shape: Shape | number): string {
  // Lenient about the lengths themselves: error messages show shapes that were refused for them.
  if (Number.isInteger(shape)) shape = [shape as number];
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `formatShape: shape must be an integer or a list of numbers, got ${describeValue(shape)}`,
    );
  }
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The number of elements of an array of `shape` (1 for `[]`). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major (C order) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

/** Whether two shapes have the same axes of the same lengths. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws BAD_ARGUMENT naming `what` unless every dim is a non-negative integer. */
export function validateShape(shape: Shape, what = 'shape'): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ScratchnetError('BAD_ARGUMENT', `${what} ${formatShape(shape)} must contain non-negative integers`);
    }
  }
}

/**
 * numpy broadcasting: align shapes from the right; each pair of dims must be equal or one of them 1.
 */
export function broadcastShapes(...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    const offset = ndim - shape.length;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      const o = out[offset + i]!;
      if (o === d || d === 1) continue;
      if (o === 1) {
        out[offset + i] = d;
        continue;
      }
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `operands could not be broadcast together with shapes ${shapes.map(formatShape).join(' ')}`,
      );
    }
  }
  return out;
}

/**
 * Runs `f`, and prefixes a ScratchnetError's message with `where` unless it already names it: for
 * public functions built on other public functions (`clip` on `maximum`) and on shared checks.
 */
export function withName<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw renamed(where, error);
  }
}

/** `error` with its message prefixed by `where`, if it is a ScratchnetError that does not name it yet. */
export function renamed(where: string, error: unknown): unknown {
  if (!(error instanceof ScratchnetError) || error.message.startsWith(`${where}:`)) return error;
  return new ScratchnetError(error.code, `${where}: ${error.message}`);
}

/**
 * An axis argument of `where`: an integer in [-ndim, ndim), returned non-negative. BAD_ARGUMENT
 * naming `where` otherwise (numpy's AxisError).
 */
export function axisArg(axis: unknown, ndim: number, where: string, name = 'axis'): number {
  if (!Number.isInteger(axis)) {
    const shown = typeof axis === 'number' ? `${name} ${axis} is not an integer` : `${name} must be an integer`;
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: ${shown}, got ${describeValue(axis)}`);
  }
  if ((axis as number) < -ndim || (axis as number) >= ndim) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: ${name} ${axis} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return (axis as number) < 0 ? (axis as number) + ndim : (axis as number);
}

/**
 * How a value reads in a message. This module keeps to itself (the kernels import it, and the
 * argument checks import the array class), so it has its own short description.
 */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a JS array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, 40))}`
    : `${typeof value} ${String(value)}`;
}

/**
 * Strides for reading an array of `shape` as if it had `outShape`: broadcast dims get stride 0.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) strides[offset + i] = shape[i] === 1 ? 0 : own[i]!;
  return strides;
}

/** Normalises a possibly negative axis against `ndim`, or throws naming the axis and the rank. */
export function normalizeAxis(axis: number, ndim: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ScratchnetError('BAD_ARGUMENT', `${what} ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}
