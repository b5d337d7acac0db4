// Splitting CSV text into records: quotes, escapes, line ends, a BOM, blank lines and row numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRecords } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const fieldsOf = (text: string): string[][] => parseCsvRecords(text).map((r) => r.fields);

const CASES: { name: string; text: string; fields: string[][] }[] = [
  {
    name: 'plain LF',
    text: 'a,b\n1,2\n',
    fields: [
      ['a', 'b'],
      ['1', '2'],
    ],
  },
  {
    name: 'CRLF',
    text: 'a,b\r\n1,2\r\n',
    fields: [
      ['a', 'b'],
      ['1', '2'],
    ],
  },
  {
    name: 'no final line break',
    text: 'a,b\n1,2',
    fields: [
      ['a', 'b'],
      ['1', '2'],
    ],
  },
  {
    name: 'a BOM before the header',
    text: '\uFEFFa,b\n1,2\n',
    fields: [
      ['a', 'b'],
      ['1', '2'],
    ],
  },
  {
    name: 'a comma inside quotes',
    text: 'a,b\n"x, y",2\n',
    fields: [
      ['a', 'b'],
      ['x, y', '2'],
    ],
  },
  { name: 'doubled quotes are one quote', text: 'a\n"say ""hi"""\n', fields: [['a'], ['say "hi"']] },
  {
    name: 'a line break inside quotes',
    text: 'a,b\n"two\r\nlines",2\n',
    fields: [
      ['a', 'b'],
      ['two\r\nlines', '2'],
    ],
  },
  {
    name: 'empty quoted field',
    text: 'a,b\n"",2\n',
    fields: [
      ['a', 'b'],
      ['', '2'],
    ],
  },
  {
    name: 'empty fields kept',
    text: 'a,b,c\n,,\n1,,3\n',
    fields: [
      ['a', 'b', 'c'],
      ['', '', ''],
      ['1', '', '3'],
    ],
  },
  {
    name: 'a trailing comma ends an empty field',
    text: 'a,b\n1,',
    fields: [
      ['a', 'b'],
      ['1', ''],
    ],
  },
  {
    name: 'blank lines at the end',
    text: 'a,b\n1,2\n\n\r\n  \n',
    fields: [
      ['a', 'b'],
      ['1', '2'],
    ],
  },
  { name: 'empty text', text: '', fields: [] },
];

for (const c of CASES) {
  test(`parseCsvRecords: ${c.name}`, () => {
    assert.deepEqual(fieldsOf(c.text), c.fields);
  });
}

test('parseCsvRecords numbers rows as a spreadsheet: header 1, blank lines counted, quoted breaks not', () => {
  const rows = parseCsvRecords('a,b\n1,"x\ny"\n\n3,4\n').map((r) => r.row);
  assert.deepEqual(rows, [1, 2, 4]);
});

test('parseCsvRecords rejects an unclosed quote, naming the row and column', () => {
  throwsWith(
    () => parseCsvRecords('a,b\n1,2\n3,"open\n', 'data.csv'),
    'BAD_FILE',
    /data\.csv/,
    /row 3, column 2/,
    /never closed/,
  );
});

test('parseCsvRecords rejects text after a closing quote, naming the row and column', () => {
  throwsWith(() => parseCsvRecords('a,b\n"x"y,2\n'), 'BAD_FILE', /row 2, column 1/, /after the closing quote/);
});
