/**
 * Histograms as matplotlib's `plt.hist` draws them: one bar per bin from edge to edge, no gaps, the
 * y axis starting at zero. It takes counts already made (scratchnet's `histogram` makes them as
 * numpy's `np.histogram` does), so the numbers a test checks are the ones drawn.
 */
import { ScratchnetError, check } from '../errors.js';
import { checkSize, finishChart, makeAxes, viewLimits, type TickSpec } from './axes.js';
import { MATPLOTLIB_COLORS, element } from './svg.js';
import { toNumbers, type Numbers } from './values.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `histogramChart`. */
export interface HistogramChartOptions {
  /** Bin edges, increasing: one more than `counts`. */
  edges: Numbers;
  /** How many values fell in each bin. */
  counts: Numbers;
  /** Bar colour (default matplotlib's first). */
  color?: string;
  /** Written over the plot; none by default. */
  title?: string;
  /** Label under the x axis. */
  xLabel?: string;
  /** Label left of the y axis, rotated. */
  yLabel?: string;
  /** x view limits; default the outer edges. */
  xLim?: readonly [number, number];
  /** y view limits; default 0 to the largest count plus 5%. Taller bars are cut off at the top, as matplotlib's are. */
  yLim?: readonly [number, number];
  /** Explicit x tick positions, or positions with labels; default matplotlib-style nice ticks. */
  xTicks?: TickSpec;
  /** Explicit y tick positions, or positions with labels. */
  yTicks?: TickSpec;
  /** Pixels; default 640. */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
  /** Text for the SVG's `<title>`; default the chart title. */
  description?: string;
}

/** A histogram as an SVG document string; each bin is a `<rect class="bar">` carrying its count and edges. */
export function histogramChart(options: HistogramChartOptions): string {
  return named('histogramChart', () => {
    checkKnownOptions(
      options,
      [
        'edges',
        'counts',
        'color',
        'title',
        'xLabel',
        'yLabel',
        'xLim',
        'yLim',
        'xTicks',
        'yTicks',
        'width',
        'height',
        'description',
      ],
      'histogramChart',
    );
    const { width = 640, height = 480, color = MATPLOTLIB_COLORS[0]! } = options;
    checkSize(width, height, 'histogramChart');
    const edges = toNumbers(options.edges, 'edges', 'histogramChart');
    const counts = toNumbers(options.counts, 'counts', 'histogramChart');
    if (edges.length !== counts.length + 1) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `histogramChart: ${counts.length} counts need ${counts.length + 1} edges, got ${edges.length}`,
      );
    }
    check(counts.length > 0, 'histogramChart: no bins');
    check(
      edges.every((e, i) => Number.isFinite(e) && (i === 0 || e > edges[i - 1]!)),
      'histogramChart: edges must be finite and increasing',
    );
    const top = Math.max(0, ...counts.filter(Number.isFinite));
    const yDomain: [number, number] =
      options.yLim !== undefined ? [options.yLim[0], options.yLim[1]] : [0, top > 0 ? top * 1.05 : 1];
    const xDomain = viewLimits(options.xLim, [edges[0]!, edges[edges.length - 1]!], 0);
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
    });
    const base = axes.y(Math.max(yDomain[0], 0));
    const bars = counts.map((c, i) => {
      if (!Number.isFinite(c) || c <= 0) return '';
      const x0 = axes.x(edges[i]!);
      const x1 = axes.x(edges[i + 1]!);
      const y1 = axes.y(c);
      return element('rect', {
        class: 'bar',
        'data-count': String(c),
        'data-edges': `${edges[i]} ${edges[i + 1]}`,
        x: x0,
        y: Math.min(y1, base),
        width: x1 - x0,
        height: Math.abs(base - y1),
        fill: color,
      });
    });
    const body = [axes.background, element('g', { class: 'bars', 'clip-path': axes.clipPath }, bars), axes.foreground];
    return finishChart(width, height, body.join(''), options.description ?? options.title);
  });
}
