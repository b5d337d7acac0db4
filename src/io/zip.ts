/**
 * A minimal ZIP reader and writer (PKWARE APPNOTE 6.3), enough for numpy's .npz: stored (method 0)
 * and deflated (method 8) members, CRC-32 checked, zip64 member sizes understood but zip64
 * archives (over 65535 members or 4 GiB) refused. The reader trusts only the central directory,
 * as the local headers Python writes carry placeholder sizes. Deflate itself is injected so that
 * this file stays browser-safe: Node passes `zlib.inflateRawSync` / `zlib.deflateRawSync`.
 */
import { ScratchnetError } from '../errors.js';
import { checkBytes } from '../validate.js';

/** One member of an archive. */
export interface ZipEntry {
  /** The member's path inside the archive, e.g. `W1.npy`. */
  name: string;
  /** The uncompressed bytes. */
  data: Uint8Array;
}

/**
 * Inflates a raw deflate stream (no zlib or gzip wrapper). `expectedSize` is what the archive
 * claims the output is: an implementation should stop past it (Node: `maxOutputLength`), which
 * turns a decompression bomb into an error instead of an out-of-memory crash.
 */
export type InflateRaw = (compressed: Uint8Array, expectedSize: number) => Uint8Array;

/** Compresses bytes as a raw deflate stream (no zlib or gzip wrapper). */
export type DeflateRaw = (data: Uint8Array) => Uint8Array;

