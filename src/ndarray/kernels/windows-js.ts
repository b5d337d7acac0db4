// The TypeScript reference for the windows kernels (see Kernels.im2colTransposed): also the float64
// path and the fallback of the WebAssembly backend.
import type { TypedArray } from '../dtype.js';
import type { WindowGeometry } from './types.js';

/** The output columns ox whose input column ox·stride − pad + kx lies inside [0, width): [lo, hi). */
function insideColumns(width: number, outWidth: number, stride: number, pad: number, kx: number): [number, number] {
  const lo = Math.min(outWidth, Math.max(0, Math.ceil((pad - kx) / stride)));
  const hi = Math.max(lo, Math.min(outWidth, Math.floor((width - 1 + pad - kx) / stride) + 1));
  return [lo, hi];
}

/**
 * im2col transposed: `colT` (C·FH·FW, N·OH·OW), one row per filter tap (c, ky, kx) holding that
 * tap's input value at every window position. Each row is filled from runs of an input row (for
 * stride 1, contiguous copies), which is far faster than the book's layout, whose rows interleave
 * taps three or five values at a time; the convolution then multiplies the filters by it from the left.
 */
export function im2colTransposed(x: TypedArray, g: WindowGeometry, colT: TypedArray): void {
  const { batch, channels, height, width, windowHeight: fh, windowWidth: fw, stride, pad, outHeight, outWidth } = g;
  const positions = outHeight * outWidth;
  const rowLength = batch * positions;
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const [lo, hi] = insideColumns(width, outWidth, stride, pad, kx);
        let o = ((c * fh + ky) * fw + kx) * rowLength;
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + c) * height;
          for (let oy = 0; oy < outHeight; oy++, o += outWidth) {
            const iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= height) {
              colT.fill(0, o, o + outWidth);
              continue;
            }
            for (let ox = 0; ox < lo; ox++) colT[o + ox] = 0;
            const from = (plane + iy) * width - pad + kx;
            if (stride === 1) {
              for (let ox = lo; ox < hi; ox++) colT[o + ox] = x[from + ox]!;
            } else {
              for (let ox = lo; ox < hi; ox++) colT[o + ox] = x[from + ox * stride]!;
            }
            for (let ox = hi; ox < outWidth; ox++) colT[o + ox] = 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2colTransposed: adds each entry of `colT` to the input position it was read from, into dx (zeroed first). */
export function col2imTransposed(colT: TypedArray, g: WindowGeometry, dx: TypedArray): void {
  const { batch, channels, height, width, windowHeight: fh, windowWidth: fw, stride, pad, outHeight, outWidth } = g;
  const positions = outHeight * outWidth;
  const rowLength = batch * positions;
  dx.fill(0);
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const [lo, hi] = insideColumns(width, outWidth, stride, pad, kx);
        let o = ((c * fh + ky) * fw + kx) * rowLength;
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + c) * height;
          for (let oy = 0; oy < outHeight; oy++, o += outWidth) {
            const iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= height) continue;
            const to = (plane + iy) * width - pad + kx;
            if (stride === 1) {
              for (let ox = lo; ox < hi; ox++) dx[to + ox]! += colT[o + ox]!;
            } else {
              for (let ox = lo; ox < hi; ox++) dx[to + ox * stride]! += colT[o + ox]!;
            }
          }
        }
      }
    }
  }
}
