// Chart helpers that take lists of numbers read an NDArray as its elements, as matplotlib reads a
// numpy array, instead of as an empty list; a value of another kind is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array,
  autoLimits,
  barChart,
  contourLines,
  contourSeries,
  formatTicks,
  heatmap,
  lineChart,
  trainingAccuracyChart,
  trainingLossChart,
} from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

test('autoLimits and formatTicks take NDArrays', () => {
  assert.deepEqual(autoLimits(array([0, 10]), 0), [0, 10]);
  assert.deepEqual(formatTicks(array([0, 0.5, 1])), formatTicks([0, 0.5, 1]));
  throwsWith(() => autoLimits(3 as never), 'BAD_ARGUMENT', /^autoLimits: values/);
  throwsWith(() => formatTicks('x' as never), 'BAD_ARGUMENT', /^formatTicks: ticks/);
});

test('contourLines and contourSeries take NDArray grids and values', () => {
  const x = [0, 1, 2];
  const y = [0, 1];
  const z = [0, 1, 2, 0, 1, 2];
  const expected = contourLines(x, y, z, 0.5);
  assert.ok(expected.length > 0);
  assert.deepEqual(contourLines(array(x), array(y), array(z).reshape(2, 3), 0.5), expected);
  const series = contourSeries({ x: array(x), y: array(y), z: array(z), levels: array([0.5]) });
  assert.equal(series.length, 1);
  throwsWith(() => contourLines(x, y, 7 as never, 0.5), 'BAD_ARGUMENT', /^contourLines: z/);
});

test('training charts take NDArray curves', () => {
  assert.equal(trainingLossChart({ loss: array([3, 2, 1]) }), trainingLossChart({ loss: [3, 2, 1] }));
  const curves = { loss: [1], trainAcc: array([0.5, 0.7]), testAcc: array([0.4, 0.6]) };
  assert.equal(
    trainingAccuracyChart(curves),
    trainingAccuracyChart({ loss: [1], trainAcc: [0.5, 0.7], testAcc: [0.4, 0.6] }),
  );
  throwsWith(() => trainingLossChart({ loss: 5 as never }), 'BAD_ARGUMENT', /^trainingLossChart: history.loss/);
});

test('a line chart series of the wrong kind is refused naming the chart and the series', () => {
  throwsWith(() => lineChart({ series: [{ y: 'abc' as never }] }), 'BAD_ARGUMENT', /^lineChart: series\[0\]\.y/);
});

test('barChart highlights the bars an NDArray of indices names; heatmap refuses values that are no matrix', () => {
  const highlighted = barChart({ categories: ['a', 'b', 'c'], values: [1, 2, 3], highlight: array([0, 2]) });
  assert.equal(highlighted, barChart({ categories: ['a', 'b', 'c'], values: [1, 2, 3], highlight: [0, 2] }));
  throwsWith(() => heatmap({ values: 3 as never }), 'BAD_ARGUMENT', /^heatmap: values must be a 2-D NDArray/);
});
