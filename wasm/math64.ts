// Vector e^x for f64x2 that gives bitwise what JavaScript's Math.exp gives: V8 computes Math.exp
// with fdlibm's __ieee754_exp, and this is the same algorithm, branch for branch, lane by lane, with
// the same constants and the same order of operations (no fused multiply-add). The float64 sigmoid
// and softmax then match the TypeScript kernels to the last bit.

// @ts-ignore: decorator
@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}

// @ts-ignore: decorator
@inline function splat64(x: i64): v128 {
  return i64x2.splat(x);
}

// @ts-ignore: decorator
@inline function select(ifTrue: v128, ifFalse: v128, mask: v128): v128 {
  return v128.bitselect(ifTrue, ifFalse, mask);
}

/**
 * fdlibm's polynomial part: r = hi − lo is the reduced argument, k·ln2 was taken off x. Returns
 * 1 − ((lo − r·c/(2 − c)) − hi), which for k = 0 (lo = 0, hi = r) equals fdlibm's
 * 1 − (r·c/(c − 2) − r) bit for bit.
 */
// @ts-ignore: decorator
@inline function expCore(hi: v128, lo: v128): v128 {
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.add(splat(-1.65339022054652515390e-06), f64x2.mul(t, splat(4.13813679705723846039e-08)));
  p = f64x2.add(splat(6.61375632143793436117e-05), f64x2.mul(t, p));
  p = f64x2.add(splat(-2.77777777770155933842e-03), f64x2.mul(t, p));
  p = f64x2.add(splat(1.66666666666666019037e-01), f64x2.mul(t, p));
  const c = f64x2.sub(r, f64x2.mul(t, p));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(splat(2.0), c));
  return f64x2.sub(splat(1.0), f64x2.sub(f64x2.sub(lo, q), hi));
}

/** |x| below the double whose high word is `high` (fdlibm compares high words; x not NaN). */
// @ts-ignore: decorator
@inline function below(ax: v128, high: i64): v128 {
  return f64x2.lt(ax, f64x2.splat(reinterpret<f64>(high << 32)));
}

/**
 * e^x, lane by lane as Math.exp (fdlibm) computes it. fdlibm's tests on the high word of |x|
 * become float comparisons of |x| (SSE has no 64-bit integer compares or arithmetic shifts), and
 * 2^k is built from k + 1.5·2^52, whose low mantissa bits hold k.
 */
// @ts-ignore: decorator
@inline export function expv64(x: v128): v128 {
  const ax = f64x2.abs(x);
  // −0 and NaN take the tiny and NaN exits below, so a plain comparison is the sign here.
  const negative = f64x2.lt(x, splat(0));
  // |x| in (0.5 ln2, 1.5 ln2): k = ±1; beyond: k = (int)(x/ln2 ± 0.5); within 0.5 ln2: k = 0.
  let kf = f64x2.trunc(f64x2.add(f64x2.mul(splat(1.44269504088896338700e+00), x), select(splat(-0.5), splat(0.5), negative)));
  kf = select(select(splat(-1.0), splat(1.0), negative), kf, below(ax, 0x3ff0a2b2));
  kf = v128.andnot(kf, below(ax, 0x3fd62e43));
  // k·ln2HI is exact; for k = 0 this leaves hi = x and lo = 0.
  const hi = f64x2.sub(x, f64x2.mul(kf, splat(6.93147180369123816490e-01)));
  const lo = f64x2.mul(kf, splat(1.90821492927058770002e-10));
  const y = expCore(hi, lo);
  // 2^k as fdlibm scales: directly for k >= −1021, via 2^(k+1000)·2^−1000 below, 2·2^1023 at 1024.
  const low = f64x2.lt(kf, splat(-1021.0));
  const top = f64x2.eq(kf, splat(1024.0));
  const e1 = select(splat(1.0), f64x2.add(kf, v128.and(low, splat(1000.0))), top);
  const s1 = i64x2.shl(i64x2.add(f64x2.add(e1, splat(6755399441055744.0)), splat64(1023)), 52);
  const s2 = select(splat(9.33263618503218878990e-302), select(splat(8.988465674311579539e307), splat(1.0), top), low);
  let r = f64x2.mul(f64x2.mul(y, s1), s2);
  r = select(f64x2.add(splat(1.0), x), r, below(ax, 0x3e300000));
  r = select(splat(2.718281828459045), r, f64x2.eq(x, splat(1.0)));
  r = select(splat(Infinity), r, f64x2.gt(x, splat(7.09782712893383973096e+02)));
  r = select(splat(0.0), r, f64x2.lt(x, splat(-7.45133219101941108420e+02)));
  return select(f64x2.add(x, x), r, f64x2.ne(x, x));
}

/** 1/(1 + e^−x), in the TypeScript kernel's order. */
// @ts-ignore: decorator
@inline export function sigmoidv64(x: v128): v128 {
  return f64x2.div(splat(1.0), f64x2.add(splat(1.0), expv64(f64x2.neg(x))));
}
