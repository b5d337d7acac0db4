/**
 * The frame every x/y chart shares, drawn as matplotlib draws its default axes: a black box around
 * the plot area, ticks pointing outward on the bottom and left, tick labels, axis labels and a
 * title, with margins sized to fit the labels. Charts draw their data between `background` and
 * `foreground`, clipped to the plot area through `clipPath`.
 */
import { check } from '../errors.js';
import { extentLimits, formatTickValues, linearScale, niceTicks, type LinearScale } from './scale.js';
import {
  CAP_HEIGHT,
  FONT_SIZE,
  TITLE_FONT_SIZE,
  element,
  fmt,
  hashString,
  svgDocument,
  textElement,
  textWidth,
} from './svg.js';

/** A tick at `value` (data units) labelled `label`. */
export interface AxisTick {
  /** Position in data units. */
  value: number;
  /** Text written at the tick. */
  label: string;
}

/** Ticks for one axis: positions (labelled automatically) or positions with labels. */
export type TickSpec = readonly number[] | readonly AxisTick[];

/** A rectangle in pixels. */
export interface Rect {
  /** Left edge. */
  x: number;
  /** Top edge (SVG's y grows downward). */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** What `makeAxes` needs: the figure size, the view limits and the texts around the plot. */
export interface AxesSpec {
  /** Figure width in pixels. */
  width: number;
  /** Figure height in pixels. */
  height: number;
  /** The x view limits, left to right. */
  xDomain: readonly [number, number];
  /** The y view limits, bottom to top (give them reversed to put the first value at the top). */
  yDomain: readonly [number, number];
  /** Written over the plot area. */
  title?: string;
  /** Written under the x tick labels. */
  xLabel?: string;
  /** Written left of the y tick labels, rotated. */
  yLabel?: string;
  /** Explicit ticks; otherwise matplotlib-style nice ticks. An empty array draws no ticks. */
  xTicks?: TickSpec;
  /** As `xTicks`, for the y axis. */
  yTicks?: TickSpec;
  /** Only integer positions for automatic ticks. */
  xIntegerTicks?: boolean;
  /** As `xIntegerTicks`, for the y axis. */
  yIntegerTicks?: boolean;
  /** Light grey lines at the ticks, under the data (matplotlib's `plt.grid()`). */
  grid?: boolean;
  /** `'equal'`: one data unit is as long on both axes (square cells for a heatmap). */
  aspect?: 'auto' | 'equal';
  /** Draw the frame and ticks (default true); an image grid or bare heatmap can turn them off. */
  frame?: boolean;
  /** Extra pixels to keep free right of the plot (a colour bar). */
  rightReserve?: number;
}

/** A laid-out frame: where the plot area is, its scales, and the markup around the data. */
export interface Axes {
  /** The plot area, in pixels. */
  plot: Rect;
  /** Data x to pixel x. */
  x: LinearScale;
  /** Data y to pixel y (upward in data is upward on screen). */
  y: LinearScale;
  /** `clip-path` attribute value that clips to the plot area. */
  clipPath: string;
  /** Markup to draw before the data: the clip path definition and the grid. */
  background: string;
  /** Markup to draw after the data: spines, ticks, tick labels, axis labels, title. */
  foreground: string;
}

/** Pixel sizes of matplotlib's default axes furniture at 100 dpi. */
const TICK_LENGTH = 5; // 3.5 pt
const TICK_PAD = 5; // 3.5 pt
const LABEL_PAD = 6; // 4 pt
const TITLE_PAD = 8; // 6 pt
const EDGE_PAD = 10;
const SPINE_WIDTH = 1.1; // 0.8 pt
const GRID_COLOR = '#b0b0b0';
/** How far a descender (g, p, y) reaches below the baseline, in ems. */
const DESCENT = 0.24;

/**
 * The placeholder charts use for their clip-path id until `finishChart` replaces it with a hash of
 * the finished markup: ids stay reproducible yet differ between charts inlined in one page.
 */
const CLIP_TOKEN = 'scratchnet-clip-id';

/**
 * An element id unique to the finished chart (a gradient, a second clip path): it contains the
 * placeholder that `finishChart` rewrites.
 */
export function chartId(suffix: string): string {
  return `${CLIP_TOKEN}-${suffix}`;
}

/** Resolves a tick spec (or nice ticks for the domain) into positions with labels. */
function resolveTicks(
  spec: TickSpec | undefined,
  domain: readonly [number, number],
  maxBins: number,
  integer: boolean,
): AxisTick[] {
  const lo = Math.min(domain[0], domain[1]);
  const hi = Math.max(domain[0], domain[1]);
  if (spec !== undefined) {
    if (spec.length === 0) return [];
    const first = spec[0]!;
    if (typeof first === 'number') {
      const values = (spec as readonly number[]).filter((v) => Number.isFinite(v));
      const labels = formatTickValues(values);
      return values.map((value, i) => ({ value, label: labels[i]! }));
    }
    return [...(spec as readonly AxisTick[])];
  }
  const values = niceTicks(lo, hi, { maxBins, integer });
  const labels = formatTickValues(values);
  return values.map((value, i) => ({ value, label: labels[i]! }));
}

/**
 * Automatic x ticks whose labels do not collide: matplotlib shrinks the bin count with the axis
 * length; long labels (10000, 0.0025) need fewer bins still.
 */
function fittedXTicks(spec: AxesSpec, plotWidth: number): AxisTick[] {
  let bins = Math.max(1, Math.min(9, Math.floor(plotWidth / (3 * FONT_SIZE))));
  for (;;) {
    const ticks = resolveTicks(spec.xTicks, spec.xDomain, bins, spec.xIntegerTicks ?? false);
    if (spec.xTicks !== undefined || bins === 1 || ticks.length < 2) return ticks;
    const span = Math.abs(spec.xDomain[1] - spec.xDomain[0]);
    const spacing = (Math.abs(ticks[1]!.value - ticks[0]!.value) / span) * plotWidth;
    const widest = Math.max(...ticks.map((t) => textWidth(t.label)));
    if (widest + FONT_SIZE * 0.6 <= spacing) return ticks;
    bins--;
  }
}

/** The plot area and ticks `makeAxes` settles on before drawing anything. */
interface Layout {
  plot: Rect;
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  /** Width of the widest y tick label, in pixels. */
  yTickWidth: number;
  /** Room the tick marks and their padding take (zero without a frame). */
  tickSpace: number;
}

/**
 * Margins sized to the texts around the plot. Tick counts depend on the plot size and the margins on
 * the tick labels: the plot size is estimated from matplotlib's default subplot fractions first,
 * then the margins are fitted to the labels.
 */
function layoutAxes(spec: AxesSpec): Layout {
  const { width, height, title, xLabel, yLabel, frame = true, rightReserve = 0 } = spec;
  const hasTitle = title !== undefined && title !== '';
  const hasXLabel = xLabel !== undefined && xLabel !== '';
  const hasYLabel = yLabel !== undefined && yLabel !== '';

  const roughHeight = height * 0.77;
  const yTicks = resolveTicks(
    spec.yTicks,
    spec.yDomain,
    Math.max(1, Math.min(9, Math.floor(roughHeight / (2 * FONT_SIZE)))),
    spec.yIntegerTicks ?? false,
  );
  const yTickWidth = yTicks.length === 0 ? 0 : Math.max(...yTicks.map((t) => textWidth(t.label)));
  const tickSpace = frame ? TICK_LENGTH + TICK_PAD : 0;

  let left = EDGE_PAD + (hasYLabel ? FONT_SIZE + LABEL_PAD : 0) + (yTicks.length > 0 ? yTickWidth + tickSpace : 0);
  left = Math.max(left, width * 0.08);
  let top = hasTitle ? EDGE_PAD + TITLE_FONT_SIZE + TITLE_PAD : EDGE_PAD + FONT_SIZE * 0.5;
  top = Math.max(top, height * 0.05);
  const roughWidth = width - left - width * 0.05 - rightReserve;
  const xTicks = fittedXTicks(spec, roughWidth);
  const lastXHalf = xTicks.length === 0 ? 0 : textWidth(xTicks[xTicks.length - 1]!.label) / 2;
  const right = Math.max(EDGE_PAD + lastXHalf, width * 0.04) + rightReserve;
  let bottom = EDGE_PAD + (xTicks.length > 0 ? tickSpace + FONT_SIZE : 0) + (hasXLabel ? LABEL_PAD + FONT_SIZE : 0);
  bottom = Math.max(bottom, height * 0.07);

  const plot: Rect = {
    x: left,
    y: top,
    width: Math.max(1, width - left - right),
    height: Math.max(1, height - top - bottom),
  };
  return { plot: spec.aspect === 'equal' ? equalAspect(plot, spec) : plot, xTicks, yTicks, yTickWidth, tickSpace };
}

/** The largest rectangle centred in `plot` in which one data unit is as long on both axes. */
function equalAspect(plot: Rect, spec: AxesSpec): Rect {
  const dx = Math.abs(spec.xDomain[1] - spec.xDomain[0]) || 1;
  const dy = Math.abs(spec.yDomain[1] - spec.yDomain[0]) || 1;
  const unit = Math.min(plot.width / dx, plot.height / dy);
  const w = unit * dx;
  const h = unit * dy;
  return { x: plot.x + (plot.width - w) / 2, y: plot.y + (plot.height - h) / 2, width: w, height: h };
}

/** The clip path definition and, when asked for, the grid lines at the ticks. */
function backgroundMarkup(layout: Layout, x: LinearScale, y: LinearScale, grid: boolean): string {
  const { plot, xTicks, yTicks } = layout;
  const background: string[] = [
    element(
      'defs',
      {},
      element(
        'clipPath',
        { id: CLIP_TOKEN },
        element('rect', { x: plot.x, y: plot.y, width: plot.width, height: plot.height }),
      ),
    ),
  ];
  if (grid) {
    const plotRight = plot.x + plot.width;
    const plotBottom = plot.y + plot.height;
    let d = '';
    for (const t of xTicks) d += `M${fmt(x(t.value))} ${fmt(plot.y)}V${fmt(plotBottom)}`;
    for (const t of yTicks) d += `M${fmt(plot.x)} ${fmt(y(t.value))}H${fmt(plotRight)}`;
    if (d !== '')
      background.push(
        element('path', { class: 'grid', d, stroke: GRID_COLOR, 'stroke-width': SPINE_WIDTH, fill: 'none' }),
      );
  }
  return background.join('');
}

/** The box around the plot area. */
function frameMarkup(plot: Rect, spec: AxesSpec): string {
  // The view limits ride along as data attributes: tests and scripts can read the axes back.
  return element('rect', {
    class: 'frame',
    'data-xlim': `${spec.xDomain[0]} ${spec.xDomain[1]}`,
    'data-ylim': `${spec.yDomain[0]} ${spec.yDomain[1]}`,
    x: plot.x,
    y: plot.y,
    width: plot.width,
    height: plot.height,
    fill: 'none',
    stroke: '#000000',
    'stroke-width': SPINE_WIDTH,
  });
}

/** The x axis group: tick marks, tick labels and the axis label under the plot. */
function xAxisMarkup(layout: Layout, x: LinearScale, frame: boolean, xLabel: string | undefined): string {
  const { plot, xTicks, tickSpace } = layout;
  const plotBottom = plot.y + plot.height;
  const capShift = CAP_HEIGHT * FONT_SIZE;
  const xAxis: string[] = [];
  for (const t of xTicks) {
    const px = x(t.value);
    if (frame)
      xAxis.push(
        element('path', {
          d: `M${fmt(px)} ${fmt(plotBottom)}v${TICK_LENGTH}`,
          stroke: '#000000',
          'stroke-width': SPINE_WIDTH,
        }),
      );
    xAxis.push(
      textElement(t.label, {
        class: 'tick-label',
        'data-value': String(t.value),
        x: px,
        y: plotBottom + tickSpace + capShift,
        'text-anchor': 'middle',
      }),
    );
  }
  const xLabelY =
    plotBottom + (xTicks.length > 0 ? tickSpace + FONT_SIZE + DESCENT * FONT_SIZE : tickSpace) + LABEL_PAD + capShift;
  if (xLabel !== undefined && xLabel !== '')
    xAxis.push(
      textElement(xLabel, { class: 'axis-label', x: plot.x + plot.width / 2, y: xLabelY, 'text-anchor': 'middle' }),
    );
  return element('g', { class: 'axis x-axis' }, xAxis);
}

/** The y axis group: tick marks, tick labels and the rotated axis label left of the plot. */
function yAxisMarkup(layout: Layout, y: LinearScale, frame: boolean, yLabel: string | undefined): string {
  const { plot, yTicks, tickSpace, yTickWidth } = layout;
  const capShift = CAP_HEIGHT * FONT_SIZE;
  const yAxis: string[] = [];
  for (const t of yTicks) {
    const py = y(t.value);
    if (frame)
      yAxis.push(
        element('path', {
          d: `M${fmt(plot.x)} ${fmt(py)}h${-TICK_LENGTH}`,
          stroke: '#000000',
          'stroke-width': SPINE_WIDTH,
        }),
      );
    yAxis.push(
      textElement(t.label, {
        class: 'tick-label',
        'data-value': String(t.value),
        x: plot.x - tickSpace,
        y: py + capShift / 2,
        'text-anchor': 'end',
      }),
    );
  }
  if (yLabel !== undefined && yLabel !== '') {
    // Rotated a quarter turn counter-clockwise, the baseline is vertical and the glyphs rise to its
    // left, so the baseline sits a descent's width left of the widest tick label.
    const lx = plot.x - (yTicks.length > 0 ? tickSpace + yTickWidth : tickSpace) - LABEL_PAD - DESCENT * FONT_SIZE;
    const ly = plot.y + plot.height / 2;
    yAxis.push(
      textElement(yLabel, {
        class: 'axis-label',
        x: lx,
        y: ly,
        'text-anchor': 'middle',
        transform: `rotate(-90 ${fmt(lx)} ${fmt(ly)})`,
      }),
    );
  }
  return element('g', { class: 'axis y-axis' }, yAxis);
}

/** Lays out the frame for `spec` and renders its markup. */
export function makeAxes(spec: AxesSpec): Axes {
  const { title, grid = false, frame = true } = spec;
  const layout = layoutAxes(spec);
  const { plot } = layout;
  const x = linearScale(spec.xDomain, [plot.x, plot.x + plot.width]);
  const y = linearScale(spec.yDomain, [plot.y + plot.height, plot.y]);

  const fg: string[] = [];
  if (frame) fg.push(frameMarkup(plot, spec));
  fg.push(xAxisMarkup(layout, x, frame, spec.xLabel), yAxisMarkup(layout, y, frame, spec.yLabel));
  if (title !== undefined && title !== '') {
    fg.push(
      textElement(title, {
        class: 'title',
        x: plot.x + plot.width / 2,
        y: plot.y - TITLE_PAD - DESCENT * TITLE_FONT_SIZE,
        'text-anchor': 'middle',
        'font-size': TITLE_FONT_SIZE,
      }),
    );
  }
  return {
    plot,
    x,
    y,
    clipPath: `url(#${CLIP_TOKEN})`,
    background: backgroundMarkup(layout, x, y, grid),
    foreground: fg.join(''),
  };
}

/**
 * The whole document: gives the clip path its final id (a hash of the markup) and wraps the body in
 * an `<svg>` root.
 */
export function finishChart(width: number, height: number, body: string, description?: string): string {
  const id = `sn-clip-${hashString(body)}`;
  return svgDocument(
    width,
    height,
    body.split(CLIP_TOKEN).join(id),
    description === undefined ? {} : { title: description },
  );
}

/** The view limits for one axis: the given limits, or the padded data extent. */
export function viewLimits(
  given: readonly [number, number] | undefined,
  values: Iterable<number>,
  margin = 0.05,
): [number, number] {
  if (given !== undefined) return [given[0], given[1]];
  return extentLimits(values, margin);
}

/** Checks a figure size: positive, finite, not absurd. */
export function checkSize(width: number, height: number, who: string): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    check(
      Number.isFinite(v) && v >= 50 && v <= 20000,
      `${who}: ${name} must be a number of pixels between 50 and 20000, got ${v}`,
    );
  }
}
