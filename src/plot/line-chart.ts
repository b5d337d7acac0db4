/**
 * Line charts as matplotlib's `plt.plot` draws them: several series on one pair of axes, solid,
 * dashed, dotted or dash-dotted lines, optional circle markers, the default colour cycle, a legend,
 * and limits padded by 5% unless given.
 */
import { ScratchnetError } from '../errors.js';
import { finishChart, makeAxes, viewLimits, checkSize, type Axes, type TickSpec } from './axes.js';
import { renderLegend, type LegendEntry, type LegendLocation, type Obstacles } from './legend.js';
import { MATPLOTLIB_COLORS, element, fmt } from './svg.js';
import { toNumbers, type Numbers } from './values.js';
import { checkFields, checkKnownOptions, named } from '../validate.js';

/** How a line is stroked: `true` means `'dashed'` (matplotlib's `'--'`), `false` solid. */
export type DashStyle = boolean | 'solid' | 'dashed' | 'dotted' | 'dashdot';

/** One series of a line chart. */
export interface LineSeries {
  /** x values; default 0, 1, 2, … (as `plt.plot(y)`). */
  x?: Numbers;
  /** y values, as many as x. NaN or ±Infinity leave a gap in the line. */
  y: Numbers;
  /** Shown in the legend; a series without a label is left out of it. */
  label?: string;
  /** Line style: `'solid'` (default), `'dashed'` (`true`), `'dotted'` or `'dashdot'`. */
  dash?: DashStyle;
  /** Any CSS colour; default the next colour of matplotlib's cycle. */
  color?: string;
  /** Line width in pixels (default 2.08, matplotlib's 1.5 pt). */
  lineWidth?: number;
  /** Draw the connecting line (default true). */
  line?: boolean;
  /** Draw a circle at every point (matplotlib's `'o'`). */
  marker?: boolean;
  /** Marker radius in pixels (default 4.17, matplotlib's 6 pt marker). */
  markerRadius?: number;
  /** With `marker`, mark only every n-th point from the first (matplotlib's `markevery`; default 1). */
  markEvery?: number;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  /** The series to draw, in order (later ones on top). */
  series: readonly LineSeries[];
  /** Written over the plot; none by default. */
  title?: string;
  /** Label under the x axis. */
  xLabel?: string;
  /** Label left of the y axis, rotated. */
  yLabel?: string;
  /** x view limits (matplotlib's `plt.xlim`); default the data extent padded by 5%. */
  xLim?: readonly [number, number];
  /** y view limits (matplotlib's `plt.ylim`). */
  yLim?: readonly [number, number];
  /** Legend location, or `false` for none. Default `'best'` when any series has a label. */
  legend?: LegendLocation | false;
  /** Pixels; default 640 × 480, matplotlib's default figure. */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
  /** Grey grid lines at the ticks. */
  grid?: boolean;
  /** Explicit tick positions, or positions with labels. */
  xTicks?: TickSpec;
  /** As `xTicks`, for the y axis. */
  yTicks?: TickSpec;
  /** `'equal'` makes one unit as long on both axes. */
  aspect?: 'auto' | 'equal';
  /** Text for the SVG's `<title>` (accessibility); default the chart title. */
  description?: string;
}

/** matplotlib's line width, 1.5 pt at 100 dpi, in pixels. */
export const DEFAULT_LINE_WIDTH = 2.08;
/** The radius of matplotlib's default 6 pt marker at 100 dpi, in pixels. */
export const DEFAULT_MARKER_RADIUS = 4.17;

/** matplotlib's dash patterns, in multiples of the line width (it scales them the same way). */
const DASH_PATTERNS: Record<'dashed' | 'dotted' | 'dashdot', readonly number[]> = {
  dashed: [3.7, 1.6],
  dotted: [1, 1.65],
  dashdot: [6.4, 1.6, 1, 1.6],
};

/** The `stroke-dasharray` for a dash style at a line width, or undefined for a solid line. */
export function dashArray(dash: DashStyle | undefined, lineWidth: number): string | undefined {
  if (dash === undefined || dash === false || dash === 'solid') return undefined;
  const pattern = DASH_PATTERNS[dash === true ? 'dashed' : dash];
  return pattern.map((v) => fmt(v * lineWidth)).join(',');
}

