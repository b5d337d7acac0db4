/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON describing each tensor (dtype, shape, byte range), then
 * the tensors' raw little-endian bytes. No code runs on load, which is why it replaced pickles for
 * sharing weights. Works on bytes only, so it runs unchanged in a browser.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { DType } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import { checkBytes, checkObject, checkString, named } from '../validate.js';
import {
  decodeElements,
  ELEMENT_DTYPE,
  ELEMENT_SIZE,
  setOwn,
  storedElements,
  writeLittleEndian,
  type ElementKind,
} from './elements.js';
import { CHECKSUM_KEY, checksumEntry, verifyChecksums } from './tensor-checksum.js';

/** What `decodeSafetensors` returns. */
export interface Safetensors {
  /** The tensors by name, in the order of the header. */
  tensors: Record<string, NDArray>;
  /** The free-form `__metadata__` strings (empty when the file has none). */
  metadata: Record<string, string>;
}

/** Stored types scratchnet reads, and the element codec that reads each. */
const READ_TYPES: Readonly<Record<string, ElementKind>> = {
  F64: 'f8',
  F32: 'f4',
  F16: 'f2',
  BF16: 'bf16',
  I64: 'i8',
  I32: 'i4',
  I16: 'i2',
  I8: 'i1',
  U64: 'u8',
  U32: 'u4',
  U16: 'u2',
  U8: 'u1',
  BOOL: 'b1',
};

const WRITE_TYPES: Readonly<Record<DType, string>> = {
  float64: 'F64',
  float32: 'F32',
  float16: 'F16',
  int32: 'I32',
  uint8: 'U8',
  bool: 'BOOL',
};

const METADATA_KEY = '__metadata__';

/** The reference implementation refuses larger headers; so does this one, before decoding them. */
const MAX_HEADER_LENGTH = 100_000_000;

/** safetensors keeps the data section 8-byte aligned by padding the header with spaces. */
const HEADER_ALIGN = 8;

interface Entry {
  name: string;
  kind: ElementKind;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Parses a safetensors file held in `bytes` into new arrays (the bytes are copied, never shared,
 * so any alignment works). F64, F32, F16, I32, U8 and BOOL read as themselves; BF16 widens to
 * float32, I8, I16 and U16 to int32; I64, U32 and U64 read as float64, and a value beyond 2^53 in
 * magnitude (which float64 would round) is refused. `name` (a file name) goes into error messages.
 *
 * Everything is checked against the real byte length before any tensor is allocated: the header
 * length, the JSON, each dtype, shape and `data_offsets` (in range, matching shape × item size),
 * and that the tensors tile the data section exactly, with no overlap and no unclaimed bytes (as
 * the reference implementation requires). A file scratchnet wrote carries the CRC-32 of each
 * tensor's bytes in its metadata (`scratchnet.crc32`, left out of the returned metadata); each is
 * checked before the tensors are made. Throws ScratchnetError `BAD_FILE` naming the file, the
 * tensor and the problem (a CRC-32 mismatch: its bytes are corrupt).
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes, 'model.safetensors');
 */
export function decodeSafetensors(bytes: Uint8Array, name = '<bytes>'): Safetensors {
  return named('decodeSafetensors', () => {
    checkString(name, 'name', 'decodeSafetensors');
    checkBytes(bytes, 'bytes', 'decodeSafetensors');
    const bad = (problem: string): ScratchnetError =>
      new ScratchnetError('BAD_FILE', `${name}: not a valid safetensors file: ${problem}`);
    const { header, dataStart } = readHeader(bytes, bad);
    const section: DataSection = { start: dataStart, length: bytes.length - dataStart };
    const metadata: Record<string, string> = {};
    const entries: Entry[] = [];
    for (const [key, info] of Object.entries(header)) {
      if (key === METADATA_KEY) readMetadata(info, metadata, bad);
      else entries.push(readEntry(key, info, section, (problem) => bad(`tensor "${key}": ${problem}`)));
    }
    checkTiling(entries, section, bad);
    const checksums = metadata[CHECKSUM_KEY];
    if (checksums !== undefined) {
      const ranges = entries.map((e) => ({ name: e.name, start: dataStart + e.begin, end: dataStart + e.end }));
      verifyChecksums(checksums, ranges, bytes, name);
      delete metadata[CHECKSUM_KEY];
    }
    const tensors: Record<string, NDArray> = {};
    for (const e of entries) {
      const count = (e.end - e.begin) / ELEMENT_SIZE[e.kind];
      const data = decodeElements(
        bytes,
        dataStart + e.begin,
        count,
        e.kind,
        true,
        (problem) =>
          new ScratchnetError('BAD_FILE', `${name}: tensor "${e.name}": cannot read ${e.dtype} as float64: ${problem}`),
      );
      setOwn(tensors, e.name, new NDArray(data, e.shape, ELEMENT_DTYPE[e.kind]));
    }
    return { tensors, metadata };
  });
}

