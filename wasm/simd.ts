// Small SIMD helpers shared by every kernel. Pointers are byte offsets into the imported memory.

/**
 * a·b + c. The relaxed build fuses it into one FMA (one rounding instead of two, and faster matrix
 * products); the plain build cannot, because relaxed SIMD does not validate everywhere.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** a·b + c on two doubles, as `madd` does on four floats: fused in the relaxed build only. */
// @ts-ignore: decorator
@inline export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/**
 * The last r (1..3) floats at p in lanes 0..r-1, the other lanes `fill`. Tails run the same vector
 * code as the body, so a result never depends on where its element falls, and no scalar Math
 * (which would bring lookup tables into the module) is needed.
 */
// @ts-ignore: decorator
@inline export function loadTail(p: usize, r: i32, fill: v128): v128 {
  let v = f32x4.replace_lane(fill, 0, load<f32>(p));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores lanes 0..r-1 (r in 1..3) of v at p, leaving the floats after them untouched. */
// @ts-ignore: decorator
@inline export function storeTail(p: usize, v: v128, r: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (r > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (r > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** The sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/** The largest lane; NaN if any lane is NaN. */
// @ts-ignore: decorator
@inline export function hmax(v: v128): f32 {
  const s = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.max(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}