/** A series with its numbers read and its style settled. */
export interface ResolvedSeries {
  /** x values, as many as `y`. */
  x: number[];
  /** y values; non-finite ones break the line. */
  y: number[];
  /** Legend text, or undefined to leave the series out of the legend. */
  label: string | undefined;
  /** CSS colour, from the series or the colour cycle. */
  color: string;
  /** Stroke width in pixels. */
  lineWidth: number;
  /** SVG `stroke-dasharray`, or undefined for solid. */
  dashArray: string | undefined;
  /** Whether the connecting line is drawn. */
  line: boolean;
  /** Marker radius in pixels, or 0 for none. */
  markerRadius: number;
  /** With markers, every n-th point is marked. */
  markEvery: number;
}

/**
 * Reads every series and settles its style. As in matplotlib, only series without an explicit
 * colour advance the colour cycle (`plt.plot(x, y, 'k--')` leaves the next series blue).
 */
export function resolveSeries(series: readonly LineSeries[], who: string): ResolvedSeries[] {
  let cycle = 0;
  return series.map((s, i) => {
    const y = toNumbers(s.y, `series[${i}].y`, who);
    const x = s.x === undefined ? y.map((_, j) => j) : toNumbers(s.x, `series[${i}].x`, who);
    if (x.length !== y.length) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${who}: series ${i}${s.label === undefined ? '' : ` ("${s.label}")`} has ${x.length} x values but ${y.length} y values`,
      );
    }
    const color = s.color ?? MATPLOTLIB_COLORS[cycle++ % MATPLOTLIB_COLORS.length]!;
    const lineWidth = s.lineWidth ?? DEFAULT_LINE_WIDTH;
    const marker = s.marker ?? false;
    const line = s.line ?? true;
    // A lone point has no line to show: give it a marker, or the series would be invisible.
    const finite = x.filter((v, j) => Number.isFinite(v) && Number.isFinite(y[j]!)).length;
    const markerRadius = marker || (line && finite === 1) ? (s.markerRadius ?? DEFAULT_MARKER_RADIUS) : 0;
    const markEvery = s.markEvery ?? 1;
    if (!Number.isInteger(markEvery) || markEvery < 1) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${who}: series ${i}: markEvery must be a positive integer, got ${markEvery}`,
      );
    }
    return {
      x,
      y,
      label: s.label,
      color,
      lineWidth,
      dashArray: dashArray(s.dash, lineWidth),
      line,
      markerRadius,
      markEvery,
    };
  });
}

/**
 * Pixel polylines of a series, split where a value is not finite. A long series with increasing x
 * (10 000 loss values on 500 pixels) is thinned to the first, lowest, highest and last point of each
 * pixel column, which draws the same picture at a fraction of the size.
 */
export function pixelPolylines(s: ResolvedSeries, axes: Axes): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (let i = 0; i < s.x.length; i++) {
    const xv = s.x[i]!;
    const yv = s.y[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    run.push([axes.x(xv), axes.y(yv)]);
  }
  if (run.length > 0) runs.push(run);
  return runs.map((r) => (r.length > 4 * axes.plot.width && isSortedByX(r) ? thinByColumn(r) : r));
}

function isSortedByX(points: readonly (readonly [number, number])[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i]![0] < points[i - 1]![0]) return false;
  return true;
}

function thinByColumn(points: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < points.length) {
    const column = Math.floor(points[i]![0]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < points.length && Math.floor(points[j]![0]) === column) {
      if (points[j]![1] < points[lo]![1]) lo = j;
      if (points[j]![1] > points[hi]![1]) hi = j;
      j++;
    }
    // Keep the extremes in their original order so the line still runs left to right.
    const keep = [...new Set([i, Math.min(lo, hi), Math.max(lo, hi), j - 1])];
    for (const k of keep) out.push(points[k]!);
    i = j;
  }
  return out;
}

/** The SVG path data of polylines. */
export function pathData(polylines: readonly (readonly (readonly [number, number])[])[]): string {
  let d = '';
  for (const poly of polylines) {
    poly.forEach(([px, py], i) => {
      d += `${i === 0 ? 'M' : 'L'}${fmt(px)} ${fmt(py)}`;
    });
  }
  return d;
}

