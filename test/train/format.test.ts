import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEpochLine, ScratchnetError, type EpochLineStyle } from '../../src/index.js';

const info = { epoch: 1, trainAcc: 0.903216, testAcc: 0.9065 };

test("the plain line: 'epoch 1: train acc 0.9032, test acc 0.9065'", () => {
  assert.equal(formatEpochLine(info), 'epoch 1: train acc 0.9032, test acc 0.9065');
  assert.equal(
    formatEpochLine({ ...info, validationAcc: 0.91 }),
    'epoch 1: train acc 0.9032, test acc 0.9065, validation acc 0.9100',
  );
  assert.equal(formatEpochLine({ ...info, epoch: 25 / 11 }), 'epoch 2.27: train acc 0.9032, test acc 0.9065');
});

test("the book's chapter 4 line: 'train acc, test acc | 0.9032, 0.9065'", () => {
  assert.equal(formatEpochLine(info, { style: 'book' }), 'train acc, test acc | 0.9032, 0.9065');
  assert.equal(formatEpochLine(info, { style: 'book', digits: 2 }), 'train acc, test acc | 0.90, 0.91');
  assert.equal(
    formatEpochLine({ ...info, validationAcc: 0.5 }, { style: 'book' }),
    'train acc, test acc, validation acc | 0.9032, 0.9065, 0.5000',
  );
});

test("the book's trainer.py line: '=== epoch:1, train acc:0.9032, test acc:0.9065 ==='", () => {
  assert.equal(formatEpochLine(info, { style: 'trainer' }), '=== epoch:1, train acc:0.9032, test acc:0.9065 ===');
});

test('a bad style or digits is a BAD_ARGUMENT', () => {
  assert.throws(
    () => formatEpochLine(info, { style: 'fancy' as EpochLineStyle }),
    (e: unknown) =>
      e instanceof ScratchnetError &&
      e.code === 'BAD_ARGUMENT' &&
      /style must be 'plain', 'book' or 'trainer'/.test(e.message),
  );
  assert.throws(() => formatEpochLine(info, { digits: -1 }), /digits must be an integer in \[0, 100\], got -1/);
});
