/**
 * Weight and array files on disk (Node only): safetensors, .npy and .npz, read whole and written
 * atomically (see `writeFileAtomic`), with deflate from Node's zlib.
 */
import type { NDArray } from '../ndarray/ndarray.js';
import { readFileBytes, writeFileAtomic } from './atomic.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { decodeNpz, encodeNpz, type EncodeNpzOptions } from './npz.js';
import { checkDecodeZipOptions, type DecodeZipOptions } from './zip.js';
import { decodeSafetensors, encodeSafetensors, type Safetensors } from './safetensors.js';
import { deflateRaw, inflateRawCapped } from './zlib-node.js';
import { checkKnownOptions, checkString, named } from '../validate.js';

export { writeFileAtomic } from './atomic.js';

/**
 * Saves `tensors` (and optional string `metadata`) to `path` as safetensors, atomically (see
 * `encodeSafetensors` for the layout). Throws ScratchnetError `BAD_FILE` naming `path` when it
 * cannot be written; the previous file, if any, is then untouched.
 *
 * @example
 * saveSafetensors('params.safetensors', net.params, { epochs: '17' });
 */
export function saveSafetensors(
  path: string,
  tensors: Record<string, NDArray>,
  metadata?: Record<string, string>,
): void {
  checkString(path, 'path', 'saveSafetensors');
  named('saveSafetensors', () => {
    writeFileAtomic(path, encodeSafetensors(tensors, metadata));
  });
}

/**
 * Loads a safetensors file (see `decodeSafetensors` for the dtypes). Throws ScratchnetError
 * `BAD_FILE` naming `path` when it is missing, a directory, unreadable, or malformed.
 */
export function loadSafetensors(path: string): Safetensors {
  return named('loadSafetensors', () => {
    return decodeSafetensors(readFileBytes(path, 'safetensors'), path);
  });
}

/** Saves `array` to `path` as a .npy file, atomically (as `np.save` writes it). */
export function saveNpy(path: string, array: NDArray): void {
  checkString(path, 'path', 'saveNpy');
  named('saveNpy', () => {
    writeFileAtomic(path, encodeNpy(array));
  });
}

/**
 * Loads a .npy file (see `decodeNpy` for the dtypes and orders). Throws ScratchnetError
 * `BAD_FILE` naming `path` when it is missing, a directory, unreadable, or malformed.
 */
export function loadNpy(path: string): NDArray {
  return named('loadNpy', () => {
    return decodeNpy(readFileBytes(path, '.npy'), path);
  });
}

/**
 * Saves `arrays` to `path` as an .npz archive, atomically: stored like `np.savez`, or deflated
 * like `np.savez_compressed` with `{ compress: true }`. Unlike numpy, no `.npz` is appended to
 * `path`.
 */
export function saveNpz(path: string, arrays: Record<string, NDArray>, options: EncodeNpzOptions = {}): void {
  checkString(path, 'path', 'saveNpz');
  named('saveNpz', () => {
    checkKnownOptions(options, ['compress'], 'saveNpz');
    writeFileAtomic(path, encodeNpz(arrays, options, deflateRaw));
  });
}

/**
 * Loads an .npz archive, stored or deflated, keyed like `np.load` (member names without `.npy`).
 * Throws ScratchnetError `BAD_FILE` naming `path` when it is missing, a directory, unreadable, or
 * malformed, or when its members declare more than `options.maxInflatedBytes` (by default
 * 64 MiB + 100 × the file's size: a decompression bomb is refused before it is inflated).
 *
 * @example
 * const arrays = loadNpz('sparse.npz', { maxInflatedBytes: 8 * 2 ** 30 }); // an archive compressed 1000:1
 */
export function loadNpz(path: string, options: DecodeZipOptions = {}): Record<string, NDArray> {
  return named('loadNpz', () => {
    checkDecodeZipOptions(options, 'loadNpz');
    return decodeNpz(readFileBytes(path, '.npz'), path, inflateRawCapped, options);
  });
}
