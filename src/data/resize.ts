/**
 * Pictures of any size and colour type as network inputs: raw pixels to float channels in [0, 1],
 * and a separable resize (area averaging when shrinking, bilinear when enlarging). Browser-safe.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkRawImage, type RawImage } from './digit.js';
import { checkArray, checkString, named } from '../validate.js';

/** One output pixel of a 1-D resize: the input pixels it reads and their weights (summing to 1). */
interface Taps {
  index: Int32Array;
  weight: Float64Array;
  /** Output pixel o reads taps start[o] .. start[o + 1] - 1. */
  start: Int32Array;
}

/**
 * Shrinking averages the input pixels each output pixel covers (weighted by overlap), so no input
 * pixel is skipped; enlarging interpolates linearly between pixel centres, as OpenCV's INTER_LINEAR.
 */
function taps(inSize: number, outSize: number): Taps {
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(outSize + 1);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    if (scale >= 1) {
      const lo = o * scale;
      const hi = lo + scale;
      for (let i = Math.floor(lo); i < Math.min(inSize, Math.ceil(hi)); i++) {
        index.push(i);
        weight.push((Math.min(hi, i + 1) - Math.max(lo, i)) / scale);
      }
    } else {
      const centre = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
      const i0 = Math.floor(centre);
      const i1 = Math.min(i0 + 1, inSize - 1);
      index.push(i0, i1);
      weight.push(1 - (centre - i0), centre - i0);
    }
  }
  start[outSize] = index.length;
  return { index: Int32Array.from(index), weight: Float64Array.from(weight), start };
}

/** Resizes one axis of a row-major block: `outer` blocks of `size` steps of `inner` contiguous values. */
function resizeAxis(src: Float64Array, outer: number, size: number, inner: number, t: Taps, outSize: number) {
  const out = new Float64Array(outer * outSize * inner);
  for (let a = 0; a < outer; a++) {
    for (let o = 0; o < outSize; o++) {
      const dst = (a * outSize + o) * inner;
      for (let k = t.start[o] ?? 0; k < (t.start[o + 1] ?? 0); k++) {
        const from = (a * size + (t.index[k] ?? 0)) * inner;
        const w = t.weight[k] ?? 0;
        for (let j = 0; j < inner; j++) out[dst + j] = (out[dst + j] ?? 0) + w * (src[from + j] ?? 0);
      }
    }
  }
  return out;
}

function checkSize(size: readonly number[], what: string): [number, number] {
  const [h, w] = Array.isArray(size) ? size : [];
  if (
    !Array.isArray(size) ||
    size.length !== 2 ||
    !Number.isInteger(h) ||
    !Number.isInteger(w) ||
    (h ?? 0) < 1 ||
    (w ?? 0) < 1
  ) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${what}: size must be [height, width], two positive integers, got ${JSON.stringify(size)}`,
    );
  }
  return [h as number, w as number];
}

/**
 * Resizes images of shape (..., H, W) to (..., height, width) as float64: each output pixel is the
 * overlap-weighted mean of the input pixels it covers when shrinking (area averaging, so thin strokes
 * survive), and bilinear between pixel centres when enlarging; the same size is an exact copy.
 * Throws ScratchnetError `BAD_ARGUMENT` for a size that is not two positive integers and
 * `SHAPE_MISMATCH` for an array with fewer than 2 axes or an empty image.
 *
 * @example
 * resizeImage(array([[0, 1], [2, 3]]), [1, 1]); // [[1.5]]
 */
export function resizeImage(image: NDArray, size: readonly [number, number]): NDArray {
  return named('resizeImage', () => {
    checkArray(image, 'image', 'resizeImage');
    const [height, width] = checkSize(size, 'resizeImage');
    const h = image.shape[image.ndim - 2] ?? 0;
    const w = image.shape[image.ndim - 1] ?? 0;
    if (image.ndim < 2 || h === 0 || w === 0 || image.dtype === 'bool') {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `resizeImage: need numeric images of shape (..., height, width), got ${image.dtype} of shape ${formatShape(image.shape)}`,
      );
    }
    const outer = image.size / (h * w);
    const src = image.dtype === 'float64' ? (image.data as Float64Array) : Float64Array.from(image.data);
    const rows = h === height ? src : resizeAxis(src, outer, h, w, taps(h, height), height);
    const both = w === width ? rows : resizeAxis(rows, outer * height, w, 1, taps(w, width), width);
    const out = both === image.data ? both.slice() : both;
    return new NDArray(out, [...image.shape.slice(0, -2), height, width], 'float64');
  });
}

/**
 * A decoded picture as float channels in [0, 1], shape (channels, height, width): 1 channel is grey
 * (ITU-R BT.601 luma, 0.299 R + 0.587 G + 0.114 B, as PIL's `convert('L')`), 3 is RGB (a grey
 * picture repeated). Transparent pixels are blended onto white, as an image viewer shows them.
 * Throws ScratchnetError `BAD_ARGUMENT` for channels other than 1 or 3, or pixel data whose length
 * does not match width · height · image.channels.
 */
export function imageChannels(image: RawImage, channels: 1 | 3, name = 'image'): NDArray {
  return named('imageChannels', () => {
    checkString(name, 'name', 'imageChannels');
    checkRawImage(image, name);
    if (channels !== 1 && channels !== 3) {
      throw new ScratchnetError('BAD_ARGUMENT', `imageChannels: channels must be 1 or 3, got ${String(channels)}`);
    }
    const { width, height, data } = image;
    const c = image.channels;
    const n = width * height;
    if (![1, 2, 3, 4].includes(c) || data.length !== n * c) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `imageChannels: ${name} has ${data.length} bytes, not ${width} x ${height} x ${c}`,
      );
    }
    const out = new Float64Array(channels * n);
    const colour = c >= 3;
    const alpha = c === 2 || c === 4;
    for (let p = 0; p < n; p++) {
      const a = alpha ? (data[p * c + c - 1] ?? 255) / 255 : 1;
      const r = (data[p * c] ?? 0) / 255;
      const g = colour ? (data[p * c + 1] ?? 0) / 255 : r;
      const b = colour ? (data[p * c + 2] ?? 0) / 255 : r;
      if (channels === 1) {
        const grey = colour ? 0.299 * r + 0.587 * g + 0.114 * b : r;
        out[p] = grey * a + (1 - a);
      } else {
        out[p] = r * a + (1 - a);
        out[n + p] = g * a + (1 - a);
        out[2 * n + p] = b * a + (1 - a);
      }
    }
    return new NDArray(out, [channels, height, width], 'float64');
  });
}
