/**
 * Contour lines, as matplotlib's `plt.contour` draws them: marching squares over a grid of values,
 * each level's crossings joined into polylines, coloured by level with the viridis colormap.
 * They come out as line-chart series (polylines separated by NaN gaps), so a figure can draw data
 * over them on the same axes.
 */
import { ScratchnetError, check } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkKnownOptions, checkNumber, checkNumberList, named } from '../validate.js';
import type { LineSeries } from './line-chart.js';

/** matplotlib's viridis at nine evenly spaced points, from dark purple (0) to yellow (1). */
const VIRIDIS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];

/** The viridis colour at `t` in [0, 1] (clamped), interpolated between nine of its colours. */
export function viridisColor(t: number): string {
  return named('viridisColor', () => {
    checkNumber(t, 't', 'viridisColor');
    const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
    const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
    const f = u - i;
    const rgb = (hex: string): number[] => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    const a = rgb(VIRIDIS[i]!);
    const b = rgb(VIRIDIS[i + 1]!);
    return `#${a
      .map((v, k) =>
        Math.round(v + (b[k]! - v) * f)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
  });
}

/**
 * The segments each marching-squares case draws, as pairs of cell edges (0 bottom, 1 right, 2 top,
 * 3 left). The case number has a bit per corner above the level: 1 bottom-left, 2 bottom-right,
 * 4 top-right, 8 top-left. The saddles 5 and 10 are settled by the cell's mean, below.
 */
const CASES: readonly (readonly [number, number][])[] = [
  [],
  [[3, 0]],
  [[0, 1]],
  [[3, 1]],
  [[1, 2]],
  [],
  [[0, 2]],
  [[3, 2]],
  [[2, 3]],
  [[0, 2]],
  [],
  [[1, 2]],
  [[3, 1]],
  [[0, 1]],
  [[3, 0]],
  [],
];

/** The segments marching squares draws in one cell, as pairs of cell edges (see `CASES`). */
function cellPairs(a: number, b: number, c: number, d: number, level: number): readonly [number, number][] {
  const index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
  if (index !== 5 && index !== 10) return CASES[index]!;
  // A saddle: the mean decides whether the two high corners are joined through the middle.
  const middleHigh = (a + b + c + d) / 4 > level;
  return (index === 5) === middleHigh
    ? [
        [0, 1],
        [2, 3],
      ]
    : [
        [3, 0],
        [1, 2],
      ];
}

/**
 * Every cell's crossing segments, each as the keys of the two grid edges it joins. An edge is named
 * by the grid point it starts from: 2k for the one going right, 2k + 1 going up.
 */
function crossingSegments(nx: number, ny: number, z: ArrayLike<number>, level: number): [number, number][] {
  const at = (i: number, j: number): number => z[j * nx + i]!;
  const edgeKey = (i: number, j: number, side: number): number => {
    switch (side) {
      case 0:
        return 2 * (j * nx + i);
      case 1:
        return 2 * (j * nx + i + 1) + 1;
      case 2:
        return 2 * ((j + 1) * nx + i);
      default:
        return 2 * (j * nx + i) + 1;
    }
  };
  const segments: [number, number][] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const a = at(i, j);
      const b = at(i + 1, j);
      const c = at(i + 1, j + 1);
      const d = at(i, j + 1);
      if (Number.isNaN(a + b + c + d)) continue;
      for (const [s, e] of cellPairs(a, b, c, d, level)) segments.push([edgeKey(i, j, s), edgeKey(i, j, e)]);
    }
  }
  return segments;
}

/**
 * Joins segments that share an edge into chains of edge keys. Each edge is shared by at most two
 * cells, so the segments form simple chains and loops.
 */
function chainSegments(segments: readonly [number, number][]): number[][] {
  const byEdge = new Map<number, number[]>();
  segments.forEach(([s, e], n) => {
    for (const key of [s, e]) {
      const list = byEdge.get(key);
      if (list === undefined) byEdge.set(key, [n]);
      else list.push(n);
    }
  });
  const used = new Uint8Array(segments.length);
  const follow = (from: number): number[] => {
    const keys: number[] = [];
    let key = from;
    for (;;) {
      const next = byEdge.get(key)!.find((n) => used[n] === 0);
      if (next === undefined) return keys;
      used[next] = 1;
      const [s, e] = segments[next]!;
      key = s === key ? e : s;
      keys.push(key);
    }
  };
  const chains: number[][] = [];
  for (let n = 0; n < segments.length; n++) {
    if (used[n] === 1) continue;
    used[n] = 1;
    const [s, e] = segments[n]!;
    const forward = follow(e);
    const backward = follow(s);
    chains.push([...backward.reverse(), s, e, ...forward]);
  }
  return chains;
}

/**
 * Where `z` crosses `level`, as polylines of [x, y] points. `z` holds one value per grid point, row
 * by row: `z[j * x.length + i]` is the value at (x[i], y[j]). Crossings are interpolated linearly
 * along the cell edges; a closed curve comes back to its first point. Cells with a NaN corner are
 * left out. Throws `SHAPE_MISMATCH` when `z` does not hold x.length × y.length values and
 * `BAD_ARGUMENT` for a level that is not finite.
 */
export function contourLines(
  xIn: ArrayLike<number> | NDArray,
  yIn: ArrayLike<number> | NDArray,
  zIn: ArrayLike<number> | NDArray,
  level: number,
): [number, number][][] {
  return named('contourLines', () => {
    const x = checkNumberList(xIn, 'x', 'contourLines');
    const y = checkNumberList(yIn, 'y', 'contourLines');
    const z = checkNumberList(zIn, 'z', 'contourLines');
    const nx = x.length;
    const ny = y.length;
    if (z.length !== nx * ny) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `contourLines: z must hold x.length × y.length = ${nx * ny} values, got ${z.length}`,
      );
    }
    check(Number.isFinite(level), `contourLines: level must be a finite number, got ${level}`);
    const at = (i: number, j: number): number => z[j * nx + i]!;
    const point = (key: number): [number, number] => {
      const k = key >> 1;
      const i = k % nx;
      const j = (k - i) / nx;
      const z0 = at(i, j);
      if ((key & 1) === 0) {
        const t = (level - z0) / (at(i + 1, j) - z0);
        return [x[i]! + t * (x[i + 1]! - x[i]!), y[j]!];
      }
      const t = (level - z0) / (at(i, j + 1) - z0);
      return [x[i]!, y[j]! + t * (y[j + 1]! - y[j]!)];
    };
    return chainSegments(crossingSegments(nx, ny, z, level)).map((keys) => keys.map(point));
  });
}

/** Options of `contourSeries`. */
export interface ContourOptions {
  /** Grid x coordinates, increasing. */
  x: readonly number[] | NDArray;
  /** Grid y coordinates, increasing. */
  y: readonly number[] | NDArray;
  /** Values row by row: `z[j * x.length + i]` at (x[i], y[j]). */
  z: ArrayLike<number> | NDArray;
  /** The levels to draw. */
  levels: readonly number[] | NDArray;
  /** A colour per level; default viridis from the lowest level (purple) to the highest (yellow). */
  colors?: readonly string[];
  /** Line width in pixels (default 2.08, matplotlib's 1.5 pt). */
  lineWidth?: number;
}

/** One unlabelled line-chart series per level, its polylines separated by NaN gaps. */
export function contourSeries(options: ContourOptions): LineSeries[] {
  return named('contourSeries', () => {
    const where = 'contourSeries';
    checkKnownOptions(options, ['x', 'y', 'z', 'levels', 'colors', 'lineWidth'], where);
    const { colors, lineWidth } = options;
    const x = checkNumberList(options.x, 'x', where);
    const y = checkNumberList(options.y, 'y', where);
    const z = checkNumberList(options.z, 'z', where);
    const levels = Array.from(checkNumberList(options.levels, 'levels', where));
    check(colors === undefined || Array.isArray(colors), `${where}: colors must be a list of colour strings`);
    if (lineWidth !== undefined) checkNumber(lineWidth, 'lineWidth', where, true);
    check(
      colors === undefined || colors.length === levels.length,
      `contourSeries: ${levels.length} levels but ${colors?.length} colors`,
    );
    const lo = Math.min(...levels);
    const hi = Math.max(...levels);
    return levels.map((level, k) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const line of contourLines(x, y, z, level)) {
        if (xs.length > 0) {
          xs.push(Number.NaN);
          ys.push(Number.NaN);
        }
        for (const [px, py] of line) {
          xs.push(px);
          ys.push(py);
        }
      }
      const color = colors?.[k] ?? viridisColor(hi > lo ? (level - lo) / (hi - lo) : 0.5);
      return { x: xs, y: ys, color, ...(lineWidth === undefined ? {} : { lineWidth }) };
    });
  });
}
