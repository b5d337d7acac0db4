/** The Train page's two charts: the loss of every mini-batch so far, and the accuracy curves. */
import { chartSize } from '../chart-size.js';
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

/** Draws the mini-batch losses into `container`, the x axis spanning the whole run of `totalIterations`. */
export function drawLossChart(container: HTMLElement, losses: readonly number[], totalIterations: number): void {
  const { x, y } = downsample(losses, MAX_LOSS_POINTS);
  const last = losses[losses.length - 1];
  const count = integer(losses.length);
  showSvg(
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
    last !== undefined
      ? t('train.lossChartLabelLast', { count, loss: fixed(last, 4) })
      : t('train.lossChartLabel', { count }),
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

/** Draws the train and test accuracy curves into `container`, the x axis spanning `epochs`. */
export function drawAccuracyChart(container: HTMLElement, curves: AccuracyCurves, epochs: number): void {
  const lastTest = curves.testAcc[curves.testAcc.length - 1];
  const series: LineSeries[] = [];
  if (curves.epochs.length > 0) {
    series.push({ x: curves.epochs, y: curves.trainAcc, label: t('train.accChartTrain'), marker: true });
    series.push({ ...testCurve(curves), label: t('train.accChartTest'), dash: true });
  }
  showSvg(
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
    lastTest !== undefined
      ? t('train.accChartLabel', { epoch: curves.epochs[curves.epochs.length - 1]!, acc: formatAcc(lastTest) })
      : t('train.accChartEmpty'),
  );
}
