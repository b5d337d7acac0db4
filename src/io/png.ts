/**
 * PNG input (Node only): the pictures `scratchnet predict` classifies. Decoding is pngjs's, but pngjs
 * trusts the header: it allocates an output buffer of the size IHDR claims before inflating, inflates
 * interlaced images without a cap, returns uninitialised memory as pixels when the zlib stream is
 * corrupt (on some runs and not others), and throws plain Errors or RangeErrors on damage. So the
 * chunk layout and the claimed size are checked here first against the real byte length, the image
 * data is inflated once (capped) to prove it is whole, and anything pngjs throws becomes a `BAD_FILE`
 * error naming the file.
 */
import { inflateSync } from 'node:zlib';
import pngjs from 'pngjs';
import type { RawImage } from '../data/digit.js';
import { ScratchnetError } from '../errors.js';
import { MAX_PNG_FILE_BYTES, readRegularFile } from './read-file.js';
import { checkBytes, checkKnownOptions, checkNumber, checkString, named } from '../validate.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The largest picture decoded by default: 2^24 pixels (16 megapixels, 4096 × 4096), 64 MiB as the
 * RGBA that `decodePng` returns. A digit needs a few thousand pixels and a phone photo about 12
 * million; the cap keeps a small file with an absurd header from asking for gigabytes. The image data
 * must also inflate to at most 4 bytes per allowed pixel (64 MiB) plus a filter byte per row, so a
 * 16-bit RGBA picture, at 8 bytes per pixel, may have half as many. Decoding holds about five times
 * the larger of the two at its peak (about 350 MB). Raise both with the `maxPixels` option of
 * `decodePng` and `readPng`.
 */
export const MAX_PNG_PIXELS = 2 ** 24;

/** Options of `readPngHeader`, `decodePng` and `readPng`. */
export interface PngOptions {
  /** The most pixels accepted (default `MAX_PNG_PIXELS`); the image data may inflate to 4 bytes per such pixel (and a filter byte per row). */
  maxPixels?: number;
}

