/**
 * numpy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * the magic `\x93NUMPY`, a version, a little-endian header length, a header that is the text of a
 * Python dict `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`, then the raw elements.
 * Works on bytes only, so it runs unchanged in a browser.
 *
 * The header is parsed by a small literal parser, never evaluated, and object arrays (`|O`, which
 * hold pickles) are refused. Integer types without a scratchnet dtype are widened where that is
 * exact (int8, int16, uint16 to int32); float16 reads as float16; int64, uint32 and uint64 read as
 * float64, exact up to 2^53 and refused beyond, so the dtype read never depends on the values.
 *
 * The raw element codec lives in `elements.ts` (shared with safetensors) and the header's literal
 * parser in `py-literal.ts`.
 */
import { ScratchnetError } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { DType } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import {
  decodeElements,
  ELEMENT_DTYPE,
  ELEMENT_SIZE,
  storedElements,
  toCOrder,
  writeLittleEndian,
  type ElementKind,
} from './elements.js';
import { LiteralParser } from './py-literal.js';
import { checkArray, checkBytes, checkString, named } from '../validate.js';

// Re-exported so that existing imports of the codec from this module keep working.
export {
  copyBytes,
  decodeElements,
  ELEMENT_DTYPE,
  ELEMENT_SIZE,
  setOwn,
  toCOrder,
  writeLittleEndian,
  type ElementKind,
} from './elements.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** What the header of a .npy file says. */
export interface NpyHeader {
  /** Format version, e.g. [1, 0]. */
  version: [number, number];
  /** The dtype string, e.g. `<f8`. */
  descr: string;
  /** True when the elements are stored column-major. */
  fortranOrder: boolean;
  /** The logical shape (the same whatever the order). */
  shape: number[];
  /** The stored element type. */
  kind: ElementKind;
  /** The byte order of the stored elements. */
  littleEndian: boolean;
  /** Where the elements start. */
  dataOffset: number;
}

const KINDS = new Set<string>(['f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1']);

