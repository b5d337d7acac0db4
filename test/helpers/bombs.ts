// Small files that claim or inflate to huge data, built without ever holding that data: a deflate
// stream of zeros is one full-flushed block of a zero chunk repeated (each such block ends on a byte
// boundary and refers to nothing before it), closed by an empty final block.
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { crc32 } from '../../src/index.js';

const CHUNK = 1 << 20;

/** A raw deflate stream inflating to `prefix` followed by `zeros` zero bytes; kilobytes per gigabyte. */
export function deflatedZeros(prefix: Uint8Array, zeros: number, wrap: 'raw' | 'zlib' = 'raw'): Uint8Array {
  const full = { finishFlush: constants.Z_FULL_FLUSH };
  const block = deflateRawSync(new Uint8Array(CHUNK), full);
  const parts: Uint8Array[] = [deflateRawSync(prefix, full)];
  for (let left = zeros; left > 0; left -= CHUNK)
    parts.push(left >= CHUNK ? block : deflateRawSync(new Uint8Array(left), full));
  parts.push(deflateRawSync(new Uint8Array(0)));
  const raw = concat(parts);
  if (wrap === 'raw') return raw;
  // zlib: a 2-byte header taken from zlib itself, the raw stream, and the Adler-32 of the data.
  const header = deflateSync(new Uint8Array(0)).subarray(0, 2);
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, adler32Zeros(prefix, zeros), false);
  return concat([header, raw, adler]);
}

/** The Adler-32 of `prefix` followed by `zeros` zero bytes, without making them. */
function adler32Zeros(prefix: Uint8Array, zeros: number): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (const byte of prefix) {
    a = (a + byte) % MOD;
    b = (b + a) % MOD;
  }
  // Each zero byte adds a to b.
  b = (b + ((a * (zeros % MOD)) % MOD)) % MOD;
  return ((b << 16) | a) >>> 0;
}

/** The CRC-32 of `prefix` followed by `zeros` zero bytes (computed over a reused zero chunk). */
export function crc32Zeros(prefix: Uint8Array, zeros: number): number {
  const chunk = new Uint8Array(CHUNK);
  let crc = crc32(prefix);
  for (let left = zeros; left > 0; left -= CHUNK) crc = crc32(left >= CHUNK ? chunk : chunk.subarray(0, left), crc);
  return crc;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The .npy header of a C-order little-endian float32 array of `shape`. */
export function npyHeader(shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const text = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + text.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** One deflated ZIP member: its name, the raw deflate data, and what the directory declares. */
export interface BombMember {
  name: string;
  deflated: Uint8Array;
  size: number;
  crc: number;
}

/** A ZIP archive of deflated members whose directory declares `size` and `crc` as given (true or not). */
export function zipOf(members: readonly BombMember[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = new TextEncoder().encode(m.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, m.crc, true);
    lv.setUint32(18, m.deflated.length, true);
    lv.setUint32(22, m.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, m.crc, true);
    cv.setUint32(20, m.deflated.length, true);
    cv.setUint32(24, m.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, m.deflated);
    centrals.push(central);
    offset += local.length + m.deflated.length;
  }
  const directory = concat(centrals);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, directory.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, directory, end]);
}

/**
 * A valid .npz (about 1.2 MB) whose member `x` is a float32 array of zeros of `shape` (by default
 * 400000 × 784, 1.25 GB once inflated), and `t` a matching float32 vector of zeros.
 */
export function npzBomb(rows = 400_000, cols = 784, withCrc = true): Uint8Array {
  const member = (name: string, shape: number[]): BombMember => {
    const header = npyHeader(shape);
    const zeros = shape.reduce((n, d) => n * d, 4);
    return {
      name,
      deflated: deflatedZeros(header, zeros),
      size: header.length + zeros,
      crc: withCrc ? crc32Zeros(header, zeros) : 0,
    };
  };
  return zipOf([member('x.npy', [rows, cols]), member('t.npy', [rows])]);
}

/** Big-endian u32 and a PNG chunk with its CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, false);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)), false);
  return out;
}

/**
 * A valid PNG of `width` × `height` pixels of all-zero samples (filter byte 0 on each row) at
 * `bitDepth` and `colorType` (default 16-bit RGBA: 8192 × 8192 is about 0.5 MB on disk and 537 MB
 * of scanlines). `end: false` leaves out the IEND chunk.
 */
export function pngBomb(
  width = 8192,
  height = 8192,
  options: { bitDepth?: number; colorType?: number; end?: boolean } = {},
): Uint8Array {
  const { bitDepth = 16, colorType = 6, end = true } = options;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType] ?? 4;
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width, false);
  view.setUint32(4, height, false);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflatedZeros(new Uint8Array(0), rowBytes * height, 'zlib')),
  ];
  if (end) parts.push(chunk('IEND', new Uint8Array(0)));
  return concat(parts);
}
