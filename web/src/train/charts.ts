/** The Train page's two charts: the loss of every mini-batch so far, and the accuracy curves. */
import { chartSize } from '../chart-size.js';
import { appendDataTable, cellNumber } from '../chart-text.js';
import { type LineSeries, lineChart } from '../../../src/core.js';
import { fixed, integer, t } from '../i18n/language.js';
import { showSvg } from '../svg-host.js';
import { formatAcc } from './format.js';

/** The loss curve shows at most this many points (means of consecutive batches beyond that). */
const MAX_LOSS_POINTS = 600;

/** The accuracy curves: one point per evaluation, epoch 0 being the untrained network. */
export interface AccuracyCurves {
  /** The epoch of each full evaluation. */
  epochs: number[];
  /** Accuracy on the evaluated training images, in [0, 1]. */
  trainAcc: number[];
  /** Accuracy on all the test images, in [0, 1]. */
  testAcc: number[];
  /** Where each sample evaluation fell, in epochs (fractions between the epoch ends). */
  sampleEpochs: number[];
  /** Accuracy on a sample of the test images, between epoch ends, in [0, 1]. */
  sampleTestAcc: number[];
}

/** Means of consecutive runs of `values`, at most `max` of them, with the iteration each ends at. */
function downsample(values: readonly number[], max: number): { x: number[]; y: number[] } {
  const group = Math.max(1, Math.ceil(values.length / max));
  const x: number[] = [];
  const y: number[] = [];
  for (let start = 0; start < values.length; start += group) {
    const end = Math.min(values.length, start + group);
    let s = 0;
    for (let i = start; i < end; i++) s += values[i]!;
    x.push(end);
    y.push(s / (end - start));
  }
  return { x, y };
}

/** The lowest of `values` and where it is (its index), or null for none. */
function lowest(values: readonly number[]): { value: number; at: number } | null {
  let best: { value: number; at: number } | null = null;
  values.forEach((value, at) => {
    if (Number.isFinite(value) && (best === null || value < best.value)) best = { value, at };
  });
  return best;
}

/** The highest of `values`, or undefined for none. */
function highest(values: readonly number[]): number | undefined {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? Math.max(...finite) : undefined;
}

/** The loss chart's name for screen readers: the count, the last loss and the lowest mean on the curve. */
function lossLabel(losses: readonly number[], curve: { x: number[]; y: number[] }): string {
  const last = losses[losses.length - 1];
  const count = integer(losses.length);
  if (last === undefined) return t('train.lossChartLabel', { count });
  const best = lowest(curve.y);
  const lastText = t('train.lossChartLabelLast', { count, loss: fixed(last, 4) });
  if (best === null) return lastText;
  const iteration = integer(curve.x[best.at]!);
  return `${lastText}; ${t('charts.lossLowest', { loss: fixed(best.value, 4), iteration, points: integer(curve.x.length) })}`;
}

/**
 * Draws the mini-batch losses into `container`, the x axis spanning the whole run of `totalIterations`;
 * the curve's points follow in a hidden table (iteration, mean loss) for screen readers.
 */
export function drawLossChart(container: HTMLElement, losses: readonly number[], totalIterations: number): void {
  const curve = downsample(losses, MAX_LOSS_POINTS);
  const { x, y } = curve;
  const root = showSvg(
    container,
    lineChart({
      ...chartSize(560, 320),
      title: t('train.lossChartTitle'),
      xLabel: t('train.lossChartX'),
      yLabel: t('train.lossChartY'),
      legend: false,
      series: [{ x: x.length > 0 ? x : [0], y: y.length > 0 ? y : [NaN] }],
      xLim: [0, Math.max(1, totalIterations)],
    }),
    lossLabel(losses, curve),
  );
  appendDataTable(
    container,
    root,
    `${container.id}-data`,
    t('train.lossChartTitle'),
    [t('train.lossChartX'), t('charts.meanLoss')],
    x.map((iteration, i) => [cellNumber(iteration, 0), cellNumber(y[i]!, 4)]),
  );
}

/**
 * The test accuracy curve: the full evaluations and the samples between them, in the order they
 * were measured (both are test accuracy; the samples are noisier, on fewer images).
 */
function testCurve(curves: AccuracyCurves): { x: number[]; y: number[] } {
  const points = [
    ...curves.epochs.map((e, i) => [e, curves.testAcc[i]!] as const),
    ...curves.sampleEpochs.map((e, i) => [e, curves.sampleTestAcc[i]!] as const),
  ].sort((a, b) => a[0] - b[0]);
  return { x: points.map((p) => p[0]), y: points.map((p) => p[1]) };
}

/** The accuracy chart's name for screen readers: the latest and best test accuracy, the latest train accuracy. */
function accuracyLabel(curves: AccuracyCurves, test: { x: number[]; y: number[] }): string {
  const latest = test.y[test.y.length - 1];
  const best = highest(test.y);
  if (latest === undefined || best === undefined) return t('train.accChartEmpty');
  const lastEpoch = curves.epochs[curves.epochs.length - 1]!;
  const lastTest = curves.testAcc[curves.testAcc.length - 1]!;
  const lastTrain = curves.trainAcc[curves.trainAcc.length - 1]!;
  const measured = t('train.accChartLabel', { epoch: integer(lastEpoch), acc: formatAcc(lastTest) });
  return `${measured}; ${t('charts.accMore', {
    train: formatAcc(lastTrain),
    latest: formatAcc(latest),
    at: fixed(test.x[test.x.length - 1]!, 2),
    best: formatAcc(best),
    points: integer(test.x.length),
  })}`;
}

/** The accuracy table's rows: one per point of the test curve, with the train accuracy where it was measured too. */
function accuracyRows(curves: AccuracyCurves, test: { x: number[]; y: number[] }): string[][] {
  return test.x.map((epoch, i) => {
    const full = curves.epochs.indexOf(epoch);
    const testText = cellNumber(test.y[i]!, 4);
    const isFull = full >= 0 && curves.testAcc[full] === test.y[i];
    return [
      cellNumber(epoch, 2),
      isFull ? cellNumber(curves.trainAcc[full]!, 4) : '–',
      isFull ? testText : t('charts.sampleAcc', { acc: testText }),
    ];
  });
}

/**
 * Draws the train and test accuracy curves into `container`, the x axis spanning `epochs`; the
 * points follow in a hidden table (epoch, train and test accuracy) for screen readers.
 */
export function drawAccuracyChart(container: HTMLElement, curves: AccuracyCurves, epochs: number): void {
  const series: LineSeries[] = [];
  const test = testCurve(curves);
  if (curves.epochs.length > 0) {
    series.push({ x: curves.epochs, y: curves.trainAcc, label: t('train.accChartTrain'), marker: true });
    series.push({ ...test, label: t('train.accChartTest'), dash: true });
  }
  const root = showSvg(
    container,
    lineChart({
      ...chartSize(560, 320),
      title: t('train.accChartTitle'),
      xLabel: t('train.accChartX'),
      yLabel: t('train.accChartY'),
      series: series.length > 0 ? series : [{ x: [0], y: [NaN] }],
      xLim: [0, Math.max(1, epochs)],
      yLim: [0, 1],
      legend: series.length > 0 ? 'lower right' : false,
    }),
    curves.epochs.length > 0 ? accuracyLabel(curves, test) : t('train.accChartEmpty'),
  );
  appendDataTable(
    container,
    root,
    `${container.id}-data`,
    t('train.accChartTitle'),
    [t('charts.epoch'), t('train.accChartTrain'), t('train.accChartTest')],
    curves.epochs.length > 0 ? accuracyRows(curves, test) : [],
  );
}
