import { ScratchnetError } from '../errors.js';
import type { FloatDType, TypedArray } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray, checkInteger, describeKind } from '../validate.js';
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
 * The kernel behind `im2col`, on raw storage: unrolls every window of x (N, C, H, W) into one row of
 * `col`, (N·OH·OW, C·FH·FW): row
 * (n, oy, ox), column (c, ky, kx), as the book's im2col lays them out, so a convolution becomes one
 * matrix product. Positions in the padding read 0.
 */
export function im2colInto(x: TypedArray, g: WindowGeometry, col: TypedArray): void {
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
 * The adjoint of im2colInto: adds every entry of `col` back to the input position it was read from
 * (windows overlap, so positions collect several), into dx (N, C, H, W), which is zeroed first.
 * Entries that came from the padding are dropped.
 */
export function col2imInto(col: TypedArray, g: WindowGeometry, dx: TypedArray): void {
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

/** The window geometry of the book's im2col/col2im arguments, checked, naming `where`. */
function bookGeometry(
  where: string,
  shape: readonly number[],
  filterH: unknown,
  filterW: unknown,
  stride: unknown,
  pad: unknown,
): WindowGeometry {
  checkInteger(filterH, 'filterH', where, 1);
  checkInteger(filterW, 'filterW', where, 1);
  checkInteger(stride, 'stride', where, 1);
  checkInteger(pad, 'pad', where, 0);
  const [batch, channels, height, width] = shape as [number, number, number, number];
  return {
    batch,
    channels,
    height,
    width,
    windowHeight: filterH,
    windowWidth: filterW,
    stride,
    pad,
    outHeight: windowOutputSize(where, 'height', height, filterH, stride, pad),
    outWidth: windowOutputSize(where, 'width', width, filterW, stride, pad),
  };
}

/** float32 stays float32; everything else computes in float64, as numpy's im2col does. */
const windowDType = (x: NDArray): FloatDType => (x.dtype === 'float32' ? 'float32' : 'float64');

/**
 * The book's `im2col(input_data, filter_h, filter_w, stride=1, pad=0)`: every window of `input`
 * (N, C, H, W) unrolled into one row of a 2-D array (N·OH·OW, C·FH·FW), row (n, oy, ox) and column
 * (c, ky, kx) in the book's order, zeros where a window reaches into the padding. float32 input gives
 * float32, any other dtype float64. Throws BAD_ARGUMENT for sizes that are not integers (filters and
 * stride >= 1, pad >= 0), SHAPE_MISMATCH for input that is not 4-D or smaller than a window.
 */
export function im2col(input: NDArray, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  checkArray(input, 'input', 'im2col');
  if (input.ndim !== 4) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `im2col: input must be (batch, channels, height, width), got ${formatShape(input.shape)}`,
    );
  }
  const g = bookGeometry('im2col', input.shape, filterH, filterW, stride, pad);
  const dtype = windowDType(input);
  const x = input.dtype === dtype ? input : input.astype(dtype);
  const col = NDArray.empty([g.batch * g.outHeight * g.outWidth, g.channels * filterH * filterW], dtype);
  im2colInto(x.data, g, col.data);
  return col;
}

/** `inputShape` must be a list of integers >= 0; `where` names the caller. */
export function checkInputShape(shape: unknown, where: string): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: inputShape must be a list of integers (batch, channels, height, width), got ${describeKind(shape)}`,
    );
  }
  shape.forEach((d, i) => {
    checkInteger(d, `inputShape[${i}]`, where, 0);
  });
}

/**
 * The book's `col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0)`, the inverse layout of
 * `im2col`: each entry of `col` (N·OH·OW, C·FH·FW) is added back to the input position it was read
 * from, so positions that several windows overlap receive the sum, and entries from the padding are
 * dropped. Returns an array of `inputShape` (N, C, H, W); float32 `col` gives float32, any other
 * dtype float64. Throws SHAPE_MISMATCH when `col` does not have the shape im2col gives for these sizes.
 */
export function col2im(
  col: NDArray,
  inputShape: readonly number[],
  filterH: number,
  filterW: number,
  stride = 1,
  pad = 0,
): NDArray {
  checkArray(col, 'col', 'col2im');
  checkInputShape(inputShape, 'col2im');
  if (inputShape.length !== 4) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `col2im: inputShape must be (batch, channels, height, width), got ${formatShape(inputShape)}`,
    );
  }
  const g = bookGeometry('col2im', inputShape, filterH, filterW, stride, pad);
  const rows = g.batch * g.outHeight * g.outWidth;
  const patch = g.channels * filterH * filterW;
  if (col.ndim !== 2 || col.shape[0] !== rows || col.shape[1] !== patch) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `col2im: col must be (${rows}, ${patch}) for input ${formatShape(inputShape)} and ${filterH}×${filterW} windows (stride ${stride}, pad ${pad}), got ${formatShape(col.shape)}`,
    );
  }
  const dtype = windowDType(col);
  const source = col.dtype === dtype ? col : col.astype(dtype);
  const out = NDArray.empty(inputShape, dtype);
  col2imInto(source.data, g, out.data);
  return out;
}
