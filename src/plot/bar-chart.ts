/**
 * Vertical bar charts as matplotlib's `plt.bar` draws them: bars 0.8 wide on integer positions,
 * the y axis starting exactly at zero, category names as tick labels, and optionally each bar's
 * value written over it.
 */
import { ScratchnetError, check } from '../errors.js';
import { type Axes, checkSize, finishChart, makeAxes, type Rect, type TickSpec } from './axes.js';
import { dashArray, DEFAULT_LINE_WIDTH } from './line-chart.js';
import { formatValue } from './scale.js';
import { CAP_HEIGHT, FONT_SIZE, MATPLOTLIB_COLORS, element, fmt, textElement, textWidth } from './svg.js';
import { toNumbers, type Numbers } from './values.js';
import { checkKnownOptions, checkNumberList, named } from '../validate.js';
import type { NDArray } from '../ndarray/ndarray.js';

/** A dashed horizontal line across the bars (an overall mean, a chance level). */
export interface ReferenceLine {
  /** Height of the line in data units; a non-finite value draws no line. */
  y: number;
  /** Written at the line's right end. */
  label?: string;
  /** Any CSS colour for the line and its label (default black). */
  color?: string;
}

/** Options of `barChart`. */
export interface BarChartOptions {
  /** One name per bar, written under it. */
  categories: readonly string[];
  /** One height per bar. */
  values: Numbers;
  /** One colour for all bars, or one per bar (default matplotlib's first colour). */
  colors?: string | readonly string[];
  /** Bars drawn in the highlight colour (e.g. the predicted class): one index, or a list or NDArray of them. */
  highlight?: number | readonly number[] | NDArray;
  /** Colour of highlighted bars (default matplotlib's second colour, orange). */
  highlightColor?: string;
  /** Write each value over its bar: `true` uses a short number format, or pass a formatter. */
  valueLabels?: boolean | ((value: number, index: number) => string);
  /** Bar width in category units (default 0.8, matplotlib's). */
  barWidth?: number;
  /** A dashed horizontal line across the plot (e.g. the overall accuracy). */
  referenceLine?: ReferenceLine;
  /** Written over the plot; none by default. */
  title?: string;
  /** Label under the category names. */
  xLabel?: string;
  /** Label left of the y axis, rotated. */
  yLabel?: string;
  /** y view limits; default from 0 to the largest value plus 5%. */
  yLim?: readonly [number, number];
  /** Explicit y tick positions, or positions with labels; default matplotlib-style nice ticks. */
  yTicks?: TickSpec;
  /** Grey grid lines at the ticks. */
  grid?: boolean;
  /** Pixels; default 640. */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
  /** Text for the SVG's `<title>`; default the chart title. */
  description?: string;
}

/** The y view limits: `yLim`, or the values' range padded by 5% except at a zero baseline. */
function barYDomain(values: readonly number[], yLim: BarChartOptions['yLim']): [number, number] {
  if (yLim !== undefined) return [yLim[0], yLim[1]];
  const finite = values.filter(Number.isFinite);
  // matplotlib's bars are "sticky" at zero: no margin below a baseline of 0.
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const pad = (hi - lo || 1) * 0.05;
  return [lo < 0 ? lo - pad : 0, hi > 0 || lo === 0 ? hi + pad : 0];
}

/** The fill of bar `i`: the highlight colour, the one colour for all, its own colour, or matplotlib's first. */
function barColor(options: BarChartOptions, highlighted: boolean, i: number, highlightColor: string): string {
  if (highlighted) return highlightColor;
  if (typeof options.colors === 'string') return options.colors;
  return options.colors?.[i] ?? MATPLOTLIB_COLORS[0]!;
}

/**
 * A value written over its bar (under it for a negative value). A label that would poke out of the
 * plot goes inside the bar's end, in white.
 */
function valueLabelMarkup(text: string, v: number, x: number, top: number, plot: Rect): string {
  const outsideY = v >= 0 ? top - 4 : top + FONT_SIZE;
  const fits = v >= 0 ? outsideY - FONT_SIZE * 0.8 >= plot.y : outsideY <= plot.y + plot.height;
  const y = fits ? outsideY : v >= 0 ? top + FONT_SIZE + 2 : top - 4;
  return textElement(text, {
    class: 'value-label',
    x,
    y,
    'text-anchor': 'middle',
    fill: fits ? '#000000' : '#ffffff',
    'font-size': FONT_SIZE * 0.85,
  });
}

