/**
 * A minimal PNG encoder for 8-bit grayscale images, in plain TypeScript so it runs in a browser
 * too. The image grid embeds each digit as a PNG data URL: about 1 KB per 28 × 28 digit, where
 * drawing the pixels as rectangles would take ten times that. The zlib stream uses stored
 * (uncompressed) blocks: simple, exact, and small enough at these sizes.
 */
import { check } from '../errors.js';
import { checkBytes, named } from '../validate.js';

let crcTable: Uint32Array | undefined;

/** CRC-32 (the PNG/zlib polynomial 0xEDB88320) of `bytes`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return named('crc32', () => {
    if (crcTable === undefined) {
      crcTable = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable[n] = c >>> 0;
      }
    }
    let crc = 0xffffffff;
    for (let i = start; i < end; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  });
}

/** Adler-32, zlib's checksum of the uncompressed data. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored blocks (at most 65 535 bytes each). */
function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  out[0] = 0x78; // deflate, 32 KB window
  out[1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0 as zlib requires
  let pos = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, data.length - start);
    out[pos++] = b === blocks - 1 ? 1 : 0;
    out[pos++] = len & 0xff;
    out[pos++] = len >>> 8;
    out[pos++] = ~len & 0xff;
    out[pos++] = (~len >>> 8) & 0xff;
    out.set(data.subarray(start, start + len), pos);
    pos += len;
  }
  const adler = adler32(data);
  out[pos++] = adler >>> 24;
  out[pos++] = (adler >>> 16) & 0xff;
  out[pos++] = (adler >>> 8) & 0xff;
  out[pos++] = adler & 0xff;
  return out;
}

function writeChunk(out: Uint8Array, pos: number, type: string, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(pos, data.length);
  for (let i = 0; i < 4; i++) out[pos + 4 + i] = type.charCodeAt(i);
  out.set(data, pos + 8);
  view.setUint32(pos + 8 + data.length, crc32(out, pos + 4, pos + 8 + data.length));
  return pos + 12 + data.length;
}

/** A PNG file of an 8-bit grayscale image: `pixels` row-major, 0 black to 255 white. */
export function encodeGrayPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return named('encodeGrayPng', () => {
    checkBytes(pixels, 'pixels', 'encodeGrayPng');
    check(
      Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0,
      `encodeGrayPng: width and height must be positive integers, got ${width} × ${height}`,
    );
    check(
      pixels.length === width * height,
      `encodeGrayPng: expected ${width * height} pixels for ${width} × ${height}, got ${pixels.length}`,
    );
    // Each scanline starts with its filter type; 0 (none) keeps the encoder trivial.
    const raw = new Uint8Array(height * (width + 1));
    for (let row = 0; row < height; row++)
      raw.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
    const idat = zlibStored(raw);
    const ihdr = new Uint8Array(13);
    const hv = new DataView(ihdr.buffer);
    hv.setUint32(0, width);
    hv.setUint32(4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // colour type: grayscale
    const out = new Uint8Array(8 + 25 + 12 + idat.length + 12);
    out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let pos = writeChunk(out, 8, 'IHDR', ihdr);
    pos = writeChunk(out, pos, 'IDAT', idat);
    writeChunk(out, pos, 'IEND', new Uint8Array(0));
    return out;
  });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no `Buffer` or `btoa`, so it is the same everywhere). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]! + BASE64[(n >>> 6) & 63]! + BASE64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]! + BASE64[(n >>> 6) & 63]!}=`;
  }
  return out;
}

/** A `data:image/png;base64,…` URL of a grayscale image, for an SVG `<image>`. */
export function grayPngDataUrl(pixels: Uint8Array, width: number, height: number): string {
  return named('grayPngDataUrl', () => {
    checkBytes(pixels, 'pixels', 'grayPngDataUrl');
    return `data:image/png;base64,${base64(encodeGrayPng(pixels, width, height))}`;
  });
}
