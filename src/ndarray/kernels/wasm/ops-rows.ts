// Row-wise float32 and float64 ops of the WebAssembly backend: reductions and softmax.

import type { TypedArray } from '../../dtype.js';
import { jsKernels, softmaxRows as jsSoftmaxRows } from '../js.js';
import type { ReduceOp } from '../types.js';
import type { WasmOpContext } from './op-context.js';
import { isF32, isF64 } from './thresholds.js';

/** Whether the WebAssembly kernels cover this reduction (the caller checks the size). */
function reducible(op: ReduceOp, inner: number, out: TypedArray): boolean {
  // The array API sums float32 into float64 and rounds once; the F64 kernels keep that precision.
  // Column sums into float32 (a layer's bias gradient) go through float64 scratch: each column is
  // one float64 chain in row order, as in TypeScript, so rounding it once gives the same float32.
  if (op === 'sum') return out instanceof Float64Array || (inner > 1 && isF32(out));
  if (inner !== 1) return false;
  return (op === 'max' && isF32(out)) || (op === 'argmax' && out instanceof Int32Array);
}

/** The row-wise ops of one backend. */
export interface RowOps {
  /** `Kernels.reduce`: sums, maxima and argmaxima of float32 rows in WebAssembly. */
  reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void;
  /** `Kernels.softmaxRows`, in WebAssembly for float32. */
  softmaxRows(x: TypedArray, rows: number, n: number, out: TypedArray): void;
}

/** Row-wise ops over `ctx`; float32 calls worth it run in WebAssembly, the rest in TypeScript. */
export function createRowOps(ctx: WasmOpContext): RowOps {
  const { ex, gate, heap, staging: st } = ctx;

  /** Float64 argmax along the last axis and sums along an inner one: bitwise the TypeScript results. */
  function reduce64(
    op: ReduceOp,
    x: Float64Array,
    outer: number,
    length: number,
    inner: number,
    out: TypedArray,
  ): boolean {
    const covered =
      op === 'argmax' ? inner === 1 && out instanceof Int32Array : op === 'sum' && inner > 1 && isF64(out);
    if (!covered || length === 0 || !gate.worth(x.length, 'reduce', x, out)) return false;
    st.stage(out, 0, x);
    const p0 = st.p0;
    const pOut = st.pOut;
    if (op === 'argmax') ex.argmaxRows64(p0, pOut, outer, length);
    else {
      const stride = length * inner;
      for (let o = 0; o < outer; o++) ex.sumColumns64(p0 + o * stride * 8, pOut + o * inner * 8, length, inner);
    }
    st.finish(out);
    return true;
  }

  function reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void {
    if (isF64(x) && reduce64(op, x, outer, length, inner, out)) return;
    if (!isF32(x) || length === 0 || !reducible(op, inner, out) || !gate.worth(x.length, 'reduce', x, out)) {
      jsKernels.reduce(op, x, outer, length, inner, out);
      return;
    }
    if (op === 'sum' && isF32(out)) {
      sumColumnsInto(x, outer, length, inner, out);
      return;
    }
    st.stage(out, 0, x);
    const p0 = st.p0;
    const pOut = st.pOut;
    if (op === 'max') ex.maxRows(p0, pOut, outer, length);
    else if (op === 'argmax') ex.argmaxRows(p0, pOut, outer, length);
    else if (inner === 1) ex.sumRowsF64(p0, pOut, outer, length);
    else {
      const stride = length * inner;
      for (let o = 0; o < outer; o++) ex.sumColumnsF64(p0 + o * stride * 4, pOut + o * inner * 8, length, inner);
    }
    st.finish(out);
  }

  /** Column sums of float32 x into float32 out, by way of float64 scratch. */
  function sumColumnsInto(x: TypedArray, outer: number, length: number, inner: number, out: Float32Array): void {
    st.stage(out, outer * inner * 8, x);
    const p0 = st.p0;
    const sums = st.pExtra;
    const stride = length * inner;
    for (let o = 0; o < outer; o++) ex.sumColumnsF64(p0 + o * stride * 4, sums + o * inner * 8, length, inner);
    const f64 = heap.f64;
    const first = sums >>> 3;
    for (let i = 0; i < out.length; i++) out[i] = f64[first + i]!;
  }

  function softmaxRows(x: TypedArray, rows: number, n: number, out: TypedArray): void {
    const f32 = isF32(x) && isF32(out);
    if ((!f32 && !(isF64(x) && isF64(out))) || n === 0 || !gate.worth(out.length, 'unary', x, out)) {
      jsSoftmaxRows(x, rows, n, out);
      return;
    }
    st.stage(out, 0, x);
    (f32 ? ex.softmaxRows : ex.softmaxRows64)(st.p0, st.pOut, rows, n);
    st.finish(out);
  }

  return { reduce, softmaxRows };
}
