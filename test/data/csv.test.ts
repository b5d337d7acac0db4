// Tables from CSV text: labels and classes, regression targets, splits, standardization and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, type CsvOptions, type NDArray } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

/** A table of n rows: a = i, b = 10 i, and the class "odd"/"even" of i, in the last column. */
function parityTable(n: number): string {
  const rows = ['a,b,parity'];
  for (let i = 0; i < n; i++) rows.push(`${i},${10 * i},${i % 2 === 0 ? 'even' : 'odd'}`);
  return `${rows.join('\n')}\n`;
}

/** Column c of a table (rows, features) as plain numbers. */
function column(x: NDArray, c = 0): number[] {
  const cols = x.shape[1] ?? 1;
  return Array.from({ length: x.shape[0] ?? 0 }, (_, r) => x.data[r * cols + c] as number);
}

const noSplit: CsvOptions = { testFraction: 0, standardize: false };

test('parseCsv: class names sorted and kept as classes, the last column is the label by default', () => {
  const data = parseCsv('x,species\n1,zebra\n2,ant\n3,moth\n4,ant\n', noSplit);
  assert.deepEqual(data.classes, ['ant', 'moth', 'zebra']);
  assert.deepEqual(data.featureNames, ['x']);
  assert.equal(data.labelName, 'species');
  assert.equal(data.task, 'classification');
  assert.equal(data.train.t.dtype, 'int32');
  // Rows are shuffled by the split, so compare label and feature pairs.
  const pairs = column(data.train.x).map((v, i) => [v, data.train.t.data[i] as number]);
  assert.deepEqual(
    pairs.sort((p, q) => (p[0] ?? 0) - (q[0] ?? 0)),
    [
      [1, 2],
      [2, 0],
      [3, 1],
      [4, 0],
    ],
  );
});

test('parseCsv: label picks any column; the others stay features in file order', () => {
  const data = parseCsv('k,x,y\ncat,1,2\ndog,3,4\n', { ...noSplit, label: 'k' });
  assert.deepEqual(data.featureNames, ['x', 'y']);
  assert.deepEqual(data.classes, ['cat', 'dog']);
  const sum = data.train.x.sum() as number;
  assert.equal(sum, 10);
});

test('parseCsv: numeric labels are classes sorted by value, written as numbers ("1.0" is "1")', () => {
  const data = parseCsv('x,y\n1,10\n2,2\n3,1.0\n4,2\n', noSplit);
  assert.deepEqual(data.classes, ['1', '2', '10']);
  const byX = new Map(column(data.train.x).map((v, i) => [v, data.train.t.data[i]]));
  assert.deepEqual([byX.get(1), byX.get(2), byX.get(3), byX.get(4)], [2, 1, 0, 1]);
});

test('parseCsv: a given classes list fixes the label order; an unknown label names its row', () => {
  const data = parseCsv('x,y\n1,b\n2,b\n', { ...noSplit, classes: ['a', 'b', 'c'] });
  assert.deepEqual(data.classes, ['a', 'b', 'c']);
  assert.deepEqual([...data.train.t.data], [1, 1]);
  throwsWith(() => parseCsv('x,y\n1,b\n2,z\n', { ...noSplit, classes: ['a', 'b'] }), 'BAD_FILE', /row 3/, /"y"/, /"z"/);
});

test('parseCsv: oneHotLabel gives rows of the class count in dtype', () => {
  const data = parseCsv('x,y\n1,a\n2,b\n3,c\n', { ...noSplit, oneHotLabel: true, dtype: 'float32' });
  assert.deepEqual(data.train.t.shape, [3, 3]);
  assert.equal(data.train.t.dtype, 'float32');
  assert.equal(data.train.t.sum(), 3);
});

test('parseCsv: regression gives float targets of shape (n, 1) and no classes', () => {
  const data = parseCsv('x,y\n1,0.5\n2,-1.25e1\n', { ...noSplit, task: 'regression' });
  assert.equal(data.task, 'regression');
  assert.equal(data.classes, undefined);
  assert.deepEqual(data.train.t.shape, [2, 1]);
  assert.equal(data.train.t.dtype, 'float64');
  assert.deepEqual(
    [...data.train.t.data].sort((a, b) => a - b),
    [-12.5, 0.5],
  );
});

