// Elementwise float32 and float64 ops of the WebAssembly backend: unary ops, binary ops with the broadcasts the
// layers use (same shape, scalar, row or column vector), activation gradients and the SGD step.

import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { jsKernels } from '../js.js';
import type { ActivationOp, BinaryOp, Kernels, UnaryOp } from '../types.js';
import { type ElementwiseTables, float32Tables, float64Tables } from './elementwise-tables.js';
import type { WasmScalarKernel, WasmVectorKernel } from './loader.js';
import type { WasmOpContext } from './op-context.js';
import type { Staging } from './staging.js';

/** The row-major shape padded with leading 1s to `rank` axes. */
function padded(shape: Shape, rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

/** `v` is a row vector for `outShape`: it broadcasts along every axis but the last. */
function isRowVector(shape: Shape, outShape: Shape): boolean {
  const rank = outShape.length;
  if (rank < 1 || shape.length > rank) return false;
  const p = padded(shape, rank);
  for (let d = 0; d < rank - 1; d++) if (p[d] !== 1) return false;
  return p[rank - 1] === outShape[rank - 1];
}

/** `v` is a column vector for `outShape`: it matches every axis but the last, which is 1. */
function isColumnVector(shape: Shape, outShape: Shape): boolean {
  const rank = outShape.length;
  if (rank < 1 || shape.length > rank) return false;
  const p = padded(shape, rank);
  for (let d = 0; d < rank - 1; d++) if (p[d] !== outShape[d]) return false;
  return p[rank - 1] === 1;
}

/** The vector kernel for `vShape` broadcast against `outShape` (row or column vector), if any. */
function vectorKernel(
  t: ElementwiseTables,
  op: BinaryOp,
  v: TypedArray,
  vShape: Shape,
  outShape: Shape,
  rows: Partial<Record<BinaryOp, WasmVectorKernel>>,
  columns: Partial<Record<BinaryOp, WasmVectorKernel>>,
): WasmVectorKernel | undefined {
  if (!t.is(v)) return undefined;
  if (isRowVector(vShape, outShape)) return rows[op];
  return isColumnVector(vShape, outShape) ? columns[op] : undefined;
}

/** x op s (or s op x with `scalarLeft`): false where there is no such kernel. */
function scalarCall(
  st: Staging,
  kernel: WasmScalarKernel | undefined,
  x: TypedArray,
  s: number,
  out: TypedArray,
): boolean {
  if (!kernel) return false;
  st.stage(out, 0, x);
  kernel(st.p0, s, st.pOut, out.length);
  st.finish(out);
  return true;
}

/** x op v, v a row or column vector over the rows of n: false where there is no such kernel. */
function vectorCall(
  st: Staging,
  kernel: WasmVectorKernel | undefined,
  x: TypedArray,
  v: TypedArray,
  out: TypedArray,
  n: number,
): boolean {
  if (!kernel) return false;
  st.stage(out, 0, x, v);
  kernel(st.p0, st.p1, st.pOut, n === 0 ? 0 : out.length / n, n);
  st.finish(out);
  return true;
}

/** The tables for `out`'s dtype: float32's, float64's, or none. */
function tablesFor(out: TypedArray, f32: ElementwiseTables, f64: ElementwiseTables): ElementwiseTables | null {
  return f32.is(out) ? f32 : f64.is(out) ? f64 : null;
}

/** The binary op over `ctx`: float calls of the broadcasts the kernels cover run in WebAssembly. */
function createBinaryOp(ctx: WasmOpContext, f32: ElementwiseTables, f64: ElementwiseTables): Kernels['binary'] {
  const { gate, staging: st } = ctx;

  function binary(
    op: BinaryOp,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void {
    const size = out.length;
    const tables = tablesFor(out, f32, f64);
    const elementwise = tables?.binary.same[op];
    if (!tables || !elementwise || !gate.worth(size, 'binary', a, b, out)) {
      jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
      return;
    }
    const t = tables.binary;
    const is = tables.is;
    const n = outShape[outShape.length - 1] ?? 1;
    // Full-size operands broadcast nothing (only size-1 axes can differ), so they pair up elementwise.
    if (is(a) && is(b) && a.length === size && b.length === size) {
      st.stage(out, 0, a, b);
      elementwise(st.p0, st.p1, st.pOut, size);
      st.finish(out);
      return;
    }
    if (is(a) && a.length === size) {
      if (b.length === 1 && scalarCall(st, t.scalarRight[op], a, b[0] ?? 0, out)) return;
      if (vectorCall(st, vectorKernel(tables, op, b, bShape, outShape, t.rowRight, t.columnRight), a, b, out, n))
        return;
    } else if (is(b) && b.length === size) {
      if (a.length === 1 && scalarCall(st, t.scalarLeft[op], b, a[0] ?? 0, out)) return;
      if (vectorCall(st, vectorKernel(tables, op, a, aShape, outShape, t.rowLeft, t.columnLeft), b, a, out, n)) return;
    }
    jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
  }

  return binary;
}

/** The elementwise ops of one backend. */
export type ElementwiseOps = Pick<Kernels, 'unary' | 'binary' | 'activationBackward' | 'axpy'>;

/** Elementwise ops over `ctx`; float32 and float64 calls worth it run in WebAssembly, the rest in TypeScript. */
export function createElementwiseOps(ctx: WasmOpContext): ElementwiseOps {
  const { gate, staging: st } = ctx;
  const f32 = float32Tables(ctx.ex);
  const f64 = float64Tables(ctx.ex);

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
    const tables = tablesFor(out, f32, f64);
    const kernel = tables?.unary[op];
    if (!tables || !kernel || !tables.is(x) || !gate.worth(x.length, 'unary', x, out)) {
      jsKernels.unary(op, x, out);
      return;
    }
    st.stage(out, 0, x);
    kernel(st.p0, st.pOut, x.length);
    st.finish(out);
  }

  function activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void {
    const tables = tablesFor(dx, f32, f64);
    if (
      tables === null ||
      !tables.is(dout) ||
      !tables.is(cached) ||
      !gate.worth(dx.length, 'binary', dout, cached, dx)
    ) {
      jsKernels.activationBackward(op, dout, cached, dx);
      return;
    }
    st.stage(dx, 0, dout, cached);
    (op === 'relu' ? tables.reluBackward : tables.sigmoidBackward)(st.p0, st.p1, st.pOut, dx.length);
    st.finish(dx);
  }

  function axpy(y: TypedArray, x: TypedArray, alpha: number): void {
    const tables = tablesFor(y, f32, f64);
    if (tables === null || !tables.is(x) || !gate.worth(y.length, 'binary', y, x)) {
      jsKernels.axpy(y, x, alpha);
      return;
    }
    // y is both an input and the output: staged as x of the call with out === y.
    st.stage(y, 0, y, x);
    tables.axpy(st.p0, st.p1, alpha, y.length);
    st.finish(y);
  }

  return { unary, binary: createBinaryOp(ctx, f32, f64), activationBackward, axpy };
}
