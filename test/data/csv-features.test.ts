// Feature rows for prediction: file order, chosen columns, a label column ignored, the model's scaling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, parseCsvFeatures } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

const TEXT = 'b,label,a\n2,x,1\n\n4,y,3\n6,x,5\n';

test('parseCsvFeatures keeps file order and reports each row as a spreadsheet numbers it', () => {
  const { x, featureNames, rows } = parseCsvFeatures('a,b\n1,2\n3,4\n\n5,6\n');
  assert.deepEqual(x.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(featureNames, ['a', 'b']);
  assert.deepEqual(rows, [2, 3, 5]);
  assert.equal(x.dtype, 'float64');
});

test('parseCsvFeatures takes the named columns in the given order and ignores the label column', () => {
  const { x, featureNames } = parseCsvFeatures(TEXT, { features: ['a', 'b'], dtype: 'float32' });
  assert.deepEqual(featureNames, ['a', 'b']);
  assert.equal(x.dtype, 'float32');
  assert.deepEqual(x.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
});

test('parseCsvFeatures applies a standardization, as parseCsv fitted it', () => {
  const fitted = parseCsv(TEXT, { label: 'label', features: ['a', 'b'], testFraction: 0 });
  assert.deepEqual(fitted.featureNames, ['a', 'b']);
  const { x } = parseCsvFeatures(TEXT, { features: fitted.featureNames, standardization: fitted.standardization });
  const s = Math.sqrt(8 / 3);
  assert.deepEqual(x.toArray(), [
    [-2 / s, -2 / s],
    [0, 0],
    [2 / s, 2 / s],
  ]);
});

test('parseCsvFeatures names the columns that exist when a feature column is missing', () => {
  throwsWith(
    () => parseCsvFeatures(TEXT, { features: ['a', 'c'] }),
    'BAD_ARGUMENT',
    /no column "c"/,
    /"b", "label", "a"/,
  );
});

test('parseCsvFeatures names the row and column of a bad cell (a label column is then a feature)', () => {
  throwsWith(() => parseCsvFeatures(TEXT), 'BAD_FILE', /row 2, column "label": "x" is not a number/);
});

test('parseCsvFeatures refuses a standardization of another width, bad features and dtypes', () => {
  throwsWith(
    () => parseCsvFeatures(TEXT, { features: ['a'], standardization: { mean: [0, 0], std: [1, 1] } }),
    'SHAPE_MISMATCH',
    /1 features but the standardization has 2/,
  );
  throwsWith(() => parseCsvFeatures(TEXT, { features: [] }), 'BAD_ARGUMENT', /non-empty list/);
  throwsWith(() => parseCsvFeatures(TEXT, { dtype: 'int32' as never }), 'BAD_DTYPE', /dtype/);
});

test('parseCsv: features picks and orders the feature columns; the label cannot be one', () => {
  const data = parseCsv(TEXT, { label: 'label', features: ['a'], testFraction: 0, standardize: false });
  assert.deepEqual(data.featureNames, ['a']);
  assert.deepEqual([...data.train.x.data].sort(), [1, 3, 5]);
  throwsWith(
    () => parseCsv(TEXT, { label: 'label', features: ['a', 'label'] }),
    'BAD_ARGUMENT',
    /cannot also be a feature/,
  );
  throwsWith(() => parseCsv(TEXT, { label: 'label', features: ['z'] }), 'BAD_ARGUMENT', /no column "z"/);
  throwsWith(() => parseCsv(TEXT, { features: [] }), 'BAD_ARGUMENT', /non-empty list/);
  throwsWith(() => parseCsv(TEXT, { label: 'label', features: ['a', 'a'] }), 'BAD_ARGUMENT', /distinct column names/);
});
