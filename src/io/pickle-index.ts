/** The safe Python pickle reader (browser-safe: bytes in, arrays out). */
export { readPickle, loadPickleArrays, type PickleValue, type PickleKey, type PickleDict } from './pickle.js';
