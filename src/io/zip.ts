/**
 * A minimal ZIP reader and writer (PKWARE APPNOTE 6.3), enough for numpy's .npz: stored (method 0)
 * and deflated (method 8) members, CRC-32 checked, zip64 member sizes understood but zip64
 * archives (over 65535 members or 4 GiB) refused. The reader trusts only the central directory,
 * as the local headers Python writes carry placeholder sizes. Deflate itself is injected so that
 * this file stays browser-safe: Node passes `zlib.inflateRawSync` / `zlib.deflateRawSync`.
 */
import { ScratchnetError } from '../errors.js';
import {
  checkBytes,
  checkFunction,
  checkInteger,
  checkKnownOptions,
  checkNumber,
  checkString,
  named,
} from '../validate.js';

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

/**
 * How many times its own size an archive may inflate to by default: real arrays compress by a few
 * times (MNIST's pixels about 5, float weights barely at all), while a bomb of zeros reaches deflate's
 * limit of about 1032. Members of all zeros up to `INFLATE_FLOOR_BYTES` are allowed on top.
 */
export const MAX_INFLATE_RATIO = 100;

/** Bytes every archive may inflate to whatever its size (64 MiB), so that small files of zeros still load. */
export const INFLATE_FLOOR_BYTES = 64 * 2 ** 20;

/**
 * The most bytes an archive of `fileBytes` bytes may inflate to by default, all members together:
 * `INFLATE_FLOOR_BYTES + MAX_INFLATE_RATIO × fileBytes` (164 MiB for a 1 MiB file). Raise it with the
 * `maxInflatedBytes` option of `decodeZip`, `decodeNpz` and `loadNpz` for a legitimate archive that
 * compresses better than that.
 */
export function defaultInflateLimit(fileBytes: number): number {
  return INFLATE_FLOOR_BYTES + MAX_INFLATE_RATIO * fileBytes;
}

/** Options of `decodeZip` (and `decodeNpz`, `loadNpz`). */
export interface DecodeZipOptions {
  /**
   * The most bytes all members together may hold once extracted (default `defaultInflateLimit` of the
   * archive's size; `Infinity` for no limit). Checked against the sizes the central directory
   * declares, before anything is inflated.
   */
  maxInflatedBytes?: number;
}

/** Compresses bytes as a raw deflate stream (no zlib or gzip wrapper). */
export type DeflateRaw = (data: Uint8Array) => Uint8Array;

/** Options of `encodeZip`. */
export interface EncodeZipOptions {
  /** Deflate the members (default false: stored, like `np.savez`). */
  compress?: boolean;
  /** The deflate implementation; required when `compress` is true. */
  deflateRaw?: DeflateRaw;
}

/**
 * Eight tables of 256 entries for CRC-32 "slicing by 8": table k gives the CRC of a byte followed by
 * k zero bytes, so eight bytes are folded in per step instead of one (about 4x faster).
 */
const CRC_TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = tables[(k - 1) * 256 + n]!;
      tables[k * 256 + n] = (tables[previous & 0xff]! ^ (previous >>> 8)) >>> 0;
    }
  }
  return tables;
})();

/**
 * The CRC-32 of `bytes` (the IEEE polynomial used by ZIP, gzip and PNG), as an unsigned number.
 * Pass a previous result as `crc` to continue over several chunks.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  checkBytes(bytes, 'bytes', 'crc32');
  checkInteger(crc, 'crc', 'crc32');
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  const whole = bytes.length - (bytes.length % 8);
  for (; i < whole; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
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

/** What the readers of one archive share: its bytes, a view of them and its error constructor. */
interface ZipSource {
  bytes: Uint8Array;
  view: DataView;
  name: string;
  bad: (problem: string) => ScratchnetError;
}

/** Where the central directory lies, from the end record. */
interface Directory {
  count: number;
  offset: number;
  end: number;
}

/** One central directory entry, with zip64 sizes resolved. */
interface CentralEntry {
  member: string;
  /** The member and its directory offset, for messages. */
  where: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** The offset of the next directory entry. */
  next: number;
}

/**
 * Lists and extracts the members of a ZIP archive held in `bytes` (copies, never views). Reads
 * the central directory; checks every offset and size against the real length before extracting,
 * and each member's CRC-32. `inflateRaw` is needed only for deflated members. `name` (a file
 * name) goes into error messages. Throws ScratchnetError `BAD_FILE` on a malformed, truncated,
 * encrypted or zip64 archive, an unsupported compression method, a CRC mismatch, or members that
 * together declare more than `options.maxInflatedBytes` (refused before inflating anything: a
 * decompression bomb), and `BAD_ARGUMENT` when a deflated member meets no `inflateRaw`.
 */
