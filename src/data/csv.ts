/**
 * Tables from CSV text: a header row, numeric feature columns and one label column, turned into the
 * train and test splits the Trainer takes, with the features standardized. Browser-safe; `loadCsv`
 * in the Node entry reads the file and calls `parseCsv`.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { CsvRecord } from './csv-records.js';
import { cellNumber, columnIndex, NUMBER, readColumns, readCsvTable, type CsvTable } from './csv-table.js';
import { toOneHot } from './prepare.js';
import { splitOptions, splitTrainTest, type LabeledSplits, type TrainTestOptions } from './split.js';
import { applyStandardization, fitStandardization, type Standardization } from './standardize.js';
import { checkKnownOptions, named } from '../validate.js';

/** What the label column holds: class names or numbers (classification) or numeric targets (regression). */
export type CsvTask = 'classification' | 'regression';

/** Options of `parseCsv` and `loadCsv`. */
export interface CsvOptions extends TrainTestOptions {
  /** The name of the label column, as written in the header (default: the last column). */
  label?: string;
  /** The feature columns to use, in this order (default: every column but the label); others are ignored. */
  features?: readonly string[];
  /** `'classification'` (default): the labels are classes; `'regression'`: they are numeric targets. */
  task?: CsvTask;
  /** The float type of x and of targets or one-hot rows (default float64, as `loadMnist`). */
  dtype?: FloatDType;
  /** Standardize the features with the training split's statistics (default true). */
  standardize?: boolean;
  /** Apply this standardization (a saved model's) instead of fitting one; overrides `standardize`. */
  standardization?: Standardization;
  /** The class names, in label order, instead of the sorted names found in the file (a saved model's). */
  classes?: readonly string[];
  /** One-hot label rows instead of int32 labels (default false); classification only. */
  oneHotLabel?: boolean;
  /** The name used in error messages (`loadCsv` passes the file path; default "CSV text"). */
  source?: string;
}

/** What `parseCsv` and `loadCsv` return: the splits plus the names a model keeps with it. */
export interface CsvSplits extends LabeledSplits {
  /** The names of the columns of x, in order: every column but the label, or those `features` chose. */
  featureNames: string[];
  /** The name of the label column. */
  labelName: string;
  /** Whether t holds class labels or regression targets. */
  task: CsvTask;
}

function labelIndex(table: CsvTable, label: string | undefined): number {
  return label === undefined ? table.names.length - 1 : columnIndex(table, label, 'parseCsv');
}

/** The feature columns: those named in `features`, in that order, or every column but the label. */
function featureColumns(table: CsvTable, label: number, features: readonly string[] | undefined): number[] {
  if (features === undefined) {
    const all = table.names.map((_, c) => c).filter((c) => c !== label);
    if (all.length === 0) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${table.source}: need at least one feature column besides the label column`,
      );
    }
    return all;
  }
  const columns = features.map((name) => columnIndex(table, name, 'parseCsv'));
  if (columns.includes(label)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `parseCsv: the label column "${table.names[label]}" cannot also be a feature`,
    );
  }
  return columns;
}

function labelCell(table: CsvTable, record: CsvRecord, column: number): string {
  const cell = (record.fields[column] ?? '').trim();
  if (cell === '') {
    throw new ScratchnetError(
      'BAD_FILE',
      `${table.source}: row ${record.row}, column "${table.names[column]}": the label is missing`,
    );
  }
  return cell;
}

/** Class names as found: numbers sorted by value (written as JS writes them), otherwise names in code-unit order. */
function foundClasses(cells: readonly string[]): string[] {
  if (cells.every((c) => NUMBER.test(c))) {
    return [...new Set(cells.map(Number))].sort((a, b) => a - b).map(String);
  }
  return [...new Set(cells)].sort();
}

function readClasses(table: CsvTable, label: number, given: readonly string[] | undefined) {
  const cells = table.rows.map((r) => labelCell(table, r, label));
  const classes = given === undefined ? foundClasses(cells) : [...given];
  const index = new Map(classes.map((name, i) => [name, i]));
  const labels = new Int32Array(cells.length);
  cells.forEach((cell, i) => {
    // "1.0" is class "1" when the classes are numbers.
    const k = index.get(cell) ?? (NUMBER.test(cell) ? index.get(String(Number(cell))) : undefined);
    if (k === undefined) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${table.source}: row ${table.rows[i]?.row}, column "${table.names[label]}": "${cell}" is not one of the classes ${classes.map((c) => `"${c}"`).join(', ')}`,
      );
    }
    labels[i] = k;
  });
  return { classes, labels };
}

