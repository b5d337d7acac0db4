/**
 * Python pickles of numpy arrays (protocols 0 to 5), read without executing anything.
 *
 * A pickle is a program for a small stack machine, and its GLOBAL/REDUCE opcodes import and call
 * arbitrary Python functions: `pickle.load` on an untrusted file runs whatever the author chose.
 * This reader interprets the machine itself and replaces every import with a lookup in a short
 * allow-list of the names numpy pickles use (`_reconstruct`, `ndarray`, `dtype`, `_frombuffer`,
 * `scalar`, `codecs.encode`, `bytes`, `bytearray`); each of them is re-implemented here, so nothing from
 * the file is ever called. Any other name, and any opcode it does not implement, is refused with
 * `UNSAFE_PICKLE` at once, naming the byte offset. Works on bytes only, so it runs in a browser.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { DType, TypedArray } from '../ndarray/dtype.js';
import { formatShape } from '../ndarray/shape.js';
import { transpose } from '../ndarray/manipulate.js';

/** A dict key readPickle can represent: Python's str, int, float, bool and None. */
export type PickleKey = string | number | bigint | boolean | null;

/** A Python dict, in insertion order (as Python keeps it). */
export type PickleDict = Map<PickleKey, PickleValue>;

/**
 * What a pickle can hold, as readPickle returns it:
 * - numpy arrays (`ndarray`) -> NDArray, in C order (see `readPickle` for the dtypes);
 * - numpy scalars (`np.float64(1.5)`) and Python float/int -> number; an int beyond ±(2^53 − 1),
 *   where a number would round, -> bigint; bool -> boolean; None -> null; str -> string;
 * - bytes and bytearray -> Uint8Array (a copy, never a view of the input);
 * - list -> array; tuple -> frozen array (so `Object.isFrozen` tells the two apart);
 * - dict -> PickleDict (a Map).
 */
export type PickleValue = PickleKey | NDArray | Uint8Array | PickleValue[] | PickleDict;

// ---- the machine's own values ----

/** The numpy/codecs names a pickle may import, and what each one is here. */
type GlobalKind = 'reconstruct' | 'ndarray' | 'dtype' | 'frombuffer' | 'scalar' | 'encode' | 'bytes';

const ALLOWED_GLOBALS: ReadonlyMap<string, GlobalKind> = new Map<string, GlobalKind>([
  // numpy 1.x pickles name numpy.core, numpy 2 renamed it numpy._core: both occur in the wild.
  ['numpy.core.multiarray _reconstruct', 'reconstruct'],
  ['numpy._core.multiarray _reconstruct', 'reconstruct'],
  ['numpy ndarray', 'ndarray'],
  ['numpy dtype', 'dtype'],
  ['numpy.core.numeric _frombuffer', 'frombuffer'],
  ['numpy._core.numeric _frombuffer', 'frombuffer'],
  ['numpy.core.multiarray scalar', 'scalar'],
  ['numpy._core.multiarray scalar', 'scalar'],
  // Protocols 0-2 have no bytes opcode, so bytes travel as latin-1 text through codecs.encode.
  ['_codecs encode', 'encode'],
  ['codecs encode', 'encode'],
  // bytes() is how protocols 0-2 write empty bytes (an empty array's data); bytearray(...) a bytearray.
  ['builtins bytes', 'bytes'],
  ['__builtin__ bytes', 'bytes'],
  ['builtins bytearray', 'bytes'],
  ['__builtin__ bytearray', 'bytes'],
]);

/** An allowed import: a token standing for the function, which the machine implements itself. */
class GlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly kind: GlobalKind,
  ) {}
}

type NumpyKind = 'f' | 'i' | 'u' | 'b';

/** A numpy dtype as far as this reader needs it; BUILD may still change its byte order. */
class DTypeSpec {
  constructor(
    readonly kind: NumpyKind,
    readonly size: number,
    public order: '<' | '>' | '|',
  ) {}

  /** numpy's spelling, `<f8`, for messages. */
  get str(): string {
    return `${this.size === 1 ? '|' : this.order}${this.kind}${this.size}`;
  }
}

/**
 * The empty array `_reconstruct` returns, waiting for BUILD to give it shape, dtype and data.
 * Containers and the memo hold this box, so a BUILD after the array was stored still reaches
 * every reference; `finish` swaps the boxes for their arrays.
 */
class PendingArray {
  array: NDArray | null = null;
  constructor(readonly offset: number) {}
}

type Item =
  | PickleKey
  | NDArray
  | Uint8Array
  | Item[]
  | Map<PickleKey, Item>
  | GlobalRef
  | DTypeSpec
  | PendingArray;

// ---- opcodes ----

const OPCODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x28, 'MARK'], [0x2e, 'STOP'], [0x30, 'POP'], [0x31, 'POP_MARK'], [0x32, 'DUP'], [0x46, 'FLOAT'],
  [0x49, 'INT'], [0x4a, 'BININT'], [0x4b, 'BININT1'], [0x4c, 'LONG'], [0x4d, 'BININT2'], [0x4e, 'NONE'],
  [0x50, 'PERSID'], [0x51, 'BINPERSID'], [0x52, 'REDUCE'], [0x53, 'STRING'], [0x54, 'BINSTRING'],
  [0x55, 'SHORT_BINSTRING'], [0x56, 'UNICODE'], [0x58, 'BINUNICODE'], [0x61, 'APPEND'], [0x62, 'BUILD'],
  [0x63, 'GLOBAL'], [0x64, 'DICT'], [0x7d, 'EMPTY_DICT'], [0x65, 'APPENDS'], [0x67, 'GET'], [0x68, 'BINGET'],
  [0x69, 'INST'], [0x6a, 'LONG_BINGET'], [0x6c, 'LIST'], [0x5d, 'EMPTY_LIST'], [0x6f, 'OBJ'], [0x70, 'PUT'],
  [0x71, 'BINPUT'], [0x72, 'LONG_BINPUT'], [0x73, 'SETITEM'], [0x74, 'TUPLE'], [0x29, 'EMPTY_TUPLE'],
  [0x75, 'SETITEMS'], [0x47, 'BINFLOAT'], [0x80, 'PROTO'], [0x81, 'NEWOBJ'], [0x82, 'EXT1'], [0x83, 'EXT2'],
  [0x84, 'EXT4'], [0x85, 'TUPLE1'], [0x86, 'TUPLE2'], [0x87, 'TUPLE3'], [0x88, 'NEWTRUE'], [0x89, 'NEWFALSE'],
  [0x8a, 'LONG1'], [0x8b, 'LONG4'], [0x42, 'BINBYTES'], [0x43, 'SHORT_BINBYTES'], [0x8c, 'SHORT_BINUNICODE'],
  [0x8d, 'BINUNICODE8'], [0x8e, 'BINBYTES8'], [0x8f, 'EMPTY_SET'], [0x90, 'ADDITEMS'], [0x91, 'FROZENSET'],
  [0x92, 'NEWOBJ_EX'], [0x93, 'STACK_GLOBAL'], [0x94, 'MEMOIZE'], [0x95, 'FRAME'], [0x96, 'BYTEARRAY8'],
  [0x97, 'NEXT_BUFFER'], [0x98, 'READONLY_BUFFER'],
]);

