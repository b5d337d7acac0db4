import { ScratchnetError } from '../errors.js';
import type { TypedArray } from '../ndarray/dtype.js';
import type { WindowGeometry } from '../ndarray/kernels/types.js';

export type { WindowGeometry } from '../ndarray/kernels/types.js';
export { col2imTransposed, im2colTransposed } from '../ndarray/kernels/windows-js.js';

/**
 * The output size along one axis, floor((size + 2·pad − window) / stride) + 1, as in the book,
 * numpy code and PyTorch: rows past the last whole window are left out. A window larger than the
 * padded input is refused.
 */
export function windowOutputSize(
  layer: string,
  axis: string,
  size: number,
  window: number,
  stride: number,
  pad: number,
): number {
  const span = size + 2 * pad - window;
  if (span < 0) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${layer}: a ${axis} window of ${window} does not fit input ${axis} ${size} with padding ${pad}`,
    );
  }
  return Math.floor(span / stride) + 1;
}

/** Checks the window settings of a layer (positive integers, padding >= 0). */
export function checkWindowSettings(
  layer: string,
  settings: Record<string, number>,
  nonNegative: readonly string[] = [],
): void {
  for (const [name, value] of Object.entries(settings)) {
    const ok = Number.isInteger(value) && (nonNegative.includes(name) ? value >= 0 : value >= 1);
    if (!ok) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${layer}: ${name} must be ${nonNegative.includes(name) ? 'an integer >= 0' : 'a positive integer'}, got ${String(value)}`,
      );
    }
  }
}

/**
 * Unrolls every window of x (N, C, H, W) into one row of `col`, (N·OH·OW, C·FH·FW): row
 * (n, oy, ox), column (c, ky, kx), as the book's im2col lays them out, so a convolution becomes one
 * matrix product. Positions in the padding read 0.
 */
export function im2col(x: TypedArray, g: WindowGeometry, col: TypedArray): void {
  const { batch, channels, height, width, windowHeight: fh, windowWidth: fw, stride, pad, outHeight, outWidth } = g;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * stride - pad;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * stride - pad;
        // Most windows lie inside the image: copy their rows without a bounds test per element.
        const inside = x0 >= 0 && x0 + fw <= width;
        for (let c = 0; c < channels; c++) {
          const plane = (n * channels + c) * height;
          for (let ky = 0; ky < fh; ky++) {
            const iy = y0 + ky;
            if (iy < 0 || iy >= height) {
              for (let kx = 0; kx < fw; kx++) col[o++] = 0;
              continue;
            }
            const rowStart = (plane + iy) * width + x0;
            if (inside) {
              for (let kx = 0; kx < fw; kx++) col[o++] = x[rowStart + kx]!;
            } else {
              for (let kx = 0; kx < fw; kx++) {
                const ix = x0 + kx;
                col[o++] = ix >= 0 && ix < width ? x[rowStart + kx]! : 0;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds every entry of `col` back to the input position it was read from
 * (windows overlap, so positions collect several), into dx (N, C, H, W), which is zeroed first.
 * Entries that came from the padding are dropped.
 */
export function col2im(col: TypedArray, g: WindowGeometry, dx: TypedArray): void {
  const { batch, channels, height, width, windowHeight: fh, windowWidth: fw, stride, pad, outHeight, outWidth } = g;
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * stride - pad;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * stride - pad;
        const inside = x0 >= 0 && x0 + fw <= width;
        for (let c = 0; c < channels; c++) {
          const plane = (n * channels + c) * height;
          for (let ky = 0; ky < fh; ky++) {
            const iy = y0 + ky;
            if (iy < 0 || iy >= height) {
              o += fw;
              continue;
            }
            const rowStart = (plane + iy) * width + x0;
            if (inside) {
              for (let kx = 0; kx < fw; kx++) dx[rowStart + kx]! += col[o++]!;
            } else {
              for (let kx = 0; kx < fw; kx++, o++) {
                const ix = x0 + kx;
                if (ix >= 0 && ix < width) dx[rowStart + kx]! += col[o]!;
              }
            }
          }
        }
      }
    }
  }
}
