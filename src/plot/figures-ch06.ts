/**
 * Chapter 6's figures, drawn from the numbers the experiments in `src/experiments` return: the
 * optimizer paths (figure 6-8), the MNIST loss comparisons (6-9, 6-15), the activation histograms
 * (6-10 to 6-14), batch normalization across weight scales (6-18), overfitting and its remedies
 * (6-20, 6-21, 6-23) and the random hyperparameter search (6-24). Each returns an SVG document.
 */
import { check } from '../errors.js';
import type { BatchNormCurves } from '../experiments/batch-norm.js';
import type { SettingActivations } from '../experiments/activation-histograms.js';
import type { HyperparameterSearchResult } from '../experiments/hyperparameter-search.js';
import type { LossComparison } from '../experiments/loss-comparison.js';
import { optimizerPaths, valleyFunction, type OptimizerPath } from '../experiments/optimizer-paths.js';
import type { OverfittingRun } from '../experiments/overfitting.js';
import { contourSeries } from './contour.js';
import { histogramChart } from './histogram-chart.js';
import { lineChart, type LineSeries } from './line-chart.js';
import { panelGrid } from './panels.js';
import { checkFields, checkKnownOptions, checkList, checkObject, checkObjectList, named } from '../validate.js';

/** What the figures take besides their data: the size of one panel, in pixels. */
export interface PanelSizeOptions {
  /** Width of one panel in pixels (each figure has its own default, 260 to 480). */
  panelWidth?: number;
  /** Height of one panel in pixels (each figure has its own default, 210 to 400). */
  panelHeight?: number;
}

/** Red, as the book draws the paths (`color="red"`). */
const PATH_COLOR = '#ff0000';

/** The book's contour grid (`np.arange(-10, 10, 0.01)` by `np.arange(-5, 5, 0.01)`), coarser: linear interpolation keeps the ellipses smooth. */
function valleyContours(): LineSeries[] {
  const x = Array.from({ length: 81 }, (_, i) => -10 + i * 0.25);
  const y = Array.from({ length: 81 }, (_, j) => -5 + j * 0.125);
  const z = new Float64Array(x.length * y.length);
  y.forEach((yv, j) => x.forEach((xv, i) => (z[j * x.length + i] = valleyFunction(xv, yv))));
  // matplotlib picks 1, 2, ..., 6 for values up to 7 (the book cuts f off there): the ellipses
  // f = c reach x = ±sqrt(20c), inside the view for c <= 5.
  return contourSeries({ x, y, z, levels: [1, 2, 3, 4, 5, 6, 7], lineWidth: 1.5 });
}

/**
 * Figure 6-8: each optimizer's path over the contour lines of f(x, y) = x²/20 + y², one panel per
 * optimizer, 2 × 2 as the book lays them out. The minimum (0, 0) is marked with a black +.
 */
export function figureOptimizerPaths(
  paths: readonly OptimizerPath[] = optimizerPaths(),
  options: PanelSizeOptions = {},
): string {
  return named('figureOptimizerPaths', () => {
    checkList(paths, 'paths', 'figureOptimizerPaths');
    checkKnownOptions(options, ['panelWidth', 'panelHeight'], 'figureOptimizerPaths');
    const { panelWidth = 480, panelHeight = 400 } = options;
    const contours = valleyContours();
    const plus: LineSeries[] = [
      { x: [-0.4, 0.4], y: [0, 0], color: '#000000', lineWidth: 1.5 },
      { x: [0, 0], y: [-0.4, 0.4], color: '#000000', lineWidth: 1.5 },
    ];
    const panels = paths.map((p) =>
      lineChart({
        width: panelWidth,
        height: panelHeight,
        title: `${p.label} (lr ${p.lr})`,
        xLabel: 'x',
        yLabel: 'y',
        xLim: [-10, 10],
        yLim: [-10, 10],
        series: [
          ...contours,
          ...plus,
          { x: p.x, y: p.y, color: PATH_COLOR, marker: true, markerRadius: 3, lineWidth: 1.5 },
        ],
        legend: false,
      }),
    );
    const steps = paths.length > 0 ? paths[0]!.x.length - 1 : 0;
    return panelGrid({
      panels,
      columns: 2,
      title: `optimizers on f(x, y) = x\u00b2/20 + y\u00b2 from (\u22127, 2), ${steps} steps`,
    });
  });
}

