// docs/arrays.md's reference table must tell the truth: each name it lists as a free function or a
// method exists that way, each "—" does not, and every array function and method is listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sn from '../../src/index.js';
import * as ndarrayModule from '../../src/ndarray/index.js';
import { NDArray } from '../../src/index.js';

const exported = sn as unknown as Record<string, unknown>;
const statics = NDArray as unknown as Record<string, unknown>;
const doc = readFileSync(new URL('../../docs/arrays.md', import.meta.url), 'utf8');

interface Row {
  name: string;
  fn: string;
  method: string;
}

function tableRows(): Row[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => /^\|\s*name\s*\|\s*free function\s*\|\s*method\s*\|/.test(l));
  assert.ok(start >= 0, 'docs/arrays.md has no reference table');
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [name = '', fn = '', method = ''] = line
      .split('|')
      .slice(1)
      .map((c) => c.trim());
    rows.push({ name: name.replaceAll('`', ''), fn, method });
  }
  return rows;
}

const rows = tableRows();

test('a free function listed in the table exists, and a "—" has none', () => {
  for (const { name, fn } of rows) {
    if (fn === '—') {
      assert.equal(typeof exported[name], 'undefined', `${name} is exported but the table says it is not`);
      continue;
    }
    assert.equal(/^`(\w+)/.exec(fn)?.[1], name, `the function cell of ${name} names another function`);
    assert.ok(exported[name] !== undefined, `the table lists ${name}() but nothing of that name is exported`);
  }
});

test('a method listed in the table exists, and a "—" has none', () => {
  for (const { name, method } of rows) {
    if (method === '—') {
      assert.ok(!(name in NDArray.prototype), `NDArray has ${name} but the table says it does not`);
      continue;
    }
    const match = /^`(a|NDArray)\.(\w+)/.exec(method);
    assert.equal(match?.[2], name, `the method cell of ${name} names another method`);
    const exists = match?.[1] === 'NDArray' ? typeof statics[name] === 'function' : name in NDArray.prototype;
    assert.ok(exists, `the table lists ${method} but NDArray has no such member`);
  }
});

test('every array function and every NDArray method is in the table', () => {
  const listed = new Set(rows.map((r) => r.name));
  const classes = new Set(['NDArray', 'Random', 'random']);
  for (const name of Object.keys(ndarrayModule)) {
    if (!classes.has(name)) assert.ok(listed.has(name), `${name} is missing from docs/arrays.md`);
  }
  for (const name of Object.getOwnPropertyNames(NDArray.prototype)) {
    if (name !== 'constructor') assert.ok(listed.has(name), `NDArray.${name} is missing from docs/arrays.md`);
  }
});
