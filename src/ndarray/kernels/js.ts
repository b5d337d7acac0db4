import type { TypedArray } from '../dtype.js';
import { broadcastStrides, sizeOf, shapesEqual, type Shape } from '../shape.js';
import { matmulFloat } from './matmul-js.js';
import type { ActivationOp, BinaryOp, Kernels, ReduceOp, UnaryOp } from './types.js';
import { col2imTransposed, im2colTransposed } from './windows-js.js';

type Unary = (x: number) => number;
type Binary = (x: number, y: number) => number;

const UNARY: Record<UnaryOp, Unary> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  square: (x) => x * x,
  tanh: Math.tanh,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  reciprocal: (x) => 1 / x,
  // exp(-x) overflows to Infinity for x < -709 and 1/(1+Infinity) is 0: the limit, no NaN.
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0),
  step: (x) => (x > 0 ? 1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  // numpy rounds half to even.
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

const BINARY: Record<BinaryOp, Binary> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  // Math.max/min propagate NaN, as numpy's maximum/minimum do.
  maximum: Math.max,
  minimum: Math.min,
  // numpy's mod takes the sign of the divisor.
  mod: (x, y) => {
    const r = x % y;
    return r !== 0 && r < 0 !== y < 0 ? r + y : r;
  },
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
};

function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const f = UNARY[op];
  const n = x.length;
  for (let i = 0; i < n; i++) out[i] = f(x[i]!);
}

function binary(
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const f = BINARY[op];
  const size = sizeOf(outShape);
  if (size === 0) return;
  if (shapesEqual(aShape, bShape)) {
    for (let i = 0; i < size; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (a.length === 1) {
    const x = a[0]!;
    for (let i = 0; i < size; i++) out[i] = f(x, b[i]!);
    return;
  }
  if (b.length === 1) {
    const y = b[0]!;
    for (let i = 0; i < size; i++) out[i] = f(a[i]!, y);
    return;
  }
  // General case: walk the output in runs along its last axis, carrying a multi-index for the rest.
  const ndim = outShape.length;
  const as = broadcastStrides(aShape, outShape);
  const bs = broadcastStrides(bShape, outShape);
  const inner = outShape[ndim - 1]!;
  const ai = as[ndim - 1]!;
  const bi = bs[ndim - 1]!;
  const index = new Array<number>(ndim).fill(0);
  let aOff = 0;
  let bOff = 0;
  for (let o = 0; o < size; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = f(a[aOff + j * ai]!, b[bOff + j * bi]!);
    // Advance the multi-index over the leading axes (odometer style).
    for (let d = ndim - 2; d >= 0; d--) {
      index[d]!++;
      aOff += as[d]!;
      bOff += bs[d]!;
      if (index[d]! < outShape[d]!) break;
      aOff -= as[d]! * index[d]!;
      bOff -= bs[d]! * index[d]!;
      index[d] = 0;
    }
  }
}

/**
 * numpy's pairwise summation of a contiguous run: eight running sums over blocks of at most 128,
 * halving larger runs. Rounding error grows like log(n) rather than n, and results match numpy's
 * to the last bit (numpy sums strided axes sequentially, as the caller does).
 */
export function pairwiseSum(x: TypedArray, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[start + i]!;
    return s;
  }
  if (n <= 128) {
    let r0 = x[start]!,
      r1 = x[start + 1]!,
      r2 = x[start + 2]!,
      r3 = x[start + 3]!;
    let r4 = x[start + 4]!,
      r5 = x[start + 5]!,
      r6 = x[start + 6]!,
      r7 = x[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += x[p]!;
      r1 += x[p + 1]!;
      r2 += x[p + 2]!;
      r3 += x[p + 3]!;
      r4 += x[p + 4]!;
      r5 += x[p + 5]!;
      r6 += x[p + 6]!;
      r7 += x[p + 7]!;
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) s += x[start + i]!;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(x, start, half) + pairwiseSum(x, start + half, n - half);
}

function reduce(op: ReduceOp, x: TypedArray, outer: number, length: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    for (let i = 0; i < inner; i++) {
      const start = base + i;
      let result: number;
      switch (op) {
        case 'sum': {
          if (inner === 1) {
            result = pairwiseSum(x, start, length);
            break;
          }
          // A local accumulator keeps float64 precision even when x is float32.
          let s = 0;
          for (let l = 0; l < length; l++) s += x[start + l * inner]!;
          result = s;
          break;
        }
        case 'max':
        case 'min': {
          let best = x[start]!;
          for (let l = 1; l < length && !Number.isNaN(best); l++) {
            const v = x[start + l * inner]!;
            if (Number.isNaN(v) || (op === 'max' ? v > best : v < best)) best = v;
          }
          result = best;
          break;
        }
        case 'argmax':
        case 'argmin': {
          // The first NaN wins, as in numpy; ties go to the first occurrence.
          let best = x[start]!;
          let at = 0;
          for (let l = 1; l < length && !Number.isNaN(best); l++) {
            const v = x[start + l * inner]!;
            if (Number.isNaN(v) || (op === 'argmax' ? v > best : v < best)) {
              best = v;
              at = l;
            }
          }
          result = at;
          break;
        }
      }
      out[o * inner + i] = result;
    }
  }
}

function matmul(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (matmulFloat(a, b, out, m, k, n, transA, transB)) return;
  // Rows are accumulated in float64 locals: summing into a Float32Array element rounds every step.
  if (!transB) {
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i]! : a[i * k + p]!;
        const row = p * n;
        for (let j = 0; j < n; j++) acc[j]! += aip * b[row + j]!;
      }
      const o = i * n;
      for (let j = 0; j < n; j++) out[o + j] = acc[j]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const row = j * k;
      let s = 0;
      if (transA) for (let p = 0; p < k; p++) s += a[p * m + i]! * b[row + p]!;
      else {
        const aRow = i * k;
        for (let p = 0; p < k; p++) s += a[aRow + p]! * b[row + p]!;
      }
      out[i * n + j] = s;
    }
  }
}

