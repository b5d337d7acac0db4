/**
 * The pickle virtual machine: a stack, a memo and marks, driven by the opcodes of protocols 0 to 5.
 * Imports go through the allow-list (allow-list.ts) and calls through reconstruct.ts, so the machine
 * never executes anything a file names. Every length is checked against the bytes that remain before
 * it is read, and array data against a budget proportional to the file.
 */
import { ScratchnetError } from '../../errors.js';
import { allowedGlobal, printableName } from './allow-list.js';
import { HIGHEST_PROTOCOL, OP, OPCODE_NAMES } from './opcodes.js';
import { buildState, callGlobal, type Reporter } from './reconstruct.js';
import {
  decodeLong,
  latin1,
  parseFloatText,
  parseIntText,
  quote,
  quotedString,
  rawUnicodeEscape,
  utf8,
} from './text.js';
import { DTypeSpec, GlobalRef, PendingArray, describe, type Item, type PickleKey, type PickleValue } from './values.js';

const TWO_32 = 4294967296;

/** The pickle stack machine: reads opcodes and runs them on values it made itself. */
export class Machine implements Reporter {
  private pos = 0;
  private stack: Item[] = [];
  private readonly marks: Item[][] = [];
  private readonly memo = new Map<number, Item>();
  private readonly tuples = new Set<Item[]>();
  private readonly view: DataView;
  /** Raw bytes turned into arrays so far, against a cap proportional to the file. */
  private materialized = 0;
  private readonly budget: number;
  /** The offset of the opcode being run (for messages). */
  op = 0;
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

  /** `bad` as a function value, for the text parsers. */
  private readonly fail = (message: string): never => this.bad(message);

  /** Tuples are frozen only once the value is complete: until then the machine knows them by identity. */
  describe(item: Item): string {
    return describe(item, (list) => this.tuples.has(list));
  }

  private where(): string {
    return `${this.name}: ${this.opName} at offset ${this.op}`;
  }

  bad(message: string): never {
    throw new ScratchnetError('BAD_FILE', `${this.where()}: ${message}`);
  }

  unsafe(message: string): never {
    throw new ScratchnetError('UNSAFE_PICKLE', `${this.where()}: ${message}`);
  }

