/**
 * Charts as SVG strings, shared by Node and the browser (no file system, no DOM): the book's figures,
 * training curves, evaluation and prediction charts, and the line, scatter, arrow-field, bar,
 * heatmap and image-grid charts they are made of. `svgToPng` (Node only) lives in `./node.ts`.
 */
export {
  figureStep,
  figureSigmoid,
  figureRelu,
  figureSigmoidVsStep,
  figureTangent,
  figureGradientField,
  figureGradientDescent,
  figureMnistGrid,
  gradientFieldData,
  gradientDescentPath,
  FIGURES,
  FIGURE_DESCRIPTIONS,
  type FigureOptions,
  type MnistGridOptions,
  type BookFigureName,
  type FigureFunction,
} from './figures.js';
export {
  trainingLossChart,
  trainingAccuracyChart,
  confusionMatrixChart,
  classAccuracyChart,
  probabilityChart,
  type TrainingCurves,
  type TrainingChartOptions,
  type ClassChartOptions,
} from './result-charts.js';
export {
  figureOptimizerPaths,
  figureLossComparison,
  figureActivationHistograms,
  figureBatchNorm,
  figureOverfitting,
  figureHyperparameterSearch,
  type PanelSizeOptions,
  type LossComparisonFigureOptions,
} from './figures-ch06.js';
export { lineChart, type LineChartOptions, type LineSeries, type DashStyle } from './line-chart.js';
export { scatterChart, type ScatterChartOptions, type ScatterSeries } from './scatter.js';
export { arrowField, type ArrowFieldOptions } from './arrow-field.js';
export { contourLines, contourSeries, viridisColor, type ContourOptions } from './contour.js';
export { histogramChart, type HistogramChartOptions } from './histogram-chart.js';
export { panelGrid, type PanelGridOptions } from './panels.js';
export { barChart, type BarChartOptions, type ReferenceLine } from './bar-chart.js';
export { heatmap, bluesColor, type HeatmapOptions } from './heatmap.js';
export { imageGrid, type ImageGridOptions } from './image-grid.js';
export { filterChart, type FilterChartOptions } from './filter-chart.js';
export { LEGEND_LOCATIONS, type LegendLocation } from './legend.js';
export type { AxisTick, TickSpec } from './axes.js';
export { niceTicks, formatTicks, linearScale, autoLimits, type LinearScale, type NiceTicksOptions } from './scale.js';
export { MATPLOTLIB_COLORS, escapeXml } from './svg.js';
export { encodeGrayPng, grayPngDataUrl } from './png-encode.js';
