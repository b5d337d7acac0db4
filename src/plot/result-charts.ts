/**
 * The charts the CLI writes after training (loss and accuracy curves, the book's figures 4-11 and
 * 4-12), evaluation (confusion matrix, accuracy per class) and prediction (class probabilities).
 * Each returns an SVG document string.
 */
import { check } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { barChart } from './bar-chart.js';
import type { FigureOptions } from './figures.js';
import { heatmap } from './heatmap.js';
import { lineChart, type LineSeries } from './line-chart.js';
import { toNumbers, type Numbers } from './values.js';
import { checkKnownOptions, named } from '../validate.js';

/** What the training charts read: the Trainer's `TrainingHistory` fits; each curve may also be an NDArray. */
export interface TrainingCurves {
  /** The loss of every iteration. */
  loss: Numbers;
  /** Accuracy on the training set at each evaluation (0..1). */
  trainAcc: Numbers;
  /** Accuracy on the test set at each evaluation (0..1), as many as `trainAcc`. */
  testAcc: Numbers;
  /** Accuracy on the validation set at each evaluation (0..1); drawn dotted when given. */
  validationAcc?: Numbers;
  /** The epoch of each accuracy evaluation (default 0, 1, 2, …). */
  epochs?: Numbers;
}

/** One curve of `history` as plain numbers (`undefined` when it is absent), naming it in errors. */
function curve(history: unknown, key: keyof TrainingCurves, where: string): number[] | undefined {
  check(
    typeof history === 'object' && history !== null && !Array.isArray(history),
    `${where}: history must be an object of curves such as the Trainer's history, got ${history === null ? 'null' : typeof history}`,
  );
  const value = (history as Record<string, unknown>)[key];
  return value === undefined && (key === 'validationAcc' || key === 'epochs')
    ? undefined
    : toNumbers(value as Numbers, `history.${key}`, where);
}

/** Options of the training charts. */
export interface TrainingChartOptions extends FigureOptions {
  /** Written over the plot; default 'training loss' or 'accuracy'. */
  title?: string;
}

/** Figure 4-11: the mini-batch loss of every iteration (iterations counted from 1). */
export function trainingLossChart(history: Pick<TrainingCurves, 'loss'>, options: TrainingChartOptions = {}): string {
  return named('trainingLossChart', () => {
    checkKnownOptions(options, ['title', 'width', 'height'], 'trainingLossChart');
    const y = curve(history, 'loss', 'trainingLossChart')!;
    const { title = 'training loss', ...size } = options;
    return lineChart({
      ...size,
      title,
      xLabel: 'iteration',
      yLabel: 'loss',
      legend: false,
      series: [{ x: y.map((_, i) => i + 1), y }],
    });
  });
}

/**
 * Figure 4-12: training accuracy solid, test accuracy dashed (validation dotted when present),
 * legend lower right, y from 0 to 1, x in epochs.
 */
export function trainingAccuracyChart(history: TrainingCurves, options: TrainingChartOptions = {}): string {
  return named('trainingAccuracyChart', () => {
    checkKnownOptions(options, ['title', 'width', 'height'], 'trainingAccuracyChart');
    const where = 'trainingAccuracyChart';
    const trainAcc = curve(history, 'trainAcc', where)!;
    const testAcc = curve(history, 'testAcc', where)!;
    const validationAcc = curve(history, 'validationAcc', where);
    const epochs = curve(history, 'epochs', where);
    const { title = 'accuracy', ...size } = options;
    const n = trainAcc.length;
    const x = epochs !== undefined && epochs.length === n ? epochs : trainAcc.map((_, i) => i);
    const series: LineSeries[] = [{ x, y: trainAcc, label: 'train acc' }];
    // A run without a test split has no test curve.
    if (testAcc.length === n) series.push({ x, y: testAcc, label: 'test acc', dash: true });
    if (validationAcc !== undefined && validationAcc.length === n) {
      series.push({ x, y: validationAcc, label: 'val acc', dash: 'dotted' });
    }
    // Whole epochs get whole-number ticks (matplotlib would write 1.00 1.25 … for three epochs).
    const integerEpochs = x.every(Number.isInteger);
    const xTicks = integerEpochs && x.length > 0 && x.length <= 10 ? x : undefined;
    return lineChart({
      ...size,
      title,
      xLabel: 'epochs',
      yLabel: 'accuracy',
      yLim: [0, 1],
      legend: 'lower right',
      series,
      xTicks,
    });
  });
}