const HIGHEST_PROTOCOL = 5;
const MAX_DIMS = 64; // numpy's NPY_MAXDIMS
const TWO_32 = 4294967296;
/** Python refuses to parse longer decimal ints (sys.int_info.default_max_str_digits), for the same reason: time. */
const MAX_DECIMAL_DIGITS = 4300;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function printableName(module: string, name: string): string {
  const text = `${module}.${name}`;
  const shown = /^[\w.]+$/.test(text) ? text : JSON.stringify(text.slice(0, 200));
  return shown.length > 200 ? `${shown.slice(0, 200)}...` : shown;
}

/** Text from the file quoted for a message, cut short: a hostile line may be megabytes long. */
function quote(text: string): string {
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}...` : JSON.stringify(text);
}

/** Characters from code units: bytes as latin-1, or UTF-16 (String.fromCharCode keeps lone surrogates, as Python does). */
function latin1(bytes: Uint8Array | Uint16Array): string {
  let out = '';
  // Chunked, since one call takes a bounded number of arguments; apply on a typed array is ~6x
  // faster than spreading it (which goes through the iterator).
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function bigintToValue(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** A Python int of `bytes.length` bytes, little-endian two's complement (LONG1/LONG4). */
function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1]! >= 0x80) value -= 1n << BigInt(8 * bytes.length);
  return bigintToValue(value);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A short English description of a value, for error messages ("a dict of 6 items"). */
function describe(item: Item, isTuple: (list: Item[]) => boolean = Object.isFrozen): string {
  if (item === null) return 'None';
  if (typeof item === 'boolean') return `a bool (${item ? 'True' : 'False'})`;
  if (typeof item === 'number') return `a number (${item})`;
  if (typeof item === 'bigint') return `an int (${item})`;
  if (typeof item === 'string') return `a str of ${count(item.length, 'character')}`;
  if (item instanceof NDArray) return `an ndarray of shape ${formatShape(item.shape)} (${item.dtype})`;
  if (item instanceof Uint8Array) return `bytes (${item.length} bytes)`;
  if (Array.isArray(item)) return `${isTuple(item) ? 'a tuple' : 'a list'} of ${count(item.length, 'item')}`;
  if (item instanceof Map) return `a dict of ${count(item.size, 'item')}`;
  if (item instanceof GlobalRef) return `the global ${item.module}.${item.name}`;
  if (item instanceof DTypeSpec) return `a numpy.dtype (${item.str})`;
  return `an ndarray made by _reconstruct at offset ${item.offset}`;
}

// ---- numpy data ----

/** Where an array's data comes from, for error messages. */
interface ArraySource {
  raw: Uint8Array;
  dtype: DTypeSpec;
  shape: number[];
  fortran: boolean;
}

/**
 * The elements of `raw` as a scratchnet array. int8/int16/uint16 widen to int32; int64, uint32
 * and uint64 become int32 when every value fits, float64 when every value is exactly
 * representable there (|v| ≤ 2^53), and an error otherwise, so no value is ever silently changed.
 */
function decodeElements(raw: Uint8Array, dt: DTypeSpec, count: number, badDtype: (message: string) => never): { data: TypedArray; dtype: DType } {
  const little = dt.order !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // A copy at offset 0 is aligned for any typed array, and on a little-endian host it already is the answer.
  const direct = little && HOST_LITTLE_ENDIAN;
  switch (`${dt.kind}${dt.size}`) {
    case 'f8': {
      if (direct) return { data: new Float64Array(raw.slice().buffer), dtype: 'float64' };
      const a = new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat64(8 * i, little);
      return { data: a, dtype: 'float64' };
    }
    case 'f4': {
      if (direct) return { data: new Float32Array(raw.slice().buffer), dtype: 'float32' };
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat32(4 * i, little);
      return { data: a, dtype: 'float32' };
    }
    case 'f2': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = halfToFloat(view.getUint16(2 * i, little));
      return { data: a, dtype: 'float32' };
    }
    case 'i4': {
      if (direct) return { data: new Int32Array(raw.slice().buffer), dtype: 'int32' };
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt32(4 * i, little);
      return { data: a, dtype: 'int32' };
    }
    case 'i2':
    case 'u2': {
      const a = new Int32Array(count);
      if (dt.kind === 'i') for (let i = 0; i < count; i++) a[i] = view.getInt16(2 * i, little);
      else for (let i = 0; i < count; i++) a[i] = view.getUint16(2 * i, little);
      return { data: a, dtype: 'int32' };
    }
    case 'i1': {
      const a = new Int32Array(count);
      a.set(new Int8Array(raw.buffer, raw.byteOffset, count));
      return { data: a, dtype: 'int32' };
    }
    case 'u1':
      return { data: raw.slice(), dtype: 'uint8' };
    case 'b1': {
      const a = new Uint8Array(count);
      // scratchnet's bool storage must hold only 0 and 1; numpy reads any nonzero byte as True.
      for (let i = 0; i < count; i++) a[i] = raw[i] !== 0 ? 1 : 0;
      return { data: a, dtype: 'bool' };
    }
    case 'u4': {
      let fits = true;
      for (let i = 0; i < count && fits; i++) fits = view.getUint32(4 * i, little) <= 0x7fffffff;
      const a = fits ? new Int32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getUint32(4 * i, little);
      return { data: a, dtype: fits ? 'int32' : 'float64' };
    }
    default: {
      // i8 and u8: the high word decides whether a value fits int32, or float64 exactly.
      const signed = dt.kind === 'i';
      const lowAt = little ? 0 : 4;
      const highAt = little ? 4 : 0;
      let fitsInt32 = true;
      for (let i = 0; i < count; i++) {
        const lo = view.getUint32(8 * i + lowAt, little);
        const hi = signed ? view.getInt32(8 * i + highAt, little) : view.getUint32(8 * i + highAt, little);
        if (!((hi === 0 && lo <= 0x7fffffff) || (hi === -1 && lo > 0x7fffffff))) fitsInt32 = false;
        if (hi < -0x200000 || hi > 0x1fffff) {
          const exact = signed ? view.getBigInt64(8 * i, little) : view.getBigUint64(8 * i, little);
          badDtype(
            `element ${i} of the ${dt.str} array is ${exact}, which neither int32 nor float64 holds exactly (|v| must be at most 2^53)`,
          );
        }
      }
      const a = fitsInt32 ? new Int32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const lo = view.getUint32(8 * i + lowAt, little);
        const hi = signed ? view.getInt32(8 * i + highAt, little) : view.getUint32(8 * i + highAt, little);
        a[i] = hi * TWO_32 + lo;
      }
      return { data: a, dtype: fitsInt32 ? 'int32' : 'float64' };
    }
  }
}

/** One numpy scalar (`np.float64(1.5)`) from its raw bytes. */
function decodeScalar(raw: Uint8Array, dt: DTypeSpec): number | bigint | boolean {
  const little = dt.order !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (`${dt.kind}${dt.size}`) {
    case 'b1':
      return raw[0] !== 0;
    case 'f2':
      return halfToFloat(view.getUint16(0, little));
    case 'f4':
      return view.getFloat32(0, little);
    case 'f8':
      return view.getFloat64(0, little);
    case 'i1':
      return view.getInt8(0);
    case 'u1':
      return raw[0]!;
    case 'i2':
      return view.getInt16(0, little);
    case 'u2':
      return view.getUint16(0, little);
    case 'i4':
      return view.getInt32(0, little);
    case 'u4':
      return view.getUint32(0, little);
    case 'i8':
      return bigintToValue(view.getBigInt64(0, little));
    default:
      return bigintToValue(view.getBigUint64(0, little));
  }
}

const SUPPORTED_DTYPES = 'bool (b1), int8-64 (i1-i8), uint8-64 (u1-u8), float16/32/64 (f2, f4, f8)';

function parseTypestr(text: string): DTypeSpec | null {
  const m = /^([<>|=]?)([a-z?])(\d*)$/.exec(text);
  if (m === null) return null;
  let kind = m[2]!;
  let size = m[3] === '' ? NaN : Number(m[3]);
  if (kind === '?' && m[3] === '') {
    kind = 'b';
    size = 1;
  }
  const ok =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && (size === 1 || size === 2 || size === 4 || size === 8)) ||
    (kind === 'b' && size === 1);
  if (!ok) return null;
  const order = size === 1 ? '|' : m[1] === '>' ? '>' : '<';
  return new DTypeSpec(kind as NumpyKind, size, order);
}

// ---- the machine ----

class Machine {
  private pos = 0;
  private stack: Item[] = [];
  private readonly marks: Item[][] = [];
  private readonly memo = new Map<number, Item>();
  private readonly tuples = new Set<Item[]>();
  private readonly view: DataView;
  /** Raw bytes turned into arrays so far, against a cap proportional to the file. */
  private materialized = 0;
  private readonly budget: number;
  private op = 0;
  private opName = '';

  constructor(
    private readonly bytes: Uint8Array,
    private readonly name: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Honest pickles materialise each buffer at most twice (codecs.encode, then the array), and
    // every buffer lies in the file; the cap stops a small file from decoding one memoised buffer
    // a million times.
    this.budget = 4 * bytes.length + (1 << 20);
  }

  // ---- errors ----

  /** Tuples are frozen only once the value is complete: until then the machine knows them by identity. */
  private describe(item: Item): string {
    return describe(item, (list) => this.tuples.has(list));
  }

  private where(): string {
    return `${this.name}: ${this.opName} at offset ${this.op}`;
  }

  private bad(message: string): never {
    throw new ScratchnetError('BAD_FILE', `${this.where()}: ${message}`);
  }

  private unsafe(message: string): never {
    throw new ScratchnetError('UNSAFE_PICKLE', `${this.where()}: ${message}`);
  }

  /** An arrow function, so the element decoder can report through it with the opcode's offset. */
  private badDtype = (message: string): never => {
    throw new ScratchnetError('BAD_DTYPE', `${this.where()}: ${message}`);
  };

  // ---- reading the byte stream ----

  private take(n: number, what: string): Uint8Array {
    const left = this.bytes.length - this.pos;
    if (n > left) {
      this.bad(`truncated: needs ${n} bytes of ${what} at offset ${this.pos}, but only ${left} remain`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private u8(what: string): number {
    return this.take(1, what)[0]!;
  }

  private u32(what: string): number {
    this.take(4, what);
    return this.view.getUint32(this.pos - 4, true);
  }

  /** An 8-byte little-endian length, as a double: any value beyond the file fails `take` anyway. */
  private u64(what: string): number {
    this.take(8, what);
    return this.view.getUint32(this.pos - 8, true) + this.view.getUint32(this.pos - 4, true) * TWO_32;
  }

  private line(what: string): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.bad(`truncated: the ${what} starting at offset ${this.pos} has no terminating newline`);
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }

  private text(bytes: Uint8Array, what: string): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.bad(`the ${what} is not valid UTF-8`);
    }
  }

  // ---- the stack ----

  private push(item: Item): void {
    this.stack.push(item);
  }

  private pop(): Item {
    if (this.stack.length === 0) this.bad('the stack is empty (pickle stack underflow)');
    return this.stack.pop()!;
  }

  private top(): Item {
    if (this.stack.length === 0) this.bad('the stack is empty (pickle stack underflow)');
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(): Item[] {
    const items = this.stack;
    const previous = this.marks.pop();
    if (previous === undefined) this.bad('no MARK to pop to');
    this.stack = previous;
    return items;
  }

  private tuple(items: Item[]): Item[] {
    this.tuples.add(items);
    return items;
  }

  private list(item: Item, what: string): Item[] {
    if (!Array.isArray(item) || this.tuples.has(item)) this.bad(`${what} must be a list, got ${this.describe(item)}`);
    return item;
  }

  private key(item: Item): PickleKey {
    if (item === null || typeof item !== 'object') return item;
    return this.bad(`a dict key is ${this.describe(item)}; readPickle supports str, int, float, bool and None keys`);
  }

  private memoGet(index: number): Item {
    if (!this.memo.has(index)) this.bad(`memo entry ${index} was never stored`);
    return this.memo.get(index)!;
  }

  // ---- argument checks ----

  private args(item: Item, count: number, what: string): Item[] {
    if (!Array.isArray(item) || item.length !== count) {
      this.bad(`${what} takes ${count} arguments, got ${this.describe(item)}`);
    }
    return item;
  }

  private int(item: Item, what: string): number {
    if (typeof item === 'bigint') this.bad(`${what} is ${item}, too large`);
    if (typeof item !== 'number' || !Number.isInteger(item)) this.bad(`${what} must be an int, got ${this.describe(item)}`);
    return item;
  }

  private flag(item: Item, what: string): boolean {
    if (typeof item === 'boolean') return item;
    if (typeof item === 'number' && Number.isInteger(item)) return item !== 0;
    return this.bad(`${what} must be a bool, got ${this.describe(item)}`);
  }

  private str(item: Item, what: string): string {
    if (typeof item !== 'string') this.bad(`${what} must be a str, got ${this.describe(item)}`);
    return item;
  }

  private dtype(item: Item, what: string): DTypeSpec {
    if (!(item instanceof DTypeSpec)) this.bad(`${what} must be a numpy.dtype, got ${this.describe(item)}`);
    return item;
  }

  /** Raw data: bytes, or (protocol 0-2, Python 2) a str whose characters are the bytes. */
  private raw(item: Item, what: string): Uint8Array {
    if (item instanceof Uint8Array) return item;
    if (typeof item === 'string') return this.encodeLatin1(item, what);
    if (Array.isArray(item)) {
      this.badDtype(`${what} is a list of Python objects (an object array), which readPickle does not read`);
    }
    return this.bad(`${what} must be bytes, got ${this.describe(item)}`);
  }

  private encodeLatin1(text: string, what: string): Uint8Array {
    this.spend(text.length);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) this.bad(`${what} has character U+${c.toString(16).padStart(4, '0')} at index ${i}, beyond latin-1`);
      out[i] = c;
    }
    return out;
  }

  private shape(item: Item, what: string): number[] {
    if (!Array.isArray(item)) this.bad(`${what} must be a tuple of ints, got ${this.describe(item)}`);
    if (item.length > MAX_DIMS) this.bad(`${what} has ${item.length} dimensions; numpy allows at most ${MAX_DIMS}`);
    return item.map((d, i) => {
      const n = this.int(d, `${what}[${i}]`);
      if (n < 0) this.bad(`${what}[${i}] is ${n}, negative`);
      return n;
    });
  }

  private spend(bytes: number): void {
    this.materialized += bytes;
    if (this.materialized > this.budget) {
      this.bad(`the pickle decodes more than ${this.budget} bytes of array data from a ${this.bytes.length}-byte file (it reuses its buffers; refused as a decompression bomb)`);
    }
  }

  // ---- numpy ----

  private makeArray(src: ArraySource): NDArray {
    const { raw, dtype, shape, fortran } = src;
    // Sizes are compared in doubles before anything is allocated: a forged shape may claim 10^15
    // elements, and the product can only overflow to Infinity, which never equals a real length.
    const count = shape.reduce((p, d) => p * d, 1);
    const needed = count * dtype.size;
    if (needed !== raw.length) {
      this.bad(`shape ${formatShape(shape)} of ${dtype.str} needs ${needed} bytes, but the data holds ${raw.length}`);
    }
    this.spend(raw.length);
    const { data, dtype: out } = decodeElements(raw, dtype, count, this.badDtype);
    if (!fortran || shape.length < 2) return new NDArray(data, shape, out);
    // Fortran-order data of shape s is C-order data of reversed s: transposing it gives C order.
    return transpose(new NDArray(data, [...shape].reverse(), out));
  }

  private call(callable: Item, args: Item): Item {
    if (!(callable instanceof GlobalRef)) {
      this.unsafe(`cannot call ${this.describe(callable)}: only the allowed numpy and codecs functions are ever applied`);
    }
    const fn = `${callable.module}.${callable.name}`;
    switch (callable.kind) {
      case 'reconstruct': {
        const [subtype] = this.args(args, 3, fn);
        if (!(subtype instanceof GlobalRef) || subtype.kind !== 'ndarray') {
          this.unsafe(`${fn} may only rebuild numpy.ndarray, not ${this.describe(subtype!)}`);
        }
        return new PendingArray(this.op);
      }
      case 'dtype': {
        if (!Array.isArray(args) || args.length < 1 || args.length > 3) this.bad(`numpy.dtype takes 1 to 3 arguments, got ${this.describe(args)}`);
        const typestr = this.str(args[0]!, 'the numpy.dtype type string');
        const spec = parseTypestr(typestr);
        if (spec === null) {
          this.badDtype(`numpy dtype ${quote(typestr)} is not supported; readPickle reads ${SUPPORTED_DTYPES}`);
        }
        return spec;
      }
      case 'frombuffer': {
        // _frombuffer(buf, dtype, shape, order[, axis_order]): numpy >= 2.3 writes order 'K' with
        // axis_order for dense arrays whose axes are permuted (a transposed 3-D array, say).
        if (!Array.isArray(args) || (args.length !== 4 && args.length !== 5)) this.bad(`${fn} takes 4 or 5 arguments, got ${this.describe(args)}`);
        const [buf, dt, shp, order, axisOrder = null] = args;
        const ord = this.str(order!, `${fn}'s order`);
        const shape = this.shape(shp!, `${fn}'s shape`);
        const source = { raw: this.raw(buf!, `${fn}'s buffer`), dtype: this.dtype(dt!, `${fn}'s dtype`), shape };
        if (ord === 'K' && axisOrder !== null) {
          const axes = this.shape(axisOrder, `${fn}'s axis_order`);
          if (axes.length !== shape.length || new Set(axes).size !== axes.length || axes.some((a) => a >= axes.length)) {
            this.bad(`${fn}'s axis_order ${formatShape(axes)} is not a permutation of the ${shape.length} axes`);
          }
          return transpose(this.makeArray({ ...source, fortran: false }), axes);
        }
        // 'A' reshapes a 1-D buffer as C order, the same as 'C'.
        if (ord !== 'C' && ord !== 'F' && ord !== 'A') this.bad(`${fn}'s order must be 'C', 'F' or 'A' (or 'K' with axis_order), got ${quote(ord)}`);
        return this.makeArray({ ...source, fortran: ord === 'F' });
      }
      case 'scalar': {
        const [dt, data] = this.args(args, 2, fn);
        const spec = this.dtype(dt!, `${fn}'s dtype`);
        const raw = this.raw(data!, `${fn}'s data`);
        if (raw.length !== spec.size) this.bad(`a ${spec.str} scalar needs ${spec.size} bytes, got ${raw.length}`);
        return decodeScalar(raw, spec);
      }
      case 'encode': {
        if (!Array.isArray(args) || args.length < 1 || args.length > 2) this.bad(`${fn} takes 1 or 2 arguments, got ${this.describe(args)}`);
        return this.encode(args, fn);
      }
      case 'bytes': {
        if (!Array.isArray(args) || args.length > 2) this.bad(`${fn} takes 0 to 2 arguments, got ${this.describe(args)}`);
        if (args.length === 0) return new Uint8Array(0);
        if (args.length === 1 && args[0] instanceof Uint8Array) return args[0].slice();
        return this.encode(args, fn);
      }
      case 'ndarray':
        return this.unsafe(`${fn} cannot be called directly; numpy pickles only pass it to _reconstruct`);
    }
  }

  /** codecs.encode(text, encoding): latin-1 is what numpy uses; UTF-8 is the default. */
  private encode(args: Item[], fn: string): Uint8Array {
    const text = this.str(args[0]!, `${fn}'s text`);
    const encoding = args.length > 1 ? this.str(args[1]!, `${fn}'s encoding`).toLowerCase().replace(/_/g, '-') : 'utf-8';
    if (['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(encoding)) return this.encodeLatin1(text, `${fn}'s text`);
    if (encoding === 'utf-8' || encoding === 'utf8') {
      this.spend(text.length);
      return new TextEncoder().encode(text);
    }
    return this.bad(`${fn}: encoding ${quote(encoding)} is not supported (latin-1 or UTF-8)`);
  }

  private build(target: Item, state: Item): void {
    if (target instanceof PendingArray) {
      if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
        this.bad(`an ndarray's state must be (version, shape, dtype, is_fortran, data), got ${this.describe(state)}`);
      }
      const s = state.length === 5 ? state.slice(1) : state;
      target.array = this.makeArray({
        shape: this.shape(s[0]!, "the array's shape"),
        dtype: this.dtype(s[1]!, "the array's dtype"),
        fortran: this.flag(s[2]!, "the array's is_fortran"),
        raw: this.raw(s[3]!, "the array's data"),
      });
      return;
    }
    if (target instanceof DTypeSpec) {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
      if (!Array.isArray(state) || state.length < 2) this.bad(`a numpy.dtype's state must be a tuple, got ${this.describe(state)}`);
      const order = this.str(state[1]!, "the dtype's byte order");
      if (state.length > 2 && state[2] !== null) this.badDtype('sub-array dtypes are not supported');
      if (state.length > 3 && state[3] !== null) this.badDtype('structured dtypes (with named fields) are not supported');
      if (order === '>') target.order = target.size === 1 ? '|' : '>';
      // '=' is the writer's native order; every platform numpy pickles come from is little-endian.
      else if (order === '<' || order === '=' || order === '|') target.order = target.size === 1 ? '|' : '<';
      else this.bad(`the dtype's byte order must be one of < > | =, got ${quote(order)}`);
      return;
    }
    this.unsafe(`refuses to set the state of ${this.describe(target)}: BUILD applies only to numpy arrays and dtypes`);
  }

  private global(module: string, name: string): GlobalRef {
    const kind = ALLOWED_GLOBALS.get(`${module} ${name}`);
    if (kind === undefined) {
      this.unsafe(
        `refused global ${printableName(module, name)}: readPickle never imports or calls anything a file names; it allows only the few numpy, codecs and bytes names that numpy pickles use`,
      );
    }
    return new GlobalRef(module, name, kind);
  }

  // ---- text forms of protocol 0 ----

  private parseInt(text: string): number | bigint {
    if (!/^[+-]?\d+$/.test(text)) this.bad(`${quote(text)} is not an integer`);
    if (text.length > MAX_DECIMAL_DIGITS + 1) this.bad(`an integer of ${text.length} digits is longer than Python itself reads (${MAX_DECIMAL_DIGITS})`);
    return bigintToValue(BigInt(text));
  }

  private parseFloat(text: string): number {
    const t = text.trim().toLowerCase();
    const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
    if (t in special) return special[t]!;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) this.bad(`${quote(text)} is not a float`);
    return Number(t);
  }

  /** Python's raw-unicode-escape: latin-1 bytes, except \\uXXXX and \\UXXXXXXXX after an odd run of backslashes. */
  private rawUnicodeEscape(bytes: Uint8Array): string {
    if (bytes.indexOf(0x5c) < 0) return latin1(bytes);
    // Protocol 0 writes every NUL of an array's data as \u0000: decode into one buffer of UTF-16
    // code units (escapes only shrink) rather than millions of small strings.
    const out = new Uint16Array(bytes.length);
    let n = 0;
    let i = 0;
    while (i < bytes.length) {
      if (bytes[i] !== 0x5c) {
        out[n++] = bytes[i++]!;
        continue;
      }
      let run = 0;
      while (bytes[i + run] === 0x5c) run++;
      const next = bytes[i + run];
      const escape = run % 2 === 1 && (next === 0x75 || next === 0x55);
      for (let r = 0; r < (escape ? run - 1 : run); r++) out[n++] = 0x5c;
      i += run;
      if (!escape) continue;
      const digits = next === 0x75 ? 4 : 8;
      let code = 0;
      for (let d = 1; d <= digits; d++) {
        const h = hexValue(bytes[i + d]);
        if (h < 0) this.bad(`truncated \\${String.fromCharCode(next)} escape at byte ${i - 1} of the text`);
        code = code * 16 + h;
      }
      if (code > 0x10ffff) this.bad(`the escape at byte ${i - 1} of the text is beyond Unicode`);
      if (code > 0xffff) {
        out[n++] = 0xd800 + ((code - 0x10000) >> 10);
        out[n++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
      } else {
        out[n++] = code;
      }
      i += 1 + digits;
    }
    return latin1(out.subarray(0, n));
  }

  /** A Python 2 str literal (STRING): quoted, with backslash escapes; its bytes become latin-1 characters. */
  private quoted(bytes: Uint8Array): string {
    const q = bytes[0];
    if (bytes.length < 2 || (q !== 0x27 && q !== 0x22) || bytes[bytes.length - 1] !== q) {
      this.bad('the STRING argument must be a quoted literal');
    }
    const body = latin1(bytes.subarray(1, bytes.length - 1));
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
    return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])?/g, (whole, esc: string | undefined) => {
      if (esc === undefined) this.bad('the STRING literal ends with a lone backslash');
      if (esc[0] === 'x' && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
      if (/^[0-7]+$/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
      if (esc === 'x') this.bad('the STRING literal has a truncated \\x escape');
      return simple[esc] ?? whole;
    });
  }

  // ---- the interpreter ----

  run(): Item {
    const bytes = this.bytes;
    if (bytes.length === 0) {
      throw new ScratchnetError('BAD_FILE', `${this.name}: empty input, not a pickle`);
    }
    for (;;) {
      if (this.pos >= bytes.length) {
        this.op = this.pos;
        this.opName = 'end of data';
        this.bad('truncated: the pickle ends without a STOP opcode');
      }
      this.op = this.pos;
      const code = bytes[this.pos++]!;
      this.opName = OPCODE_NAMES.get(code) ?? `byte 0x${code.toString(16).padStart(2, '0')}`;
      switch (code) {
        // -- framing and control --
        case 0x80: {
          const version = this.u8('protocol number');
          if (version > HIGHEST_PROTOCOL) this.bad(`protocol ${version} is newer than readPickle knows (0 to ${HIGHEST_PROTOCOL})`);
          break;
        }
        case 0x95: {
          const length = this.u64('frame length');
          const left = bytes.length - this.pos;
          if (length > left) this.bad(`truncated: the frame claims ${length} bytes, but only ${left} remain`);
          break;
        }
        case 0x2e: {
          if (this.stack.length === 0) this.bad('STOP with an empty stack');
          return this.stack[this.stack.length - 1]!;
        }
        case 0x28:
          this.marks.push(this.stack);
          this.stack = [];
          break;
        case 0x30:
          if (this.stack.length === 0 && this.marks.length > 0) this.popMark();
          else this.pop();
          break;
        case 0x31:
          this.popMark();
          break;
        case 0x32:
          this.push(this.top());
          break;

        // -- numbers and constants --
        case 0x4e:
          this.push(null);
          break;
        case 0x88:
          this.push(true);
          break;
        case 0x89:
          this.push(false);
          break;
        case 0x4a:
          this.take(4, 'BININT operand');
          this.push(this.view.getInt32(this.pos - 4, true));
          break;
        case 0x4b:
          this.push(this.u8('BININT1 operand'));
          break;
        case 0x4d:
          this.take(2, 'BININT2 operand');
          this.push(this.view.getUint16(this.pos - 2, true));
          break;
        case 0x8a: {
          const n = this.u8('LONG1 length');
          this.push(decodeLong(this.take(n, 'LONG1 operand')));
          break;
        }
        case 0x8b: {
          this.take(4, 'LONG4 length');
          const n = this.view.getInt32(this.pos - 4, true);
          if (n < 0) this.bad(`negative LONG4 length ${n}`);
          this.push(decodeLong(this.take(n, 'LONG4 operand')));
          break;
        }
        case 0x47:
          this.take(8, 'BINFLOAT operand');
          this.push(this.view.getFloat64(this.pos - 8, false));
          break;
        case 0x49: {
          const text = latin1(this.line('INT operand'));
          // Protocol 0 spells booleans as INT 01 and INT 00.
          if (text === '01') this.push(true);
          else if (text === '00') this.push(false);
          else this.push(this.parseInt(text));
          break;
        }
        case 0x4c: {
          const text = latin1(this.line('LONG operand'));
          this.push(this.parseInt(text.endsWith('L') ? text.slice(0, -1) : text));
          break;
        }
        case 0x46:
          this.push(this.parseFloat(latin1(this.line('FLOAT operand'))));
          break;

        // -- strings and bytes --
        case 0x8c:
          this.push(this.text(this.take(this.u8('SHORT_BINUNICODE length'), 'text'), 'text'));
          break;
        case 0x58:
          this.push(this.text(this.take(this.u32('BINUNICODE length'), 'text'), 'text'));
          break;
        case 0x8d:
          this.push(this.text(this.take(this.u64('BINUNICODE8 length'), 'text'), 'text'));
          break;
        case 0x56:
          this.push(this.rawUnicodeEscape(this.line('UNICODE operand')));
          break;
        // Python 2 str: read as latin-1 text, like pickle.load(..., encoding='latin1'), which numpy recommends.
        case 0x55:
          this.push(latin1(this.take(this.u8('SHORT_BINSTRING length'), 'string')));
          break;
        case 0x54: {
          this.take(4, 'BINSTRING length');
          const n = this.view.getInt32(this.pos - 4, true);
          if (n < 0) this.bad(`negative BINSTRING length ${n}`);
          this.push(latin1(this.take(n, 'string')));
          break;
        }
        case 0x53:
          this.push(this.quoted(this.line('STRING operand')));
          break;
        case 0x43:
          this.push(this.take(this.u8('SHORT_BINBYTES length'), 'bytes'));
          break;
        case 0x42:
          this.push(this.take(this.u32('BINBYTES length'), 'bytes'));
          break;
        case 0x8e:
          this.push(this.take(this.u64('BINBYTES8 length'), 'bytes'));
          break;
        case 0x96:
          this.push(this.take(this.u64('BYTEARRAY8 length'), 'bytes'));
          break;
        case 0x97:
          this.bad(
            'the pickle refers to an out-of-band buffer (it was written with protocol 5 and a buffer_callback), whose bytes are not in the file; pickle it again without buffer_callback',
          );
          break;
        case 0x98:
          if (!(this.top() instanceof Uint8Array)) this.bad(`READONLY_BUFFER applies to a buffer, got ${this.describe(this.top())}`);
          break;

        // -- containers --
        case 0x7d:
          this.push(new Map<PickleKey, Item>());
          break;
        case 0x5d:
          this.push([]);
          break;
        case 0x29:
          this.push(this.tuple([]));
          break;
        case 0x85: {
          const a = this.pop();
          this.push(this.tuple([a]));
          break;
        }
        case 0x86: {
          const b = this.pop();
          const a = this.pop();
          this.push(this.tuple([a, b]));
          break;
        }
        case 0x87: {
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          this.push(this.tuple([a, b, c]));
          break;
        }
        case 0x74:
          this.push(this.tuple(this.popMark()));
          break;
        case 0x6c:
          this.push(this.popMark());
          break;
        case 0x64: {
          const items = this.popMark();
          const dict = new Map<PickleKey, Item>();
          this.setItems(dict, items);
          this.push(dict);
          break;
        }
        case 0x61: {
          const value = this.pop();
          this.list(this.top(), 'the target of APPEND').push(value);
          break;
        }
        case 0x65: {
          const items = this.popMark();
          const target = this.list(this.top(), 'the target of APPENDS');
          for (const item of items) target.push(item);
          break;
        }
        case 0x73: {
          const value = this.pop();
          const key = this.pop();
          this.setItems(this.top(), [key, value]);
          break;
        }
        case 0x75: {
          const items = this.popMark();
          this.setItems(this.top(), items);
          break;
        }

        // -- the memo --
        case 0x94:
          this.memo.set(this.memo.size, this.top());
          break;
        case 0x71:
          this.memo.set(this.u8('BINPUT index'), this.top());
          break;
        case 0x72:
          this.memo.set(this.u32('LONG_BINPUT index'), this.top());
          break;
        case 0x70:
          this.memo.set(this.memoIndex(this.line('PUT index')), this.top());
          break;
        case 0x68:
          this.push(this.memoGet(this.u8('BINGET index')));
          break;
        case 0x6a:
          this.push(this.memoGet(this.u32('LONG_BINGET index')));
          break;
        case 0x67:
          this.push(this.memoGet(this.memoIndex(this.line('GET index'))));
          break;

        // -- imports and calls, each checked against the allow-list --
        case 0x63: {
          const module = this.text(this.line('GLOBAL module name'), 'GLOBAL module name');
          const name = this.text(this.line('GLOBAL attribute name'), 'GLOBAL attribute name');
          this.push(this.global(module, name));
          break;
        }
        case 0x93: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') {
            this.bad(`STACK_GLOBAL needs two str, got ${this.describe(module)} and ${this.describe(name)}`);
          }
          this.push(this.global(module, name));
          break;
        }
        case 0x52: {
          const args = this.pop();
          const callable = this.pop();
          this.push(this.call(callable, args));
          break;
        }
        case 0x81: {
          const args = this.pop();
          const cls = this.pop();
          // cls.__new__(cls, *args): of the allowed names only numpy.dtype is a class built this way.
          if (!(cls instanceof GlobalRef) || cls.kind !== 'dtype') {
            this.unsafe(`cannot create an instance of ${this.describe(cls)}: NEWOBJ applies only to numpy.dtype`);
          }
          this.push(this.call(cls, args));
          break;
        }
        case 0x62: {
          const state = this.pop();
          this.build(this.top(), state);
          break;
        }
        case 0x69: {
          // INST imports and calls a class in one opcode: name it in the refusal when it is readable.
          const module = latin1(this.line('INST module name'));
          const name = latin1(this.line('INST class name'));
          this.unsafe(`refused global ${printableName(module, name)}: INST creates arbitrary objects, which readPickle never does`);
          break;
        }
        default:
          if (OPCODE_NAMES.has(code)) {
            this.unsafe(`opcode ${this.opName} (0x${code.toString(16)}) is not supported: numpy pickles never need it, and readPickle runs nothing it does not understand`);
          }
          this.bad(`0x${code.toString(16).padStart(2, '0')} is not a pickle opcode`);
      }
    }
  }

  private memoIndex(bytes: Uint8Array): number {
    const text = latin1(bytes);
    if (!/^\d+$/.test(text)) this.bad(`memo index ${quote(text)} is not a non-negative integer`);
    return Number(text);
  }

  private setItems(target: Item, items: Item[]): void {
    if (!(target instanceof Map)) this.bad(`the target of ${this.opName} must be a dict, got ${this.describe(target)}`);
    if (items.length % 2 !== 0) this.bad(`${items.length} items cannot form key/value pairs`);
    for (let i = 0; i < items.length; i += 2) target.set(this.key(items[i]!), items[i + 1]!);
  }

  /**
   * The final value: every box from `_reconstruct` replaced by its array, bytes copied out of the
   * input, tuples frozen. Iterative, since a hostile pickle may nest lists a million deep.
   */
  finish(root: Item): PickleValue {
    const copies = new Map<Uint8Array, Uint8Array>();
    const seen = new Set<Item[] | Map<PickleKey, Item>>();
    const todo: (Item[] | Map<PickleKey, Item>)[] = [];
    const resolve = (item: Item): Item => {
      if (item instanceof PendingArray) {
        if (item.array === null) {
          throw new ScratchnetError('BAD_FILE', `${this.name}: the ndarray made by _reconstruct at offset ${item.offset} never received its data (no BUILD)`);
        }
        return item.array;
      }
      if (item instanceof GlobalRef || item instanceof DTypeSpec) {
        throw new ScratchnetError(
          'BAD_FILE',
          `${this.name}: the pickle's value contains ${this.describe(item)}, which readPickle does not return (it returns arrays, numbers, str, bytes, lists, tuples and dicts)`,
        );
      }
      if (item instanceof Uint8Array) {
        let copy = copies.get(item);
        if (copy === undefined) {
          copy = item.slice();
          copies.set(item, copy);
        }
        return copy;
      }
      if ((Array.isArray(item) || item instanceof Map) && !seen.has(item)) {
        seen.add(item);
        todo.push(item);
      }
      return item;
    };
    const result = resolve(root);
    for (let container = todo.pop(); container !== undefined; container = todo.pop()) {
      if (Array.isArray(container)) for (let i = 0; i < container.length; i++) container[i] = resolve(container[i]!);
      else for (const [k, v] of container) container.set(k, resolve(v));
    }
    for (const t of this.tuples) Object.freeze(t);
    return result as PickleValue;
  }
}

