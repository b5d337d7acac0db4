/**
 * The feature columns of a CSV text alone, in file order: the rows a trained model predicts on, with or
 * without a label column. Browser-safe; `loadCsvFeatures` in the Node entry reads the file.
 */
import { ScratchnetError } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { columnIndex, readColumns, readCsvTable } from './csv-table.js';
import { applyStandardization, type Standardization } from './standardize.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `parseCsvFeatures` and `loadCsvFeatures`. */
export interface CsvFeatureOptions {
  /** The feature columns, in the order the model takes them (default: every column); others are ignored. */
  features?: readonly string[];
  /** Apply this standardization (the model's) to the features. */
  standardization?: Standardization;
  /** The float type of x (default float64). */
  dtype?: FloatDType;
  /** The name used in error messages (`loadCsvFeatures` passes the file path; default "CSV text"). */
  source?: string;
}

/** What `parseCsvFeatures` returns: the feature rows in file order and where each came from. */
export interface CsvFeatures {
  /** The features, shape (rows, features), in file order, standardized when asked. */
  x: NDArray;
  /** The names of the columns of x, in order. */
  featureNames: string[];
  /** The row of each sample as a spreadsheet shows it (header = row 1), to report predictions by row. */
  rows: number[];
}

function checkOptions(options: CsvFeatureOptions): void {
  const { features, dtype = 'float64', standardization } = options;
  if (features !== undefined && (!Array.isArray(features) || features.length === 0)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsvFeatures: features must be a non-empty list of column names');
  }
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `parseCsvFeatures: dtype must be 'float64' or 'float32', got ${JSON.stringify(dtype)}`,
    );
  }
  const count = standardization?.mean?.length;
  if (features !== undefined && count !== undefined && count !== features.length) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `parseCsvFeatures: ${features.length} features but the standardization has ${count} columns`,
    );
  }
}

/**
 * Reads the feature columns of CSV `text` (the rules of `parseCsv`: header row, quoted fields, CRLF,
 * BOM, blank lines) without shuffling or splitting: x has one row per data row, in file order. With
 * `features` (a model's feature names) those columns are taken in that order and the rest, a label
 * column included, ignored; otherwise every column is a feature. `standardization` is applied when
 * given. Throws ScratchnetError `BAD_ARGUMENT` naming the existing columns when a feature column is
 * missing, and `BAD_FILE` naming the row and column of a missing or non-numeric cell.
 *
 * @example
 * const { x, rows } = parseCsvFeatures(text, { features: model.featureNames, standardization: model.standardization });
 */
export function parseCsvFeatures(text: string, options: CsvFeatureOptions = {}): CsvFeatures {
  return named('parseCsvFeatures', () => {
    checkKnownOptions(options, ['features', 'standardization', 'dtype', 'source'], 'parseCsvFeatures');
    checkOptions(options);
    const table = readCsvTable(text, options.source ?? 'CSV text', 'parseCsvFeatures');
    const columns =
      options.features === undefined
        ? table.names.map((_, c) => c)
        : options.features.map((name) => columnIndex(table, name, 'parseCsvFeatures'));
    const raw = new NDArray(readColumns(table, columns), [table.rows.length, columns.length], 'float64');
    const x = options.standardization === undefined ? raw : applyStandardization(raw, options.standardization);
    return {
      x: x.astype(options.dtype ?? 'float64'),
      featureNames: columns.map((c) => table.names[c] ?? ''),
      rows: table.rows.map((r) => r.row),
    };
  });
}
