// Convolution windows unrolled one filter tap per row, (C·FH·FW, N·OH·OW): the transpose of the
// book's im2col, which the Convolution layer multiplies by its filters from the left. Each row is
// built from runs of input rows (vector copies at stride 1); col2im adds them back. x, colT and dx are
// byte offsets of float32 data, NCHW for images.

/** First output column whose input column ox·stride − pad + kx is >= 0. */
// @ts-ignore: decorator
@inline function firstInside(stride: i32, pad: i32, kx: i32, outWidth: i32): i32 {
  let lo = 0;
  while (lo < outWidth && lo * stride - pad + kx < 0) lo++;
  return lo;
}

/** One past the last output column whose input column is < width. */
// @ts-ignore: decorator
@inline function endInside(lo: i32, width: i32, stride: i32, pad: i32, kx: i32, outWidth: i32): i32 {
  let hi = outWidth;
  while (hi > lo && (hi - 1) * stride - pad + kx >= width) hi--;
  return hi;
}

/**
 * Copies `bytes` (a multiple of 4) from src to dst with v128 moves: the runs of a convolution's
 * windows are a few dozen floats, where a memory.copy call costs more than the copy itself.
 */
// @ts-ignore: decorator
@inline function copyRun(dst: usize, src: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(src + i));
}

/** Zeroes `bytes` (a multiple of 4) at dst; the padding beside a run is a float or two. */
// @ts-ignore: decorator
@inline function zeroRun(dst: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, i32x4.splat(0));
  for (; i < bytes; i += 4) store<f32>(dst + i, 0);
}

export function im2colT(
  x: usize, colT: usize, batch: i32, channels: i32, height: i32, width: i32,
  fh: i32, fw: i32, stride: i32, pad: i32, outHeight: i32, outWidth: i32,
): void {
  const rowLength = batch * outHeight * outWidth;
  const runBytes = <usize>outWidth << 2;
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const lo = firstInside(stride, pad, kx, outWidth);
        const hi = endInside(lo, width, stride, pad, kx, outWidth);
        let o = colT + ((<usize>((c * fh + ky) * fw + kx) * <usize>rowLength) << 2);
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + c) * height;
          for (let oy = 0; oy < outHeight; oy++, o += runBytes) {
            const iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= height) {
              zeroRun(o, runBytes);
              continue;
            }
            if (lo > 0) zeroRun(o, <usize>lo << 2);
            const from = x + (<usize>((plane + iy) * width - pad + kx) << 2);
            if (stride == 1) {
              copyRun(o + (<usize>lo << 2), from + (<usize>lo << 2), <usize>(hi - lo) << 2);
            } else {
              for (let ox = lo; ox < hi; ox++) store<f32>(o + (<usize>ox << 2), load<f32>(from + (<usize>(ox * stride) << 2)));
            }
            if (hi < outWidth) zeroRun(o + (<usize>hi << 2), <usize>(outWidth - hi) << 2);
          }
        }
      }
    }
  }
}

export function col2imT(
  colT: usize, dx: usize, batch: i32, channels: i32, height: i32, width: i32,
  fh: i32, fw: i32, stride: i32, pad: i32, outHeight: i32, outWidth: i32,
): void {
  const rowLength = batch * outHeight * outWidth;
  const runBytes = <usize>outWidth << 2;
  memory.fill(dx, 0, <usize>(batch * channels * height * width) << 2);
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const lo = firstInside(stride, pad, kx, outWidth);
        const hi = endInside(lo, width, stride, pad, kx, outWidth);
        let o = colT + ((<usize>((c * fh + ky) * fw + kx) * <usize>rowLength) << 2);
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + c) * height;
          for (let oy = 0; oy < outHeight; oy++, o += runBytes) {
            const iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= height) continue;
            const to = dx + (<usize>((plane + iy) * width - pad + kx) << 2);
            if (stride == 1) {
              let ox = lo;
              for (; ox + 4 <= hi; ox += 4) {
                const at = <usize>ox << 2;
                v128.store(to + at, f32x4.add(v128.load(to + at), v128.load(o + at)));
              }
              for (; ox < hi; ox++) {
                const at = <usize>ox << 2;
                store<f32>(to + at, load<f32>(to + at) + load<f32>(o + at));
              }
            } else {
              for (let ox = lo; ox < hi; ox++) {
                const t = to + (<usize>(ox * stride) << 2);
                store<f32>(t, load<f32>(t) + load<f32>(o + (<usize>ox << 2)));
              }
            }
          }
        }
      }
    }
  }
}