/** Why numpy types without a scratchnet equivalent are refused, by numpy's kind letter. */
const UNSUPPORTED_KINDS: Record<string, string> = {
  O: 'object arrays hold pickled Python objects, which scratchnet never unpickles: save a numeric array instead',
  c: 'complex numbers have no scratchnet dtype',
  U: 'string arrays have no scratchnet dtype',
  S: 'byte-string arrays have no scratchnet dtype',
  V: 'structured or void arrays have no scratchnet dtype: save each field as its own array',
  M: 'datetime arrays have no scratchnet dtype',
  m: 'timedelta arrays have no scratchnet dtype',
};

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function bytesText(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/**
 * Reads and checks the header of a .npy file without touching the elements. Throws ScratchnetError
 * `BAD_FILE` (naming `name`, the problem and its byte offset) on a truncated file, wrong magic, an
 * unknown version, a header that is not a numpy header dict, an unsupported dtype, or a data
 * section whose length does not match the shape.
 */
export function readNpyHeader(bytes: Uint8Array, name = '<bytes>'): NpyHeader {
  return named('readNpyHeader', () => {
    checkString(name, 'name', 'readNpyHeader');
    checkBytes(bytes, 'bytes', 'decodeNpy');
    const bad = (problem: string): ScratchnetError =>
      new ScratchnetError('BAD_FILE', `${name}: not a valid .npy file: ${problem}`);
    const { major, minor, text, headerStart, headerEnd } = readPreamble(bytes, bad);
    const { descr, fortranOrder, shape } = parseHeaderDict(text, headerStart, bad);
    const { kind, littleEndian } = parseDescr(descr, (problem) => bad(`unsupported dtype '${descr}': ${problem}`));
    // Compare in doubles before allocating: a lying shape can only overflow to a wrong or infinite
    // size, never to the real data length by accident of wrapping.
    const needed = shape.reduce((p, d) => p * d, 1) * ELEMENT_SIZE[kind];
    const actual = bytes.length - headerEnd;
    if (needed !== actual) {
      const diff = actual > needed ? `${bytesText(actual - needed)} too many` : `${bytesText(needed - actual)} too few`;
      throw bad(
        `data length mismatch at offset ${headerEnd}: shape ${formatShape(shape)} of '${descr}' needs ${needed} bytes, but ${actual} follow the header (${diff})`,
      );
    }
    return { version: [major, minor], descr, fortranOrder, shape, kind, littleEndian, dataOffset: headerEnd };
  });
}

type Bad = (problem: string) => ScratchnetError;

/** The magic, the version and the header text, each checked against the bytes that are there. */
function readPreamble(
  bytes: Uint8Array,
  bad: Bad,
): { major: number; minor: number; text: string; headerStart: number; headerEnd: number } {
  const prefix = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < prefix; i++) {
    if (bytes[i] !== MAGIC[i]) {
      const got = [...bytes.subarray(0, prefix)].map(hex).join(' ');
      const zip = bytes[0] === 0x50 && bytes[1] === 0x4b ? ' (this looks like a zip file: an .npz? use decodeNpz)' : '';
      throw bad(`wrong magic at offset 0: expected \\x93NUMPY (0x93 0x4e 0x55 0x4d 0x50 0x59), got ${got}${zip}`);
    }
  }
  if (bytes.length < 8) throw bad(`truncated header: the magic and version need 8 bytes, got ${bytes.length}`);
  const major = bytes[6] ?? 0;
  const minor = bytes[7] ?? 0;
  if (minor !== 0 || major < 1 || major > 3) {
    throw bad(`unsupported version ${major}.${minor} at offset 6 (known: 1.0, 2.0, 3.0)`);
  }
  const lengthSize = major === 1 ? 2 : 4;
  const headerStart = 8 + lengthSize;
  if (bytes.length < headerStart) {
    throw bad(
      `truncated header: the ${lengthSize}-byte header length at offset 8 is cut off (file has ${bytes.length} bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerEnd = headerStart + headerLength;
  if (headerEnd > bytes.length) {
    throw bad(
      `truncated header: the header at offset ${headerStart} declares ${bytesText(headerLength)}, but only ${bytes.length - headerStart} follow`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, headerEnd);
  // Versions 1 and 2 are latin-1; version 3 exists only to allow UTF-8 field names.
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    } catch {
      throw bad(`the version 3.0 header at offset ${headerStart} is not valid UTF-8`);
    }
  } else {
    text = latin1(headerBytes);
  }
  return { major, minor, text, headerStart, headerEnd };
}

/** The header's Python dict: exactly `descr` (a str), `fortran_order` (a bool) and `shape` (a tuple of counts). */
function parseHeaderDict(
  text: string,
  headerStart: number,
  bad: Bad,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const inHeader = (problem: string): ScratchnetError => bad(`header at offset ${headerStart}: ${problem}`);
  const dict = new LiteralParser(text, inHeader).parse();
  if (dict.type !== 'dict') throw inHeader('is not a Python dict');
  const keys = [...dict.entries.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw inHeader(
      `expected exactly the keys 'descr', 'fortran_order', 'shape', got ${keys.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  const descrValue = dict.entries.get('descr')!;
  const orderValue = dict.entries.get('fortran_order')!;
  const shapeValue = dict.entries.get('shape')!;
  if (descrValue.type === 'list') {
    throw bad(`unsupported dtype: a structured dtype (a list of fields): ${UNSUPPORTED_KINDS.V}`);
  }
  if (descrValue.type !== 'str') throw inHeader("'descr' is not a string");
  if (orderValue.type !== 'bool') throw inHeader("'fortran_order' is not True or False");
  if (shapeValue.type !== 'tuple' || shapeValue.items.some((d) => d.type !== 'int' || d.value < 0)) {
    throw inHeader("'shape' is not a tuple of non-negative integers");
  }
  const shape = shapeValue.items.map((d) => (d as { value: number }).value);
  return { descr: descrValue.value, fortranOrder: orderValue.value, shape };
}

function parseDescr(
  descr: string,
  fail: (problem: string) => ScratchnetError,
): { kind: ElementKind; littleEndian: boolean } {
  const match = /^([<>|=]?)([a-zA-Z?])(\d*)(.*)$/s.exec(descr);
  if (match === null) throw fail('not a numpy dtype string');
  const [, order, letter, digits, rest] = match;
  const reason = UNSUPPORTED_KINDS[letter ?? ''];
  if (reason !== undefined) throw fail(reason);
  const kind = letter === '?' ? 'b1' : `${letter}${digits}`;
  if (rest !== '' || !KINDS.has(kind)) {
    throw fail('scratchnet reads f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8 and b1 (either byte order)');
  }
  // '=' (native) and '|' (not applicable) come from writers on little-endian hosts in practice.
  return { kind: kind as ElementKind, littleEndian: order !== '>' };
}

/**
 * Parses a .npy file held in `bytes` into a new array (the bytes are copied, never shared), in C
 * order whatever the file's order, in host byte order whatever the file's. Types: float64/float32/
 * float16 stay themselves, uint8 stays uint8, bool stays bool, int8/int16/uint16/int32 become int32,
 * and int64/uint32/uint64 become float64 (numpy's default int64 labels included; a value beyond 2^53
 * in magnitude, which float64 would round, is an error naming it).
 * `name` (a file name) goes into error messages. Throws ScratchnetError `BAD_FILE` on malformed
 * input (before allocating the elements) and on object, string, complex and structured arrays.
 *
 * @example
 * const w = decodeNpy(bytes, 'W1.npy'); // e.g. shape (784, 50), float64
 */
export function decodeNpy(bytes: Uint8Array, name = '<bytes>'): NDArray {
  return named('decodeNpy', () => {
    checkString(name, 'name', 'decodeNpy');
    const header = readNpyHeader(bytes, name);
    const count = header.shape.reduce((p, d) => p * d, 1);
    const data = decodeElements(
      bytes,
      header.dataOffset,
      count,
      header.kind,
      header.littleEndian,
      (problem) => new ScratchnetError('BAD_FILE', `${name}: cannot read '${header.descr}' as float64: ${problem}`),
    );
    return toCOrder(data, header.shape, ELEMENT_DTYPE[header.kind], header.fortranOrder);
  });
}

const DESCR: Record<DType, string> = {
  float64: '<f8',
  float32: '<f4',
  float16: '<f2',
  int32: '<i4',
  uint8: '|u1',
  bool: '|b1',
};

/** numpy leaves room to rewrite the first dimension in place with up to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const ARRAY_ALIGN = 64;

/**
 * Serialises `array` as a .npy file: version 1.0 (2.0 if the header outgrows 64 KiB), C order,
 * little-endian, `<f8`, `<f4`, `<f2`, `<i4`, `|u1` or `|b1`. The bytes are the same as numpy's `np.save`
 * of the same array, header padding included, so `np.load` reads it and diffs stay quiet.
 */
export function encodeNpy(array: NDArray): Uint8Array {
  return named('encodeNpy', () => {
    checkArray(array, 'array', 'encodeNpy');
    const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
    let header = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
    if (array.ndim > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(array.shape[0]).length);
    // numpy's layout: the header, spaces, a newline, with the data starting on a 64-byte boundary;
    // version 2.0 (a 4-byte length) only when the padded header outgrows a 2-byte length.
    let lengthSize = 2;
    let padded = paddedHeaderLength(header, lengthSize);
    if (padded > 0xffff) {
      lengthSize = 4;
      padded = paddedHeaderLength(header, lengthSize);
    }
    const dataOffset = 8 + lengthSize + padded;
    const stored = storedElements(array);
    const out = new Uint8Array(dataOffset + stored.byteLength);
    out.set(MAGIC, 0);
    out[6] = lengthSize === 2 ? 1 : 2;
    const view = new DataView(out.buffer);
    if (lengthSize === 2) view.setUint16(8, padded, true);
    else view.setUint32(8, padded, true);
    out.fill(0x20, 8 + lengthSize, dataOffset - 1);
    for (let i = 0; i < header.length; i++) out[8 + lengthSize + i] = header.charCodeAt(i);
    out[dataOffset - 1] = 0x0a;
    writeLittleEndian(stored, out, dataOffset);
    return out;
  });
}

function paddedHeaderLength(header: string, lengthSize: number): number {
  const withNewline = header.length + 1;
  // Always at least one space, as numpy writes it (a full 64 when already aligned).
  return withNewline + ARRAY_ALIGN - ((8 + lengthSize + withNewline) % ARRAY_ALIGN);
}
