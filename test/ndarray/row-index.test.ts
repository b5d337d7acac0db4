// numpy's x[i]: `at(i)` gives a row view of an N-D array and a number from a 1-D array; `row(i)` is
// always a view. Values as numpy 2.4 prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NDArray, arange, array } from '../../src/index.js';
import { arrayOf, assertArray, assertThrowsCode } from './helpers.js';

const grid = (): NDArray => arange(6).reshape(2, 3).astype('float64');

test('at(i) of a 2-D array is row i, shape (cols,), like x[i]', () => {
  const x = grid();
  assertArray(arrayOf(x.at(0)), [0, 1, 2], 'float64');
  assertArray(arrayOf(x.at(1)), [3, 4, 5], 'float64');
  // x[-1] is the last row.
  assertArray(arrayOf(x.at(-1)), [3, 4, 5], 'float64');
  assertArray(arrayOf(x.at(-2)), [0, 1, 2], 'float64');
});

test('at(i) of an N-D array drops the first axis: x[i] of shape (2, 3, 4) is (3, 4)', () => {
  const x = arange(24).reshape(2, 3, 4);
  const r = arrayOf(x.at(1));
  assert.deepEqual(r.shape, [3, 4]);
  assert.equal(r.dtype, 'int32');
  assert.equal(r.get(2, 3), 23);
  assert.deepEqual(arrayOf(r.at(0)).toArray(), [12, 13, 14, 15]);
});

test('at(i) of a 2-D array is a view: writing through it changes x, as in numpy', () => {
  const x = grid();
  const r = arrayOf(x.at(1));
  r.set([0], 40);
  r.imul(10);
  assert.deepEqual(x.toArray(), [
    [0, 1, 2],
    [400, 40, 50],
  ]);
  x.set([1, 2], -1);
  assert.equal(r.get(2), -1, 'and writing x changes the view');
  assert.equal(r.data.buffer, x.data.buffer);
});

test('at(i) of a 1-D array is a number, with the negative indices of Array.prototype.at', () => {
  const v = array([10, 20, 30]);
  assert.equal(v.at(0), 10);
  assert.equal(v.at(2), 30);
  assert.equal(v.at(-1), 30);
  assert.equal(v.at(-3), 10);
  assert.equal(array([true, false], { dtype: 'bool' }).at(0), 1);
});

test('at(i) outside [-length, length) is INDEX_OUT_OF_RANGE naming at, the index and the axis length', () => {
  assertThrowsCode(() => grid().at(2), 'INDEX_OUT_OF_RANGE', 'at', 'index 2', 'size 2');
  assertThrowsCode(() => grid().at(-3), 'INDEX_OUT_OF_RANGE', 'at', 'index -3', 'size 2');
  assertThrowsCode(() => array([1, 2, 3]).at(3), 'INDEX_OUT_OF_RANGE', 'at', 'index 3', 'size 3');
  assertThrowsCode(() => array([]).at(0), 'INDEX_OUT_OF_RANGE', 'at', 'size 0');
});

test('at(i) with an index that is not an integer, or of a 0-d array, is BAD_ARGUMENT', () => {
  assertThrowsCode(() => grid().at(0.5), 'BAD_ARGUMENT', 'at', 'i', 'integer');
  assertThrowsCode(() => grid().at(Number.NaN), 'BAD_ARGUMENT', 'at', 'integer');
  assertThrowsCode(() => grid().at('1' as never), 'BAD_ARGUMENT', 'at', 'integer');
  assertThrowsCode(() => array(5).at(0), 'BAD_ARGUMENT', 'at', '0-d');
});

test('row(i) is always an array view: a row of an N-D array, a 0-d view of a 1-D element', () => {
  const x = grid();
  const r: NDArray = x.row(-1);
  assertArray(r, [3, 4, 5]);
  r.fill(7);
  assert.deepEqual(x.toArray(), [
    [0, 1, 2],
    [7, 7, 7],
  ]);
  const v = array([10, 20, 30]);
  const e = v.row(1);
  assert.deepEqual(e.shape, []);
  assert.equal(e.item(), 20);
  e.assign(25);
  assert.deepEqual(v.toArray(), [10, 25, 30]);
  assertThrowsCode(() => v.row(3), 'INDEX_OUT_OF_RANGE', 'row', 'index 3', 'size 3');
  assertThrowsCode(() => v.row(1.5), 'BAD_ARGUMENT', 'row', 'integer');
});

test('the book loop: for i in range(len(x)) over the rows with at(i)', () => {
  const x = grid();
  const sums: number[] = [];
  for (let i = 0; i < x.shape[0]!; i++) sums.push(arrayOf(x.at(i)).sum());
  assert.deepEqual(sums, [3, 12]);
});