type Bad = (problem: string) => ScratchnetError;

/** The tensors' bytes: where they start in the file and how many there are. */
interface DataSection {
  start: number;
  length: number;
}

/** The header length (checked against the file and the size limit) and the JSON object it holds. */
function readHeader(bytes: Uint8Array, bad: Bad): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) {
    throw bad(`truncated header: the 8-byte header length at offset 0 needs 8 bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A u64 as two u32 halves: exact up to 2^53, and anything past 2^32 is past any real file anyway.
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > bytes.length - 8) {
    throw bad(
      `header length ${headerLength} at offset 0 runs past the end of the file (${bytes.length - 8} bytes follow it)`,
    );
  }
  if (headerLength > MAX_HEADER_LENGTH) {
    throw bad(`header length ${headerLength} at offset 0 exceeds the ${MAX_HEADER_LENGTH}-byte limit`);
  }
  const dataStart = 8 + headerLength;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    throw bad(
      `the header at offset 8 is not valid UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isRecord(header)) throw bad('the header at offset 8 is not a JSON object');
  return { header, dataStart };
}

/** Copies the `__metadata__` strings into `metadata`, refusing anything that is not a string. */
function readMetadata(info: unknown, metadata: Record<string, string>, bad: Bad): void {
  if (!isRecord(info)) throw bad(`"${METADATA_KEY}" is not an object of strings`);
  for (const [k, v] of Object.entries(info)) {
    if (typeof v !== 'string') throw bad(`"${METADATA_KEY}" entry "${k}" is not a string`);
    setOwn(metadata, k, v);
  }
}