/** Options of `figureLossComparison`. */
export interface LossComparisonFigureOptions {
  /** Written over the plot; none by default. */
  title?: string;
  /** y view limits (the book: (0, 1) for the optimizers, (0, 2.5) for the weight inits). */
  yLim?: readonly [number, number];
  /** Pixels; default 800. */
  width?: number;
  /** Pixels; default 560. */
  height?: number;
}

/**
 * Figures 6-9 and 6-15: each network's mini-batch loss through the book's `smooth_curve`, with a
 * marker every twentieth of the run (the book's `markevery=100` of 2000 iterations).
 */
export function figureLossComparison(comparison: LossComparison, options: LossComparisonFigureOptions = {}): string {
  return named('figureLossComparison', () => {
    checkFields(comparison, ['curves', 'iterations'], 'comparison', 'figureLossComparison');
    checkObjectList(comparison.curves, ['label', 'loss', 'smoothed'], 'comparison.curves', 'figureLossComparison');
    checkObject(comparison, 'comparison', 'figureLossComparison');
    checkKnownOptions(options, ['title', 'yLim', 'width', 'height'], 'figureLossComparison');
    const { width = 800, height = 560 } = options;
    const n = comparison.iterations;
    const x = Array.from({ length: n }, (_, i) => i);
    return lineChart({
      width,
      height,
      title: options.title,
      xLabel: 'iterations',
      yLabel: 'loss (smoothed)',
      yLim: options.yLim,
      xLim: [0, Math.max(1, n - 1)],
      series: comparison.curves.map((c) => ({
        x,
        y: c.smoothed,
        label: c.label,
        marker: true,
        markerRadius: 3.5,
        markEvery: Math.max(1, Math.round(n / 20)),
      })),
      legend: 'upper right',
    });
  });
}