function activationBackward(op: ActivationOp, dout: TypedArray, cached: TypedArray, dx: TypedArray): void {
  const n = dout.length;
  if (op === 'relu') for (let i = 0; i < n; i++) dx[i] = cached[i]! > 0 ? dout[i]! : 0;
  else for (let i = 0; i < n; i++) dx[i] = dout[i]! * (1 - cached[i]!) * cached[i]!;
}

function axpy(y: TypedArray, x: TypedArray, alpha: number): void {
  const n = y.length;
  for (let i = 0; i < n; i++) y[i] = y[i]! + alpha * x[i]!;
}

/** Row-wise softmax, each row's exponentials summed in float64 (see Kernels.softmaxRows). */
export function softmaxRows(x: TypedArray, rows: number, n: number, out: TypedArray): void {
  for (let row = 0; row < rows * n; row += n) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[row + j]! > max) max = x[row + j]!;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[row + j]! - max);
      out[row + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) out[row + j] = out[row + j]! / sum;
  }
}

/** The reference kernels: plain loops over typed arrays, the fallback for every dtype. */
/** Rows indices[0..count) of src (run elements each) to consecutive rows of out (see Kernels.gatherRows). */
export function gatherRows(src: TypedArray, run: number, indices: Int32Array, count: number, out: TypedArray): void {
  if (run === 1) {
    // Labels: one element per row, where creating a subarray would cost more than the copy.
    for (let j = 0; j < count; j++) out[j] = src[indices[j]!]!;
    return;
  }
  for (let j = 0; j < count; j++) {
    const start = indices[j]! * run;
    out.set(src.subarray(start, start + run), j * run);
  }
}

/**
 * The TypeScript kernels: every dtype and every broadcast, in plain loops. The reference the faster
 * backends are tested against, and the fallback for whatever they do not cover.
 */
export const jsKernels: Kernels = {
  name: 'js',
  unary,
  binary,
  reduce,
  matmul,
  activationBackward,
  axpy,
  softmaxRows,
  im2colTransposed,
  col2imTransposed,
  gatherRows,
};