test('parseCsv: quoted cells, CRLF, a BOM, spaces around numbers and blank lines at the end', () => {
  const data = parseCsv('\uFEFF"x","the label"\r\n" 1.5 ","a, b"\r\n2,"c"\r\n\r\n\r\n', {
    ...noSplit,
    label: 'the label',
  });
  assert.deepEqual(data.classes, ['a, b', 'c']);
  assert.deepEqual([...data.train.x.data].sort(), [1.5, 2]);
});

test('parseCsv: x is float64 of shape (rows, features), or float32 with dtype', () => {
  assert.equal(parseCsv(parityTable(10), noSplit).train.x.dtype, 'float64');
  const data = parseCsv(parityTable(10), { ...noSplit, dtype: 'float32' });
  assert.equal(data.train.x.dtype, 'float32');
  assert.deepEqual(data.train.x.shape, [10, 2]);
});

test('parseCsv: testFraction holds out round(n * f) rows, 0.2 by default, the same rows for the same seed', () => {
  const a = parseCsv(parityTable(50), { seed: 3, standardize: false });
  assert.equal(a.train.x.shape[0], 40);
  assert.equal(a.test.x.shape[0], 10);
  const b = parseCsv(parityTable(50), { seed: 3, standardize: false });
  assert.deepEqual(b.test.x.toArray(), a.test.x.toArray());
  const c = parseCsv(parityTable(50), { seed: 4, standardize: false });
  assert.notDeepEqual(c.test.x.toArray(), a.test.x.toArray());
  const d = parseCsv(parityTable(50), { testFraction: 0.3, standardize: false });
  assert.equal(d.test.x.shape[0], 15);
  // Every row lands in exactly one split.
  const all = [...column(a.train.x), ...column(a.test.x)];
  assert.deepEqual(
    all.sort((p, q) => p - q),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('parseCsv: standardization by default, with the training rows only, applied to the test rows', () => {
  const data = parseCsv(parityTable(40), { seed: 1 });
  const s = data.standardization;
  assert.ok(s !== undefined);
  const trainA = column(data.train.x);
  const mean = trainA.reduce((p, v) => p + v, 0) / trainA.length;
  // The stored statistics are the raw training column's, not the whole file's (mean 19.5).
  const raw = parseCsv(parityTable(40), { seed: 1, standardize: false });
  const rawA = column(raw.train.x);
  const rawMean = rawA.reduce((p, v) => p + v, 0) / rawA.length;
  assert.ok(Math.abs((s.mean[0] as number) - rawMean) < 1e-12);
  assert.notEqual(s.mean[0], 19.5);
  assert.ok(Math.abs(mean) < 1e-12);
  const rawStd = Math.sqrt(rawA.reduce((p, v) => p + (v - rawMean) ** 2, 0) / rawA.length);
  assert.ok(Math.abs((s.std[0] as number) - rawStd) < 1e-12);
  const rawTest = column(raw.test.x);
  const test0 = column(data.test.x);
  test0.forEach((v, i) => assert.ok(Math.abs(v - ((rawTest[i] as number) - rawMean) / rawStd) < 1e-12));
});

test('parseCsv: standardize false leaves the values alone and returns no standardization', () => {
  const data = parseCsv(parityTable(10), noSplit);
  assert.equal(data.standardization, undefined);
  assert.equal(data.train.x.sum(), 45 + 450);
});

test('parseCsv: a given standardization is applied instead of fitting one', () => {
  const data = parseCsv('a,b,y\n1,10,p\n3,30,q\n', { ...noSplit, standardization: { mean: [1, 10], std: [2, 10] } });
  assert.deepEqual(data.standardization, { mean: [1, 10], std: [2, 10] });
  assert.deepEqual([...data.train.x.data].sort(), [0, 0, 1, 2].sort());
});

const ERRORS: { name: string; text: string; options?: CsvOptions; code: string; patterns: RegExp[] }[] = [
  {
    name: 'a missing cell names its row and column',
    text: 'a,b,y\n1,2,p\n3,,q\n',
    code: 'BAD_FILE',
    patterns: [/row 3, column "b"/, /missing/],
  },
  {
    name: 'a non-numeric cell names its row, column and value',
    text: 'a,b,y\n1,2,p\n3,4,q\n5,five,p\n',
    code: 'BAD_FILE',
    patterns: [/row 4, column "b"/, /"five" is not a number/],
  },
  {
    name: 'row numbers count blank lines, as a spreadsheet does',
    text: 'a,y\n1,p\n\n2,q\nx,p\n',
    code: 'BAD_FILE',
    patterns: [/row 5, column "a"/],
  },
  {
    name: 'Infinity is not a number',
    text: 'a,y\nInfinity,p\n',
    code: 'BAD_FILE',
    patterns: [/row 2/, /not a number/],
  },
  { name: 'hex is not a number', text: 'a,y\n0x10,p\n', code: 'BAD_FILE', patterns: [/row 2/, /not a number/] },
  {
    name: 'a missing label names its row',
    text: 'a,y\n1,p\n2,\n',
    code: 'BAD_FILE',
    patterns: [/row 3, column "y"/, /label is missing/],
  },
  {
    name: 'a regression target that is not a number',
    text: 'a,y\n1,0.5\n2,high\n',
    options: { task: 'regression' },
    code: 'BAD_FILE',
    patterns: [/row 3, column "y"/, /"high"/],
  },
  {
    name: 'an unknown label column names the columns that exist',
    text: 'a,b,y\n1,2,p\n',
    options: { label: 'species' },
    code: 'BAD_ARGUMENT',
    patterns: [/no column "species"/, /"a", "b", "y"/],
  },
  {
    name: 'a ragged row names its row',
    text: 'a,b,y\n1,2,p\n3,4\n',
    code: 'BAD_FILE',
    patterns: [/row 3 has 2 fields/, /3 columns/],
  },
  { name: 'an empty text', text: '', code: 'BAD_FILE', patterns: [/no header/] },
  { name: 'a header without rows', text: 'a,y\n', code: 'BAD_FILE', patterns: [/no data rows/] },
  { name: 'a single column', text: 'y\np\n', code: 'BAD_FILE', patterns: [/at least one feature column/] },
  { name: 'a duplicate column name', text: 'a,a,y\n1,2,p\n', code: 'BAD_FILE', patterns: [/"a" twice/] },
  {
    name: 'the file name when given as source',
    text: 'a,y\n?,p\n',
    options: { source: 'plants.csv' },
    code: 'BAD_FILE',
    patterns: [/^(?:\w+: )?plants\.csv: row 2/],
  },
  {
    name: 'an unknown task',
    text: 'a,y\n1,p\n',
    options: { task: 'ranking' as never },
    code: 'BAD_ARGUMENT',
    patterns: [/task/],
  },
  {
    name: 'an unknown dtype',
    text: 'a,y\n1,p\n',
    options: { dtype: 'int8' as never },
    code: 'BAD_DTYPE',
    patterns: [/dtype/],
  },
  {
    name: 'a testFraction of 1',
    text: 'a,y\n1,p\n2,q\n',
    options: { testFraction: 1 },
    code: 'BAD_ARGUMENT',
    patterns: [/testFraction must be a number in \[0, 1\)/],
  },
  {
    name: 'a testFraction that leaves nothing to train on',
    text: 'a,y\n1,p\n',
    options: { testFraction: 0.5 },
    code: 'BAD_ARGUMENT',
    patterns: [/none to train on/],
  },
  {
    name: 'duplicate class names',
    text: 'a,y\n1,p\n',
    options: { classes: ['p', 'p'] },
    code: 'BAD_ARGUMENT',
    patterns: [/distinct/],
  },
  {
    name: 'oneHotLabel with regression',
    text: 'a,y\n1,2\n',
    options: { task: 'regression', oneHotLabel: true },
    code: 'BAD_ARGUMENT',
    patterns: [/oneHotLabel/],
  },
];

for (const e of ERRORS) {
  test(`parseCsv refuses ${e.name}`, () => {
    throwsWith(() => parseCsv(e.text, { testFraction: 0, ...e.options }), e.code, ...e.patterns);
  });
}

test('parseCsv refuses a text that is not a string', () => {
  throwsWith(() => parseCsv(42 as never), 'BAD_ARGUMENT', /text must be a string/);
});
