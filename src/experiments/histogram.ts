/** Histogram counts as numpy's `np.histogram(values, bins, range)` computes them (and `plt.hist` draws them). */
import { check } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkNumberList, named } from '../validate.js';

/** Counts per bin and the bins' edges (`counts.length + 1` of them). */
export interface Histogram {
  /** How many values fell in each bin. */
  counts: number[];
  /** The bins' edges, increasing: bin i is [edges[i], edges[i + 1]). */
  edges: number[];
}

/**
 * Counts `values` (an NDArray of any shape, flattened as numpy does, a list of numbers or a typed
 * array) in `bins` equal bins over `range`, as numpy does: each bin is closed on the left
 * and open on the right except the last, which includes `range[1]`; values outside the range (and
 * NaN) are not counted. Edges are numpy's `linspace(lo, hi, bins + 1)`, and a value is placed by
 * comparing it with those very edges, so a value on an edge lands where numpy puts it.
 */
export function histogram(
  values: ArrayLike<number> | NDArray,
  bins: number,
  range: readonly [number, number],
): Histogram {
  return named('histogram', () => {
    const data = checkNumberList(values, 'values', 'histogram');
    check(Number.isInteger(bins) && bins >= 1, `histogram: bins must be a positive integer, got ${String(bins)}`);
    check(
      Array.isArray(range) && range.length === 2,
      `histogram: range must be a list of two numbers [lo, hi], got ${typeof range === 'object' ? JSON.stringify(range) : String(range)}`,
    );
    const [lo, hi] = range;
    check(
      Number.isFinite(lo) && Number.isFinite(hi) && lo < hi,
      `histogram: range must be two finite numbers [lo, hi] with lo < hi, got [${lo}, ${hi}]`,
    );
    const step = (hi - lo) / bins;
    const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
    const counts = new Array<number>(bins).fill(0);
    const norm = bins / (hi - lo);
    for (let k = 0; k < data.length; k++) {
      const v = data[k]!;
      if (!(v >= lo && v <= hi)) continue;
      let i = Math.min(bins - 1, Math.floor((v - lo) * norm));
      // The scaled index can be off by one next to an edge; the edges themselves decide.
      if (v < edges[i]!) i--;
      else if (i < bins - 1 && v >= edges[i + 1]!) i++;
      counts[i]!++;
    }
    return { counts, edges };
  });
}