/** `options.maxPixels`, checked, or the default. */
function pixelLimit(options: PngOptions, where: string): number {
  checkKnownOptions(options, ['maxPixels'], where);
  const { maxPixels = MAX_PNG_PIXELS } = options;
  checkNumber(maxPixels, 'options.maxPixels', where);
  if (!(maxPixels >= 1)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: options.maxPixels must be a number >= 1, got ${maxPixels}`);
  }
  return maxPixels;
}

/** zlib cannot expand data by more than about 1032:1; a header claiming more than that is a lie or a bomb. */
const MAX_INFLATE_RATIO = 1032;

/** Samples per pixel of each colour type, and the bit depths the PNG specification allows for it. */
const COLOR_TYPES: Readonly<Record<number, { channels: number; depths: readonly number[] }>> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** The seven passes of Adam7 interlacing: first column and row, column and row steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** What IHDR says, after checking it. */
export interface PngHeader {
  /** Image width in pixels, 1 to 2^31 - 1. */
  width: number;
  /** Image height in pixels, 1 to 2^31 - 1. */
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16, as the colour type allows. */
  bitDepth: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA. */
  colorType: number;
  /** Whether the image data is Adam7-interlaced (seven passes) rather than row by row. */
  interlaced: boolean;
  /** Bytes of filtered scanlines the IDAT stream must inflate to. */
  rawSize: number;
  /** Total bytes of IDAT data in the file. */
  compressedSize: number;
}

/** Bytes of filtered scanlines for a `width` × `height` pass: one filter byte per row, then packed samples. */
function scanlineBytes(width: number, height: number, bitsPerPixel: number): number {
  if (width === 0 || height === 0) return 0;
  return height * (1 + Math.ceil((width * bitsPerPixel) / 8));
}

/**
 * Walks the chunks of a PNG and checks what the decoder will trust: the signature, every chunk
 * length against the bytes that remain, IHDR first with legal values, an IDAT, an IEND, and a claimed
 * image size that fits `options.maxPixels` (default `MAX_PNG_PIXELS`), whose image data fits 4 bytes
 * per such pixel (and a filter byte per row), and that could come out of the compressed data at all. Throws ScratchnetError
 * `BAD_FILE` naming `name`, the chunk and its offset. Chunk CRCs are left to pngjs.
 */
export function readPngHeader(bytes: Uint8Array, name = '<bytes>', options: PngOptions = {}): PngHeader {
  return named('readPngHeader', () => {
    checkString(name, 'name', 'readPngHeader');
    checkBytes(bytes, 'bytes', 'decodePng');
    const maxPixels = pixelLimit(options, 'readPngHeader');
    const bad = (problem: string): ScratchnetError =>
      new ScratchnetError('BAD_FILE', `${name}: not a valid PNG image: ${problem}`);
    checkSignature(bytes, bad);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let header: ImageHeader | undefined;
    let compressedSize = 0;
    let sawEnd = false;
    for (let at = 8; at < bytes.length && !sawEnd; ) {
      if (at + 8 > bytes.length)
        throw bad(`truncated: the chunk header at offset ${at} needs 8 bytes, ${bytes.length - at} remain`);
      const length = view.getUint32(at, false);
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      const label = /^[A-Za-z]{4}$/.test(type) ? `chunk ${type}` : `chunk of type ${JSON.stringify(type)}`;
      // Length, type, data and a 4-byte CRC, all of which must be in the file.
      if (length > bytes.length - at - 12) {
        throw bad(
          `${label} at offset ${at} claims ${length} bytes of data, but only ${Math.max(0, bytes.length - at - 12)} remain before its CRC`,
        );
      }
      if (header === undefined) {
        if (type !== 'IHDR') throw bad(`the first chunk (at offset ${at}) must be IHDR, got ${label}`);
        if (length !== 13) throw bad(`IHDR at offset ${at} must hold 13 bytes, holds ${length}`);
        header = readIhdr(bytes, view, at, bad, maxPixels);
      } else if (type === 'IHDR') {
        throw bad(`a second IHDR at offset ${at}`);
      } else if (type === 'IDAT') {
        compressedSize += length;
      } else if (type === 'IEND') {
        sawEnd = true;
      }
      at += 12 + length;
    }
    if (header === undefined) throw bad('no IHDR chunk');
    if (compressedSize === 0) throw bad('no image data (IDAT chunk)');
    if (!sawEnd) throw bad('no IEND chunk: the file is truncated or was not written to the end');
    const rawSize = scanlinesSize(header);
    // 4 bytes per allowed pixel, plus the filter byte of every row (Adam7's passes have under 2 rows per image row).
    const maxRawSize = 4 * maxPixels + 2 * header.height;
    if (rawSize > maxRawSize) {
      throw bad(
        `IHDR claims ${header.width} x ${header.height} pixels at ${header.bitDepth} bits per sample, ${rawSize} bytes of image data, more than the ${maxRawSize} bytes (4 per allowed pixel and 2 per row) scratchnet decodes`,
      );
    }
    if (rawSize > compressedSize * MAX_INFLATE_RATIO + 1024) {
      throw bad(
        `IHDR claims ${header.width} x ${header.height} pixels (${rawSize} bytes of scanlines), more than ${compressedSize} bytes of IDAT data can inflate to`,
      );
    }
    return { ...header, rawSize, compressedSize };
  });
}

type Bad = (problem: string) => ScratchnetError;

/** The fields of IHDR, before the sizes derived from the whole file. */
type ImageHeader = Omit<PngHeader, 'rawSize' | 'compressedSize'>;

function checkSignature(bytes: Uint8Array, bad: Bad): void {
  for (let i = 0; i < SIGNATURE.length; i++) {
    if (bytes[i] !== SIGNATURE[i]) {
      if (i >= bytes.length)
        throw bad(`truncated: the 8-byte signature at offset 0 is cut off after ${bytes.length} bytes`);
      const got = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw bad(`wrong signature at offset 0: expected 89 50 4e 47 0d 0a 1a 0a, got ${got}`);
    }
  }
}

/** The 13-byte IHDR chunk at `at`: legal sizes, colour type, bit depth and methods, within `maxPixels`. */
function readIhdr(bytes: Uint8Array, view: DataView, at: number, bad: Bad, maxPixels: number): ImageHeader {
  const data = at + 8;
  const width = view.getUint32(data, false);
  const height = view.getUint32(data + 4, false);
  const bitDepth = view.getUint8(data + 8);
  const colorType = view.getUint8(data + 9);
  const interlace = view.getUint8(data + 12);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw bad(`IHDR at offset ${at} claims ${width} x ${height} pixels (each side must be 1 to 2^31 - 1)`);
  }
  const color = COLOR_TYPES[colorType];
  if (color === undefined) throw bad(`IHDR at offset ${at}: unknown colour type ${colorType} (known: 0, 2, 3, 4, 6)`);
  if (!color.depths.includes(bitDepth)) {
    throw bad(
      `IHDR at offset ${at}: bit depth ${bitDepth} is not allowed for colour type ${colorType} (allowed: ${color.depths.join(', ')})`,
    );
  }
  if (bytes[data + 10] !== 0 || bytes[data + 11] !== 0)
    throw bad(`IHDR at offset ${at}: unknown compression or filter method`);
  if (interlace > 1) throw bad(`IHDR at offset ${at}: unknown interlace method ${interlace}`);
  if (width * height > maxPixels) {
    throw bad(
      `IHDR at offset ${at} claims ${width} x ${height} = ${width * height} pixels, more than the ${maxPixels} scratchnet decodes (raise maxPixels to decode it)`,
    );
  }
  return { width, height, bitDepth, colorType, interlaced: interlace === 1 };
}

/** Bytes of filtered scanlines the image data must inflate to, over all seven Adam7 passes when interlaced. */
function scanlinesSize({ width, height, bitDepth, colorType, interlaced }: ImageHeader): number {
  const bitsPerPixel = (COLOR_TYPES[colorType]?.channels ?? 0) * bitDepth;
  if (!interlaced) return scanlineBytes(width, height, bitsPerPixel);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) =>
      sum + scanlineBytes(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy), bitsPerPixel),
    0,
  );
}

/** The IDAT data of a PNG whose chunks `readPngHeader` has checked, joined. */
function idatData(bytes: Uint8Array, size: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint8Array(size);
  let filled = 0;
  for (let at = 8; at + 8 <= bytes.length && filled < size; ) {
    const length = view.getUint32(at, false);
    if (bytes[at + 4] === 0x49 && bytes[at + 5] === 0x44 && bytes[at + 6] === 0x41 && bytes[at + 7] === 0x54) {
      out.set(bytes.subarray(at + 8, at + 8 + length), filled);
      filled += length;
    }
    at += 12 + length;
  }
  return out;
}

/**
 * Decodes a PNG held in `bytes` into RGBA pixels (any colour type, bit depth, palette and
 * interlacing). Checks the header first (see `readPngHeader`), so a file claiming 10^12 pixels
 * fails at once without allocating, and one over `options.maxPixels` (default `MAX_PNG_PIXELS`)
 * before decoding; a damaged chunk, CRC or compressed stream, or a missing IEND, is a ScratchnetError
 * `BAD_FILE` naming `name`, never a pngjs or zlib exception.
 *
 * @example
 * const image = decodePng(readFileSync('digit.png'), 'digit.png'); // { width, height, channels: 4, data }
 * const photo = decodePng(readFileSync('scan.png'), 'scan.png', { maxPixels: 2 ** 26 }); // up to 8192 x 8192
 */
export function decodePng(bytes: Uint8Array, name = '<bytes>', options: PngOptions = {}): RawImage {
  return named('decodePng', () => {
    checkString(name, 'name', 'decodePng');
    pixelLimit(options, 'decodePng');
    const header = readPngHeader(bytes, name, options);
    // pngjs's own inflate misreads zlib's state on a corrupt stream and then returns its uninitialised
    // output buffer as pixels (old heap contents, different on every run), and it inflates interlaced
    // data without a cap. So the stream is inflated here first, capped at the size the header claims,
    // and must produce exactly that size before pngjs sees the file.
    let inflated: number;
    try {
      inflated = inflateSync(idatData(bytes, header.compressedSize), {
        maxOutputLength: Math.max(1, header.rawSize),
      }).length;
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: not a readable PNG image: ${tooLarge ? `its image data inflates to more than the ${header.rawSize} bytes ${header.width} x ${header.height} pixels need` : `the image data (IDAT) is not a valid zlib stream (${error instanceof Error ? error.message : String(error)})`}`,
      );
    }
    if (inflated !== header.rawSize) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: not a readable PNG image: its image data inflates to ${inflated} bytes, but ${header.width} x ${header.height} pixels need ${header.rawSize}`,
      );
    }
    let png: pngjs.PNG;
    try {
      png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: not a readable PNG image (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (
      png.width !== header.width ||
      png.height !== header.height ||
      png.data.length !== header.width * header.height * 4
    ) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: not a readable PNG image (decoded ${png.width} x ${png.height} with ${png.data.length} bytes, not the ${header.width} x ${header.height} of its header)`,
      );
    }
    return {
      data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
      width: png.width,
      height: png.height,
      channels: 4,
    };
  });
}

/**
 * Reads and decodes a PNG file (see `decodePng` for `options`); a missing or damaged file, or one that
 * is not a regular file, is a `BAD_FILE` error naming it.
 */
export function readPng(path: string, options: PngOptions = {}): RawImage {
  return named('readPng', () => {
    pixelLimit(options, 'readPng');
    const bytes = readRegularFile(path, {
      what: 'PNG image',
      maxBytes: MAX_PNG_FILE_BYTES,
      message: (reason) => `${path}: cannot read the image (${reason})`,
    });
    return decodePng(bytes, path, options);
  });
}