/** The bars group and the value labels group. */
function barsMarkup(
  values: readonly number[],
  options: BarChartOptions,
  axes: Axes,
  yDomain: readonly [number, number],
): [string, string] {
  const { barWidth = 0.8, highlightColor = MATPLOTLIB_COLORS[1]!, valueLabels } = options;
  const highlight = new Set(
    options.highlight === undefined
      ? []
      : typeof options.highlight === 'number'
        ? [options.highlight]
        : Array.from(checkNumberList(options.highlight, 'highlight', 'barChart')),
  );
  const half = barWidth / 2;
  const bars: string[] = [];
  const labels: string[] = [];
  const base = axes.y(Math.max(yDomain[0], Math.min(yDomain[1], 0)));
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const x0 = axes.x(i - half);
    const x1 = axes.x(i + half);
    const top = axes.y(v);
    bars.push(
      element('rect', {
        class: highlight.has(i) ? 'bar highlight' : 'bar',
        'data-index': i,
        'data-value': String(v),
        x: x0,
        y: Math.min(top, base),
        width: x1 - x0,
        height: Math.abs(base - top),
        fill: barColor(options, highlight.has(i), i, highlightColor),
      }),
    );
    if (valueLabels !== undefined && valueLabels !== false) {
      const text = typeof valueLabels === 'function' ? valueLabels(v, i) : formatValue(v);
      labels.push(valueLabelMarkup(text, v, (x0 + x1) / 2, top, axes.plot));
    }
  });
  return [
    element('g', { class: 'bars', 'clip-path': axes.clipPath }, bars),
    element('g', { class: 'value-labels' }, labels),
  ];
}

/** The dashed reference line across the plot, with its label on a white box at the right end. */
function referenceLineMarkup(ref: ReferenceLine, axes: Axes): string {
  const py = axes.y(ref.y);
  const color = ref.color ?? '#000000';
  const line: string[] = [
    element('path', {
      d: `M${fmt(axes.plot.x)} ${fmt(py)}H${fmt(axes.plot.x + axes.plot.width)}`,
      stroke: color,
      'stroke-width': DEFAULT_LINE_WIDTH * 0.6,
      'stroke-dasharray': dashArray(true, DEFAULT_LINE_WIDTH * 0.6),
      fill: 'none',
    }),
  ];
  if (ref.label !== undefined && ref.label !== '') {
    // On a white box: the label sits over bars of any height and must stay readable.
    const size = FONT_SIZE * 0.85;
    const w = textWidth(ref.label, size) + 6;
    const lx = axes.plot.x + axes.plot.width - 4 - w;
    const ly = py - size - 4;
    line.push(element('rect', { x: lx, y: ly, width: w, height: size + 2, fill: '#ffffff', 'fill-opacity': 0.85 }));
    line.push(textElement(ref.label, { x: lx + 3, y: ly + 1 + CAP_HEIGHT * size, fill: color, 'font-size': size }));
  }
  return element('g', { class: 'reference-line', 'clip-path': axes.clipPath }, line);
}

/**
 * A bar chart as an SVG document string; each bar is a `<rect class="bar">`. Throws
 * `SHAPE_MISMATCH` when `categories` and `values` differ in length, `BAD_ARGUMENT` for a bar width
 * outside (0, 1] or a bad size.
 */
export function barChart(options: BarChartOptions): string {
  return named('barChart', () => {
    checkKnownOptions(
      options,
      [
        'categories',
        'values',
        'colors',
        'highlight',
        'highlightColor',
        'valueLabels',
        'barWidth',
        'referenceLine',
        'title',
        'xLabel',
        'yLabel',
        'yLim',
        'yTicks',
        'grid',
        'width',
        'height',
        'description',
      ],
      'barChart',
    );
    const { width = 640, height = 480, categories, barWidth = 0.8 } = options;
    checkSize(width, height, 'barChart');
    const values = toNumbers(options.values, 'values', 'barChart');
    if (values.length !== categories.length) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `barChart: ${categories.length} categories but ${values.length} values`,
      );
    }
    check(barWidth > 0 && barWidth <= 1, `barChart: barWidth must be in (0, 1], got ${barWidth}`);

    const yDomain = barYDomain(values, options.yLim);
    const n = values.length;
    const half = barWidth / 2;
    const xSpan = Math.max(n - 1 + 2 * half, 1e-9);
    const xDomain: [number, number] = [-half - 0.05 * xSpan, n - 1 + half + 0.05 * xSpan];
    const axes = makeAxes({
      width,
      height,
      xDomain,
      yDomain,
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      xTicks: categories.map((label, i) => ({ value: i, label })),
      yTicks: options.yTicks,
      grid: options.grid,
    });

    const [bars, labels] = barsMarkup(values, options, axes, yDomain);
    const body: string[] = [axes.background, bars];
    const ref = options.referenceLine;
    if (ref !== undefined && Number.isFinite(ref.y)) body.push(referenceLineMarkup(ref, axes));
    body.push(labels, axes.foreground);
    return finishChart(width, height, body.join(''), options.description ?? options.title);
  });
}
