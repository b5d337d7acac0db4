// Optimizer steps over float32 parameters. The arithmetic is float64, operation for operation as the
// TypeScript loops do it (a JavaScript number is a float64; a store rounds it to float32), so results
// are bitwise those of the TypeScript optimizers. Pointers are byte offsets of float32 data.

/** f64x2 of the two floats in lanes `lo` and `lo + 1` of v. */
// @ts-ignore: decorator
@inline function wide(v: v128, high: bool): v128 {
  return f64x2.promote_low_f32x4(high ? v128.shuffle<f32>(v, v, 2, 3, 2, 3) : v);
}

/** The two f64x2 halves back as four floats, each rounded once. */
// @ts-ignore: decorator
@inline function narrow(lo: v128, hi: v128): v128 {
  const a = f32x4.demote_f64x2_zero(lo);
  const b = f32x4.demote_f64x2_zero(hi);
  return v128.shuffle<f32>(a, b, 0, 1, 4, 5);
}

/**
 * The book's Adam on n floats: m += keep1·(g − m); v += keep2·(g² − v); p −= lrT·m / (√v + eps),
 * where m and v are read back after being rounded to float32, as the TypeScript loop reads them.
 */
export function adamStep(p: usize, g: usize, m: usize, v: usize, n: i32, lrT: f64, keep1: f64, keep2: f64, eps: f64): void {
  const k1 = f64x2.splat(keep1);
  const k2 = f64x2.splat(keep2);
  const lr = f64x2.splat(lrT);
  const e = f64x2.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const g4 = v128.load(g + at);
    const m4 = v128.load(m + at);
    const v4 = v128.load(v + at);
    const p4 = v128.load(p + at);
    let mLo = wide(m4, false), mHi = wide(m4, true);
    let vLo = wide(v4, false), vHi = wide(v4, true);
    const gLo = wide(g4, false), gHi = wide(g4, true);
    mLo = f64x2.add(mLo, f64x2.mul(k1, f64x2.sub(gLo, mLo)));
    mHi = f64x2.add(mHi, f64x2.mul(k1, f64x2.sub(gHi, mHi)));
    vLo = f64x2.add(vLo, f64x2.mul(k2, f64x2.sub(f64x2.mul(gLo, gLo), vLo)));
    vHi = f64x2.add(vHi, f64x2.mul(k2, f64x2.sub(f64x2.mul(gHi, gHi), vHi)));
    const mNew = narrow(mLo, mHi);
    const vNew = narrow(vLo, vHi);
    v128.store(m + at, mNew);
    v128.store(v + at, vNew);
    const stepLo = f64x2.div(f64x2.mul(lr, wide(mNew, false)), f64x2.add(f64x2.sqrt(wide(vNew, false)), e));
    const stepHi = f64x2.div(f64x2.mul(lr, wide(mNew, true)), f64x2.add(f64x2.sqrt(wide(vNew, true)), e));
    v128.store(p + at, narrow(f64x2.sub(wide(p4, false), stepLo), f64x2.sub(wide(p4, true), stepHi)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const gi = <f64>load<f32>(g + at);
    const mi = <f32>(<f64>load<f32>(m + at) + keep1 * (gi - <f64>load<f32>(m + at)));
    const vi = <f32>(<f64>load<f32>(v + at) + keep2 * (gi * gi - <f64>load<f32>(v + at)));
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(p + at, <f32>(<f64>load<f32>(p + at) - (lrT * <f64>mi) / (Math.sqrt(<f64>vi) + eps)));
  }
}
