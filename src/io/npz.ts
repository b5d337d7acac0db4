/**
 * numpy's .npz format: a ZIP archive with one .npy member per array, stored by `np.savez` and
 * deflated by `np.savez_compressed`. Works on bytes only, so it runs unchanged in a browser; the
 * deflate functions are passed in (the Node loaders in `node.ts` pass zlib's).
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { setOwn, type ElementKind } from './elements.js';
import { decodeNpy, encodeNpy, readNpyHeader } from './npy.js';
import {
  checkDecodeZipOptions,
  decodeZip,
  encodeZip,
  type DecodeZipOptions,
  type DeflateRaw,
  type InflateRaw,
} from './zip.js';
import { checkFunction, checkKnownOptions, checkString, named } from '../validate.js';

/** Options of `encodeNpz`. */
export interface EncodeNpzOptions {
  /** Deflate the members, as `np.savez_compressed` does (default false, as `np.savez`). */
  compress?: boolean;
}

const SUFFIX = '.npy';

/**
 * Parses an .npz archive held in `bytes` into new arrays keyed as `np.load` keys them: the member
 * name without its `.npy` suffix (`arr_0` for `np.savez(f, a)`). Each member is read by
 * `decodeNpy` (same dtypes, C order). `inflateRaw` is needed only for a compressed archive.
 * `name` (a file name) goes into error messages. Throws ScratchnetError `BAD_FILE` on a malformed
 * archive or member, a member that is not a .npy array, or members declaring more bytes than
 * `options.maxInflatedBytes` (by default 64 MiB + 100 × the archive's size, see
 * `defaultInflateLimit`), refused before anything is inflated.
 *
 * @example
 * const { W1, b1 } = decodeNpz(bytes, 'params.npz', (b, n) => zlib.inflateRawSync(b, { maxOutputLength: n }));
 * // An archive of mostly zeros that compresses better than 100:1
 * const big = decodeNpz(bytes, 'sparse.npz', inflate, { maxInflatedBytes: 2 ** 32 });
 */
export function decodeNpz(
  bytes: Uint8Array,
  name = '<bytes>',
  inflateRaw?: InflateRaw,
  options: DecodeZipOptions = {},
): Record<string, NDArray> {
  return named('decodeNpz', () => {
    checkString(name, 'name', 'decodeNpz');
    if (inflateRaw !== undefined) checkFunction(inflateRaw, 'inflateRaw', 'decodeNpz');
    checkDecodeZipOptions(options, 'decodeNpz');
    const arrays: Record<string, NDArray> = {};
    for (const [key, member] of Object.entries(decodeNpzMembers(bytes, name, inflateRaw, options)))
      setOwn(arrays, key, member.array);
    return arrays;
  });
}

/** One member of an archive: the array read and the element type it was stored as. */
export interface NpzMember {
  array: NDArray;
  kind: ElementKind;
}

/**
 * `decodeNpz` keeping each member's stored element type, for readers whose meaning depends on it
 * (labels stored as numpy's int64 read as float64 but are still integer labels).
 */
export function decodeNpzMembers(
  bytes: Uint8Array,
  name = '<bytes>',
  inflateRaw?: InflateRaw,
  options: DecodeZipOptions = {},
): Record<string, NpzMember> {
  const members: Record<string, NpzMember> = {};
  for (const entry of decodeZip(bytes, name, inflateRaw, options)) {
    if (entry.name.endsWith('/') && entry.data.length === 0) continue; // a directory entry
    const key = entry.name.endsWith(SUFFIX) ? entry.name.slice(0, -SUFFIX.length) : entry.name;
    if (Object.hasOwn(members, key)) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: members "${key}" and "${key}${SUFFIX}" both give the key "${key}"`,
      );
    }
    // np.load also reads a member without the suffix when it starts with the .npy magic; anything
    // else is an error here, since the result can only hold arrays.
    const memberName = `${name} (member ${entry.name})`;
    const array = decodeNpy(entry.data, memberName);
    setOwn(members, key, { array, kind: readNpyHeader(entry.data, memberName).kind });
  }
  return members;
}

/**
 * Serialises `arrays` as an .npz archive, one `<key>.npy` member each (see `encodeNpy`), in the
 * order of `arrays`. With `compress` the members are deflated by `deflateRaw`, which is then
 * required. Throws ScratchnetError `BAD_ARGUMENT` on an empty key, a value that is not an
 * NDArray, or `compress` without `deflateRaw`.
 *
 * @example
 * const bytes = encodeNpz({ W1, b1 }, { compress: true }, (b) => zlib.deflateRawSync(b));
 */
export function encodeNpz(
  arrays: Record<string, NDArray>,
  options: EncodeNpzOptions = {},
  deflateRaw?: DeflateRaw,
): Uint8Array {
  return named('encodeNpz', () => {
    if (deflateRaw !== undefined) checkFunction(deflateRaw, 'deflateRaw', 'encodeNpz');
    checkKnownOptions(options, ['compress'], 'encodeNpz');
    if (typeof arrays !== 'object' || arrays === null)
      throw new ScratchnetError('BAD_ARGUMENT', 'encodeNpz: arrays must be an object of name -> NDArray');
    const entries = Object.entries(arrays).map(([key, array]) => {
      if (!(array instanceof NDArray)) {
        throw new ScratchnetError('BAD_ARGUMENT', `encodeNpz: "${key}" is not an NDArray`);
      }
      if (key === '') throw new ScratchnetError('BAD_ARGUMENT', 'encodeNpz: an array key cannot be empty');
      return { name: `${key}${SUFFIX}`, data: encodeNpy(array) };
    });
    const compress = options.compress ?? false;
    if (compress && deflateRaw === undefined) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        "encodeNpz: compress needs a deflateRaw function (in Node, saveNpz passes zlib's)",
      );
    }
    return encodeZip(entries, deflateRaw === undefined ? { compress } : { compress, deflateRaw });
  });
}
