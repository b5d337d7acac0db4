/**
 * Weights files of any format scratchnet reads (Node only), recognised by their first bytes rather
 * than their names.
 */
import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { decodeNpy } from './npy.js';
import { decodeNpz } from './npz.js';
import { loadPickleArrays } from './pickle.js';
import { readRegularFile } from './read-file.js';
import { decodeSafetensors } from './safetensors.js';
import { inflateRawCapped } from './zlib-node.js';
import { checkBytes, checkString, named } from '../validate.js';

/** The weights formats scratchnet reads, as `detectWeightsFormat` names them. */
export type WeightsFormat = 'safetensors' | 'npz' | 'npy' | 'pickle';

/** A weights file read in any format: the tensors it holds and, for safetensors, its metadata. */
export interface WeightsFile {
  /** The format recognised from the file's first bytes. */
  format: WeightsFormat;
  /** The arrays by name (a lone .npy array is named `W`); always new copies of the file's bytes. */
  tensors: Record<string, NDArray>;
  /** safetensors metadata (the architecture, for files scratchnet wrote); empty for other formats. */
  metadata: Record<string, string>;
}

/** Which format `bytes` are in, by their first bytes rather than the file name. */
export function detectWeightsFormat(bytes: Uint8Array): WeightsFormat | null {
  return named('detectWeightsFormat', () => {
    checkBytes(bytes, 'bytes', 'detectWeightsFormat');
    if (bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY') return 'npy';
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'npz';
    // Before the pickle test: a safetensors header of 0x280 bytes (a 784-100-10 model's) starts the
    // file with 0x80 0x02, which is also how a protocol-2 pickle opens.
    if (looksLikeSafetensors(bytes)) return 'safetensors';
    // A pickle of protocol 2 or later opens with PROTO (0x80) and the protocol number.
    if (bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5) return 'pickle';
    // safetensors with a header that does not end where its length says: let the decoder explain.
    if (bytes.length >= 9 && bytes[8] === 0x7b) return 'safetensors';
    return null;
  });
}

/**
 * A little-endian u64 header length N, then a JSON object of N bytes: "{" right after the length and
 * "}" (or the spaces that pad it to 8 bytes) as its last byte.
 */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  // Lengths of 2^32 bytes and more are no header any file here has; their high bytes must be 0.
  if (bytes[4] !== 0 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) return false;
  const n = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16)) + bytes[3]! * 2 ** 24;
  if (n < 2 || 8 + n > bytes.length) return false;
  const last = bytes[8 + n - 1];
  return last === 0x7d || last === 0x20;
}

/**
 * Reads a weights file of any supported format: scratchnet's safetensors, numpy's .npz (or one .npy,
 * named "W"), or a Python pickle of a dict of numpy arrays (read without executing anything).
 */
export function loadWeightsFile(path: string): WeightsFile {
  return named('loadWeightsFile', () => {
    const bytes = readRegularFile(path, {
      what: 'weights file',
      message: (reason) =>
        reason === 'it is a directory'
          ? `${path}: is a directory, not a weights file`
          : `${path}: cannot read the weights file (${reason === 'no such file or directory' ? 'no such file' : reason})`,
    });
    return decodeWeightsFile(bytes, path);
  });
}

/**
 * Parses a weights file held in `bytes` (see `loadWeightsFile`); `name` goes into error messages.
 * Throws ScratchnetError `BAD_FILE` (or `UNSAFE_PICKLE`, `BAD_DTYPE`) for anything it cannot read.
 */
export function decodeWeightsFile(bytes: Uint8Array, name = '<bytes>'): WeightsFile {
  return named('decodeWeightsFile', () => {
    checkString(name, 'name', 'decodeWeightsFile');
    checkBytes(bytes, 'bytes', 'decodeWeightsFile');
    const path = name;
    const format = detectWeightsFormat(bytes);
    switch (format) {
      case 'safetensors': {
        const { tensors, metadata } = decodeSafetensors(bytes, path);
        return { format, tensors, metadata };
      }
      case 'npz':
        return { format, tensors: decodeNpz(bytes, path, inflateRawCapped), metadata: {} };
      case 'npy':
        return { format, tensors: { W: decodeNpy(bytes, path) }, metadata: {} };
      case 'pickle':
        return { format, tensors: loadPickleArrays(bytes, path), metadata: {} };
      case null:
        throw new ScratchnetError(
          'BAD_FILE',
          `${path}: not a weights file scratchnet reads (expected safetensors, .npz, .npy or a Python pickle; the file starts with bytes ${[...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`,
        );
    }
  });
}
