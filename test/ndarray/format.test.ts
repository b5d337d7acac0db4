// toString() against numpy's repr for the same values (fixture written by test/fixtures/numpy-repr.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { array, type DType, type NestedArray } from '../../src/index.js';

interface ReprCase {
  v: NestedArray;
  repr: string;
  dtype?: DType;
}

// Python's json writes NaN and Infinity bare; revive them through strings.
const text = readFileSync(new URL('../fixtures/numpy-repr.json', import.meta.url), 'utf8')
  .replace(/-Infinity/g, '"-inf"')
  .replace(/Infinity/g, '"inf"')
  .replace(/NaN/g, '"nan"');
const cases = JSON.parse(text, (_k, v: unknown) =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v,
) as ReprCase[];

for (const c of cases) {
  test(`repr matches numpy: ${c.repr.split('\n')[0]!.slice(0, 60)}`, () => {
    assert.equal(array(c.v, c.dtype ? { dtype: c.dtype } : {}).toString(), c.repr);
  });
}