/** One series' markup (line and markers), clipped to the plot area. */
export function renderSeries(
  s: ResolvedSeries,
  axes: Axes,
  polylines: readonly (readonly (readonly [number, number])[])[],
): string {
  const parts: string[] = [];
  if (s.line && polylines.some((p) => p.length > 1)) {
    parts.push(
      element('path', {
        class: s.dashArray === undefined ? 'line solid' : 'line dashed',
        d: pathData(polylines.filter((p) => p.length > 1)),
        fill: 'none',
        stroke: s.color,
        'stroke-width': s.lineWidth,
        'stroke-dasharray': s.dashArray,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'butt',
      }),
    );
  }
  if (s.markerRadius > 0) {
    // Markers mark the data, so they use every point, not the thinned polyline.
    const circles: string[] = [];
    for (let i = 0; i < s.x.length; i += s.markEvery) {
      if (!Number.isFinite(s.x[i]!) || !Number.isFinite(s.y[i]!)) continue;
      circles.push(element('circle', { cx: axes.x(s.x[i]!), cy: axes.y(s.y[i]!), r: s.markerRadius }));
    }
    parts.push(element('g', { class: 'markers', fill: s.color }, circles));
  }
  return element('g', { class: 'series', 'data-label': s.label, 'clip-path': axes.clipPath }, parts);
}

/** The legend rows for the labelled series. */
export function legendEntries(series: readonly ResolvedSeries[]): LegendEntry[] {
  return series
    .filter((s) => s.label !== undefined && s.label !== '')
    .map((s) => ({
      label: s.label!,
      color: s.color,
      line: s.line,
      lineWidth: s.lineWidth,
      dashArray: s.dashArray,
      markerRadius: s.markerRadius,
    }));
}

/** The options a line chart takes (a scatter chart takes these and `lines`). */
export const LINE_CHART_OPTIONS = [
  'series',
  'title',
  'xLabel',
  'yLabel',
  'xLim',
  'yLim',
  'legend',
  'width',
  'height',
  'grid',
  'xTicks',
  'yTicks',
  'aspect',
  'description',
] as const;

/**
 * A line chart as an SVG document string. For the book's accuracy figure:
 * `lineChart({ series: [{ x, y: trainAcc, label: 'train acc' }, { x, y: testAcc, label: 'test acc', dash: true }],
 * xLabel: 'epochs', yLabel: 'accuracy', yLim: [0, 1], legend: 'lower right' })`.
 */
export function lineChart(options: LineChartOptions): string {
  return named('lineChart', () => {
    checkFields(options, ['series'], 'options', 'lineChart');
    checkKnownOptions(options, LINE_CHART_OPTIONS, 'lineChart');
    const { width = 640, height = 480 } = options;
    checkSize(width, height, 'lineChart');
    const series = resolveSeries(options.series, 'lineChart');
    const xDomain = viewLimits(
      options.xLim,
      series.flatMap((s) => s.x.filter((_, i) => Number.isFinite(s.y[i]!))),
    );
    const yDomain = viewLimits(
      options.yLim,
      series.flatMap((s) => s.y.filter((_, i) => Number.isFinite(s.x[i]!))),
    );
    const axes = makeAxes({
      width,
      height,
      xDomain,
      yDomain,
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      xTicks: options.xTicks,
      yTicks: options.yTicks,
      grid: options.grid,
      aspect: options.aspect,
    });
    const polylines = series.map((s) => pixelPolylines(s, axes));
    const body: string[] = [axes.background];
    series.forEach((s, i) => body.push(renderSeries(s, axes, polylines[i]!)));
    body.push(axes.foreground);
    const entries = legendEntries(series);
    const legend = options.legend ?? 'best';
    if (legend !== false && entries.length > 0) {
      // Scattered points are obstacles one by one; the gaps between them are free space.
      const obstacles: Obstacles = series.flatMap((s, i) =>
        s.line ? polylines[i]! : polylines[i]!.flat().map((p) => [p]),
      );
      body.push(renderLegend(entries, legend, axes.plot, obstacles));
    }
    return finishChart(width, height, body.join(''), options.description ?? options.title);
  });
}
