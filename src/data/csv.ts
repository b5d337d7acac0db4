/**
 * Tables from CSV text: a header row, numeric feature columns and one label column, turned into the
 * train and test splits the Trainer takes, with the features standardized. Browser-safe; `loadCsv`
 * in the Node entry reads the file and calls `parseCsv`.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { parseCsvRecords, type CsvRecord } from './csv-records.js';
import { toOneHot } from './prepare.js';
import { splitTrainTest, type LabeledSplits, type TrainTestOptions } from './split.js';
import { applyStandardization, fitStandardization, type Standardization } from './standardize.js';

/** What the label column holds: class names or numbers (classification) or numeric targets (regression). */
export type CsvTask = 'classification' | 'regression';

/** Options of `parseCsv` and `loadCsv`. */
export interface CsvOptions extends TrainTestOptions {
  /** The name of the label column, as written in the header (default: the last column). */
  label?: string;
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
  /** The feature columns of x, in order: every column except the label. */
  featureNames: string[];
  /** The name of the label column. */
  labelName: string;
  /** Whether t holds class labels or regression targets. */
  task: CsvTask;
}

interface Table {
  names: string[];
  rows: CsvRecord[];
  source: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function readTable(text: string, source: string): Table {
  if (typeof text !== 'string') {
    throw new ScratchnetError('BAD_ARGUMENT', `parseCsv: text must be a string, got ${typeof text}`);
  }
  const [header, ...rows] = parseCsvRecords(text, source);
  if (header === undefined) throw new ScratchnetError('BAD_FILE', `${source}: no header row (the text is empty)`);
  const names = header.fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ScratchnetError('BAD_FILE', `${source}: the header names column "${name}" twice`);
    seen.add(name);
  }
  if (names.length < 2) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${source}: need at least one feature column and a label column, got ${names.length} column`,
    );
  }
  if (rows.length === 0) throw new ScratchnetError('BAD_FILE', `${source}: no data rows below the header`);
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      throw new ScratchnetError(
        'BAD_FILE',
        `${source}: row ${r.row} has ${r.fields.length} fields, but the header has ${names.length} columns`,
      );
    }
  }
  return { names, rows, source };
}

function labelIndex(table: Table, label: string | undefined): number {
  if (label === undefined) return table.names.length - 1;
  const index = table.names.indexOf(label);
  if (index < 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `parseCsv: ${table.source} has no column "${label}"; its columns are ${table.names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return index;
}

function cellNumber(table: Table, record: CsvRecord, column: number): number {
  const cell = (record.fields[column] ?? '').trim();
  const where = `${table.source}: row ${record.row}, column "${table.names[column]}"`;
  if (cell === '') throw new ScratchnetError('BAD_FILE', `${where}: the value is missing`);
  if (!NUMBER.test(cell)) throw new ScratchnetError('BAD_FILE', `${where}: "${cell}" is not a number`);
  return Number(cell);
}

function readFeatures(table: Table, label: number): Float64Array {
  const cols = table.names.length;
  const out = new Float64Array(table.rows.length * (cols - 1));
  let k = 0;
  for (const record of table.rows) {
    for (let c = 0; c < cols; c++) if (c !== label) out[k++] = cellNumber(table, record, c);
  }
  return out;
}

function labelCell(table: Table, record: CsvRecord, column: number): string {
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

function readClasses(table: Table, label: number, given: readonly string[] | undefined) {
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
  if (
    classes !== undefined &&
    (!Array.isArray(classes) || classes.length === 0 || new Set(classes).size !== classes.length)
  ) {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsv: classes must be a non-empty list of distinct class names');
  }
  if (options.oneHotLabel === true && task === 'regression') {
    throw new ScratchnetError('BAD_ARGUMENT', 'parseCsv: oneHotLabel applies to classification, not regression');
  }
}

function targets(table: Table, label: number, options: CsvOptions): { t: NDArray; classes?: string[] } {
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

/**
 * Parses CSV `text` into train and test splits. The first row is the header; the label column
 * (`label`, default the last) gives t, every other column is a numeric feature of x (float64 of
 * shape (rows, features) unless `dtype`). Classification (the default) maps class names, sorted,
 * to int32 labels 0..k-1 kept as `classes`; numeric labels sort by value ("0", "1", "2"). With
 * `task: 'regression'` t holds the numeric targets, shape (rows, 1). Rows are split with a seeded
 * shuffle (`testFraction` 0.2, `seed` 0) and the features standardized with the training split's
 * mean and std (unless `standardize: false`), returned as `standardization`.
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
  checkOptions(options);
  const table = readTable(text, options.source ?? 'CSV text');
  const label = labelIndex(table, options.label);
  const featureNames = table.names.filter((_, c) => c !== label);
  const x = new NDArray(readFeatures(table, label), [table.rows.length, featureNames.length], 'float64');
  const { t, classes } = targets(table, label, options);
  const { train, test } = splitTrainTest({ x, t }, options, 'parseCsv');
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
}
