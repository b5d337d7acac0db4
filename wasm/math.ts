// Vector elementary functions for f32x4. The polynomials are Cephes' single-precision ones
// (expf, logf, tanhf): about 1-2 ulp, several times the speed of a JS loop over Math.exp.

import { madd } from './simd';

// @ts-ignore: decorator
@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/**
 * e^x. Cody-Waite reduction x = n·ln2 + r with |r| <= ln2/2, a degree-7 polynomial for e^r, then
 * the scaling by 2^n done as two halves so that results that overflow give Infinity and results
 * that underflow go through the denormals to 0, as a float64 exp rounded to float32 does.
 * NaN passes through min/max (WebAssembly's propagate NaN) and the polynomial.
 */
// @ts-ignore: decorator
@inline export function expv(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, splat(-104.0)), splat(89.0));
  const n = f32x4.nearest(f32x4.mul(x, splat(1.44269504088896341)));
  // ln2 split in a 9-bit head (n·head is exact for |n| <= 150) and a tail.
  let r = madd(n, splat(-0.693359375), x);
  r = madd(n, splat(2.12194440e-4), r);
  let p = splat(1.9875691500e-4);
  p = madd(p, r, splat(1.3981999507e-3));
  p = madd(p, r, splat(8.3334519073e-3));
  p = madd(p, r, splat(4.1665795894e-2));
  p = madd(p, r, splat(1.6666665459e-1));
  p = madd(p, r, splat(5.0000001201e-1));
  const t = f32x4.add(madd(p, f32x4.mul(r, r), r), splat(1.0));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(t, s1), s2);
}

/**
 * ln x. x = m·2^e with m in [√½, √2), a polynomial in m − 1, and ln2 added back in two parts.
 * Denormals are scaled into the normal range first; 0 gives −Infinity, negatives NaN, and
 * Infinity and NaN come back unchanged, as Math.log does.
 */
// @ts-ignore: decorator
@inline export function logv(x0: v128): v128 {
  const tiny = f32x4.lt(x0, splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, splat(8388608.0)), x0, tiny);
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  const m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const below = f32x4.lt(m, splat(0.707106781186547524));
  // Where m < √½ use 2m − 1 and one less in the exponent, so that m − 1 stays small.
  e = i32x4.add(e, below);
  const xm = f32x4.sub(f32x4.add(m, v128.and(m, below)), splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(xm, xm);
  let p = splat(7.0376836292e-2);
  p = madd(p, xm, splat(-1.1514610310e-1));
  p = madd(p, xm, splat(1.1676998740e-1));
  p = madd(p, xm, splat(-1.2420140846e-1));
  p = madd(p, xm, splat(1.4249322787e-1));
  p = madd(p, xm, splat(-1.6668057665e-1));
  p = madd(p, xm, splat(2.0000714765e-1));
  p = madd(p, xm, splat(-2.4999993993e-1));
  p = madd(p, xm, splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, xm), z);
  y = madd(fe, splat(-2.12194440e-4), y);
  y = madd(z, splat(-0.5), y);
  let r = madd(fe, splat(0.693359375), f32x4.add(xm, y));
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x0, splat(0)));
  r = v128.bitselect(splat(NaN), r, f32x4.lt(x0, splat(0)));
  // Infinity and NaN map to themselves.
  return v128.bitselect(x0, r, v128.or(f32x4.eq(x0, splat(Infinity)), f32x4.ne(x0, x0)));
}

/**
 * tanh x. Near 0 an odd polynomial keeps the relative accuracy that 1 − 2/(e^2|x| + 1) would lose
 * to cancellation; elsewhere that formula, with the sign copied back (±Infinity give ±1).
 */
// @ts-ignore: decorator
@inline export function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const e = expv(f32x4.add(ax, ax));
  let big = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  big = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  const z = f32x4.mul(x, x);
  let p = splat(-5.70498872745e-3);
  p = madd(p, z, splat(2.06390887954e-2));
  p = madd(p, z, splat(-5.37397155531e-2));
  p = madd(p, z, splat(1.33314422036e-1));
  p = madd(p, z, splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), x, x);
  return v128.bitselect(small, big, f32x4.lt(ax, splat(0.625)));
}

/** 1/(1 + e^−x): e^−x overflows to Infinity for very negative x and the result is the limit 0. */
// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  return f32x4.div(splat(1.0), f32x4.add(splat(1.0), expv(f32x4.neg(x))));
}
