import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { imageGrid } from './image-grid.js';
import { checkArray, checkKnownOptions, named } from '../validate.js';

/** Options of `filterChart`. */
export interface FilterChartOptions {
  /** Written over the grid; none by default (the SVG's `<title>` then names the filter count and size). */
  title?: string;
  /** Filters per row (default 10, as in the book's visualize_filter.py). */
  columns?: number;
  /** Input channel shown (default 0: MNIST filters have one). */
  channel?: number;
  /** Pixels per filter side (default 60). */
  cellSize?: number;
}

/**
 * The first convolution layer's filters W (FN, C, FH, FW) as a grid of pictures, one per filter,
 * the way the book's visualize_filter.py shows them: each filter scaled to its own minimum and
 * maximum (as matplotlib's imshow does), dark for large weights (`gray_r`). Random filters look like
 * noise; trained ones show edges and blobs.
 */
export function filterChart(W: NDArray, options: FilterChartOptions = {}): string {
  return named('filterChart', () => {
    checkArray(W, 'W', 'filterChart');
    checkKnownOptions(options, ['title', 'columns', 'channel', 'cellSize'], 'filterChart');
    if (!(W instanceof NDArray) || W.ndim !== 4) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `filterChart: W must be convolution filters (filters, channels, height, width), got ${W instanceof NDArray ? formatShape(W.shape) : typeof W}`,
      );
    }
    const [count, channels, h, w] = W.shape as [number, number, number, number];
    const { channel = 0, columns = 10, cellSize = 60, title } = options;
    if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `filterChart: channel must be an integer in [0, ${channels}), got ${channel}`,
      );
    }
    const images = new NDArray(new Float64Array(count * h * w), [count, h, w], 'float64');
    for (let f = 0; f < count; f++) {
      const from = (f * channels + channel) * h * w;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < h * w; i++) {
        const v = W.data[from + i]!;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const span = hi - lo || 1;
      for (let i = 0; i < h * w; i++) images.data[f * h * w + i] = (W.data[from + i]! - lo) / span;
    }
    return imageGrid({
      images,
      columns: Math.min(columns, count),
      cellSize,
      colormap: 'gray_r',
      valueRange: [0, 1],
      ...(title === undefined ? {} : { title }),
      description: title ?? `${count} convolution filters of ${h}x${w}`,
    });
  });
}
