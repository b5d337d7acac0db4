/** Scatter plots: `plt.scatter`, or `plt.plot(x, y, 'o')`, drawn on the line chart's axes. */
import { LINE_CHART_OPTIONS, lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
import { checkFields, checkKnownOptions, named } from '../validate.js';

/** One set of points of a scatter plot. */
export interface ScatterSeries {
  /** x positions of the points. */
  x: LineSeries['x'];
  /** y positions of the points, as many as `x`. */
  y: LineSeries['y'];
  /** Shown in the legend; a series without a label is left out of it. */
  label?: string;
  /** Any CSS colour; default the next colour of matplotlib's cycle. */
  color?: string;
  /** Marker radius in pixels (default 4.17, matplotlib's 6 pt marker). */
  radius?: number;
}

/** Options of `scatterChart`: those of `lineChart` with point series. */
export interface ScatterChartOptions extends Omit<LineChartOptions, 'series'> {
  /** The point sets, drawn as circles in order. */
  series: readonly ScatterSeries[];
  /** Lines drawn under the points (the book's dashed axes in figure 4-10). */
  lines?: readonly LineSeries[];
}

/** A scatter plot as an SVG document string: a circle per point, no connecting lines. */
export function scatterChart(options: ScatterChartOptions): string {
  return named('scatterChart', () => {
    checkFields(options, ['series'], 'options', 'scatterChart');
    checkKnownOptions(options, [...LINE_CHART_OPTIONS, 'lines'], 'scatterChart');
    const { series, lines = [], ...rest } = options;
    const points: LineSeries[] = series.map((s) => ({
      x: s.x,
      y: s.y,
      label: s.label,
      color: s.color,
      line: false,
      marker: true,
      markerRadius: s.radius,
    }));
    return lineChart({ ...rest, series: [...lines, ...points] });
  });
}
