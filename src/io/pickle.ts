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
 *
 * The parts live in `pickle/`: the allow-list, the opcode table, the machine, the re-implemented
 * numpy functions, numpy element decoding, text decoding and the value types.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Machine } from './pickle/machine.js';
import { quote } from './pickle/text.js';
import { describe, type PickleValue } from './pickle/values.js';
import { checkBytes, checkString, named } from '../validate.js';

export type { PickleDict, PickleKey, PickleValue } from './pickle/values.js';

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
  return named('readPickle', () => {
    checkString(name, 'name', 'readPickle');
    checkBytes(bytes, 'bytes', 'readPickle');
    // A Node Buffer's subarray is a Buffer whose slice() is a view: work on a plain Uint8Array.
    const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const machine = new Machine(input, name);
    return machine.finish(machine.run());
  });
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
  return named('loadPickleArrays', () => {
    checkString(name, 'name', 'loadPickleArrays');
    const value = readPickle(bytes, name);
    if (!(value instanceof Map)) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${name}: expected a pickled dict of str -> numpy array, but the pickle holds ${describe(value)}`,
      );
    }
    const out: Record<string, NDArray> = {};
    for (const [key, array] of value) {
      if (typeof key !== 'string') {
        throw new ScratchnetError(
          'BAD_FILE',
          `${name}: expected a dict of str -> numpy array, but it has the key ${describe(key)}`,
        );
      }
      if (!(array instanceof NDArray)) {
        throw new ScratchnetError(
          'BAD_FILE',
          `${name}: expected a dict of str -> numpy array, but ${quote(key)} holds ${describe(array)}`,
        );
      }
      // defineProperty, so that a key named "__proto__" becomes an entry rather than a prototype.
      Object.defineProperty(out, key, { value: array, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}