  /** An arrow function, so the element decoder can report through it with the opcode's offset. */
  readonly badDtype = (message: string): never => {
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

  spend(bytes: number): void {
    this.materialized += bytes;
    if (this.materialized > this.budget) {
      this.bad(
        `the pickle decodes more than ${this.budget} bytes of array data from a ${this.bytes.length}-byte file (it reuses its buffers; refused as a decompression bomb)`,
      );
    }
  }

  private global(module: string, name: string): GlobalRef {
    const kind = allowedGlobal(module, name);
    if (kind === undefined) {
      this.unsafe(
        `refused global ${printableName(module, name)}: readPickle never imports or calls anything a file names; it allows only the few numpy, codecs and bytes names that numpy pickles use`,
      );
    }
    return new GlobalRef(module, name, kind);
  }

  // ---- the interpreter ----

  /** Runs the opcodes from the first byte to STOP and returns the value then on top of the stack. */
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
      if (code === OP.STOP) {
        if (this.stack.length === 0) this.bad('STOP with an empty stack');
        return this.stack[this.stack.length - 1]!;
      }
      // Each opcode belongs to exactly one group; a group answers false for opcodes outside it.
      const handled =
        this.controlOp(code) ||
        this.numberOp(code) ||
        this.textOp(code) ||
        this.bytesOp(code) ||
        this.containerOp(code) ||
        this.memoOp(code) ||
        this.objectOp(code);
      if (!handled) this.refuse(code);
    }
  }

  /** Framing, protocol and the bare stack: PROTO, FRAME, MARK, POP, POP_MARK, DUP. */
  private controlOp(code: number): boolean {
    switch (code) {
      case OP.PROTO: {
        const version = this.u8('protocol number');
        if (version > HIGHEST_PROTOCOL)
          this.bad(`protocol ${version} is newer than readPickle knows (0 to ${HIGHEST_PROTOCOL})`);
        break;
      }
      case OP.FRAME: {
        const length = this.u64('frame length');
        const left = this.bytes.length - this.pos;
        if (length > left) this.bad(`truncated: the frame claims ${length} bytes, but only ${left} remain`);
        break;
      }
      case OP.MARK:
        this.marks.push(this.stack);
        this.stack = [];
        break;
      case OP.POP:
        if (this.stack.length === 0 && this.marks.length > 0) this.popMark();
        else this.pop();
        break;
      case OP.POP_MARK:
        this.popMark();
        break;
      case OP.DUP:
        this.push(this.top());
        break;
      default:
        return false;
    }
    return true;
  }

  /** None, booleans, integers and floats, binary and protocol-0 text forms. */
  private numberOp(code: number): boolean {
    switch (code) {
      case OP.NONE:
        this.push(null);
        break;
      case OP.NEWTRUE:
        this.push(true);
        break;
      case OP.NEWFALSE:
        this.push(false);
        break;
      case OP.BININT:
        this.take(4, 'BININT operand');
        this.push(this.view.getInt32(this.pos - 4, true));
        break;
      case OP.BININT1:
        this.push(this.u8('BININT1 operand'));
        break;
      case OP.BININT2:
        this.take(2, 'BININT2 operand');
        this.push(this.view.getUint16(this.pos - 2, true));
        break;
      case OP.LONG1: {
        const n = this.u8('LONG1 length');
        this.push(decodeLong(this.take(n, 'LONG1 operand')));
        break;
      }
      case OP.LONG4: {
        this.take(4, 'LONG4 length');
        const n = this.view.getInt32(this.pos - 4, true);
        if (n < 0) this.bad(`negative LONG4 length ${n}`);
        this.push(decodeLong(this.take(n, 'LONG4 operand')));
        break;
      }
      case OP.BINFLOAT:
        this.take(8, 'BINFLOAT operand');
        this.push(this.view.getFloat64(this.pos - 8, false));
        break;
      default:
        return this.textNumberOp(code);
    }
    return true;
  }

  /** Protocol 0's numbers, spelled as a line of text. */
  private textNumberOp(code: number): boolean {
    switch (code) {
      case OP.INT: {
        const text = latin1(this.line('INT operand'));
        // Protocol 0 spells booleans as INT 01 and INT 00.
        if (text === '01') this.push(true);
        else if (text === '00') this.push(false);
        else this.push(parseIntText(text, this.fail));
        break;
      }
      case OP.LONG: {
        const text = latin1(this.line('LONG operand'));
        this.push(parseIntText(text.endsWith('L') ? text.slice(0, -1) : text, this.fail));
        break;
      }
      case OP.FLOAT:
        this.push(parseFloatText(latin1(this.line('FLOAT operand')), this.fail));
        break;
      default:
        return false;
    }
    return true;
  }

  /** Unicode text, and Python 2 str read as latin-1 text. */
  private textOp(code: number): boolean {
    switch (code) {
      case OP.SHORT_BINUNICODE:
        this.push(this.text(this.take(this.u8('SHORT_BINUNICODE length'), 'text'), 'text'));
        break;
      case OP.BINUNICODE:
        this.push(this.text(this.take(this.u32('BINUNICODE length'), 'text'), 'text'));
        break;
      case OP.BINUNICODE8:
        this.push(this.text(this.take(this.u64('BINUNICODE8 length'), 'text'), 'text'));
        break;
      case OP.UNICODE:
        this.push(rawUnicodeEscape(this.line('UNICODE operand'), this.fail));
        break;
      // Python 2 str: read as latin-1 text, like pickle.load(..., encoding='latin1'), which numpy recommends.
      case OP.SHORT_BINSTRING:
        this.push(latin1(this.take(this.u8('SHORT_BINSTRING length'), 'string')));
        break;
      case OP.BINSTRING: {
        this.take(4, 'BINSTRING length');
        const n = this.view.getInt32(this.pos - 4, true);
        if (n < 0) this.bad(`negative BINSTRING length ${n}`);
        this.push(latin1(this.take(n, 'string')));
        break;
      }
      case OP.STRING:
        this.push(quotedString(this.line('STRING operand'), this.fail));
        break;
      default:
        return false;
    }
    return true;
  }

  /** Bytes and bytearrays, as views of the input (copied out by `finish`); out-of-band buffers refused. */
  private bytesOp(code: number): boolean {
    switch (code) {
      case OP.SHORT_BINBYTES:
        this.push(this.take(this.u8('SHORT_BINBYTES length'), 'bytes'));
        break;
      case OP.BINBYTES:
        this.push(this.take(this.u32('BINBYTES length'), 'bytes'));
        break;
      case OP.BINBYTES8:
        this.push(this.take(this.u64('BINBYTES8 length'), 'bytes'));
        break;
      case OP.BYTEARRAY8:
        this.push(this.take(this.u64('BYTEARRAY8 length'), 'bytes'));
        break;
      case OP.NEXT_BUFFER:
        this.bad(
          'the pickle refers to an out-of-band buffer (it was written with protocol 5 and a buffer_callback), whose bytes are not in the file; pickle it again without buffer_callback',
        );
        break;
      case OP.READONLY_BUFFER:
        if (!(this.top() instanceof Uint8Array))
          this.bad(`READONLY_BUFFER applies to a buffer, got ${this.describe(this.top())}`);
        break;
      default:
        return false;
    }
    return true;
  }

  /** Building tuples, lists and dicts, and adding to lists and dicts. */
  private containerOp(code: number): boolean {
    switch (code) {
      case OP.EMPTY_DICT:
        this.push(new Map<PickleKey, Item>());
        break;
      case OP.EMPTY_LIST:
        this.push([]);
        break;
      case OP.LIST:
        this.push(this.popMark());
        break;
      case OP.DICT: {
        const items = this.popMark();
        const dict = new Map<PickleKey, Item>();
        this.setItems(dict, items);
        this.push(dict);
        break;
      }
      case OP.APPEND: {
        const value = this.pop();
        this.list(this.top(), 'the target of APPEND').push(value);
        break;
      }
      case OP.APPENDS: {
        const items = this.popMark();
        const target = this.list(this.top(), 'the target of APPENDS');
        for (const item of items) target.push(item);
        break;
      }
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        this.setItems(this.top(), [key, value]);
        break;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.top(), items);
        break;
      }
      default:
        return this.tupleOp(code);
    }
    return true;
  }

  /** Tuples of zero to three items, or of everything above the mark. */
  private tupleOp(code: number): boolean {
    switch (code) {
      case OP.EMPTY_TUPLE:
        this.push(this.tuple([]));
        break;
      case OP.TUPLE1: {
        const a = this.pop();
        this.push(this.tuple([a]));
        break;
      }
      case OP.TUPLE2: {
        const b = this.pop();
        const a = this.pop();
        this.push(this.tuple([a, b]));
        break;
      }
      case OP.TUPLE3: {
        const c = this.pop();
        const b = this.pop();
        const a = this.pop();
        this.push(this.tuple([a, b, c]));
        break;
      }
      case OP.TUPLE:
        this.push(this.tuple(this.popMark()));
        break;
      default:
        return false;
    }
    return true;
  }

  /** Storing the top of the stack in the memo, and fetching it back. */
  private memoOp(code: number): boolean {
    switch (code) {
      case OP.MEMOIZE:
        this.memo.set(this.memo.size, this.top());
        break;
      case OP.BINPUT:
        this.memo.set(this.u8('BINPUT index'), this.top());
        break;
      case OP.LONG_BINPUT:
        this.memo.set(this.u32('LONG_BINPUT index'), this.top());
        break;
      case OP.PUT:
        this.memo.set(this.memoIndex(this.line('PUT index')), this.top());
        break;
      case OP.BINGET:
        this.push(this.memoGet(this.u8('BINGET index')));
        break;
      case OP.LONG_BINGET:
        this.push(this.memoGet(this.u32('LONG_BINGET index')));
        break;
      case OP.GET:
        this.push(this.memoGet(this.memoIndex(this.line('GET index'))));
        break;
      default:
        return false;
    }
    return true;
  }

  /** Imports and calls, each checked against the allow-list: GLOBAL, STACK_GLOBAL, REDUCE, NEWOBJ, BUILD, INST. */
  private objectOp(code: number): boolean {
    switch (code) {
      case OP.GLOBAL: {
        const module = this.text(this.line('GLOBAL module name'), 'GLOBAL module name');
        const name = this.text(this.line('GLOBAL attribute name'), 'GLOBAL attribute name');
        this.push(this.global(module, name));
        break;
      }
      case OP.STACK_GLOBAL: {
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') {
          this.bad(`STACK_GLOBAL needs two str, got ${this.describe(module)} and ${this.describe(name)}`);
        }
        this.push(this.global(module, name));
        break;
      }
      case OP.REDUCE: {
        const args = this.pop();
        const callable = this.pop();
        this.push(callGlobal(this, callable, args));
        break;
      }
      case OP.NEWOBJ: {
        const args = this.pop();
        const cls = this.pop();
        // cls.__new__(cls, *args): of the allowed names only numpy.dtype is a class built this way.
        if (!(cls instanceof GlobalRef) || cls.kind !== 'dtype') {
          this.unsafe(`cannot create an instance of ${this.describe(cls)}: NEWOBJ applies only to numpy.dtype`);
        }
        this.push(callGlobal(this, cls, args));
        break;
      }
      case OP.BUILD: {
        const state = this.pop();
        buildState(this, this.top(), state);
        break;
      }
      case OP.INST: {
        // INST imports and calls a class in one opcode: name it in the refusal when it is readable.
        const module = latin1(this.line('INST module name'));
        const name = latin1(this.line('INST class name'));
        this.unsafe(
          `refused global ${printableName(module, name)}: INST creates arbitrary objects, which readPickle never does`,
        );
        break;
      }
      default:
        return false;
    }
    return true;
  }

  /** Opcodes no group runs (sets, extensions, persistent ids, OBJ, NEWOBJ_EX) and bytes that are no opcode. */
  private refuse(code: number): never {
    if (OPCODE_NAMES.has(code)) {
      this.unsafe(
        `opcode ${this.opName} (0x${code.toString(16)}) is not supported: numpy pickles never need it, and readPickle runs nothing it does not understand`,
      );
    }
    return this.bad(`0x${code.toString(16).padStart(2, '0')} is not a pickle opcode`);
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
          throw new ScratchnetError(
            'BAD_FILE',
            `${this.name}: the ndarray made by _reconstruct at offset ${item.offset} never received its data (no BUILD)`,
          );
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
