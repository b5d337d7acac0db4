/**
 * What the allowed globals do, re-implemented: `_reconstruct` + BUILD and `_frombuffer` make arrays,
 * `dtype` and `scalar` make dtypes and numbers, `codecs.encode`/`bytes` make bytes. Nothing from the
 * file is ever called: REDUCE, NEWOBJ and BUILD land here and apply only to the tokens the machine
 * made itself, after checking every argument.
 */
import { NDArray } from '../../ndarray/ndarray.js';
import { formatShape } from '../../ndarray/shape.js';
import { transpose } from '../../ndarray/manipulate.js';
import { decodeElements, decodeScalar, parseTypestr, SUPPORTED_DTYPES, type ArraySource } from './numpy-data.js';
import { quote } from './text.js';
import { DTypeSpec, GlobalRef, PendingArray, type Item } from './values.js';

const MAX_DIMS = 64; // numpy's NPY_MAXDIMS

/** How reconstruction reports and accounts, with the current opcode's offset (the machine implements it). */
export interface Reporter {
  /** Throws BAD_FILE: malformed data. */
  bad(message: string): never;
  /** Throws UNSAFE_PICKLE: something the reader refuses to do. */
  unsafe(message: string): never;
  /** Throws BAD_DTYPE: a dtype or value scratchnet cannot hold. */
  badDtype(message: string): never;
  /** A value in words, for messages. */
  describe(item: Item): string;
  /** Counts bytes turned into arrays, failing past the file's budget (a decompression bomb). */
  spend(bytes: number): void;
  /** The byte offset of the opcode being run. */
  readonly op: number;
}

function argList(r: Reporter, item: Item, count: number, what: string): Item[] {
  if (!Array.isArray(item) || item.length !== count) {
    r.bad(`${what} takes ${count} arguments, got ${r.describe(item)}`);
  }
  return item;
}

function intArg(r: Reporter, item: Item, what: string): number {
  if (typeof item === 'bigint') r.bad(`${what} is ${item}, too large`);
  if (typeof item !== 'number' || !Number.isInteger(item)) r.bad(`${what} must be an int, got ${r.describe(item)}`);
  return item;
}

function flagArg(r: Reporter, item: Item, what: string): boolean {
  if (typeof item === 'boolean') return item;
  if (typeof item === 'number' && Number.isInteger(item)) return item !== 0;
  return r.bad(`${what} must be a bool, got ${r.describe(item)}`);
}

function strArg(r: Reporter, item: Item, what: string): string {
  if (typeof item !== 'string') r.bad(`${what} must be a str, got ${r.describe(item)}`);
  return item;
}

function dtypeArg(r: Reporter, item: Item, what: string): DTypeSpec {
  if (!(item instanceof DTypeSpec)) r.bad(`${what} must be a numpy.dtype, got ${r.describe(item)}`);
  return item;
}

/** Raw data: bytes, or (protocol 0-2, Python 2) a str whose characters are the bytes. */
function rawArg(r: Reporter, item: Item, what: string): Uint8Array {
  if (item instanceof Uint8Array) return item;
  if (typeof item === 'string') return encodeLatin1(r, item, what);
  if (Array.isArray(item)) {
    r.badDtype(`${what} is a list of Python objects (an object array), which readPickle does not read`);
  }
  return r.bad(`${what} must be bytes, got ${r.describe(item)}`);
}

function encodeLatin1(r: Reporter, text: string, what: string): Uint8Array {
  r.spend(text.length);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) r.bad(`${what} has character U+${c.toString(16).padStart(4, '0')} at index ${i}, beyond latin-1`);
    out[i] = c;
  }
  return out;
}

function shapeArg(r: Reporter, item: Item, what: string): number[] {
  if (!Array.isArray(item)) r.bad(`${what} must be a tuple of ints, got ${r.describe(item)}`);
  if (item.length > MAX_DIMS) r.bad(`${what} has ${item.length} dimensions; numpy allows at most ${MAX_DIMS}`);
  return item.map((d, i) => {
    const n = intArg(r, d, `${what}[${i}]`);
    if (n < 0) r.bad(`${what}[${i}] is ${n}, negative`);
    return n;
  });
}

