import { ScratchnetError } from '../errors.js';

/** The length of each axis, outermost first: `[batch, features]`; `[]` for a 0-d array. */
export type Shape = readonly number[];

/** numpy's way of writing a shape: (2, 3), (4,), (). */
export function formatShape(shape: Shape): string {
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