/**
 * Reads a Python pickle (protocols 0 to 5) without executing it, and returns its value (see
 * `PickleValue` for how Python types map). Meant for numpy arrays and containers of them, as
 * `pickle.dump` writes them with numpy 1.x (`numpy.core`) or 2.x (`numpy._core`), through
 * `_reconstruct` + BUILD (protocols 0-4) or `_frombuffer` (protocol 5).
 *
 * Arrays come back in C order: Fortran-ordered data is transposed into place (a reader that
 * ignored the flag would silently return transposed weights) and big-endian data is byte-swapped.
 * dtypes: float64 and float32 stay themselves, float16 becomes float32, bool stays bool, uint8
 * stays uint8, int8/int16/uint16 widen to int32; int32 stays int32; int64, uint32 and uint64
 * become int32 when every value fits, else float64 when every value is exactly representable
 * (|v| ≤ 2^53), else `BAD_DTYPE` naming the element. Other dtypes (complex, strings, objects,
 * structured) give `BAD_DTYPE`.
 *
 * Throws ScratchnetError:
 * - `UNSAFE_PICKLE`, before anything else happens, for any import outside the numpy/codecs
 *   allow-list (`os.system`, `builtins.eval`, ...) and any opcode it does not implement; the
 *   message names the byte offset, the opcode and the global;
 * - `BAD_FILE` for malformed or truncated data, sizes that disagree with the shape (checked
 *   before allocating), and out-of-band protocol 5 buffers, naming the offset.
 *
 * `name` (a file name) goes into error messages.
 *
 * @example
 * const value = readPickle(bytes, 'weights.pkl');
 * if (value instanceof Map) console.log(value.get('W1')); // NDArray (784, 50) float32
 */
