/**
 * The values of the pickle machine: what readPickle returns (the public types) and what only the
 * machine holds while it runs (tokens for allowed globals, numpy dtypes, arrays waiting for BUILD),
 * with the short English descriptions error messages use.
 */
import { NDArray } from '../../ndarray/ndarray.js';
import { formatShape } from '../../ndarray/shape.js';
import type { GlobalKind } from './allow-list.js';

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

/** An allowed import: a token standing for the function, which the machine implements itself. */
export class GlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly kind: GlobalKind,
  ) {}
}

/** A numpy dtype's kind letter: float, signed and unsigned integer, bool. */
export type NumpyKind = 'f' | 'i' | 'u' | 'b';

/** A numpy dtype as far as this reader needs it; BUILD may still change its byte order. */
export class DTypeSpec {
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
export class PendingArray {
  array: NDArray | null = null;
  constructor(readonly offset: number) {}
}

/** Anything on the machine's stack or in its memo. */
export type Item =
  | PickleKey
  | NDArray
  | Uint8Array
  | Item[]
  | Map<PickleKey, Item>
  | GlobalRef
  | DTypeSpec
  | PendingArray;

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A short English description of a value, for error messages ("a dict of 6 items"). */
export function describe(item: Item, isTuple: (list: Item[]) => boolean = Object.isFrozen): string {
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