/** Options of the evaluation and prediction charts. */
export interface ClassChartOptions extends FigureOptions {
  /** Written over the chart; each chart has its own default (e.g. 'confusion matrix'). */
  title?: string;
  /** Names for class indices (default 0, 1, …). */
  classNames?: readonly string[];
}

function classNames(count: number, given: readonly string[] | undefined): string[] {
  return Array.from({ length: count }, (_, i) => given?.[i] ?? String(i));
}

/**
 * A confusion matrix (rows: true class, columns: predicted class) as a heatmap with the count in
 * every cell. Colours follow each row's share, so a class with fewer samples is not washed out.
 */
export function confusionMatrixChart(
  matrix: NDArray | readonly (readonly number[])[],
  options: ClassChartOptions & { colorBy?: 'value' | 'row' } = {},
): string {
  return named('confusionMatrixChart', () => {
    checkKnownOptions(options, ['title', 'classNames', 'width', 'height', 'colorBy'], 'confusionMatrixChart');
    check(
      (matrix instanceof NDArray && matrix.ndim === 2) ||
        (Array.isArray(matrix) && matrix.every((r) => Array.isArray(r))),
      'confusionMatrixChart: matrix must be a 2-D NDArray or a list of rows of numbers',
    );
    const rows = matrix instanceof NDArray ? (matrix.shape[0] ?? 0) : matrix.length;
    const cols = matrix instanceof NDArray ? (matrix.shape[1] ?? 0) : (matrix[0]?.length ?? 0);
    return heatmap({
      width: options.width ?? 640,
      height: options.height ?? 600,
      values: matrix,
      xLabels: classNames(cols, options.classNames),
      yLabels: classNames(rows, options.classNames),
      title: options.title ?? 'confusion matrix',
      xLabel: 'predicted label',
      yLabel: 'true label',
      colorBy: options.colorBy ?? 'row',
      colorbarLabel: (options.colorBy ?? 'row') === 'row' ? 'share of true class' : 'count',
    });
  });
}

/**
 * Accuracy per class as bars with each value in percent over its bar; the overall accuracy, when
 * given, is a dashed line and part of the title. The y axis runs 0..1 with headroom for the labels.
 */
export function classAccuracyChart(
  accuracy: NDArray | Numbers,
  options: ClassChartOptions & { overall?: number } = {},
): string {
  return named('classAccuracyChart', () => {
    checkKnownOptions(options, ['title', 'classNames', 'width', 'height', 'overall'], 'classAccuracyChart');
    const values = toNumbers(accuracy, 'accuracy', 'classAccuracyChart');
    const { overall } = options;
    return barChart({
      width: options.width,
      height: options.height,
      categories: classNames(values.length, options.classNames),
      values,
      yLim: [0, 1.1],
      yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      valueLabels: (v) => `${(v * 100).toFixed(1)}%`,
      title:
        options.title ??
        `accuracy per class${overall === undefined ? '' : ` (overall ${(overall * 100).toFixed(2)}%)`}`,
      xLabel: 'class',
      yLabel: 'accuracy',
      referenceLine: overall === undefined ? undefined : { y: overall },
    });
  });
}

/** The predicted probability of every class as bars (0..1), the most likely class highlighted. */
export function probabilityChart(
  probabilities: NDArray | Numbers,
  options: ClassChartOptions & { trueLabel?: number } = {},
): string {
  return named('probabilityChart', () => {
    checkKnownOptions(options, ['title', 'classNames', 'width', 'height', 'trueLabel'], 'probabilityChart');
    const values = toNumbers(probabilities, 'probabilities', 'probabilityChart');
    check(values.length > 0, 'probabilityChart: probabilities must not be empty');
    const best = values.reduce((bi, v, i) => (v > values[bi]! ? i : bi), 0);
    const names = classNames(values.length, options.classNames);
    const title =
      options.title ??
      `prediction: ${names[best]} (${(values[best]! * 100).toFixed(1)}%)${options.trueLabel === undefined ? '' : `, true label: ${names[options.trueLabel] ?? options.trueLabel}`}`;
    return barChart({
      width: options.width,
      height: options.height,
      categories: names,
      values,
      highlight: best,
      yLim: [0, 1],
      valueLabels: (v) => (v >= 0.005 ? v.toFixed(2) : ''),
      title,
      xLabel: 'class',
      yLabel: 'probability',
    });
  });
}
