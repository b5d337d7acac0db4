/**
 * Your own data from disk (Node only): CSV tables and numpy .npz archives, as the train and test
 * splits the Trainer takes.
 */
import { ScratchnetError } from '../errors.js';
import { readFileBytes } from '../io/atomic.js';
import { decodeNpzMembers, type NpzMember } from '../io/npz.js';
import { MAX_TEXT_FILE_BYTES, readRegularFile } from '../io/read-file.js';
import { checkDecodeZipOptions } from '../io/zip.js';
import { inflateRawCapped } from '../io/zlib-node.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { parseCsvFeatures, type CsvFeatureOptions, type CsvFeatures } from './csv-features.js';
import { CSV_OPTIONS, parseCsv, type CsvOptions, type CsvSplits } from './csv.js';
import { normalizeImages } from './prepare.js';
import { splitOptions, splitTrainTest, type LabeledSplits, type TrainTestOptions } from './split.js';
import { applyStandardization, fitStandardization } from './standardize.js';
import type { Dataset } from './types.js';
import { checkKnownOptions, named } from '../validate.js';

/**
 * Loads a CSV table (see `parseCsv` for the rules and options). `pathOrText` is read as CSV text
 * when it contains a line break, otherwise as the path of a UTF-8 file, which error messages then
 * name. Throws ScratchnetError `BAD_FILE` naming the path when the file cannot be read.
 *
 * @example
 * const data = loadCsv('examples/data/iris.csv', { label: 'species', testFraction: 0.2, seed: 1 });
 * data.classes; // ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']
 */
export function loadCsv(pathOrText: string, options: CsvOptions = {}): CsvSplits {
  return named('loadCsv', () => {
    checkKnownOptions(options, CSV_OPTIONS, 'loadCsv');
    const csv = csvText(pathOrText, 'loadCsv');
    return parseCsv(csv.text, csv.path === undefined ? options : { source: csv.path, ...options });
  });
}

/**
 * Loads the feature columns of a CSV table in file order, for prediction (see `parseCsvFeatures`);
 * `pathOrText` is read as `loadCsv` reads it. Throws ScratchnetError `BAD_FILE` naming the path when
 * the file cannot be read.
 *
 * @example
 * const { x, rows } = loadCsvFeatures('new-flowers.csv', { features: ['sepal_length', 'sepal_width'] });
 */
export function loadCsvFeatures(pathOrText: string, options: CsvFeatureOptions = {}): CsvFeatures {
  return named('loadCsvFeatures', () => {
    checkKnownOptions(options, ['features', 'standardization', 'dtype', 'source'], 'loadCsvFeatures');
    const csv = csvText(pathOrText, 'loadCsvFeatures');
    return parseCsvFeatures(csv.text, csv.path === undefined ? options : { source: csv.path, ...options });
  });
}

/** CSV text as given (it has a line break), or read from the file it names. */
function csvText(pathOrText: string, what: string): { text: string; path?: string } {
  if (typeof pathOrText !== 'string') {
    throw new ScratchnetError('BAD_ARGUMENT', `${what}: pathOrText must be a string, got ${typeof pathOrText}`);
  }
  if (/[\r\n]/.test(pathOrText)) return { text: pathOrText };
  const bytes = readRegularFile(pathOrText, { what: 'CSV file', maxBytes: MAX_TEXT_FILE_BYTES });
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), path: pathOrText };
}

/** Options of `loadNpzDataset`. */
export interface NpzDatasetOptions extends TrainTestOptions {
  /** The float type of x and of float targets (default float64, as `loadMnist`). */
  dtype?: FloatDType;
  /** Standardize x, as a table (rows, features), with the training split's statistics (default false). */
  standardize?: boolean;
  /** The most bytes the archive may inflate to (see `loadNpz`; default 64 MiB + 100 × the file's size). */
  maxInflatedBytes?: number;
}

