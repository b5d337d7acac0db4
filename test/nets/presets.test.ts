// The book's networks give bit-identical losses, gradients and predictions to the values recorded
// from their original classes (test/fixtures/presets/recorded.json, written by record.ts there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CASE_NAMES, type CasePrint, printCase } from '../fixtures/presets/cases.js';

const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/presets/recorded.json', import.meta.url), 'utf8'),
) as Record<string, CasePrint>;

test('every recorded case is still computed', () => {
  assert.deepEqual(Object.keys(recorded), [...CASE_NAMES]);
});

for (const name of CASE_NAMES) {
  test(`${name}: losses, gradients and predictions are bit-identical to the recording`, () => {
    const expected = recorded[name];
    assert.ok(expected !== undefined, `no recording for ${name}`);
    assert.deepEqual(printCase(name), expected);
  });
}
