// Row-wise kernels over a row-major m×n float matrix at x (byte offsets; n >= 1 where a row needs
// an element).

import { expv } from './math';
import { hmax, hsum, loadTail } from './simd';

/** Σ of the n floats at p, in f32 lanes (two accumulators hide the add latency). */
// @ts-ignore: decorator
@inline function rowSum(p: usize, n: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const o = <usize>j << 2;
    s0 = f32x4.add(s0, v128.load(p + o));
    s1 = f32x4.add(s1, v128.load(p + o, 16));
  }
  if (j + 4 <= n) {
    s0 = f32x4.add(s0, v128.load(p + (<usize>j << 2)));
    j += 4;
  }
  if (j < n) s1 = f32x4.add(s1, loadTail(p + (<usize>j << 2), n - j, f32x4.splat(0)));
  return hsum(f32x4.add(s0, s1));
}

/** The largest of the n floats at p (n >= 1); NaN if any is NaN. */
// @ts-ignore: decorator
@inline function rowMax(p: usize, n: i32): f32 {
  // The padding lanes repeat the first element, which is in the row anyway.
  const first = f32x4.splat(load<f32>(p));
  let m0 = first;
  let j = 0;
  for (; j + 4 <= n; j += 4) m0 = f32x4.max(m0, v128.load(p + (<usize>j << 2)));
  if (j < n) m0 = f32x4.max(m0, loadTail(p + (<usize>j << 2), n - j, first));
  return hmax(m0);
}

/** out[i] = Σ_j x[i, j] (f32 out, f32 accumulation). */
export function sumRows(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) store<f32>(out + (<usize>i << 2), rowSum(x + <usize>i * row, n));
}

/**
 * out[i] = Σ_j x[i, j] into float64 out, summed in f64 lanes: what the array API's sum of a float32
 * array asks for (it rounds to float32 once, at the end, to stay close to numpy).
 */
export function sumRowsF64(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const p = x + <usize>i * row;
    // Four f64x2 accumulators: the add latency, not the loads, bounds a single chain.
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const o = p + (<usize>j << 2);
      const v = v128.load(o);
      const w = v128.load(o, 16);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 2, 3)));
    }
    s0 = f64x2.add(s0, s2);
    s1 = f64x2.add(s1, s3);
    let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s1, 0) + (f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 1));
    for (; j < n; j++) s += <f64>load<f32>(p + (<usize>j << 2));
    store<f64>(out + (<usize>i << 3), s);
  }
}

/** out[j] = Σ_i x[i, j] (the bias gradient db = Σ over the batch of dout). */
export function sumColumns(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  let j = 0;
  // Strips of 16 columns: four independent accumulators per pass down the rows.
  for (; j + 16 <= n; j += 16) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let i = 0; i < m; i++, p += row) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
    }
    const o = out + (<usize>j << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let a0 = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let i = 0; i < m; i++, p += row) a0 = f32x4.add(a0, v128.load(p));
    v128.store(out + (<usize>j << 2), a0);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let p = x + (<usize>j << 2);
    for (let i = 0; i < m; i++, p += row) s += load<f32>(p);
    store<f32>(out + (<usize>j << 2), s);
  }
}

/** out[j] = Σ_i x[i, j] into float64 out, summed in f64 lanes (see sumRowsF64). */
export function sumColumnsF64(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    let p = x + (<usize>j << 2);
    for (let i = 0; i < m; i++, p += row) {
      const v = v128.load(p);
      const w = v128.load(p, 16);
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(w));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 2, 3)));
    }
    const o = out + (<usize>j << 3);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; j < n; j++) {
    let s: f64 = 0;
    let p = x + (<usize>j << 2);
    for (let i = 0; i < m; i++, p += row) s += <f64>load<f32>(p);
    store<f64>(out + (<usize>j << 3), s);
  }
}

/** out[i] = max_j x[i, j]; NaN where the row holds a NaN. */
export function maxRows(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) store<f32>(out + (<usize>i << 2), rowMax(x + <usize>i * row, n));
}

/**
 * out[i] (i32) = the index of the first maximum of row i, or of its first NaN if it has one (as
 * numpy and the TypeScript kernel do). One SIMD pass finds the maximum, a second the first lane
 * equal to it.
 */
export function argmaxRows(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const p = x + <usize>i * row;
    const best = rowMax(p, n);
    const target = f32x4.splat(best);
    const hasNaN = best != best;
    let at = -1;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      const mask = i32x4.bitmask(hasNaN ? f32x4.ne(v, v) : f32x4.eq(v, target));
      if (mask != 0) {
        at = j + ctz(mask);
        break;
      }
    }
    if (at < 0) {
      for (; j < n; j++) {
        const v = load<f32>(p + (<usize>j << 2));
        if (hasNaN ? v != v : v == best) break;
      }
      at = j;
    }
    store<i32>(out + (<usize>i << 2), at);
  }
}

/**
 * out[i, ·] = softmax(x[i, ·]) = e^(x − max) / Σ e^(x − max); subtracting the row maximum keeps
 * e^ from overflowing. A row with NaN or +Infinity gives NaN, as numpy does.
 */
export function softmaxRows(x: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const p = x + <usize>i * row;
    const q = out + <usize>i * row;
    const mx = f32x4.splat(rowMax(p, n));
    let s = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const e = expv(f32x4.sub(v128.load(p + o), mx));
      v128.store(q + o, e);
      s = f32x4.add(s, e);
    }
    let total = hsum(s);
    for (; j < n; j++) {
      const o = <usize>j << 2;
      // Lane 0 of the vector exp keeps the tail bit-identical to the body.
      const e = f32x4.extract_lane(expv(f32x4.splat(load<f32>(p + o) - f32x4.extract_lane(mx, 0))), 0);
      store<f32>(q + o, e);
      total += e;
    }
    const t = f32x4.splat(total);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(q + o, f32x4.div(v128.load(q + o), t));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(q + o, load<f32>(q + o) / total);
    }
  }
}