export function readPickle(bytes: Uint8Array, name = '<bytes>'): PickleValue {
  // A Node Buffer's subarray is a Buffer whose slice() is a view: work on a plain Uint8Array.
  const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = new Machine(input, name);
  return machine.finish(machine.run());
}

/**
 * Reads a pickled dict of str -> numpy array, such as the book's `sample_weight.pkl`, into a record
 * of arrays (see `readPickle` for dtypes, order and safety). Throws ScratchnetError `BAD_FILE`
 * naming what the pickle holds instead when its top level is not a dict, a key is not a str or
 * a value is not an array (a numpy scalar included).
 *
 * @example
 * const params = loadPickleArrays(readFileSync('sample_weight.pkl'), 'sample_weight.pkl');
 * params.W1.shape; // [784, 50]
 */
export function loadPickleArrays(bytes: Uint8Array, name = '<bytes>'): Record<string, NDArray> {
  const value = readPickle(bytes, name);
  if (!(value instanceof Map)) {
    throw new ScratchnetError('BAD_FILE', `${name}: expected a pickled dict of str -> numpy array, but the pickle holds ${describe(value)}`);
  }
  const out: Record<string, NDArray> = {};
  for (const [key, array] of value) {
    if (typeof key !== 'string') {
      throw new ScratchnetError('BAD_FILE', `${name}: expected a dict of str -> numpy array, but it has the key ${describe(key)}`);
    }
    if (!(array instanceof NDArray)) {
      throw new ScratchnetError('BAD_FILE', `${name}: expected a dict of str -> numpy array, but ${quote(key)} holds ${describe(array)}`);
    }
    // defineProperty, so that a key named "__proto__" becomes an entry rather than a prototype.
    Object.defineProperty(out, key, { value: array, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
