/**
 * Splitting CSV text into records (RFC 4180 with the usual leniencies): fields separated by commas,
 * quoted fields holding commas, line breaks and `""` escapes, LF, CRLF or CR line ends, an optional
 * byte-order mark. Browser-safe: text in, strings out.
 */
import { ScratchnetError } from '../errors.js';
import { checkString, named } from '../validate.js';

/** One record of a CSV text: its fields, unquoted, and the row a spreadsheet shows it on. */
export interface CsvRecord {
  /** The row number as a spreadsheet shows it: 1-based, the header is row 1, blank lines count. */
  row: number;
  /** The fields in column order, with quotes removed and `""` turned into `"`; not trimmed. */
  fields: string[];
}

const BOM = 0xfeff;
const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

function endsField(code: number): boolean {
  return code === COMMA || code === CR || code === LF || Number.isNaN(code);
}

/**
 * Reads the quoted field whose opening quote is at `start`; returns its value and the index just
 * past the closing quote. A quoted field must end right after its closing quote.
 */
function readQuoted(text: string, start: number, where: string): { value: string; end: number } {
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) throw new ScratchnetError('BAD_FILE', `${where}: a quoted field is never closed`);
    value += text.slice(from, close);
    if (text.charCodeAt(close + 1) === QUOTE) {
      value += '"';
      from = close + 2;
      continue;
    }
    if (!endsField(text.charCodeAt(close + 1))) {
      throw new ScratchnetError('BAD_FILE', `${where}: text after the closing quote of a quoted field`);
    }
    return { value, end: close + 1 };
  }
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && (fields[0] ?? '').trim() === '';
}

/**
 * Splits CSV `text` into records. Blank lines (anywhere, including at the end) are skipped but still
 * counted in the row numbers, as a spreadsheet counts them; a line break inside a quoted field does
 * not start a new row. `name` (a file name) goes into error messages. Throws ScratchnetError
 * `BAD_FILE` naming the row of a quoted field that is never closed or has text after its closing
 * quote.
 *
 * @example
 * parseCsvRecords('a,b\r\n"x, y",2\r\n'); // [{ row: 1, fields: ['a', 'b'] }, { row: 2, fields: ['x, y', '2'] }]
 */
export function parseCsvRecords(text: string, name = 'CSV text'): CsvRecord[] {
  return named('parseCsvRecords', () => {
    checkString(name, 'name', 'parseCsvRecords');
    checkString(text, 'text', 'parseCsvRecords');
    const records: CsvRecord[] = [];
    const n = text.length;
    let i = text.charCodeAt(0) === BOM ? 1 : 0;
    let row = 1;
    let fields: string[] = [];
    if (i >= n) return records;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const quoted = readQuoted(text, i, `${name}: row ${row}, column ${fields.length + 1}`);
        fields.push(quoted.value);
        i = quoted.end;
      } else {
        let j = i;
        while (!endsField(text.charCodeAt(j))) j++;
        fields.push(text.slice(i, j));
        i = j;
      }
      const code = text.charCodeAt(i);
      if (code === COMMA) {
        i++;
        continue;
      }
      if (!isBlank(fields)) records.push({ row, fields });
      fields = [];
      row++;
      i += code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      // A line break at the very end closes the last row rather than opening an empty one.
      if (i >= n) return records;
    }
  });
}
