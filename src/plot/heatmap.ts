/**
 * Heatmaps of a matrix, as matplotlib's `imshow` with the "Blues" colour map and a colour bar, each
 * cell annotated with its value (white on dark cells): the usual picture of a confusion matrix.
 */
import { ScratchnetError, check } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { type Axes, chartId, checkSize, finishChart, makeAxes, type Rect } from './axes.js';
import { formatTickValues, formatValue, niceTicks } from './scale.js';
import { CAP_HEIGHT, FONT_SIZE, element, fmt, textElement, textWidth } from './svg.js';
import { checkFields, checkKnownOptions, checkNumber, named } from '../validate.js';

/** matplotlib's "Blues" (ColorBrewer), light to dark. */
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

/** The "Blues" colour at t in [0, 1], interpolated linearly between the ColorBrewer stops. */
export function bluesColor(t: number): string {
  return named('bluesColor', () => {
    checkNumber(t, 't', 'bluesColor');
    const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
    const pos = clamped * (BLUES.length - 1);
    const i = Math.min(BLUES.length - 2, Math.floor(pos));
    const f = pos - i;
    const a = hexRgb(BLUES[i]!);
    const b = hexRgb(BLUES[i + 1]!);
    return (
      '#' +
      a
        .map((c, k) =>
          Math.round(c + (b[k]! - c) * f)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')
    );
  });
}

function hexRgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** Options of `heatmap`. */
export interface HeatmapOptions {
  /** The matrix: a 2-D NDArray or rows of numbers. Row 0 is drawn at the top. */
  values: NDArray | readonly (readonly number[])[];
  /** Column names under the cells (default 0, 1, …). */
  xLabels?: readonly string[];
  /** Row names left of the cells (default 0, 1, …). */
  yLabels?: readonly string[];
  /** Written over the plot; none by default. */
  title?: string;
  /** Label under the column names. */
  xLabel?: string;
  /** Label left of the row names, rotated. */
  yLabel?: string;
  /** Write each cell's value in it: `true` (default) uses a short number format, or pass a formatter. */
  annotate?: boolean | ((value: number, row: number, col: number) => string);
  /**
   * What sets a cell's colour: its value (default), or its share of its row (`'row'`), which keeps
   * a confusion matrix readable when one class has many more samples than another.
   */
  colorBy?: 'value' | 'row';
  /** Draw a colour bar at the right (default true). */
  colorbar?: boolean;
  /** Written along the colour bar (default `'share of row'` with `colorBy: 'row'`, else nothing). */
  colorbarLabel?: string;
  /** Pixels; default 640. */
  width?: number;
  /** Pixels; default 560. */
  height?: number;
  /** Text for the SVG's `<title>`; default the chart title. */
  description?: string;
}

function readMatrix(values: HeatmapOptions['values']): number[][] {
  if (values instanceof NDArray) {
    check(values.ndim === 2, `heatmap: values must be a 2-D array, got ${values.ndim}-D`);
    const [rows, cols] = values.shape as [number, number];
    return Array.from({ length: rows }, (_, r) => Array.from(values.data.subarray(r * cols, (r + 1) * cols)));
  }
  check(
    Array.isArray(values) && values.every((row) => Array.isArray(row)),
    'heatmap: values must be a 2-D NDArray or a list of rows of numbers',
  );
  const rows = values.map((row) => [...row]);
  const cols = rows[0]?.length ?? 0;
  rows.forEach((row, r) => {
    if (row.length !== cols)
      throw new ScratchnetError('SHAPE_MISMATCH', `heatmap: row ${r} has ${row.length} values, row 0 has ${cols}`);
  });
  return rows;
}

/** What each cell's colour is read from, and the range that maps to the lightest and darkest blue. */
interface ColorScale {
  shades: number[][];
  lo: number;
  hi: number;
}

/** The colour scale: raw values, or each row divided by its sum. */
function colorScale(matrix: number[][], colorBy: 'value' | 'row'): ColorScale {
  const shades = matrix.map((row) => {
    if (colorBy === 'value') return row;
    const sum = row.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
  const flat = shades.flat().filter(Number.isFinite);
  const lo = Math.min(0, ...flat);
  // Row shares run 0..1 whatever the data, so colours compare across charts.
  const hi = colorBy === 'row' ? 1 : Math.max(...flat, lo + 1e-12);
  return { shades, lo, hi };
}

/** The cells and, unless `annotate` is false, their values written in them (empty string then). */
function cellsMarkup(
  matrix: number[][],
  scale: ColorScale,
  axes: Axes,
  annotate: NonNullable<HeatmapOptions['annotate']>,
): string {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  const cellW = axes.plot.width / cols;
  const cellH = axes.plot.height / rows;
  const fontSize = Math.min(FONT_SIZE, cellH * 0.45, cellW * 0.3);
  const cells: string[] = [];
  const texts: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = matrix[r]![c]!;
      const t = (scale.shades[r]![c]! - scale.lo) / (scale.hi - scale.lo);
      const x = axes.x(c - 0.5);
      const y = axes.y(r - 0.5);
      cells.push(
        element('rect', {
          class: 'cell',
          'data-row': r,
          'data-col': c,
          'data-value': String(v),
          x,
          y,
          width: cellW + 0.3,
          height: cellH + 0.3,
          fill: bluesColor(t),
        }),
      );
      if (annotate !== false) {
        const text = typeof annotate === 'function' ? annotate(v, r, c) : formatValue(v);
        texts.push(
          textElement(text, {
            x: x + cellW / 2,
            y: y + cellH / 2 + (CAP_HEIGHT * fontSize) / 2,
            'text-anchor': 'middle',
            fill: t > 0.5 ? '#ffffff' : '#000000',
          }),
        );
      }
    }
  }
  const body = element('g', { class: 'cells' }, cells);
  return texts.length > 0 ? body + element('g', { class: 'annotations', 'font-size': fontSize }, texts) : body;
}

/** The colour bar right of the plot: the "Blues" gradient, ticks over lo..hi and an optional label. */
function colorbarMarkup(plot: Rect, lo: number, hi: number, label: string): string {
  const bx = plot.x + plot.width + 20;
  const bw = 16;
  const top = plot.y;
  const h = plot.height;
  const gradientId = chartId('colorbar');
  const stops = BLUES.map((color, i) => element('stop', { offset: fmt(i / (BLUES.length - 1)), 'stop-color': color }));
  const bar: string[] = [
    element('defs', {}, element('linearGradient', { id: gradientId, x1: 0, y1: 1, x2: 0, y2: 0 }, stops)),
    element('rect', {
      x: bx,
      y: top,
      width: bw,
      height: h,
      fill: `url(#${gradientId})`,
      stroke: '#000000',
      'stroke-width': 1.1,
    }),
  ];
  const ticks = niceTicks(lo, hi, { maxBins: 6 });
  const labels = formatTickValues(ticks);
  ticks.forEach((tv, i) => {
    const py = top + h - ((tv - lo) / (hi - lo)) * h;
    bar.push(element('path', { d: `M${fmt(bx + bw)} ${fmt(py)}h5`, stroke: '#000000', 'stroke-width': 1.1 }));
    bar.push(textElement(labels[i]!, { x: bx + bw + 8, y: py + (CAP_HEIGHT * FONT_SIZE) / 2 }));
  });
  if (label !== '') {
    const lx = bx + bw + 8 + Math.max(0, ...labels.map((l) => textWidth(l))) + 8 + CAP_HEIGHT * FONT_SIZE;
    const ly = top + h / 2;
    bar.push(
      textElement(label, { x: lx, y: ly, 'text-anchor': 'middle', transform: `rotate(-90 ${fmt(lx)} ${fmt(ly)})` }),
    );
  }
  return element('g', { class: 'colorbar' }, bar);
}

/**
 * A heatmap as an SVG document string; each cell is a `<rect class="cell">` with its value in `data-value`.
 * Throws `SHAPE_MISMATCH` for ragged rows and `BAD_ARGUMENT` for an empty matrix, a non-2-D array,
 * label lists of the wrong length or a bad size.
 */
export function heatmap(options: HeatmapOptions): string {
  return named('heatmap', () => {
    checkFields(options, ['values'], 'options', 'heatmap');
    checkKnownOptions(
      options,
      [
        'values',
        'xLabels',
        'yLabels',
        'title',
        'xLabel',
        'yLabel',
        'annotate',
        'colorBy',
        'colorbar',
        'colorbarLabel',
        'width',
        'height',
        'description',
      ],
      'heatmap',
    );
    const { width = 640, height = 560, annotate = true, colorBy = 'value', colorbar = true } = options;
    checkSize(width, height, 'heatmap');
    const matrix = readMatrix(options.values);
    const rows = matrix.length;
    const cols = rows === 0 ? 0 : matrix[0]!.length;
    check(rows > 0 && cols > 0, 'heatmap: values must not be empty');
    const xLabels = options.xLabels ?? Array.from({ length: cols }, (_, i) => String(i));
    const yLabels = options.yLabels ?? Array.from({ length: rows }, (_, i) => String(i));
    check(xLabels.length === cols, `heatmap: ${xLabels.length} xLabels for ${cols} columns`);
    check(yLabels.length === rows, `heatmap: ${yLabels.length} yLabels for ${rows} rows`);

    const scale = colorScale(matrix, colorBy);
    const axes = makeAxes({
      width,
      height,
      xDomain: [-0.5, cols - 0.5],
      yDomain: [rows - 0.5, -0.5],
      aspect: 'equal',
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      xTicks: xLabels.map((label, i) => ({ value: i, label })),
      yTicks: yLabels.map((label, i) => ({ value: i, label })),
      rightReserve: colorbar ? 100 : 0,
    });
    const body: string[] = [axes.background, cellsMarkup(matrix, scale, axes, annotate), axes.foreground];
    if (colorbar) {
      const label = options.colorbarLabel ?? (colorBy === 'row' ? 'share of row' : '');
      body.push(colorbarMarkup(axes.plot, scale.lo, scale.hi, label));
    }
    return finishChart(width, height, body.join(''), options.description ?? options.title);
  });
}
