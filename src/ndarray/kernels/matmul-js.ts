import type { TypedArray } from '../dtype.js';

/**
 * Matrix products in plain TypeScript. Two things make them several times faster than the obvious
 * triple loop: each storage class gets its own copy of the loops (a loop that sees Float64Array and
 * Float32Array alike is compiled for both and optimised for neither), and four rows of B are folded
 * into each pass over the accumulator row, so it is loaded and stored a quarter as often.
 * Sums are kept in float64 (a Float64Array row, or locals): a Float32Array accumulator would round
 * at every step.
 */

type Float = Float64Array | Float32Array;

/** acc[0..n) = Σ_p A(i, p)·B(p, ·) for one row i of op(A); B is k×n row-major. */
function rowTimesB64(
  a: Float64Array,
  aOff: number,
  aStep: number,
  b: Float64Array,
  acc: Float64Array,
  k: number,
  n: number,
): void {
  acc.fill(0);
  let p = 0;
  for (; p + 3 < k; p += 4) {
    const a0 = a[aOff + p * aStep]!,
      a1 = a[aOff + (p + 1) * aStep]!,
      a2 = a[aOff + (p + 2) * aStep]!,
      a3 = a[aOff + (p + 3) * aStep]!;
    const b0 = p * n,
      b1 = b0 + n,
      b2 = b1 + n,
      b3 = b2 + n;
    for (let j = 0; j < n; j++) acc[j]! += a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
  }
  for (; p < k; p++) {
    const ap = a[aOff + p * aStep]!;
    const b0 = p * n;
    for (let j = 0; j < n; j++) acc[j]! += ap * b[b0 + j]!;
  }
}

function rowTimesB32(
  a: Float32Array,
  aOff: number,
  aStep: number,
  b: Float32Array,
  acc: Float64Array,
  k: number,
  n: number,
): void {
  acc.fill(0);
  let p = 0;
  for (; p + 3 < k; p += 4) {
    const a0 = a[aOff + p * aStep]!,
      a1 = a[aOff + (p + 1) * aStep]!,
      a2 = a[aOff + (p + 2) * aStep]!,
      a3 = a[aOff + (p + 3) * aStep]!;
    const b0 = p * n,
      b1 = b0 + n,
      b2 = b1 + n,
      b3 = b2 + n;
    for (let j = 0; j < n; j++) acc[j]! += a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
  }
  for (; p < k; p++) {
    const ap = a[aOff + p * aStep]!;
    const b0 = p * n;
    for (let j = 0; j < n; j++) acc[j]! += ap * b[b0 + j]!;
  }
}

/** out(i, j) = Σ_p A(i, p)·B(j, p): dot products of rows, B stored n×k. */
function timesBT64(
  a: Float64Array,
  aRow: number,
  aStep: number,
  b: Float64Array,
  out: Float64Array | Float32Array,
  oOff: number,
  k: number,
  n: number,
): void {
  for (let j = 0; j < n; j++) {
    const bRow = j * k;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      s0 += a[aRow + p * aStep]! * b[bRow + p]!;
      s1 += a[aRow + (p + 1) * aStep]! * b[bRow + p + 1]!;
      s2 += a[aRow + (p + 2) * aStep]! * b[bRow + p + 2]!;
      s3 += a[aRow + (p + 3) * aStep]! * b[bRow + p + 3]!;
    }
    for (; p < k; p++) s0 += a[aRow + p * aStep]! * b[bRow + p]!;
    out[oOff + j] = s0 + s1 + (s2 + s3);
  }
}

function timesBT32(
  a: Float32Array,
  aRow: number,
  aStep: number,
  b: Float32Array,
  out: Float64Array | Float32Array,
  oOff: number,
  k: number,
  n: number,
): void {
  for (let j = 0; j < n; j++) {
    const bRow = j * k;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      s0 += a[aRow + p * aStep]! * b[bRow + p]!;
      s1 += a[aRow + (p + 1) * aStep]! * b[bRow + p + 1]!;
      s2 += a[aRow + (p + 2) * aStep]! * b[bRow + p + 2]!;
      s3 += a[aRow + (p + 3) * aStep]! * b[bRow + p + 3]!;
    }
    for (; p < k; p++) s0 += a[aRow + p * aStep]! * b[bRow + p]!;
    out[oOff + j] = s0 + s1 + (s2 + s3);
  }
}

/**
 * The float fast path: both operands float64 or both float32 (out may be either). Returns false for
 * other combinations, which the generic loop handles.
 */
export function matmulFloat(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): boolean {
  if (!(out instanceof Float64Array || out instanceof Float32Array)) return false;
  const both64 = a instanceof Float64Array && b instanceof Float64Array;
  const both32 = a instanceof Float32Array && b instanceof Float32Array;
  if (!both64 && !both32) return false;
  // Row i of op(A) starts at aOff(i) and steps by aStep along k.
  const aStep = transA ? m : 1;
  const rowStart = (i: number): number => (transA ? i : i * k);
  if (transB) {
    for (let i = 0; i < m; i++) {
      if (both64) timesBT64(a as Float64Array, rowStart(i), aStep, b as Float64Array, out as Float, i * n, k, n);
      else timesBT32(a as Float32Array, rowStart(i), aStep, b as Float32Array, out as Float, i * n, k, n);
    }
    return true;
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    if (both64) rowTimesB64(a as Float64Array, rowStart(i), aStep, b as Float64Array, acc, k, n);
    else rowTimesB32(a as Float32Array, rowStart(i), aStep, b as Float32Array, acc, k, n);
    out.set(acc, i * n);
  }
  return true;
}
