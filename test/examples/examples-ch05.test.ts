// The chapter 5 shopping scripts print exactly the book's lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleLines } from '../helpers/run-example.js';

const expected: Record<string, string[]> = {
  'examples/ch05/buy_apple.ts': ['price: 220', 'dApple: 2.2', 'dApple_num: 110', 'dTax: 200'],
  'examples/ch05/buy_apple_orange.ts': [
    'price: 715',
    'dApple: 2.2',
    'dApple_num: 110',
    'dOrange: 3.3000000000000003',
    'dOrange_num: 165',
    'dTax: 650',
  ],
};

for (const [file, lines] of Object.entries(expected)) {
  test(`${file} prints the book's lines`, async () => {
    assert.deepEqual(await exampleLines(file), lines);
  });
}
