/** The Train page's two charts: the loss of every mini-batch so far, and the accuracy after each epoch. */
import { lineChart, trainingAccuracyChart } from '../../../src/core.js';
import { showSvg } from '../svg-host.js';
import { formatAcc } from './format.js';

/** The loss curve shows at most this many points (means of consecutive batches beyond that). */
const MAX_LOSS_POINTS = 600;

/** The accuracy curves: one point per evaluation, epoch 0 being the untrained network. */
export interface AccuracyCurves {
  /** The epoch of each evaluation. */
  epochs: number[];
  /** Accuracy on the evaluated training images, in [0, 1]. */
  trainAcc: number[];
  /** Accuracy on the test images, in [0, 1]. */
  testAcc: number[];
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
  showSvg(
    container,
    lineChart({
      width: 560,
      height: 320,
      title: 'training loss',
      xLabel: 'iteration',
      yLabel: 'loss',
      legend: false,
      series: [{ x: x.length > 0 ? x : [0], y: y.length > 0 ? y : [NaN] }],
      xLim: [0, Math.max(1, totalIterations)],
    }),
    `training loss over ${losses.length} iterations${last !== undefined ? `, last ${last.toFixed(4)}` : ''}`,
  );
}

/** Draws the train and test accuracy curves into `container`. */
export function drawAccuracyChart(container: HTMLElement, curves: AccuracyCurves): void {
  const lastTest = curves.testAcc[curves.testAcc.length - 1];
  showSvg(
    container,
    trainingAccuracyChart({ loss: [], ...curves }, { width: 560, height: 320 }),
    lastTest !== undefined
      ? `accuracy after epoch ${curves.epochs[curves.epochs.length - 1]}: test ${formatAcc(lastTest)}`
      : 'accuracy: no evaluation yet',
  );
}
