import { f16round } from './half.js';
import type { NDArray } from './ndarray.js';
import { formatShape } from './shape.js';

/** numpy's print options (numpy.set_printoptions defaults). */
const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

type ElementFormat = (v: number) => string;

/** Strips trailing zeros of a fraction, keeping the point: "1.50000" -> "1.5", "2.000" -> "2.". */
function trimFraction(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '') : `${s}.`;
}

/** Shortest round-trip positional digits, rounded to at most PRECISION fractional digits. */
function positional(v: number): string {
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  let s = String(a);
  if (s.includes('e') || (s.split('.')[1]?.length ?? 0) > PRECISION) s = a.toFixed(PRECISION);
  return sign + trimFraction(s);
}

/** Shortest round-trip scientific mantissa, at most PRECISION fractional digits: [mantissa, exponent]. */
function scientific(v: number, digits?: number): [string, number] {
  const raw = digits === undefined ? v.toExponential() : v.toExponential(digits);
  let [mantissa, exponent] = raw.split('e') as [string, string];
  if (digits === undefined && (mantissa.split('.')[1]?.length ?? 0) > PRECISION) {
    [mantissa, exponent] = v.toExponential(PRECISION).split('e') as [string, string];
  }
  if (digits === undefined) mantissa = trimFraction(mantissa);
  else if (!mantissa.includes('.')) mantissa += '.';
  return [mantissa, Number(exponent)];
}

/**
 * numpy's float formatting for the `values` shown. `shortest` maps a value to the number whose
 * shortest digits identify it (itself for float64; see shortestHalf for float16).
 */
function floatFormat(values: readonly number[], shortest: (v: number) => number = (v) => v): ElementFormat {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (nonZero.length > 0) {
    const maxVal = Math.max(...nonZero);
    const minVal = Math.min(...nonZero);
    exp = maxVal >= 1e8 || minVal < 1e-4 || maxVal / minVal > 1e3;
  }
  let width: number;
  let format: ElementFormat;
  if (exp) {
    const parts = finite.map((v) => scientific(shortest(v)));
    const precision = Math.max(0, ...parts.map(([m]) => m.split('.')[1]!.length));
    const expDigits = Math.max(2, ...parts.map(([, e]) => String(Math.abs(e)).length));
    const padLeft = Math.max(1, ...parts.map(([m]) => m.split('.')[0]!.length));
    format = (v) => {
      const [m, e] = scientific(v, precision);
      const [intPart, frac] = m.split('.') as [string, string];
      return `${intPart.padStart(padLeft)}.${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(expDigits, '0')}`;
    };
    width = padLeft + 1 + precision + 2 + expDigits;
  } else {
    const parts = finite.map((v) => positional(shortest(v)).split('.') as [string, string]);
    const padLeft = Math.max(1, ...parts.map(([i]) => i.length));
    const padRight = Math.max(0, ...parts.map(([, f]) => f.length));
    format = (v) => {
      const [intPart, frac] = positional(shortest(v)).split('.') as [string, string];
      return `${intPart.padStart(padLeft)}.${frac.padEnd(padRight)}`;
    };
    width = padLeft + 1 + padRight;
  }
  const hasNegInf = values.some((v) => v === -Infinity);
  const fullWidth = Math.max(width, values.some((v) => !Number.isFinite(v)) ? 3 + (hasNegInf ? 1 : 0) : 0);
  return (v) => {
    if (Number.isNaN(v)) return 'nan'.padStart(fullWidth);
    if (!Number.isFinite(v)) return (v > 0 ? 'inf' : '-inf').padStart(fullWidth);
    return format(v).padStart(fullWidth);
  };
}

/**
 * The number with the fewest significant digits that rounds to the float16 value `v`: numpy prints
 * a float16 with the shortest digits that read back to it (0.1 rather than 0.0999755859375).
 */
function shortestHalf(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  for (let digits = 1; digits < 6; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (f16round(candidate) === v) return candidate;
  }
  return v;
}

function elementFormat(x: NDArray, shown: readonly number[]): ElementFormat {
  if (x.dtype === 'bool') return (v) => (v ? ' True' : 'False');
  if (x.dtype === 'float64' || x.dtype === 'float32') return floatFormat(shown);
  if (x.dtype === 'float16') return floatFormat(shown, shortestHalf);
  const width = Math.max(0, ...shown.map((v) => String(v).length));
  return (v) => String(v).padStart(width);
}

