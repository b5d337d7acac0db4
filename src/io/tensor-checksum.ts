/**
 * CRC-32 checksums of the tensors in the safetensors files scratchnet writes (models, checkpoints):
 * a metadata entry `scratchnet.crc32` holding JSON of tensor name -> 8 hex digits of the CRC-32 of
 * that tensor's bytes in the file. A flipped bit in the weights then fails the load, naming the
 * tensor, instead of silently changing a prediction. Files without the entry (other tools, older
 * versions of scratchnet) load as before.
 */
import { ScratchnetError } from '../errors.js';
import { crc32 } from './zip.js';

/** The safetensors metadata key of the checksums. */
export const CHECKSUM_KEY = 'scratchnet.crc32';

/** A tensor's bytes within the file: `[start, end)`. */
export interface ChecksumRange {
  name: string;
  start: number;
  end: number;
}

function hex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}

/**
 * The checksum entry for `ranges` of `bytes`. With `bytes` undefined every CRC is 00000000: a
 * placeholder of the same length, so the header can be sized before the data is written.
 */
export function checksumEntry(ranges: readonly ChecksumRange[], bytes?: Uint8Array): string {
  const crcs: Record<string, string> = {};
  for (const { name, start, end } of ranges) {
    Object.defineProperty(crcs, name, {
      value: bytes === undefined ? hex(0) : hex(crc32(bytes.subarray(start, end))),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return JSON.stringify(crcs);
}

/**
 * Checks the tensors of a file against its checksum entry `value`: each tensor it names must exist
 * and its bytes must have that CRC-32. Throws ScratchnetError `BAD_FILE` naming `file` and the tensor.
 */
export function verifyChecksums(
  value: string,
  ranges: readonly ChecksumRange[],
  bytes: Uint8Array,
  file: string,
): void {
  const bad = (problem: string): ScratchnetError => new ScratchnetError('BAD_FILE', `${file}: ${problem}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw bad(`the "${CHECKSUM_KEY}" metadata entry is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad(`the "${CHECKSUM_KEY}" metadata entry is not an object of tensor name -> CRC-32`);
  const byName = new Map(ranges.map((r) => [r.name, r]));
  for (const [name, stored] of Object.entries(parsed)) {
    const range = byName.get(name);
    if (range === undefined) throw bad(`the "${CHECKSUM_KEY}" metadata entry names a tensor "${name}" the file lacks`);
    if (typeof stored !== 'string' || !/^[0-9a-f]{8}$/.test(stored))
      throw bad(`the "${CHECKSUM_KEY}" entry of tensor "${name}" is not 8 hex digits`);
    const actual = hex(crc32(bytes.subarray(range.start, range.end)));
    if (actual !== stored) {
      throw bad(
        `tensor "${name}": CRC-32 mismatch (stored ${stored}, computed ${actual}): its bytes in the file are corrupt`,
      );
    }
  }
}