/** One tensor's header entry: a readable dtype, a shape, and `data_offsets` in range that match the shape. */
function readEntry(key: string, info: unknown, section: DataSection, tensor: Bad): Entry {
  if (!isRecord(info)) throw tensor('its header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string') throw tensor('"dtype" is missing or not a string');
  const kind = READ_TYPES[dtype];
  if (kind === undefined) {
    throw tensor(
      `dtype ${dtype} is not supported (scratchnet reads ${Object.keys(READ_TYPES).join(', ')}); convert it to float32 before saving`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw tensor('"shape" is not an array of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw tensor('"data_offsets" is not a pair of non-negative integers');
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw tensor(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > section.length) {
    throw tensor(
      `data_offsets [${begin}, ${end}] run past the end of the data section (${section.length} bytes at offset ${section.start})`,
    );
  }
  // In doubles: a lying shape overflows to a size that cannot match a range inside the file.
  const needed = (shape as number[]).reduce((p, d) => p * d, 1) * ELEMENT_SIZE[kind];
  if (needed !== end - begin) {
    throw tensor(
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape ${formatShape(shape as number[])} of ${dtype} needs ${needed}`,
    );
  }
  return { name: key, kind, dtype, shape: shape as number[], begin, end };
}

/** The tensors must tile the data section exactly: no overlap, no gap, nothing left over. */
function checkTiling(entries: readonly Entry[], section: DataSection, bad: Bad): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < covered && previous !== undefined) {
      throw bad(
        `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] overlap tensor "${previous.name}" [${previous.begin}, ${previous.end}]`,
      );
    }
    if (e.begin > covered) {
      throw bad(
        `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] leave bytes [${covered}, ${e.begin}) of the data section unclaimed`,
      );
    }
    covered = e.end;
    previous = e;
  }
  if (covered !== section.length) {
    throw bad(
      `${section.length - covered} bytes at the end of the data section (from offset ${section.start + covered}) belong to no tensor`,
    );
  }
}

/**
 * Serialises `tensors` (and optional string `metadata`) as a safetensors file: float64 as F64,
 * float32 as F32, float16 as F16, int32 as I32, uint8 as U8, bool as BOOL. The header is padded with spaces to a
 * multiple of 8 bytes, and tensors are laid out widest dtype first, so every tensor starts aligned
 * to its item size (readers that map the file can view it in place); within a width the order of
 * `tensors` is kept. The metadata also gets `scratchnet.crc32`, the CRC-32 of each tensor's bytes,
 * which `decodeSafetensors` checks (other readers ignore it). Throws ScratchnetError `BAD_ARGUMENT`
 * for the reserved names `__metadata__` (a tensor) and `scratchnet.crc32` (a metadata key), or a
 * metadata value that is not a string.
 *
 * @example
 * const bytes = encodeSafetensors({ W1: net.params.W1, b1: net.params.b1 }, { epoch: '10' });
 */
export function encodeSafetensors(tensors: Record<string, NDArray>, metadata?: Record<string, string>): Uint8Array {
  return named('encodeSafetensors', () => {
    if (metadata !== undefined) checkObject(metadata, 'metadata', 'encodeSafetensors');
    if (typeof tensors !== 'object' || tensors === null)
      throw new ScratchnetError('BAD_ARGUMENT', 'encodeSafetensors: tensors must be an object of name -> NDArray');
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null))
      throw new ScratchnetError('BAD_ARGUMENT', 'encodeSafetensors: metadata must be an object of strings');
    const header: Record<string, unknown> = {};
    if (metadata !== undefined && Object.hasOwn(metadata, CHECKSUM_KEY))
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `encodeSafetensors: metadata "${CHECKSUM_KEY}" is reserved for the checksums`,
      );
    if (metadata !== undefined && Object.keys(metadata).length > 0) {
      for (const [k, v] of Object.entries(metadata)) {
        if (typeof v !== 'string') {
          throw new ScratchnetError(
            'BAD_ARGUMENT',
            `encodeSafetensors: metadata "${k}" must be a string, got ${typeof v}`,
          );
        }
      }
      setOwn(header, METADATA_KEY, metadata);
    }
    const named = Object.entries(tensors);
    for (const [key, array] of named) {
      if (key === METADATA_KEY) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `encodeSafetensors: "${METADATA_KEY}" is reserved and cannot name a tensor`,
        );
      }
      if (!(array instanceof NDArray)) {
        throw new ScratchnetError('BAD_ARGUMENT', `encodeSafetensors: tensor "${key}" is not an NDArray`);
      }
    }
    // Array.prototype.sort is stable, so equal widths keep the caller's order.
    const layout = named
      .map(([key, array]) => [key, array, storedElements(array)] as const)
      .sort((a, b) => b[2].BYTES_PER_ELEMENT - a[2].BYTES_PER_ELEMENT);
    let offset = 0;
    const ranges: { name: string; start: number; end: number }[] = [];
    for (const [key, array, stored] of layout) {
      const end = offset + stored.byteLength;
      setOwn(header, key, { dtype: WRITE_TYPES[array.dtype], shape: [...array.shape], data_offsets: [offset, end] });
      ranges.push({ name: key, start: offset, end });
      offset = end;
    }
    // The checksums go into the header, which comes before the data they cover: size the header with
    // placeholder CRCs of the same length, write the data, then write the header with the real ones.
    const withChecksums = (entry: string): Uint8Array =>
      new TextEncoder().encode(
        JSON.stringify(
          ranges.length === 0 ? header : { ...header, [METADATA_KEY]: { ...metadata, [CHECKSUM_KEY]: entry } },
        ),
      );
    const headerLength = Math.ceil(withChecksums(checksumEntry(ranges)).length / HEADER_ALIGN) * HEADER_ALIGN;
    const dataStart = 8 + headerLength;
    const out = new Uint8Array(dataStart + offset);
    let position = dataStart;
    for (const [, , stored] of layout) {
      writeLittleEndian(stored, out, position);
      position += stored.byteLength;
    }
    const data = out.subarray(dataStart);
    const json = withChecksums(checksumEntry(ranges, data));
    new DataView(out.buffer).setUint32(0, headerLength, true);
    out.set(json, 8);
    out.fill(0x20, 8 + json.length, dataStart);
    return out;
  });
}