/** A weight scale as a short label, to three significant digits: 0.0464158883 becomes 0.0464. */
function short(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/**
 * Figures 6-10 to 6-14: one row per setting, one panel per layer, each the histogram of that
 * layer's outputs over (0, 1) with the book's y limit of 7000 (ReLU's pile of zeros in the first
 * bin runs off the top, as it does in the book).
 */
export function figureActivationHistograms(
  settings: readonly SettingActivations[],
  options: PanelSizeOptions & { yMax?: number } = {},
): string {
  return named('figureActivationHistograms', () => {
    checkObjectList(settings, ['label', 'layers'], 'settings', 'figureActivationHistograms');
    checkList(settings, 'settings', 'figureActivationHistograms');
    checkKnownOptions(options, ['panelWidth', 'panelHeight', 'yMax'], 'figureActivationHistograms');
    const { panelWidth = 260, panelHeight = 210, yMax = 7000 } = options;
    check(settings.length > 0, 'figureActivationHistograms: no settings');
    const columns = Math.max(...settings.map((s) => s.layers.length));
    const panels: string[] = [];
    for (const s of settings) {
      for (const l of s.layers) {
        panels.push(
          histogramChart({
            width: panelWidth,
            height: panelHeight,
            edges: l.edges,
            counts: l.counts,
            title: `${l.layer}-layer`,
            yLim: [0, yMax],
            xTicks: [0, 0.5, 1],
            description: `${s.label}, layer ${l.layer}`,
          }),
        );
      }
    }
    const { samples, nodes } = settings[0]!;
    return panelGrid({
      panels,
      columns,
      rowLabels: settings.map((s) => s.label),
      title: `outputs of ${columns} layers of ${nodes} units for ${samples} random inputs, by activation and weight scale`,
    });
  });
}

/**
 * Figure 6-18: for each weight scale, training accuracy per epoch with batch normalization (solid)
 * and without (dashed), four panels to a row.
 */
export function figureBatchNorm(curves: readonly BatchNormCurves[], options: PanelSizeOptions = {}): string {
  return named('figureBatchNorm', () => {
    checkObjectList(curves, ['scale', 'withBatchNorm', 'withoutBatchNorm'], 'curves', 'figureBatchNorm');
    checkList(curves, 'curves', 'figureBatchNorm');
    checkKnownOptions(options, ['panelWidth', 'panelHeight'], 'figureBatchNorm');
    const { panelWidth = 320, panelHeight = 250 } = options;
    check(curves.length > 0, 'figureBatchNorm: no curves');
    const panels = curves.map((c, i) => {
      const x = c.withBatchNorm.map((_, k) => k);
      return lineChart({
        width: panelWidth,
        height: panelHeight,
        title: `W: ${short(c.scale)}`,
        xLabel: 'epochs',
        yLabel: 'accuracy',
        yLim: [0, 1],
        xLim: [0, Math.max(1, x.length - 1)],
        series: [
          { x, y: c.withBatchNorm, label: 'batch norm', color: '#1f77b4' },
          { x, y: c.withoutBatchNorm, label: 'without', color: '#ff7f0e', dash: true },
        ],
        legend: i === 0 ? 'best' : false,
      });
    });
    return panelGrid({
      panels,
      columns: Math.min(4, panels.length),
      title: 'training accuracy with batch normalization (solid) and without (dashed), by weight scale',
    });
  });
}

/**
 * Figures 6-20, 6-21 and 6-23 side by side: train (solid) and test (dashed) accuracy per epoch
 * for each regularisation setting, with the final values in the legend.
 */
export function figureOverfitting(runs: readonly OverfittingRun[], options: PanelSizeOptions = {}): string {
  return named('figureOverfitting', () => {
    checkObjectList(runs, ['label', 'trainAcc', 'testAcc'], 'runs', 'figureOverfitting');
    checkList(runs, 'runs', 'figureOverfitting');
    checkKnownOptions(options, ['panelWidth', 'panelHeight'], 'figureOverfitting');
    const { panelWidth = 440, panelHeight = 360 } = options;
    check(runs.length > 0, 'figureOverfitting: no runs');
    const panels = runs.map((r) => {
      const x = r.trainAcc.map((_, k) => k + 1);
      const every = Math.max(1, Math.round(x.length / 20));
      return lineChart({
        width: panelWidth,
        height: panelHeight,
        title: r.label,
        xLabel: 'epochs',
        yLabel: 'accuracy',
        yLim: [0, 1],
        series: [
          {
            x,
            y: r.trainAcc,
            label: `train (${r.trainAcc.at(-1)!.toFixed(3)})`,
            marker: true,
            markerRadius: 3,
            markEvery: every,
          },
          {
            x,
            y: r.testAcc,
            label: `test (${r.testAcc.at(-1)!.toFixed(3)})`,
            dash: true,
            marker: true,
            markerRadius: 3,
            markEvery: every,
          },
        ],
        legend: 'lower right',
      });
    });
    return panelGrid({ panels, title: 'overfitting: train and test accuracy (final values in brackets)' });
  });
}

/**
 * Figure 6-24: validation (solid) and training (dashed) accuracy per epoch of the best trials of a
 * random search, best first, five to a row, each panel naming its learning rate and weight decay.
 */
export function figureHyperparameterSearch(
  result: HyperparameterSearchResult,
  options: PanelSizeOptions & { count?: number } = {},
): string {
  return named('figureHyperparameterSearch', () => {
    checkFields(result, ['trials', 'best'], 'result', 'figureHyperparameterSearch');
    checkObjectList(
      result.best,
      ['lr', 'weightDecay', 'validationAcc', 'trainAcc'],
      'result.best',
      'figureHyperparameterSearch',
    );
    checkObject(result, 'result', 'figureHyperparameterSearch');
    checkKnownOptions(options, ['panelWidth', 'panelHeight', 'count'], 'figureHyperparameterSearch');
    const { panelWidth = 300, panelHeight = 240, count = 20 } = options;
    const shown = result.best.slice(0, count);
    check(shown.length > 0, 'figureHyperparameterSearch: no trials');
    const panels = shown.map((t, i) => {
      const x = t.validationAcc.map((_, k) => k + 1);
      return lineChart({
        width: panelWidth,
        height: panelHeight,
        yLim: [0, 1],
        title: `Best-${i + 1} (val acc ${t.validationAcc.at(-1)!.toFixed(2)})`,
        xLabel: `lr ${t.lr.toExponential(1)}, decay ${t.weightDecay.toExponential(1)}`,
        series: [
          { x, y: t.validationAcc, label: 'validation' },
          { x, y: t.trainAcc, label: 'train', dash: true },
        ],
        legend: i === 0 ? 'best' : false,
      });
    });
    return panelGrid({
      panels,
      columns: Math.min(5, panels.length),
      title: `random search, best ${shown.length} of ${result.trials.length} trials: validation (solid) and train (dashed) accuracy per epoch`,
    });
  });
}