export function decodeZip(
  bytes: Uint8Array,
  name = '<bytes>',
  inflateRaw?: InflateRaw,
  options: DecodeZipOptions = {},
): ZipEntry[] {
  return named('decodeZip', () => {
    checkString(name, 'name', 'decodeZip');
    if (inflateRaw !== undefined) checkFunction(inflateRaw, 'inflateRaw', 'decodeZip');
    checkBytes(bytes, 'bytes', 'decodeZip');
    const limit = inflateLimit(options, bytes.length, 'decodeZip');
    const source: ZipSource = {
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      name,
      bad: (problem) => new ScratchnetError('BAD_FILE', `${name}: not a valid zip file: ${problem}`),
    };
    const directory = readEndRecord(source, findEndRecord(source));
    const central = readCentralDirectory(source, directory);
    checkDeclaredTotal(source, central, limit);
    return central.map((entry) => ({ name: entry.member, data: extractMember(source, directory, entry, inflateRaw) }));
  });
}

/** `options.maxInflatedBytes`, checked, or the default for a file of `fileBytes` bytes. */
function inflateLimit(options: DecodeZipOptions, fileBytes: number, where: string): number {
  checkDecodeZipOptions(options, where);
  return options.maxInflatedBytes ?? defaultInflateLimit(fileBytes);
}

