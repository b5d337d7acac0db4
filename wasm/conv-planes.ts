// The reshuffles around a convolution's product (the Convolution layer): the product (FN, N·P) into
// output planes (N, FN, P) with the bias added, and back for the output gradient together with the
// bias gradient. Runs of P contiguous floats move as blocks. Pointers are byte offsets of float32 data.

/** out[n, f, p] = product[f, n·P + p] + bias[f]. */
export function productToPlanes(product: usize, bias: usize, out: usize, batch: i32, positions: i32, filters: i32): void {
  const run = <usize>positions << 2;
  for (let f = 0; f < filters; f++) {
    const b = load<f32>(bias + (<usize>f << 2));
    const bv = f32x4.splat(b);
    for (let n = 0; n < batch; n++) {
      const from = product + (<usize>f * <usize>batch + <usize>n) * run;
      const to = out + (<usize>n * <usize>filters + <usize>f) * run;
      let p: usize = 0;
      for (; p + 16 <= run; p += 16) v128.store(to + p, f32x4.add(v128.load(from + p), bv));
      for (; p < run; p += 4) store<f32>(to + p, load<f32>(from + p) + b);
    }
  }
}

/**
 * dProduct[f, n·P + p] = dout[n, f, p], and db[f] = Σ over n and p of dout[n, f, p], summed in two
 * f64x2 accumulators and rounded once to float32, in a fixed order (so one result whatever the thread count).
 */
export function planesToProduct(dout: usize, dProduct: usize, db: usize, batch: i32, positions: i32, filters: i32): void {
  const run = <usize>positions << 2;
  for (let f = 0; f < filters; f++) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let tail: f64 = 0;
    for (let n = 0; n < batch; n++) {
      const from = dout + (<usize>n * <usize>filters + <usize>f) * run;
      const to = dProduct + (<usize>f * <usize>batch + <usize>n) * run;
      let p: usize = 0;
      for (; p + 16 <= run; p += 16) {
        const v = v128.load(from + p);
        v128.store(to + p, v);
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
      }
      for (; p < run; p += 4) {
        const v = load<f32>(from + p);
        store<f32>(to + p, v);
        tail += <f64>v;
      }
    }
    s0 = f64x2.add(s0, s1);
    store<f32>(db + (<usize>f << 2), <f32>(f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + tail));
  }
}
