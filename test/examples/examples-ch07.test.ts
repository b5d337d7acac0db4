// The chapter 7 examples run as a reader runs them (apply_filter.ts in a short version): the book's
// `Convolution(w, 0)` on each of 16 trained filters, and the gradient check with t of shape (1, 1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { exampleLines, PRINTED_FLOAT as FLOAT } from '../helpers/run-example.js';

const tested = ['apply_filter.ts', 'gradient_check.ts'];

describe('chapter 7 examples', { concurrency: 2 }, () => {
  test('apply_filter.ts applies 16 filters with Convolution(w, 0) and shows the outputs as text', async () => {
    const lines = await exampleLines('examples/ch07/apply_filter.ts', '--iterations', '20', '--train-size', '500');
    assert.match(lines[0]!, /^SimpleConvNet after 20 iterations: test accuracy 0\.\d+ \(first 1000 images\)$/);
    assert.equal(lines[1], 'image: test digit 0 (label 7), shape (1, 1, 28, 28)');
    const filters = lines.filter((l) => l.startsWith('filter '));
    assert.equal(filters.length, 16);
    for (const [i, line] of filters.entries()) {
      assert.match(
        line,
        new RegExp(`^filter +${i}: output \\(1, 1, 24, 24\\), min -?\\d+\\.\\d{4}, max -?\\d+\\.\\d{4}$`),
      );
    }
    // Four rows of four 24×24 outputs, every second row: 12 lines of 4·24 characters and 3 gaps of 2.
    const headers = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('filters '));
    assert.deepEqual(
      headers.map(([l]) => l),
      ['filters 0-3', 'filters 4-7', 'filters 8-11', 'filters 12-15'],
    );
    for (const [, at] of headers) {
      const block = lines.slice(at + 1, at + 13);
      assert.ok(block.every((l) => l.length === 102 && /^[ .:\-=+*#%@]+$/.test(l)));
    }
  });

  test('gradient_check.ts: backpropagation agrees with numerical gradients for t of shape (1, 1)', async () => {
    const lines = await exampleLines('examples/ch07/gradient_check.ts');
    assert.deepEqual(
      lines.map((l) => l.split(' ')[0]),
      ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'],
    );
    for (const line of lines) {
      const [key, value] = line.split(' ') as [string, string];
      assert.match(value, new RegExp(`^${FLOAT}$`));
      // The first layer's inputs sit near ReLU's kink at the book's weight scale (see the example).
      assert.ok(Number(value) < (key.endsWith('1') ? 1e-4 : 1e-8), line);
    }
  });
});

test('every chapter 7 example is tested', () => {
  const found = readdirSync(new URL('../../examples/ch07/', import.meta.url)).filter((n) => n.endsWith('.ts'));
  assert.deepEqual(found.sort(), [...tested].sort());
});
