// Max pooling over NCHW planes (the Pooling layer): the maximum of every window and where it was, and
// the backward pass that sends each output's gradient back to that place. x, out and dx are byte
// offsets of float32 data, argmax of int32 flat element indices into x (−1 for a window that lies
// wholly in the padding).

/**
 * Four consecutive windows' taps at (row, ix) as one vector: lane j reads x[row + (ox + j)·stride + ix],
 * as a plain load at stride 1, two loads and an even-lane shuffle at stride 2, single lanes otherwise.
 */
// @ts-ignore: decorator
@inline function tapsOf(p: usize, stride: i32): v128 {
  if (stride == 1) return v128.load(p);
  // The second load ends at the last tap read (floats 3..6), never past the array.
  if (stride == 2) return v128.shuffle<f32>(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
  const step = <usize>stride << 2;
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/**
 * Four windows of an unpadded plane row at once (outputs o..o+3): the same comparisons as the scalar
 * loop, lane by lane, with selects instead of branches (which element wins is random, and V8
 * compiles scalar float selects to branches).
 */
// @ts-ignore: decorator
@inline function maxPoolFour(x: usize, out: usize, argmax: usize, corner: i32, width: i32, ph: i32, pw: i32, stride: i32): void {
  const lanes = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(stride));
  let best = tapsOf(x + (<usize>corner << 2), stride);
  let at = i32x4.add(lanes, i32x4.splat(corner));
  for (let iy = 0; iy < ph; iy++) {
    const row = corner + iy * width;
    for (let ix = 0; ix < pw; ix++) {
      const v = tapsOf(x + (<usize>(row + ix) << 2), stride);
      const take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(i32x4.add(lanes, i32x4.splat(row + ix)), at, take);
    }
  }
  v128.store(out, best);
  v128.store(argmax, at);
}

/**
 * out[o] = max of window o, argmax[o] = its flat index into x (the first one on ties). A NaN wins
 * and stays, as in the TypeScript loops, so a diverging network shows NaN. Padded positions never win.
 */
export function maxPool(
  x: usize, out: usize, argmax: usize, planes: i32, height: i32, width: i32,
  outHeight: i32, outWidth: i32, ph: i32, pw: i32, stride: i32, pad: i32,
): void {
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * stride - pad;
      const yStart = max(0, y0);
      const yEnd = min(height, y0 + ph);
      let ox = 0;
      if (pad == 0) {
        const rowStart = base + y0 * width;
        for (; ox + 4 <= outWidth; ox += 4, o += 4) {
          maxPoolFour(x, out + (o << 2), argmax + (o << 2), rowStart + ox * stride, width, ph, pw, stride);
        }
      }
      for (; ox < outWidth; ox++, o++) {
        const x0 = ox * stride - pad;
        const xStart = max(0, x0);
        const xEnd = min(width, x0 + pw);
        let best: f32 = 0;
        let at: i32 = -1;
        for (let iy = yStart; iy < yEnd; iy++) {
          const row = base + iy * width;
          for (let ix = xStart; ix < xEnd; ix++) {
            const v = load<f32>(x + (<usize>(row + ix) << 2));
            // v != v: NaN. It replaces any number, and nothing replaces it. Selects, not branches:
            // which element of a window wins is random, and mispredicted branches cost 3x.
            const take = <i32>(at < 0) | <i32>(v > best) | (<i32>(v != v) & <i32>(best == best));
            best = select<f32>(v, best, take);
            at = select<i32>(row + ix, at, take);
          }
        }
        store<f32>(out + (o << 2), best);
        store<i32>(argmax + (o << 2), at);
      }
    }
  }
}

/**
 * dx = 0, then dx[argmax[o]] += dout[o] for every output o in order (overlapping windows can share
 * a maximum, whose gradients then add up in the same order as the TypeScript loop).
 */
export function maxPoolBackward(dout: usize, argmax: usize, dx: usize, outputs: i32, inputs: i32): void {
  memory.fill(dx, 0, <usize>inputs << 2);
  for (let o = 0; o < outputs; o++) {
    const at = load<i32>(argmax + (<usize>o << 2));
    if (at < 0) continue;
    const p = dx + (<usize>at << 2);
    store<f32>(p, load<f32>(p) + load<f32>(dout + (<usize>o << 2)));
  }
}
