// Elementwise float32 ops of the WebAssembly backend: unary ops, binary ops with the broadcasts the
// layers use (same shape, scalar, row or column vector), activation gradients and the SGD step.

import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { jsKernels } from '../js.js';
import type { ActivationOp, BinaryOp, Kernels, UnaryOp } from '../types.js';
import type {
  WasmBinaryKernel,
  WasmKernelExports,
  WasmScalarKernel,
  WasmUnaryKernel,
  WasmVectorKernel,
} from './loader.js';
import type { WasmOpContext } from './op-context.js';
import type { Staging } from './staging.js';
import { isF32 } from './thresholds.js';

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

/** The module's kernel for each op and operand layout it covers. */
interface BinaryTables {
  readonly same: Partial<Record<BinaryOp, WasmBinaryKernel>>;
  /** x op s. */
  readonly scalarRight: Partial<Record<BinaryOp, WasmScalarKernel>>;
  /** s op x, for a scalar on the left. */
  readonly scalarLeft: Partial<Record<BinaryOp, WasmScalarKernel>>;
  readonly rowRight: Partial<Record<BinaryOp, WasmVectorKernel>>;
  readonly columnRight: Partial<Record<BinaryOp, WasmVectorKernel>>;
  /** Only the commutative ops can take the vector on the left, by swapping. */
  readonly rowLeft: Partial<Record<BinaryOp, WasmVectorKernel>>;
  readonly columnLeft: Partial<Record<BinaryOp, WasmVectorKernel>>;
}

function unaryTable(ex: WasmKernelExports): Partial<Record<UnaryOp, WasmUnaryKernel>> {
  return {
    neg: ex.neg,
    exp: ex.exp,
    log: ex.log,
    sqrt: ex.sqrt,
    abs: ex.abs,
    square: ex.square,
    tanh: ex.tanh,
    sigmoid: ex.sigmoid,
    relu: ex.relu,
    step: ex.step,
    reciprocal: ex.reciprocal,
  };
}

function binaryTables(ex: WasmKernelExports): BinaryTables {
  return {
    same: { add: ex.add, sub: ex.sub, mul: ex.mul, div: ex.div },
    scalarRight: { add: ex.addScalar, sub: ex.subScalar, mul: ex.mulScalar, div: ex.divScalar },
    scalarLeft: { add: ex.addScalar, sub: ex.rsubScalar, mul: ex.mulScalar, div: ex.rdivScalar },
    rowRight: { add: ex.addRowVector, sub: ex.subRowVector, mul: ex.mulRowVector, div: ex.divRowVector },
    columnRight: {
      add: ex.addColumnVector,
      sub: ex.subColumnVector,
      mul: ex.mulColumnVector,
      div: ex.divColumnVector,
    },
    rowLeft: { add: ex.addRowVector, mul: ex.mulRowVector },
    columnLeft: { add: ex.addColumnVector, mul: ex.mulColumnVector },
  };
}

/** The vector kernel for `vShape` broadcast against `outShape` (row or column vector), if any. */
function vectorKernel(
  op: BinaryOp,
  v: TypedArray,
  vShape: Shape,
  outShape: Shape,
  rows: Partial<Record<BinaryOp, WasmVectorKernel>>,
  columns: Partial<Record<BinaryOp, WasmVectorKernel>>,
): WasmVectorKernel | undefined {
  if (!isF32(v)) return undefined;
  if (isRowVector(vShape, outShape)) return rows[op];
  return isColumnVector(vShape, outShape) ? columns[op] : undefined;
}

/** x op s (or s op x with `scalarLeft`): false where there is no such kernel. */
function scalarCall(
  st: Staging,
  kernel: WasmScalarKernel | undefined,
  x: Float32Array,
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
  x: Float32Array,
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

/** The binary op over `ctx`: float32 calls of the broadcasts the kernels cover run in WebAssembly. */
function createBinaryOp(ctx: WasmOpContext): Kernels['binary'] {
  const { gate, staging: st } = ctx;
  const t = binaryTables(ctx.ex);

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
    const elementwise = t.same[op];
    if (!elementwise || !isF32(out) || !gate.worth(size, 'binary', a, b, out)) {
      jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
      return;
    }
    const n = outShape[outShape.length - 1] ?? 1;
    // Full-size operands broadcast nothing (only size-1 axes can differ), so they pair up elementwise.
    if (isF32(a) && isF32(b) && a.length === size && b.length === size) {
      st.stage(out, 0, a, b);
      elementwise(st.p0, st.p1, st.pOut, size);
      st.finish(out);
      return;
    }
    if (isF32(a) && a.length === size) {
      if (b.length === 1 && scalarCall(st, t.scalarRight[op], a, b[0] ?? 0, out)) return;
      if (vectorCall(st, vectorKernel(op, b, bShape, outShape, t.rowRight, t.columnRight), a, b, out, n)) return;
    } else if (isF32(b) && b.length === size) {
      if (a.length === 1 && scalarCall(st, t.scalarLeft[op], b, a[0] ?? 0, out)) return;
      if (vectorCall(st, vectorKernel(op, a, aShape, outShape, t.rowLeft, t.columnLeft), b, a, out, n)) return;
    }
    jsKernels.binary(op, a, aShape, b, bShape, out, outShape);
  }

  return binary;
}

/** The elementwise ops of one backend. */
export type ElementwiseOps = Pick<Kernels, 'unary' | 'binary' | 'activationBackward' | 'axpy'>;

/** Elementwise ops over `ctx`; float32 calls worth it run in WebAssembly, the rest in TypeScript. */
export function createElementwiseOps(ctx: WasmOpContext): ElementwiseOps {
  const { ex, gate, staging: st } = ctx;
  const unaryKernels = unaryTable(ex);

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
    const kernel = unaryKernels[op];
    if (!kernel || !isF32(x) || !isF32(out) || !gate.worth(x.length, 'unary', x, out)) {
      jsKernels.unary(op, x, out);
      return;
    }
    st.stage(out, 0, x);
    kernel(st.p0, st.pOut, x.length);
    st.finish(out);
  }

  function activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void {
    if (!isF32(dout) || !isF32(cached) || !isF32(dx) || !gate.worth(dx.length, 'binary', dout, cached, dx)) {
      jsKernels.activationBackward(op, dout, cached, dx);
      return;
    }
    st.stage(dx, 0, dout, cached);
    (op === 'relu' ? ex.reluBackward : ex.sigmoidBackward)(st.p0, st.p1, st.pOut, dx.length);
    st.finish(dx);
  }

  function axpy(y: TypedArray, x: TypedArray, alpha: number): void {
    if (!isF32(y) || !isF32(x) || !gate.worth(y.length, 'binary', y, x)) {
      jsKernels.axpy(y, x, alpha);
      return;
    }
    // y is both an input and the output: staged as x of the call with out === y.
    st.stage(y, 0, y, x);
    ex.axpy(st.p0, st.p1, alpha, y.length);
    st.finish(y);
  }

  return { unary, binary: createBinaryOp(ctx), activationBackward, axpy };
}
