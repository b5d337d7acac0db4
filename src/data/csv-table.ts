/**
 * A CSV text as a checked table (a header of distinct names, rows of the header's width) and its
 * numeric cells, shared by `parseCsv` and `parseCsvFeatures`. Browser-safe.
 */
import { ScratchnetError } from '../errors.js';
import { parseCsvRecords, type CsvRecord } from './csv-records.js';

/** A parsed CSV text: trimmed column names and the data rows below the header. */
export interface CsvTable {
  /** The column names of the header row, trimmed. */
  names: string[];
  /** The data rows below the header, each as wide as the header. */
  rows: CsvRecord[];
  /** The file name (or "CSV text") that error messages start with. */
  source: string;
}

/** A decimal number as people write them in tables: no hex, no Infinity or NaN. */
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses and checks `text`: a header row with each name once, at least one data row, every row as
 * wide as the header. `what` (the calling function) prefixes argument errors.
 */
export function readCsvTable(text: string, source: string, what: string): CsvTable {
  if (typeof text !== 'string') {
    throw new ScratchnetError('BAD_ARGUMENT', `${what}: text must be a string, got ${typeof text}`);
  }
  const [header, ...rows] = parseCsvRecords(text, source);
  if (header === undefined) throw new ScratchnetError('BAD_FILE', `${source}: no header row (the text is empty)`);
  const names = header.fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ScratchnetError('BAD_FILE', `${source}: the header names column "${name}" twice`);
    seen.add(name);
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

/** The index of column `name`; a name that is not in the header is an error listing those that are. */
export function columnIndex(table: CsvTable, name: string, what: string): number {
  const index = table.names.indexOf(name);
  if (index < 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${what}: ${table.source} has no column "${name}"; its columns are ${table.names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return index;
}

/** The number in one cell; a missing or non-numeric cell is an error naming its row and column. */
export function cellNumber(table: CsvTable, record: CsvRecord, column: number): number {
  const cell = (record.fields[column] ?? '').trim();
  if (NUMBER.test(cell)) return Number(cell);
  const where = `${table.source}: row ${record.row}, column "${table.names[column]}"`;
  if (cell === '') throw new ScratchnetError('BAD_FILE', `${where}: the value is missing`);
  throw new ScratchnetError('BAD_FILE', `${where}: "${cell}" is not a number`);
}

/** The given columns of every row, row-major: rows × columns.length numbers. */
export function readColumns(table: CsvTable, columns: readonly number[]): Float64Array {
  const out = new Float64Array(table.rows.length * columns.length);
  let k = 0;
  for (const record of table.rows) {
    for (const c of columns) out[k++] = cellNumber(table, record, c);
  }
  return out;
}
