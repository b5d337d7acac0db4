import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { checkString, named } from '../validate.js';

/** Raw pixels as a canvas or a PNG decoder gives them: 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) bytes each. */
export interface RawImage {
  /** The pixels row by row, `channels` bytes each: width * height * channels bytes in all. */
  data: Uint8Array | Uint8ClampedArray;
  /** Width in pixels (a positive integer). */
  width: number;
  /** Height in pixels (a positive integer). */
  height: number;
  /** Bytes per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
}

/** Ink below this (after normalising) is background when finding the digit's bounding box. */
const INK_THRESHOLD = 0.1;

/**
 * `image` must be a `RawImage`: a byte array `data` of width × height × channels bytes, 1 to 4
 * channels and a positive integer size. Errors start with `name` (a file name, or 'image').
 */
export function checkRawImage(image: unknown, name: string): asserts image is RawImage {
  if (typeof image !== 'object' || image === null) {
    throw new ScratchnetError('BAD_ARGUMENT', `${name}: image must be { data: Uint8Array, width, height, channels }`);
  }
  const { data, width, height, channels } = image as Partial<RawImage>;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${name}: image must be { data: Uint8Array, width, height, channels }`);
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${name}: channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA), got ${String(channels)}`,
    );
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! <= 0 || height! <= 0) {
    throw new ScratchnetError('BAD_ARGUMENT', `${name}: image size ${width}x${height} is not a positive integer size`);
  }
  if (data.length !== width! * height! * channels) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${name}: ${data.length} bytes do not make a ${width}x${height} image of ${channels} channels`,
    );
  }
}

/**
 * Turns any picture of a single digit into the 28×28 input MNIST networks expect, the way the MNIST
 * digits themselves were made: light ink on a dark background, the digit's bounding box scaled (aspect
 * kept) to fit 20×20, and placed in 28×28 so that its centre of mass is at the centre. Dark-on-light
 * pictures (a pen on paper) are inverted; transparency counts as white paper. Returns shape (1, 784)
 * with values in [0, 1].
 */
export function preprocessDigit(image: RawImage, name = 'image'): NDArray {
  return named('preprocessDigit', () => {
    checkString(name, 'name', 'preprocessDigit');
    const ink = inkOf(image, name);
    const { width, height } = image;
    let x0 = width,
      y0 = height,
      x1 = -1,
      y1 = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ink[y * width + x]! > INK_THRESHOLD) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    if (x1 < 0) throw new ScratchnetError('BAD_ARGUMENT', `${name}: no digit found (the picture is blank)`);
    const boxW = x1 - x0 + 1;
    const boxH = y1 - y0 + 1;
    const scale = 20 / Math.max(boxW, boxH);
    const outW = Math.max(1, Math.round(boxW * scale));
    const outH = Math.max(1, Math.round(boxH * scale));
    const small = resampleArea(ink, width, x0, y0, boxW, boxH, outW, outH);

    let mass = 0,
      cx = 0,
      cy = 0;
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const v = small[y * outW + x]!;
        mass += v;
        cx += v * x;
        cy += v * y;
      }
    }
    // MNIST put the centre of mass, in pixel-index coordinates, at index 14: with this convention a
    // re-drawn MNIST digit comes back exactly as it was (test/data/digit.test.ts).
    const clampOffset = (o: number, size: number): number => Math.min(28 - size, Math.max(0, o));
    const ox = clampOffset(Math.round(14 - cx / mass), outW);
    const oy = clampOffset(Math.round(14 - cy / mass), outH);
    const out = new NDArray(new Float64Array(784), [1, 784]);
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++) out.data[(oy + y) * 28 + ox + x] = small[y * outW + x]!;
    return out;
  });
}

/** Ink in [0, 1] per pixel: brightness, inverted when the border (the paper) is light, stretched so the strongest ink is 1. */
function inkOf(image: RawImage, name: string): Float64Array {
  checkRawImage(image, name);
  const { data, width, height, channels } = image;
  const gray = new Float64Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const p = i * channels;
    const lum = channels >= 3 ? (0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!) / 255 : data[p]! / 255;
    const alpha = channels === 2 ? data[p + 1]! / 255 : channels === 4 ? data[p + 3]! / 255 : 1;
    gray[i] = alpha * lum + (1 - alpha);
  }
  let border = 0,
    count = 0;
  for (let x = 0; x < width; x++) {
    border += gray[x]! + gray[(height - 1) * width + x]!;
    count += 2;
  }
  for (let y = 0; y < height; y++) {
    border += gray[y * width]! + gray[y * width + width - 1]!;
    count += 2;
  }
  const paper = border / count;
  const invert = paper > 0.5;
  const ink = new Float64Array(gray.length);
  let max = 0;
  for (let i = 0; i < ink.length; i++) {
    // Measured from the paper's own level, so grey paper or a grey screen background becomes 0.
    const v = Math.max(0, invert ? paper - gray[i]! : gray[i]! - paper);
    ink[i] = v;
    max = Math.max(max, v);
  }
  if (max > 0) for (let i = 0; i < ink.length; i++) ink[i] = ink[i]! / max;
  return ink;
}

/**
 * Resizes a box of `src` to outW×outH by area averaging: each output pixel is the mean of the source
 * area it covers (fractional pixels weighted by coverage), which anti-aliases like MNIST's scanning.
 */
function resampleArea(
  src: Float64Array,
  srcWidth: number,
  x0: number,
  y0: number,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float64Array {
  const out = new Float64Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = oy * sy,
      bottom = top + sy;
    for (let ox = 0; ox < outW; ox++) {
      const left = ox * sx,
        right = left + sx;
      let sum = 0,
        area = 0;
      for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
        const cy = Math.min(bottom, y + 1) - Math.max(top, y);
        for (let x = Math.floor(left); x < Math.ceil(right); x++) {
          const c = cy * (Math.min(right, x + 1) - Math.max(left, x));
          sum += c * src[(y0 + y) * srcWidth + x0 + x]!;
          area += c;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}
