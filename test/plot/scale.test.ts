// Ticks and limits as matplotlib picks them; each expected list is what matplotlib 3 shows for the
// same view limits (checked against the book's figures where one exists).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoLimits, formatTicks, formatValue, linearScale, niceTicks, nonsingular } from '../../src/plot/scale.js';

const close = (a: readonly number[], b: readonly number[]): void => {
  assert.equal(a.length, b.length, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-9, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`));
};

test('niceTicks(0, 1): 0, 0.2, …, 1 (the accuracy chart)', () => {
  close(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test('niceTicks for the book figures: ylim(-0.1, 1.1), ylim(-1, 5.5), the activations x axis, the tangent x axis', () => {
  close(niceTicks(-0.1, 1.1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  close(niceTicks(-1, 5.5), [-1, 0, 1, 2, 3, 4, 5]);
  close(niceTicks(...autoLimits([-5, 4.9])), [-4, -2, 0, 2, 4]);
  close(niceTicks(...autoLimits([0, 19.9])), [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20]);
  close(niceTicks(-2, 2), [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]);
  close(niceTicks(-3.5, 3.5), [-3, -2, -1, 0, 1, 2, 3]);
});

test('niceTicks works on large, tiny and offset intervals without float noise', () => {
  close(niceTicks(0, 10000), [0, 2000, 4000, 6000, 8000, 10000]);
  close(niceTicks(-0.05, 0.05), [-0.04, -0.02, 0, 0.02, 0.04]);
  const offset = niceTicks(1000.1, 1000.2);
  close(offset, [1000.1, 1000.12, 1000.14, 1000.16, 1000.18, 1000.2]);
  for (const t of niceTicks(0, 0.7)) assert.equal(t, Number(t.toFixed(10)), `tick ${t} carries float noise`);
});

test('niceTicks honours maxBins and integer, and survives a degenerate or reversed interval', () => {
  close(niceTicks(0, 10, { maxBins: 2 }), [0, 5, 10]);
  close(niceTicks(0, 3, { integer: true }), [0, 1, 2, 3]);
  close(niceTicks(3, 3), [2.85, 2.9, 2.95, 3, 3.05, 3.1, 3.15]);
  close(niceTicks(1, 0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(NaN, 1), []);
});

test('formatTicks uses one number of decimals and the minus sign', () => {
  assert.deepEqual(formatTicks([0, 0.2, 0.4, 0.6, 0.8, 1]), ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  assert.deepEqual(formatTicks([-4, -2, 0, 2, 4]), ['\u22124', '\u22122', '0', '2', '4']);
  assert.deepEqual(formatTicks([0, 2.5, 5]), ['0.0', '2.5', '5.0']);
  assert.deepEqual(formatTicks([0.25, 0.5]), ['0.25', '0.50']);
  assert.deepEqual(formatTicks([1e-7, 2e-7]), ['1e\u22127', '2e\u22127']);
  assert.deepEqual(formatTicks([]), []);
});

test('formatValue keeps counts exact and shortens the rest', () => {
  assert.equal(formatValue(12345), '12345');
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(-2), '\u22122');
  assert.equal(formatValue(NaN), 'nan');
});

test('autoLimits pads the finite extent by 5% and widens a constant', () => {
  close(autoLimits([0, 10]), [-0.5, 10.5]);
  close(autoLimits([1, NaN, 3, Infinity]), [0.9, 3.1]);
  close(autoLimits([2, 2]), [1.89, 2.11]); // widened to ±5% first, then padded, as matplotlib does
  close(autoLimits([]), [0, 1]);
  close(nonsingular(0, 0), [-0.05, 0.05]);
});

test('linearScale maps and inverts, including a reversed range for SVG y', () => {
  const y = linearScale([0, 1], [400, 0]);
  assert.equal(y(0), 400);
  assert.equal(y(1), 0);
  assert.equal(y(0.25), 300);
  assert.equal(y.invert(300), 0.25);
  assert.deepEqual(y.domain, [0, 1]);
  const flat = linearScale([2, 2], [0, 100]);
  assert.equal(flat(2), 50);
});