/** Flat indices of the elements numpy would show (edge items of each axis when summarising). */
function shownIndices(x: NDArray, summarise: boolean): number[] {
  const out: number[] = [];
  const visit = (depth: number, offset: number, run: number): void => {
    if (depth === x.ndim) {
      out.push(offset);
      return;
    }
    const length = x.shape[depth]!;
    const inner = run / Math.max(1, length);
    for (const i of axisItems(length, summarise)) visit(depth + 1, offset + i * inner, inner);
  };
  visit(0, 0, x.size);
  return out;
}

function axisItems(length: number, summarise: boolean): number[] {
  if (summarise && length > 2 * EDGE_ITEMS) {
    return [...Array(EDGE_ITEMS).keys(), ...Array.from({ length: EDGE_ITEMS }, (_, i) => length - EDGE_ITEMS + i)];
  }
  return [...Array(length).keys()];
}

/** Appends `word` to `line`, first wrapping to a new line when it would pass `width` (numpy's _extendLine). */
function extendLine(state: { s: string; line: string }, word: string, width: number, hanging: string): void {
  if (state.line.length + word.length > width && state.line.length > hanging.length) {
    state.s += `${state.line.trimEnd()}\n`;
    state.line = hanging;
  }
  state.line += word;
}

/** numpy's _formatArray: nested brackets, wrapped to the line width, "..." where summarised. */
function formatNested(x: NDArray, fmt: ElementFormat, summarise: boolean, lineWidth: number, indent: string): string {
  const separator = ', ';
  const recurse = (depth: number, offset: number, hanging: string, width: number): string => {
    if (depth === x.ndim) return fmt(x.data[offset]!);
    const length = x.shape[depth]!;
    const run = x.shape.slice(depth + 1).reduce((p, d) => p * d, 1);
    const summary = summarise && length > 2 * EDGE_ITEMS;
    const leading = summary ? EDGE_ITEMS : 0;
    const trailing = summary ? EDGE_ITEMS : length;
    const items: (number | null)[] = [...Array(leading).keys()];
    if (summary) items.push(null);
    for (let i = trailing; i >= 1; i--) items.push(length - i);
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    let s = '';
    if (depth === x.ndim - 1) {
      const state = { s: '', line: hanging };
      items.forEach((i, k) => {
        const last = k === items.length - 1;
        const word = i === null ? '...' : recurse(depth + 1, offset + i * run, nextHanging, nextWidth);
        extendLine(state, word, width - 1, hanging);
        if (!last) state.line += separator;
      });
      s = state.s + state.line;
    } else {
      const lineSep = `${separator.trimEnd()}${'\n'.repeat(x.ndim - depth - 1)}`;
      s = items
        .map((i) => hanging + (i === null ? '...' : recurse(depth + 1, offset + i * run, nextHanging, nextWidth)))
        .join(lineSep);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, indent, lineWidth);
}

/** numpy's array repr, e.g. `array([0.31682708, 0.69627909])` or `array([1., 2.], dtype=float32)`. */
export function formatArray(x: NDArray): string {
  const summarise = x.size > THRESHOLD;
  const prefix = 'array(';
  const extras: string[] = [];
  if (summarise || (x.size === 0 && x.ndim !== 1)) extras.push(`shape=${formatShape(x.shape)}`);
  if (x.dtype === 'float32' || x.dtype === 'float16' || x.dtype === 'uint8' || x.size === 0)
    extras.push(`dtype=${x.dtype}`);
  let body: string;
  if (x.size === 0) body = '[]';
  else {
    const fmt = elementFormat(
      x,
      shownIndices(x, summarise).map((i) => x.data[i]!),
    );
    body =
      x.ndim === 0
        ? fmt(x.data[0]!).trim()
        : formatNested(x, fmt, summarise, LINE_WIDTH - 1, ' '.repeat(prefix.length + 1));
  }
  if (extras.length === 0) return `${prefix}${body})`;
  // Like numpy, the shape/dtype notes move to their own line when they would overflow the last one.
  const head = `${prefix}${body},`;
  const tail = `${extras.join(', ')})`;
  const lastLine = head.length - (head.lastIndexOf('\n') + 1);
  const spacer = lastLine + tail.length + 1 > LINE_WIDTH ? `\n${' '.repeat(prefix.length)}` : ' ';
  return head + spacer + tail;
}
