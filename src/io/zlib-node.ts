/**
 * Node's zlib in the shape the browser-safe zip codec takes (`InflateRaw`, `DeflateRaw`), with the
 * output of inflating capped at the size the archive claims: a zip bomb then fails instead of
 * filling memory.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeflateRaw, InflateRaw } from './zip.js';

/** Raw inflate stopped at `expectedSize` bytes (zlib throws a RangeError past it, which the zip reader reports as BAD_FILE). */
export const inflateRawCapped: InflateRaw = (compressed, expectedSize) => {
  const out = inflateRawSync(compressed, { maxOutputLength: Math.max(expectedSize, 1) });
  // zlib may hand back a Buffer view into a larger chunk; callers get a plain Uint8Array view.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** Raw deflate, as `np.savez_compressed` writes members. */
export const deflateRaw: DeflateRaw = (data) => deflateRawSync(data);
