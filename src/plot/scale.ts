/**
 * Scales and ticks as matplotlib makes them: data limits padded by 5% (`axes.xmargin`), tick
 * positions from its `MaxNLocator` (steps of 1, 2, 2.5 or 5 times a power of ten, at most 9 bins),
 * and tick labels with one common number of decimals (`0.0 0.2 … 1.0`, with a real minus sign).
 */
import type { NDArray } from '../ndarray/ndarray.js';
import { checkKnownOptions, checkNumber, checkNumberList, checkPair, named } from '../validate.js';
import type { Numbers } from './values.js';

/** A map from a data interval onto a pixel interval; `invert` maps back. */
export interface LinearScale {
  (value: number): number;
  /** The data interval, as given (may be decreasing). */
  readonly domain: readonly [number, number];
  /** The pixel interval, as given (may be decreasing: SVG's y grows downward). */
  readonly range: readonly [number, number];
  /** The data value at a pixel position. */
  invert(pixel: number): number;
}

/** The affine map taking `domain[0]` to `range[0]` and `domain[1]` to `range[1]`. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  return named('linearScale', () => {
    checkPair(domain, 'domain', 'linearScale');
    checkPair(range, 'range', 'linearScale');
    const [d0, d1] = domain;
    const [r0, r1] = range;
    // A zero-width domain would divide by zero; map everything to the middle of the range instead.
    const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
    const scale = ((value: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + (value - d0) * k)) as LinearScale;
    Object.defineProperties(scale, {
      domain: { value: Object.freeze([d0, d1]) },
      range: { value: Object.freeze([r0, r1]) },
      invert: { value: (pixel: number) => (k === 0 ? d0 : d0 + (pixel - r0) / k) },
    });
    return scale;
  });
}

/**
 * matplotlib's `nonsingular`: widens an empty or degenerate interval so it can be drawn. A single
 * value v becomes v ± 5%, and 0 becomes ±0.05 (what matplotlib shows for a constant series).
 */
export function nonsingular(lo: number, hi: number, expander = 0.05): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-expander, expander];
  if (hi < lo) [lo, hi] = [hi, lo];
  const maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  if (maxAbs < 1e-300 || hi - lo <= maxAbs * 1e-13) {
    if (hi === 0 && lo === 0) return [-expander, expander];
    return [lo - expander * Math.abs(lo), hi + expander * Math.abs(hi)];
  }
  return [lo, hi];
}

/**
 * The view limits matplotlib picks for data spanning `values`: the finite extent padded by `margin`
 * of its width on each side. No finite values gives matplotlib's empty-axes default, 0..1.
 */
export function autoLimits(values: Iterable<number> | Numbers, margin = 0.05): [number, number] {
  return named('autoLimits', () => {
    const isIterable = typeof values === 'object' && values !== null && Symbol.iterator in values;
    const list = isIterable && !Array.isArray(values) ? values : checkNumberList(values, 'values', 'autoLimits');
    checkNumber(margin, 'margin', 'autoLimits', true);
    return extentLimits(list as Iterable<number>, margin);
  });
}

/** `autoLimits` for values the plotting code gathered itself (any iterable, unchecked). */
export function extentLimits(values: Iterable<number>, margin: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  const [a, b] = nonsingular(lo, hi);
  const pad = (b - a) * margin;
  return [a - pad, b + pad];
}

/** Options of `niceTicks`. */
export interface NiceTicksOptions {
  /** At most this many intervals between ticks (matplotlib's `nbins`; default 9, its usual 'auto'). */
  maxBins?: number;
  /** Only integer ticks (bar positions, class labels). */
  integer?: boolean;
}

const STEPS = [1, 2, 2.5, 5, 10];

/**
 * Tick positions inside [lo, hi] as matplotlib's default `AutoLocator` places them: the smallest
 * step of 1, 2, 2.5 or 5 × 10^k that needs at most `maxBins` intervals, on multiples of the step.
 * `niceTicks(0, 1)` is 0, 0.2, …, 1; `niceTicks(-5.5, 5.4)` is −4, −2, 0, 2, 4.
 */