/** An array from raw bytes, after checking that the shape needs exactly those bytes. */
function makeArray(r: Reporter, src: ArraySource): NDArray {
  const { raw, dtype, shape, fortran } = src;
  // Sizes are compared in doubles before anything is allocated: a forged shape may claim 10^15
  // elements, and the product can only overflow to Infinity, which never equals a real length.
  const count = shape.reduce((p, d) => p * d, 1);
  const needed = count * dtype.size;
  if (needed !== raw.length) {
    r.bad(`shape ${formatShape(shape)} of ${dtype.str} needs ${needed} bytes, but the data holds ${raw.length}`);
  }
  r.spend(raw.length);
  const { data, dtype: out } = decodeElements(raw, dtype, count, r.badDtype);
  if (!fortran || shape.length < 2) return new NDArray(data, shape, out);
  // Fortran-order data of shape s is C-order data of reversed s: transposing it gives C order.
  return transpose(new NDArray(data, [...shape].reverse(), out));
}

/** REDUCE and NEWOBJ: applies an allowed global, re-implemented here, to checked arguments; anything else is UNSAFE_PICKLE. */
export function callGlobal(r: Reporter, callable: Item, args: Item): Item {
  if (!(callable instanceof GlobalRef)) {
    r.unsafe(`cannot call ${r.describe(callable)}: only the allowed numpy and codecs functions are ever applied`);
  }
  const fn = `${callable.module}.${callable.name}`;
  switch (callable.kind) {
    case 'reconstruct': {
      const [subtype] = argList(r, args, 3, fn);
      if (!(subtype instanceof GlobalRef) || subtype.kind !== 'ndarray') {
        r.unsafe(`${fn} may only rebuild numpy.ndarray, not ${r.describe(subtype!)}`);
      }
      return new PendingArray(r.op);
    }
    case 'dtype': {
      if (!Array.isArray(args) || args.length < 1 || args.length > 3)
        r.bad(`numpy.dtype takes 1 to 3 arguments, got ${r.describe(args)}`);
      const typestr = strArg(r, args[0]!, 'the numpy.dtype type string');
      const spec = parseTypestr(typestr);
      if (spec === null) {
        r.badDtype(`numpy dtype ${quote(typestr)} is not supported; readPickle reads ${SUPPORTED_DTYPES}`);
      }
      return spec;
    }
    case 'frombuffer': {
      // _frombuffer(buf, dtype, shape, order[, axis_order]): numpy >= 2.3 writes order 'K' with
      // axis_order for dense arrays whose axes are permuted (a transposed 3-D array, say).
      if (!Array.isArray(args) || (args.length !== 4 && args.length !== 5))
        r.bad(`${fn} takes 4 or 5 arguments, got ${r.describe(args)}`);
      const [buf, dt, shp, order, axisOrder = null] = args;
      const ord = strArg(r, order!, `${fn}'s order`);
      const shape = shapeArg(r, shp!, `${fn}'s shape`);
      const source = { raw: rawArg(r, buf!, `${fn}'s buffer`), dtype: dtypeArg(r, dt!, `${fn}'s dtype`), shape };
      if (ord === 'K' && axisOrder !== null) {
        const axes = shapeArg(r, axisOrder, `${fn}'s axis_order`);
        if (axes.length !== shape.length || new Set(axes).size !== axes.length || axes.some((a) => a >= axes.length)) {
          r.bad(`${fn}'s axis_order ${formatShape(axes)} is not a permutation of the ${shape.length} axes`);
        }
        return transpose(makeArray(r, { ...source, fortran: false }), axes);
      }
      // 'A' reshapes a 1-D buffer as C order, the same as 'C'.
      if (ord !== 'C' && ord !== 'F' && ord !== 'A')
        r.bad(`${fn}'s order must be 'C', 'F' or 'A' (or 'K' with axis_order), got ${quote(ord)}`);
      return makeArray(r, { ...source, fortran: ord === 'F' });
    }
    case 'scalar': {
      const [dt, data] = argList(r, args, 2, fn);
      const spec = dtypeArg(r, dt!, `${fn}'s dtype`);
      const raw = rawArg(r, data!, `${fn}'s data`);
      if (raw.length !== spec.size) r.bad(`a ${spec.str} scalar needs ${spec.size} bytes, got ${raw.length}`);
      return decodeScalar(raw, spec);
    }
    case 'encode': {
      if (!Array.isArray(args) || args.length < 1 || args.length > 2)
        r.bad(`${fn} takes 1 or 2 arguments, got ${r.describe(args)}`);
      return encode(r, args, fn);
    }
    case 'bytes': {
      if (!Array.isArray(args) || args.length > 2) r.bad(`${fn} takes 0 to 2 arguments, got ${r.describe(args)}`);
      if (args.length === 0) return new Uint8Array(0);
      if (args.length === 1 && args[0] instanceof Uint8Array) return args[0].slice();
      return encode(r, args, fn);
    }
    case 'ndarray':
      return r.unsafe(`${fn} cannot be called directly; numpy pickles only pass it to _reconstruct`);
  }
}