/** Options of `encodeZip`. */
export interface EncodeZipOptions {
  /** Deflate the members (default false: stored, like `np.savez`). */
  compress?: boolean;
  /** The deflate implementation; required when `compress` is true. */
  deflateRaw?: DeflateRaw;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `bytes` (the IEEE polynomial used by ZIP, gzip and PNG), as an unsigned number.
 * Pass a previous result as `crc` to continue over several chunks.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const ZIP64_EXTRA_ID = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
/** Deflate cannot expand data more than about 1032:1; a claim beyond that is a lie or a bomb. */
const MAX_DEFLATE_RATIO = 1032;

/** Names of the compression methods people meet, for the error message. */
const METHOD_NAMES: Record<number, string> = { 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz' };

function decodeName(raw: Uint8Array, utf8: boolean): string {
  // Without the UTF-8 flag a name is nominally CP437, but ASCII is the same in both and writers
  // that skip the flag mostly write UTF-8 anyway.
  return new TextDecoder('utf-8', { fatal: utf8 }).decode(raw);
}

/**
 * Lists and extracts the members of a ZIP archive held in `bytes` (copies, never views). Reads
 * the central directory; checks every offset and size against the real length before extracting,
 * and each member's CRC-32. `inflateRaw` is needed only for deflated members. `name` (a file
 * name) goes into error messages. Throws ScratchnetError `BAD_FILE` on a malformed, truncated,
 * encrypted or zip64 archive, an unsupported compression method, or a CRC mismatch, and
 * `BAD_ARGUMENT` when a deflated member meets no `inflateRaw`.
 */
export function decodeZip(bytes: Uint8Array, name = '<bytes>', inflateRaw?: InflateRaw): ZipEntry[] {
  checkBytes(bytes, 'bytes', 'decodeZip');
  const bad = (problem: string): ScratchnetError =>
    new ScratchnetError('BAD_FILE', `${name}: not a valid zip file: ${problem}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);

  // The end record sits after the members and before a comment of up to 64 KiB; a match counts
  // only if its comment length lands exactly on the end of the file, so member data cannot fake one.
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= 0 && at >= bytes.length - EOCD_SIZE - MAX_COMMENT; at--) {
    if (u32(at) === EOCD_SIGNATURE && at + EOCD_SIZE + u16(at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    const npy = bytes[0] === 0x93 && bytes[1] === 0x4e ? ' (this looks like a .npy file: use decodeNpy)' : '';
    throw bad(
      `no end-of-central-directory record in the last ${Math.min(bytes.length, EOCD_SIZE + MAX_COMMENT)} bytes: not a zip file, or truncated${npy}`,
    );
  }
  const count = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryOffset = u32(eocd + 16);
  if (
    (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) ||
    count === 0xffff ||
    directoryOffset === 0xffffffff
  ) {
    throw bad(`zip64 archive (end record at offset ${eocd}): more than 65535 members or over 4 GiB is not supported`);
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) {
    throw bad(`end record at offset ${eocd} describes a multi-disk (split) archive, which is not supported`);
  }
  if (directoryOffset + directorySize > eocd) {
    throw bad(
      `central directory [${directoryOffset}, ${directoryOffset + directorySize}) declared at offset ${eocd + 12} runs past the end record at ${eocd}`,
    );
  }

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = directoryOffset;
  const directoryEnd = directoryOffset + directorySize;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_SIZE > directoryEnd) throw bad(`central directory entry ${index} at offset ${at} is cut off`);
    if (u32(at) !== CENTRAL_SIGNATURE)
      throw bad(`wrong signature for central directory entry ${index} at offset ${at}`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw bad(`central directory entry ${index} at offset ${at} is cut off`);
    const nameStart = at + CENTRAL_SIZE;
    let member: string;
    try {
      member = decodeName(bytes.subarray(nameStart, nameStart + nameLength), (flags & FLAG_UTF8) !== 0);
    } catch {
      throw bad(`the name of central directory entry ${index} at offset ${nameStart} is not valid UTF-8`);
    }
    const where = `member "${member}" (central directory offset ${at})`;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      // zip64 extra field: 8-byte values for exactly the fields saturated above, in this order.
      const zip64 = findExtra(view, nameStart + nameLength, extraLength, ZIP64_EXTRA_ID);
      if (zip64 === undefined) throw bad(`${where} has saturated 32-bit sizes but no zip64 extra field`);
      let p = zip64.start;
      const take = (): number => {
        if (p + 8 > zip64.end) throw bad(`${where}: zip64 extra field is too short`);
        const value = view.getUint32(p, true) + view.getUint32(p + 4, true) * 2 ** 32;
        p += 8;
        return value;
      };
      if (size === 0xffffffff) size = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    if (flags & FLAG_ENCRYPTED) throw bad(`${where} is encrypted`);
    if (method !== 0 && method !== 8) {
      throw bad(
        `${where} uses compression method ${method}${METHOD_NAMES[method] ? ` (${METHOD_NAMES[method]})` : ''}: only stored (0) and deflate (8) are supported`,
      );
    }
    if (seen.has(member)) throw bad(`${where} appears twice`);
    seen.add(member);

    if (localOffset + LOCAL_SIZE > directoryOffset) {
      throw bad(
        `${where}: local header offset ${localOffset} is not before the central directory at ${directoryOffset}`,
      );
    }
    if (u32(localOffset) !== LOCAL_SIGNATURE)
      throw bad(`${where}: wrong local header signature at offset ${localOffset}`);
    const dataStart = localOffset + LOCAL_SIZE + u16(localOffset + 26) + u16(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > directoryOffset) {
      throw bad(
        `${where}: ${compressedSize} bytes of data at offset ${dataStart} run into the central directory at ${directoryOffset}`,
      );
    }
    const stored = bytes.subarray(dataStart, dataEnd);
    let data: Uint8Array;
    if (method === 0) {
      if (compressedSize !== size)
        throw bad(`${where} is stored but claims ${compressedSize} bytes stored and ${size} uncompressed`);
      data = new Uint8Array(size);
      data.set(stored);
    } else {
      if (size > compressedSize * MAX_DEFLATE_RATIO + 1024) {
        throw bad(`${where} claims ${size} bytes from ${compressedSize} deflated bytes, more than deflate can produce`);
      }
      if (inflateRaw === undefined) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `${name}: ${where} is deflated: pass an inflateRaw function (in Node, the file loaders pass zlib's)`,
        );
      }
      try {
        data = inflateRaw(stored, size);
      } catch (error) {
        throw bad(
          `${where}: cannot inflate ${compressedSize} bytes at offset ${dataStart}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (data.length !== size) throw bad(`${where} inflates to ${data.length} bytes, but the directory says ${size}`);
    }
    const actual = crc32(data);
    if (actual !== crc) {
      throw bad(
        `${where}: CRC-32 mismatch (stored 0x${crc.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the data is corrupt`,
      );
    }
    entries.push({ name: member, data });
    at = next;
  }
  return entries;
}

function findExtra(
  view: DataView,
  start: number,
  length: number,
  id: number,
): { start: number; end: number } | undefined {
  const end = start + length;
  for (let p = start; p + 4 <= end; ) {
    const size = view.getUint16(p + 2, true);
    if (view.getUint16(p, true) === id) return { start: p + 4, end: Math.min(p + 4 + size, end) };
    p += 4 + size;
  }
  return undefined;
}

/** 1980-01-01 00:00, the earliest DOS date: a fixed time makes the same arrays give the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
const VERSION_NEEDED = 20;
/** Made by Unix (3), so that unzip honours the permission bits below. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const FILE_MODE = 0o100644;

/**
 * Builds a ZIP archive of `entries`, in order, stored or (with `compress` and a `deflateRaw`)
 * deflated. Dates are fixed at 1980-01-01, so equal inputs give equal bytes. Throws
 * ScratchnetError `BAD_ARGUMENT` on an empty or duplicate name, a missing `deflateRaw`, or an
 * archive that would need zip64 (over 65535 members or 4 GiB).
 */
export function encodeZip(entries: readonly ZipEntry[], options: EncodeZipOptions = {}): Uint8Array {
  if (!Array.isArray(entries))
    throw new ScratchnetError('BAD_ARGUMENT', 'encodeZip: entries must be an array of { name, data }');
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string')
      throw new ScratchnetError('BAD_ARGUMENT', `encodeZip: entries[${i}] must be { name: string, data: Uint8Array }`);
    checkBytes(e.data, `entries[${i}].data`, 'encodeZip');
  });
  const { compress = false, deflateRaw } = options;
  if (compress && deflateRaw === undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      "encodeZip: compress needs a deflateRaw function (in Node, the file savers pass zlib's)",
    );
  }
  if (entries.length > 0xfffe) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `encodeZip: ${entries.length} members need zip64, which is not supported (at most 65534)`,
    );
  }
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const members = entries.map(({ name, data }) => {
    if (name === '' || seen.has(name)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `encodeZip: member name ${JSON.stringify(name)} is ${name === '' ? 'empty' : 'used twice'}`,
      );
    }
    seen.add(name);
    const rawName = encoder.encode(name);
    if (rawName.length > 0xffff)
      throw new ScratchnetError('BAD_ARGUMENT', `encodeZip: member name of ${rawName.length} bytes is too long`);
    const packed = compress ? deflateRaw!(data) : data;
    return { rawName, ascii: rawName.length === name.length, data, packed, method: compress ? 8 : 0, crc: crc32(data) };
  });
  let localTotal = 0;
  let directoryTotal = 0;
  for (const m of members) {
    localTotal += LOCAL_SIZE + m.rawName.length + m.packed.length;
    directoryTotal += CENTRAL_SIZE + m.rawName.length;
    if (m.data.length > 0xfffffffe) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `encodeZip: a member of ${m.data.length} bytes needs zip64, which is not supported`,
      );
    }
  }
  if (localTotal + directoryTotal > 0xfffffffe) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `encodeZip: an archive of ${localTotal + directoryTotal} bytes needs zip64, which is not supported`,
    );
  }
  const out = new Uint8Array(localTotal + directoryTotal + EOCD_SIZE);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  for (const m of members) {
    offsets.push(at);
    view.setUint32(at, LOCAL_SIGNATURE, true);
    view.setUint16(at + 4, VERSION_NEEDED, true);
    view.setUint16(at + 6, m.ascii ? 0 : FLAG_UTF8, true);
    view.setUint16(at + 8, m.method, true);
    view.setUint16(at + 10, DOS_TIME, true);
    view.setUint16(at + 12, DOS_DATE, true);
    view.setUint32(at + 14, m.crc, true);
    view.setUint32(at + 18, m.packed.length, true);
    view.setUint32(at + 22, m.data.length, true);
    view.setUint16(at + 26, m.rawName.length, true);
    view.setUint16(at + 28, 0, true);
    out.set(m.rawName, at + LOCAL_SIZE);
    out.set(m.packed, at + LOCAL_SIZE + m.rawName.length);
    at += LOCAL_SIZE + m.rawName.length + m.packed.length;
  }
  const directoryOffset = at;
  members.forEach((m, i) => {
    view.setUint32(at, CENTRAL_SIGNATURE, true);
    view.setUint16(at + 4, VERSION_MADE_BY, true);
    view.setUint16(at + 6, VERSION_NEEDED, true);
    view.setUint16(at + 8, m.ascii ? 0 : FLAG_UTF8, true);
    view.setUint16(at + 10, m.method, true);
    view.setUint16(at + 12, DOS_TIME, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint32(at + 16, m.crc, true);
    view.setUint32(at + 20, m.packed.length, true);
    view.setUint32(at + 24, m.data.length, true);
    view.setUint16(at + 28, m.rawName.length, true);
    // Extra length, comment length, disk, internal attributes: all zero.
    view.setUint32(at + 38, FILE_MODE * 0x10000, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(m.rawName, at + CENTRAL_SIZE);
    at += CENTRAL_SIZE + m.rawName.length;
  });
  view.setUint32(at, EOCD_SIGNATURE, true);
  view.setUint16(at + 8, members.length, true);
  view.setUint16(at + 10, members.length, true);
  view.setUint32(at + 12, at - directoryOffset, true);
  view.setUint32(at + 16, directoryOffset, true);
  return out;
}