/** Checks the options of `decodeZip` (and of the readers that pass them on), naming `where`. */
export function checkDecodeZipOptions(options: unknown, where: string): asserts options is DecodeZipOptions {
  checkKnownOptions(options, ['maxInflatedBytes'], where);
  const { maxInflatedBytes } = options as DecodeZipOptions;
  if (maxInflatedBytes === undefined) return;
  checkNumber(maxInflatedBytes, 'options.maxInflatedBytes', where);
  if (!(maxInflatedBytes >= 0)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: options.maxInflatedBytes must be a number of bytes >= 0 (Infinity for no limit), got ${maxInflatedBytes}`,
    );
  }
}

/** Every central directory entry, in order, refusing a name that appears twice. */
function readCentralDirectory(source: ZipSource, directory: Directory): CentralEntry[] {
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let at = directory.offset;
  for (let index = 0; index < directory.count; index++) {
    const entry = readCentralEntry(source, directory, index, at);
    if (seen.has(entry.member)) throw source.bad(`${entry.where} appears twice`);
    seen.add(entry.member);
    entries.push(entry);
    at = entry.next;
  }
  return entries;
}

/**
 * Refuses, before anything is inflated, a deflated member claiming more than deflate can produce, and
 * members whose declared sizes add up to more than `limit`.
 */
function checkDeclaredTotal({ name, bytes, bad }: ZipSource, entries: readonly CentralEntry[], limit: number): void {
  for (const { method, where, compressedSize, size } of entries) {
    if (method === 8 && size > compressedSize * MAX_DEFLATE_RATIO + 1024) {
      throw bad(`${where} claims ${size} bytes from ${compressedSize} deflated bytes, more than deflate can produce`);
    }
  }
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total <= limit) return;
  throw new ScratchnetError(
    'BAD_FILE',
    `${name}: its ${entries.length} member(s) declare ${total} bytes in all from a ${bytes.length}-byte file, more than the limit of ${limit} bytes (refused as a decompression bomb; pass maxInflatedBytes to read a larger archive)`,
  );
}

/**
 * The offset of the end record. It sits after the members and before a comment of up to 64 KiB; a
 * match counts only if its comment length lands exactly on the end of the file, so member data
 * cannot fake one.
 */
function findEndRecord({ bytes, view, bad }: ZipSource): number {
  for (let at = bytes.length - EOCD_SIZE; at >= 0 && at >= bytes.length - EOCD_SIZE - MAX_COMMENT; at--) {
    if (
      view.getUint32(at, true) === EOCD_SIGNATURE &&
      at + EOCD_SIZE + view.getUint16(at + 20, true) === bytes.length
    ) {
      return at;
    }
  }
  const npy = bytes[0] === 0x93 && bytes[1] === 0x4e ? ' (this looks like a .npy file: use decodeNpy)' : '';
  throw bad(
    `no end-of-central-directory record in the last ${Math.min(bytes.length, EOCD_SIZE + MAX_COMMENT)} bytes: not a zip file, or truncated${npy}`,
  );
}

/** The central directory's place and size, refusing zip64, split archives and a directory past the end record. */
function readEndRecord({ view, bad }: ZipSource, eocd: number): Directory {
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const count = u16(eocd + 10);
  const size = u32(eocd + 12);
  const offset = u32(eocd + 16);
  if ((eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) || count === 0xffff || offset === 0xffffffff) {
    throw bad(`zip64 archive (end record at offset ${eocd}): more than 65535 members or over 4 GiB is not supported`);
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) {
    throw bad(`end record at offset ${eocd} describes a multi-disk (split) archive, which is not supported`);
  }
  if (offset + size > eocd) {
    throw bad(
      `central directory [${offset}, ${offset + size}) declared at offset ${eocd + 12} runs past the end record at ${eocd}`,
    );
  }
  return { count, offset, end: offset + size };
}

/** Reads directory entry `index` at `at`: its name, sizes (zip64 included) and method, refusing encryption. */
function readCentralEntry(source: ZipSource, directory: Directory, index: number, at: number): CentralEntry {
  const { bytes, view, bad } = source;
  const u16 = (offset: number): number => view.getUint16(offset, true);
  const u32 = (offset: number): number => view.getUint32(offset, true);
  if (at + CENTRAL_SIZE > directory.end) throw bad(`central directory entry ${index} at offset ${at} is cut off`);
  if (u32(at) !== CENTRAL_SIGNATURE) throw bad(`wrong signature for central directory entry ${index} at offset ${at}`);
  const flags = u16(at + 8);
  const method = u16(at + 10);
  const nameLength = u16(at + 28);
  const extraLength = u16(at + 30);
  const next = at + CENTRAL_SIZE + nameLength + extraLength + u16(at + 32);
  if (next > directory.end) throw bad(`central directory entry ${index} at offset ${at} is cut off`);
  const nameStart = at + CENTRAL_SIZE;
  let member: string;
  try {
    member = decodeName(bytes.subarray(nameStart, nameStart + nameLength), (flags & FLAG_UTF8) !== 0);
  } catch {
    throw bad(`the name of central directory entry ${index} at offset ${nameStart} is not valid UTF-8`);
  }
  const where = `member "${member}" (central directory offset ${at})`;
  const entry: CentralEntry = {
    member,
    where,
    method,
    crc: u32(at + 16),
    compressedSize: u32(at + 20),
    size: u32(at + 24),
    localOffset: u32(at + 42),
    next,
  };
  readZip64Sizes(source, entry, nameStart + nameLength, extraLength);
  if (flags & FLAG_ENCRYPTED) throw bad(`${where} is encrypted`);
  if (method !== 0 && method !== 8) {
    throw bad(
      `${where} uses compression method ${method}${METHOD_NAMES[method] ? ` (${METHOD_NAMES[method]})` : ''}: only stored (0) and deflate (8) are supported`,
    );
  }
  return entry;
}

/** Replaces the sizes and offset saturated at 0xffffffff by the 8-byte values of the zip64 extra field, in order. */
function readZip64Sizes({ view, bad }: ZipSource, entry: CentralEntry, extraStart: number, extraLength: number): void {
  const SATURATED = 0xffffffff;
  if (entry.compressedSize !== SATURATED && entry.size !== SATURATED && entry.localOffset !== SATURATED) return;
  const zip64 = findExtra(view, extraStart, extraLength, ZIP64_EXTRA_ID);
  if (zip64 === undefined) throw bad(`${entry.where} has saturated 32-bit sizes but no zip64 extra field`);
  let p = zip64.start;
  const take = (): number => {
    if (p + 8 > zip64.end) throw bad(`${entry.where}: zip64 extra field is too short`);
    const value = view.getUint32(p, true) + view.getUint32(p + 4, true) * 2 ** 32;
    p += 8;
    return value;
  };
  if (entry.size === SATURATED) entry.size = take();
  if (entry.compressedSize === SATURATED) entry.compressedSize = take();
  if (entry.localOffset === SATURATED) entry.localOffset = take();
}

/** The member's bytes: located through its local header, copied or inflated within limits, CRC-checked. */
function extractMember(
  source: ZipSource,
  directory: Directory,
  entry: CentralEntry,
  inflateRaw?: InflateRaw,
): Uint8Array {
  const { bytes, view, bad } = source;
  const { where, localOffset, compressedSize, size } = entry;
  if (localOffset + LOCAL_SIZE > directory.offset) {
    throw bad(
      `${where}: local header offset ${localOffset} is not before the central directory at ${directory.offset}`,
    );
  }
  if (view.getUint32(localOffset, true) !== LOCAL_SIGNATURE)
    throw bad(`${where}: wrong local header signature at offset ${localOffset}`);
  const dataStart =
    localOffset + LOCAL_SIZE + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
  const dataEnd = dataStart + compressedSize;
  if (dataEnd > directory.offset) {
    throw bad(
      `${where}: ${compressedSize} bytes of data at offset ${dataStart} run into the central directory at ${directory.offset}`,
    );
  }
  const stored = bytes.subarray(dataStart, dataEnd);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (compressedSize !== size)
      throw bad(`${where} is stored but claims ${compressedSize} bytes stored and ${size} uncompressed`);
    data = new Uint8Array(size);
    data.set(stored);
  } else {
    data = inflateMember(source, entry, stored, dataStart, inflateRaw);
  }
  const actual = crc32(data);
  if (actual !== entry.crc) {
    throw bad(
      `${where}: CRC-32 mismatch (stored 0x${entry.crc.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the data is corrupt`,
    );
  }
  return data;
}

/** Inflates a deflated member, refusing a claimed size deflate cannot reach and any output of another size. */
function inflateMember(
  { name, bad }: ZipSource,
  { where, compressedSize, size }: CentralEntry,
  stored: Uint8Array,
  dataStart: number,
  inflateRaw?: InflateRaw,
): Uint8Array {
  if (inflateRaw === undefined) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${name}: ${where} is deflated: pass an inflateRaw function (in Node, the file loaders pass zlib's)`,
    );
  }
  let data: Uint8Array;
  try {
    data = inflateRaw(stored, size);
  } catch (error) {
    throw bad(
      `${where}: cannot inflate ${compressedSize} bytes at offset ${dataStart}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (data.length !== size) throw bad(`${where} inflates to ${data.length} bytes, but the directory says ${size}`);
  return data;
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

/** A member ready to write: its encoded name, its bytes as stored and what the headers record. */
interface PackedMember {
  rawName: Uint8Array;
  ascii: boolean;
  data: Uint8Array;
  packed: Uint8Array;
  method: number;
  crc: number;
}

/**
 * Builds a ZIP archive of `entries`, in order, stored or (with `compress` and a `deflateRaw`)
 * deflated. Dates are fixed at 1980-01-01, so equal inputs give equal bytes. Throws
 * ScratchnetError `BAD_ARGUMENT` on an empty or duplicate name, a missing `deflateRaw`, or an
 * archive that would need zip64 (over 65535 members or 4 GiB).
 */
export function encodeZip(entries: readonly ZipEntry[], options: EncodeZipOptions = {}): Uint8Array {
  return named('encodeZip', () => {
    checkKnownOptions(options, ['compress', 'deflateRaw'], 'encodeZip');
    checkZipEntries(entries);
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
    const members = packMembers(entries, compress ? deflateRaw : undefined);
    const out = new Uint8Array(archiveSize(members));
    const view = new DataView(out.buffer);
    const offsets: number[] = [];
    let at = 0;
    for (const m of members) {
      offsets.push(at);
      at = writeLocalHeader(out, view, at, m);
    }
    const directoryOffset = at;
    members.forEach((m, i) => {
      at = writeCentralEntry(out, view, at, m, offsets[i] ?? 0);
    });
    view.setUint32(at, EOCD_SIGNATURE, true);
    view.setUint16(at + 8, members.length, true);
    view.setUint16(at + 10, members.length, true);
    view.setUint32(at + 12, at - directoryOffset, true);
    view.setUint32(at + 16, directoryOffset, true);
    return out;
  });
}

function checkZipEntries(entries: readonly ZipEntry[]): void {
  if (!Array.isArray(entries))
    throw new ScratchnetError('BAD_ARGUMENT', 'encodeZip: entries must be an array of { name, data }');
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string')
      throw new ScratchnetError('BAD_ARGUMENT', `encodeZip: entries[${i}] must be { name: string, data: Uint8Array }`);
    checkBytes(e.data, `entries[${i}].data`, 'encodeZip');
  });
}

/** Encodes names (unique, non-empty, under 64 KiB) and deflates the data when `deflateRaw` is given. */
function packMembers(entries: readonly ZipEntry[], deflateRaw: DeflateRaw | undefined): PackedMember[] {
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  return entries.map(({ name, data }) => {
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
    const packed = deflateRaw ? deflateRaw(data) : data;
    const method = deflateRaw ? 8 : 0;
    return { rawName, ascii: rawName.length === name.length, data, packed, method, crc: crc32(data) };
  });
}

/** The archive's length in bytes, refusing one that would need zip64. */
function archiveSize(members: readonly PackedMember[]): number {
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
  return localTotal + directoryTotal + EOCD_SIZE;
}

/** Writes the member's local header, name and data at `at`; returns the offset after them. */
function writeLocalHeader(out: Uint8Array, view: DataView, at: number, m: PackedMember): number {
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
  return at + LOCAL_SIZE + m.rawName.length + m.packed.length;
}

/** Writes the member's central directory entry at `at`; returns the offset after it. */
function writeCentralEntry(out: Uint8Array, view: DataView, at: number, m: PackedMember, localOffset: number): number {
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
  view.setUint32(at + 42, localOffset, true);
  out.set(m.rawName, at + CENTRAL_SIZE);
  return at + CENTRAL_SIZE + m.rawName.length;
}