/** codecs.encode(text, encoding): latin-1 is what numpy uses; UTF-8 is the default. */
function encode(r: Reporter, args: Item[], fn: string): Uint8Array {
  const text = strArg(r, args[0]!, `${fn}'s text`);
  const encoding = args.length > 1 ? strArg(r, args[1]!, `${fn}'s encoding`).toLowerCase().replace(/_/g, '-') : 'utf-8';
  if (['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(encoding))
    return encodeLatin1(r, text, `${fn}'s text`);
  if (encoding === 'utf-8' || encoding === 'utf8') {
    r.spend(text.length);
    return new TextEncoder().encode(text);
  }
  return r.bad(`${fn}: encoding ${quote(encoding)} is not supported (latin-1 or UTF-8)`);
}

/** BUILD: sets the state of an array or dtype the machine made; any other target is UNSAFE_PICKLE. */
export function buildState(r: Reporter, target: Item, state: Item): void {
  if (target instanceof PendingArray) {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
      r.bad(`an ndarray's state must be (version, shape, dtype, is_fortran, data), got ${r.describe(state)}`);
    }
    const s = state.length === 5 ? state.slice(1) : state;
    target.array = makeArray(r, {
      shape: shapeArg(r, s[0]!, "the array's shape"),
      dtype: dtypeArg(r, s[1]!, "the array's dtype"),
      fortran: flagArg(r, s[2]!, "the array's is_fortran"),
      raw: rawArg(r, s[3]!, "the array's data"),
    });
    return;
  }
  if (target instanceof DTypeSpec) {
    // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
    if (!Array.isArray(state) || state.length < 2)
      r.bad(`a numpy.dtype's state must be a tuple, got ${r.describe(state)}`);
    const order = strArg(r, state[1]!, "the dtype's byte order");
    if (state.length > 2 && state[2] !== null) r.badDtype('sub-array dtypes are not supported');
    if (state.length > 3 && state[3] !== null) r.badDtype('structured dtypes (with named fields) are not supported');
    if (order === '>') target.order = target.size === 1 ? '|' : '>';
    // '=' is the writer's native order; every platform numpy pickles come from is little-endian.
    else if (order === '<' || order === '=' || order === '|') target.order = target.size === 1 ? '|' : '<';
    else r.bad(`the dtype's byte order must be one of < > | =, got ${quote(order)}`);
    return;
  }
  r.unsafe(`refuses to set the state of ${r.describe(target)}: BUILD applies only to numpy arrays and dtypes`);
}