function member(arrays: Record<string, NpzMember>, key: string, path: string): NpzMember {
  const array = arrays[key];
  if (array === undefined) {
    const keys = Object.keys(arrays);
    throw new ScratchnetError(
      'BAD_FILE',
      `${path}: no array "${key}"; it holds ${keys.length === 0 ? 'no arrays' : keys.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  return array;
}

/** Stored types that hold integers: numpy's int64 reads as float64, but its values are still labels. */
const INTEGER_KINDS = new Set(['i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1']);

/**
 * Integer labels as int32, whatever integer type stored them (numpy saves int64 by default); a value
 * that no int32 holds is no class index, and is refused naming the label.
 */
function integerLabels(t: NDArray, where: string): NDArray {
  if (t.dtype !== 'float64') return t.astype('int32');
  const data = t.data;
  const labels = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== (v | 0)) {
      throw new ScratchnetError('BAD_FILE', `${where}: label ${i} is ${v}, beyond int32: not a class index`);
    }
    labels[i] = v;
  }
  return new NDArray(labels, t.shape, 'int32');
}

/**
 * x as floats (uint8 pixels divided by 255, as loadMnist does), t as int32 labels when an integer
 * type stored it, as floats (`dtype`) otherwise.
 */
function asDataset(xMember: NpzMember, tMember: NpzMember, dtype: FloatDType, where: string): Dataset {
  const x = xMember.array;
  const t = tMember.array;
  if (x.ndim === 0 || t.ndim === 0 || x.shape[0] !== t.shape[0]) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${where}: x and t need the same number of samples along axis 0, got x ${formatShape(x.shape)} and t ${formatShape(t.shape)}`,
    );
  }
  const floats = x.dtype === 'uint8' ? normalizeImages(x, dtype) : x.astype(dtype);
  const labels = INTEGER_KINDS.has(tMember.kind) ? integerLabels(t, where) : t.astype(dtype);
  return { x: floats, t: labels };
}

function testPart(arrays: Record<string, NpzMember>, path: string, dtype: FloatDType): Dataset | undefined {
  const hasX = Object.hasOwn(arrays, 'x_test');
  const hasT = Object.hasOwn(arrays, 't_test');
  if (hasX !== hasT) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${path}: has "${hasX ? 'x_test' : 't_test'}" but not "${hasX ? 't_test' : 'x_test'}"`,
    );
  }
  if (!hasX) return undefined;
  return asDataset(member(arrays, 'x_test', path), member(arrays, 't_test', path), dtype, `${path} (x_test, t_test)`);
}

/**
 * Loads a dataset from a numpy .npz archive (stored or compressed) holding `x` (samples along axis
 * 0) and `t` (labels or targets), and optionally `x_test` and `t_test`. A test part in the file is
 * kept as the test split; otherwise one is held out with a seeded shuffle (`testFraction` 0.2,
 * `seed` 0). x becomes float64 (or `dtype`), uint8 pixels divided by 255 as `loadMnist` does; t
 * becomes int32 labels when stored as integers (numpy's default int64 included), or stays float (as
 * `dtype`) when stored as floats (regression targets, one-hot rows). `standardize: true` standardizes a 2-D x with the training split's statistics.
 * Throws ScratchnetError `BAD_FILE` naming the path for an unreadable archive, a missing `x` or `t`
 * (listing the arrays it holds), `x_test` without `t_test` or the reverse, or counts that differ.
 *
 * @example
 * // np.savez('data.npz', x=x, t=t, x_test=x_test, t_test=t_test)
 * const { train, test } = loadNpzDataset('data.npz');
 */
export function loadNpzDataset(path: string, options: NpzDatasetOptions = {}): LabeledSplits {
  return named('loadNpzDataset', () => {
    checkKnownOptions(options, ['dtype', 'standardize', 'testFraction', 'seed', 'maxInflatedBytes'], 'loadNpzDataset');
    const { dtype = 'float64', standardize = false } = options;
    if (dtype !== 'float64' && dtype !== 'float32') {
      throw new ScratchnetError(
        'BAD_DTYPE',
        `loadNpzDataset: dtype must be 'float64' or 'float32', got ${JSON.stringify(dtype)}`,
      );
    }
    const inflate = options.maxInflatedBytes === undefined ? {} : { maxInflatedBytes: options.maxInflatedBytes };
    checkDecodeZipOptions(inflate, 'loadNpzDataset');
    const arrays = decodeNpzMembers(readFileBytes(path, '.npz'), path, inflateRawCapped, inflate);
    const all = asDataset(member(arrays, 'x', path), member(arrays, 't', path), dtype, `${path} (x, t)`);
    const test = testPart(arrays, path, dtype);
    if (test !== undefined && formatShape(test.x.shape.slice(1)) !== formatShape(all.x.shape.slice(1))) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${path}: x_test has samples of shape ${formatShape(test.x.shape.slice(1))} but x has ${formatShape(all.x.shape.slice(1))}`,
      );
    }
    const splits =
      test === undefined ? splitTrainTest(all, splitOptions(options), 'loadNpzDataset') : { train: all, test };
    if (!standardize) return splits;
    if (all.x.ndim !== 2) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `loadNpzDataset: standardize needs x as a table (rows, features), got shape ${formatShape(all.x.shape)}`,
      );
    }
    const standardization = fitStandardization(splits.train.x);
    return {
      train: { x: applyStandardization(splits.train.x, standardization), t: splits.train.t },
      test: { x: applyStandardization(splits.test.x, standardization), t: splits.test.t },
      standardization,
    };
  });
}