export function niceTicks(lo: number, hi: number, options: NiceTicksOptions = {}): number[] {
  return named('niceTicks', () => {
    checkNumber(lo, 'lo', 'niceTicks');
    checkNumber(hi, 'hi', 'niceTicks');
    checkKnownOptions(options, ['maxBins', 'integer'], 'niceTicks');
    const { maxBins = 9, integer = false } = options;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
    if (hi < lo) [lo, hi] = [hi, lo];
    // A degenerate interval gets the same ±5% a view limit would, not matplotlib's 1e-13 here:
    // ticks 1e-13 apart would all print as the same number.
    [lo, hi] = nonsingular(lo, hi);
    const nbins = Math.max(1, Math.floor(maxBins));

    // matplotlib's scale_range: work relative to an offset when the interval is tiny next to its
    // values (1000.1..1000.2), or the floor/ceil below would lose every digit that matters.
    const span = hi - lo;
    const mean = (lo + hi) / 2;
    const scale = 10 ** Math.floor(Math.log10(span / nbins));
    const offset = Math.abs(mean) / span < 100 ? 0 : Math.sign(mean) * 10 ** Math.floor(Math.log10(Math.abs(mean)));
    const vmin = lo - offset;
    const vmax = hi - offset;
    const rawStep = span / nbins;

    // The "staircase" lets the step grow past one decade: 0.1·steps, steps, 10·steps[1].
    const steps = [...STEPS.slice(0, -1).map((s) => s / 10), ...STEPS, 10 * STEPS[1]!].map((s) => s * scale);
    let candidates = steps.filter((s) => s >= rawStep * (1 - 1e-12));
    if (integer) {
      const ints = candidates.filter((s) => s >= 1 && Math.abs(s - Math.round(s)) < 1e-9);
      candidates = ints.length > 0 ? ints : [Math.max(1, Math.ceil(rawStep))];
    }

    let ticks: number[] = [];
    for (const step of candidates) {
      const tol = offset > 0 ? Math.min(0.4999, Math.max(1e-10, 10 ** (Math.log10(offset / step) - 12))) : 1e-10;
      const base = Math.floor(vmin / step) * step;
      const low = floorTol((vmin - base) / step, tol);
      const high = ceilTol((vmax - base) / step, tol);
      ticks = [];
      for (let i = low; i <= high; i++) ticks.push(i * step + base);
      const inside = ticks.filter((t) => t >= vmin - step * tol && t <= vmax + step * tol).length;
      if (inside >= 2) break;
    }
    const slack = (vmax - vmin) * 1e-10;
    const cleaned = ticks.filter((t) => t >= vmin - slack && t <= vmax + slack).map((t) => cleanFloat(t + offset));
    return cleaned.filter((t, i) => i === 0 || t !== cleaned[i - 1]);
  });
}

function floorTol(x: number, tol: number): number {
  const d = Math.floor(x);
  return x - d > 1 - tol ? d + 1 : d;
}

function ceilTol(x: number, tol: number): number {
  const d = Math.floor(x);
  return x - d < tol ? d : d + 1;
}

/** Removes float noise such as 0.30000000000000004 from a computed tick. */
function cleanFloat(x: number): number {
  if (x === 0) return 0;
  const cleaned = Number(x.toPrecision(12));
  return Object.is(cleaned, -0) ? 0 : cleaned;
}

/** The minus sign matplotlib puts in tick labels (U+2212), wider and clearer than a hyphen. */
export const MINUS = '\u2212';

/**
 * Labels for a set of ticks with one shared number of decimals, as matplotlib's ScalarFormatter
 * writes them: `0.0 0.2 … 1.0`, `−4 −2 0 2 4`, `0.25 0.50`. Very large or very small magnitudes use
 * exponent notation (`1e−5`).
 */
export function formatTicks(ticks: readonly number[] | NDArray): string[] {
  return named('formatTicks', () => {
    return formatTickValues(Array.from(checkNumberList(ticks, 'ticks', 'formatTicks')));
  });
}

/** `formatTicks` for tick values the plotting code computed itself. */
export function formatTickValues(ticks: readonly number[]): string[] {
  if (ticks.length === 0) return [];
  const maxAbs = Math.max(...ticks.map(Math.abs));
  const steps = ticks
    .slice(1)
    .map((t, i) => Math.abs(t - ticks[i]!))
    .filter((s) => s > 0);
  const step = steps.length > 0 ? Math.min(...steps) : maxAbs;
  if (maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-4) || (step > 0 && step < 1e-5)) {
    return ticks.map((t) => withMinus(t === 0 ? '0' : compactExponent(t)));
  }
  let decimals = 0;
  while (
    decimals < 10 &&
    !ticks.every((t) => Math.abs(Number(t.toFixed(decimals)) - t) <= Math.abs(step) * 1e-6 + 1e-12)
  ) {
    decimals++;
  }
  return ticks.map((t) => withMinus((Math.abs(t) < step * 1e-9 ? 0 : t).toFixed(decimals)));
}

/** One number as a short label: integers exactly, others to 4 significant digits; a real minus sign. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : `${MINUS}inf`;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  // Counts stay exact (a confusion-matrix cell of 12345 is not 1.235e4).
  if (Number.isInteger(value) && abs < 1e15) return withMinus(String(value));
  if (abs >= 1e6 || abs < 1e-4) return withMinus(compactExponent(value));
  return withMinus(String(Number(value.toPrecision(4))));
}

function compactExponent(value: number): string {
  const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
  const m = mantissa.replace(/\.?0+$/, '');
  return `${m}e${exponent.replace('+', '')}`;
}

function withMinus(text: string): string {
  return text.replace(/-/g, MINUS);
}
