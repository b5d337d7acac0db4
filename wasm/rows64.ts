// Row-wise kernels over a row-major m×n double matrix at x (byte offsets), bitwise equal to the
// TypeScript kernels: sums run in the same order, e^x is Math.exp's algorithm.

import { expv64 } from './math64';

/** The largest of the n doubles at p (n >= 1); NaN if any is NaN. */
// @ts-ignore: decorator
@inline function rowMax64(p: usize, n: i32): f64 {
  let m0 = f64x2.splat(load<f64>(p));
  let j = 0;
  for (; j + 2 <= n; j += 2) m0 = f64x2.max(m0, v128.load(p + (<usize>j << 3)));
  let best = max(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  if (j < n) best = max(best, load<f64>(p + (<usize>j << 3)));
  return best;
}

/**
 * out[i] (i32) = the index of the first maximum of row i, or of its first NaN if it has one (as
 * numpy and the TypeScript kernel do).
 */
export function argmaxRows64(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const p = x + <usize>i * row;
    const best = rowMax64(p, n);
    const hasNaN = best != best;
    let j = 0;
    for (; j < n; j++) {
      const v = load<f64>(p + (<usize>j << 3));
      if (hasNaN ? v != v : v == best) break;
    }
    store<i32>(out + (<usize>i << 2), j);
  }
}

/** out[j] = Σ_i x[i, j], each column summed from the top down (the bias gradient). */
export function sumColumns64(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 3;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    let p = x + (<usize>j << 3);
    for (let i = 0; i < m; i++, p += row) {
      a0 = f64x2.add(a0, v128.load(p));
      a1 = f64x2.add(a1, v128.load(p, 16));
      a2 = f64x2.add(a2, v128.load(p, 32));
      a3 = f64x2.add(a3, v128.load(p, 48));
    }
    const o = out + (<usize>j << 3);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; j + 2 <= n; j += 2) {
    let a0 = f64x2.splat(0);
    let p = x + (<usize>j << 3);
    for (let i = 0; i < m; i++, p += row) a0 = f64x2.add(a0, v128.load(p));
    v128.store(out + (<usize>j << 3), a0);
  }
  for (; j < n; j++) {
    let s: f64 = 0;
    let p = x + (<usize>j << 3);
    for (let i = 0; i < m; i++, p += row) s += load<f64>(p);
    store<f64>(out + (<usize>j << 3), s);
  }
}

/**
 * out[i, ·] = softmax(x[i, ·]) = e^(x − max) / Σ e^(x − max), the sum taken left to right as the
 * TypeScript kernel does. A row with NaN or +Infinity gives NaN.
 */
export function softmaxRows64(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const p = x + <usize>i * row;
    const q = out + <usize>i * row;
    const mx = rowMax64(p, n);
    const mxv = f64x2.splat(mx);
    let total: f64 = 0;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      const e = expv64(f64x2.sub(v128.load(p + o), mxv));
      v128.store(q + o, e);
      total += f64x2.extract_lane(e, 0);
      total += f64x2.extract_lane(e, 1);
    }
    if (j < n) {
      const o = <usize>j << 3;
      const e = f64x2.extract_lane(expv64(f64x2.splat(load<f64>(p + o) - mx)), 0);
      store<f64>(q + o, e);
      total += e;
    }
    const t = f64x2.splat(total);
    j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      v128.store(q + o, f64x2.div(v128.load(q + o), t));
    }
    if (j < n) {
      const o = <usize>j << 3;
      store<f64>(q + o, load<f64>(q + o) / total);
    }
  }
}
