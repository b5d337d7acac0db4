// Max pooling and the reshuffles around a convolution's product, in TypeScript: every dtype, and the
// reference the WebAssembly kernels are tested against.

import type { TypedArray } from '../dtype.js';
import type { WindowGeometry } from './types.js';

/**
 * Max pooling without padding: every window lies inside its plane (output sizes floor), so the
 * window's first element starts the search and no bounds are tested.
 */
function maxPoolUnpadded(src: TypedArray, g: WindowGeometry, dst: TypedArray, argmax: Int32Array): void {
  const { height, width, outHeight: oh, outWidth: ow, windowHeight: ph, windowWidth: pw, stride } = g;
  const planes = g.batch * g.channels;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < oh; oy++) {
      const rowBase = base + oy * stride * width;
      for (let ox = 0; ox < ow; ox++, o++) {
        const corner = rowBase + ox * stride;
        let best = src[corner]!;
        let at = corner;
        for (let iy = 0; iy < ph; iy++) {
          const row = corner + iy * width;
          for (let ix = 0; ix < pw; ix++) {
            const v = src[row + ix]!;
            // A NaN wins and stays, so a diverging network shows NaN rather than hiding it.
            if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
              best = v;
              at = row + ix;
            }
          }
        }
        dst[o] = best;
        argmax[o] = at;
      }
    }
  }
}

/** Max pooling where windows may reach into the padding (which never wins). */
function maxPoolPadded(src: TypedArray, g: WindowGeometry, dst: TypedArray, argmax: Int32Array): void {
  const { height, width, outHeight: oh, outWidth: ow, windowHeight: ph, windowWidth: pw, stride, pad } = g;
  const planes = g.batch * g.channels;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - pad;
      const yStart = Math.max(0, y0);
      const yEnd = Math.min(height, y0 + ph);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = ox * stride - pad;
        const xStart = Math.max(0, x0);
        const xEnd = Math.min(width, x0 + pw);
        let best = -Infinity;
        let at = -1;
        for (let iy = yStart; iy < yEnd; iy++) {
          for (let ix = xStart; ix < xEnd; ix++) {
            const i = base + iy * width + ix;
            const v = src[i]!;
            // A NaN wins and stays, so a diverging network shows NaN rather than hiding it.
            if (at === -1 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
              best = v;
              at = i;
            }
          }
        }
        dst[o] = at === -1 ? 0 : best;
        argmax[o] = at;
      }
    }
  }
}

/**
 * The maximum of every window of every plane of x (N, C, H, W) into dst (N, C, OH, OW), and in
 * argmax the flat index into x where it was (the first one on ties, −1 for an all-padding window).
 */
export function maxPool(x: TypedArray, g: WindowGeometry, dst: TypedArray, argmax: Int32Array): void {
  if (g.pad === 0) maxPoolUnpadded(x, g, dst, argmax);
  else maxPoolPadded(x, g, dst, argmax);
}

/** dx = 0, then each output's gradient added at its window's maximum, in output order. */
export function maxPoolBackward(dout: TypedArray, argmax: Int32Array, dx: TypedArray): void {
  dx.fill(0);
  // Overlapping windows (stride < pool) can share a maximum: its gradients add up.
  for (let o = 0; o < argmax.length; o++) if (argmax[o]! >= 0) dx[argmax[o]!]! += dout[o]!;
}

/**
 * The product (FN, N·P) → the output planes (N, FN, P), adding the bias on the way: runs of P
 * contiguous values move as a block (one pass over the output).
 */
export function productToPlanes(
  product: TypedArray,
  bias: TypedArray,
  out: TypedArray,
  batch: number,
  positions: number,
  filters: number,
): void {
  const rowLength = batch * positions;
  for (let f = 0; f < filters; f++) {
    const b = bias[f]!;
    for (let n = 0; n < batch; n++) {
      const from = f * rowLength + n * positions;
      const to = (n * filters + f) * positions;
      for (let p = 0; p < positions; p++) out[to + p] = product[from + p]! + b;
    }
  }
}

/**
 * The output gradient's planes (N, FN, P) → (FN, N·P), the inverse of productToPlanes without the
 * bias, and the bias gradient: each filter's sum over the batch and positions, in float64.
 */
export function planesToProduct(
  dout: TypedArray,
  dProduct: TypedArray,
  dBias: TypedArray,
  batch: number,
  positions: number,
  filters: number,
): void {
  const rowLength = batch * positions;
  for (let f = 0; f < filters; f++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) {
      const from = (n * filters + f) * positions;
      const to = f * rowLength + n * positions;
      for (let p = 0; p < positions; p++) {
        const v = dout[from + p]!;
        dProduct[to + p] = v;
        sum += v;
      }
    }
    dBias[f] = sum;
  }
}
