// The chapter 8 float16 script prints the book's lines, with the accuracies numpy gets for the same
// weights and images (test/fixtures/float16/make_fixtures.py computes them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exampleLines } from '../helpers/run-example.js';

const numpy = (
  JSON.parse(readFileSync(new URL('../fixtures/float16/expected.json', import.meta.url), 'utf8')) as {
    halfFloatNetwork: { float64: number; float16: number };
  }
).halfFloatNetwork;

test("examples/ch08/half_float_network.ts prints the book's lines with numpy's accuracies", async () => {
  assert.deepEqual(await exampleLines('examples/ch08/half_float_network.ts'), [
    'caluculate accuracy (float64) ... ',
    String(numpy.float64),
    'caluculate accuracy (float16) ... ',
    String(numpy.float16),
  ]);
});