function isNameList(list: unknown): boolean {
  return (
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((name) => typeof name === 'string') &&
    new Set(list).size === list.length
  );
}

function checkOptions(options: CsvOptions): void {
  const { task = 'classification', dtype = 'float64', classes } = options;
  if (task !== 'classification' && task !== 'regression') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `parseCsv: task must be 'classification' or 'regression', got ${JSON.stringify(task)}`,
    );
  }
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `parseCsv: dtype must be 'float64' or 'float32', got ${JSON.stringify(dtype)}`,
    );
  }
  if (classes !== undefined && !isNameList(classes)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsv: classes must be a non-empty list of distinct class names');
  }
  if (options.features !== undefined && !isNameList(options.features)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsv: features must be a non-empty list of distinct column names');
  }
  if (options.oneHotLabel === true && task === 'regression') {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsv: oneHotLabel applies to classification, not regression');
  }
}

function targets(table: CsvTable, label: number, options: CsvOptions): { t: NDArray; classes?: string[] } {
  const n = table.rows.length;
  const dtype = options.dtype ?? 'float64';
  if (options.task === 'regression') {
    const values = Float64Array.from(table.rows, (r) => cellNumber(table, r, label));
    return { t: new NDArray(values, [n, 1], 'float64').astype(dtype) };
  }
  const { classes, labels } = readClasses(table, label, options.classes);
  const t = new NDArray(labels, [n], 'int32');
  return { t: options.oneHotLabel === true ? toOneHot(t, classes.length, dtype) : t, classes };
}

function scaled(x: NDArray, fitted: Standardization | undefined, dtype: FloatDType): NDArray {
  return (fitted === undefined ? x : applyStandardization(x, fitted)).astype(dtype);
}

/** The option names `parseCsv` and `loadCsv` take. */
export const CSV_OPTIONS = [
  'label',
  'features',
  'task',
  'dtype',
  'standardize',
  'standardization',
  'classes',
  'oneHotLabel',
  'source',
  'testFraction',
  'seed',
] as const;

/**
 * Parses CSV `text` into train and test splits. The first row is the header; the label column
 * (`label`, default the last) gives t, every other column is a numeric feature of x (float64 of
 * shape (rows, features) unless `dtype`). Classification (the default) maps class names, sorted,
 * to int32 labels 0..k-1 kept as `classes`; numeric labels sort by value ("0", "1", "2"). With
 * `task: 'regression'` t holds the numeric targets, shape (rows, 1). Rows are split with a seeded
 * shuffle (`testFraction` 0.2, `seed` 0) and the features standardized with the training split's
 * mean and std (unless `standardize: false`), returned as `standardization`.
 * `features` picks the feature columns; `classes` and `standardization` reuse a trained model's.
 * Handles quoted fields, CRLF, a BOM and blank lines (see `parseCsvRecords`); cells are trimmed.
 * Throws ScratchnetError `BAD_FILE` naming the row (1-based, header = row 1) and the column of a
 * missing or non-numeric cell, and the row of a row with the wrong number of fields; `BAD_ARGUMENT`
 * naming the existing columns when `label` is not one of them.
 *
 * @example
 * const data = parseCsv('x1,x2,species\n1,2,cat\n3,4,dog\n5,6,cat\n', { testFraction: 0.3 });
 * data.classes; // ['cat', 'dog']
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvSplits {
  return named('parseCsv', () => {
    checkKnownOptions(options, CSV_OPTIONS, 'parseCsv');
    checkOptions(options);
    const table = readCsvTable(text, options.source ?? 'CSV text', 'parseCsv');
    const label = labelIndex(table, options.label);
    const columns = featureColumns(table, label, options.features);
    const featureNames = columns.map((c) => table.names[c] ?? '');
    const x = new NDArray(readColumns(table, columns), [table.rows.length, columns.length], 'float64');
    const { t, classes } = targets(table, label, options);
    const { train, test } = splitTrainTest({ x, t }, splitOptions(options), 'parseCsv');
    const fitted = options.standardization ?? (options.standardize === false ? undefined : fitStandardization(train.x));
    const dtype = options.dtype ?? 'float64';
    const out: CsvSplits = {
      train: { x: scaled(train.x, fitted, dtype), t: train.t },
      test: { x: scaled(test.x, fitted, dtype), t: test.t },
      featureNames,
      labelName: table.names[label] ?? '',
      task: options.task ?? 'classification',
    };
    if (classes !== undefined) out.classes = classes;
    if (fitted !== undefined) out.standardization = fitted;
    return out;
  });
}
