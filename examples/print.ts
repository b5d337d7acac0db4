/**
 * Python's `print()` for the examples, so that a script line `print(y)` shows what the book's
 * `print(y)` shows: numpy's str form for arrays (`[0.31682708 0.69627909]`, no `array(`, no commas) and
 * Python's repr for floats (`1.0`, `1e-05`, where JS would write `1` and `0.00001`).
 * `console.log(x)` gives numpy's repr instead (`array([...])`), which is what the book's `>>>` lines echo.
 *
 * This lives with the examples, not in src: it exists to make the scripts read like the book.
 */
import { NDArray, ScratchnetError } from '../src/index.js';

/** numpy's print options that matter for str(): line width, and no summarising below this size. */
const LINE_WIDTH = 75;
const THRESHOLD = 1000;

/** Python's repr of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16 on. */
export function pyFloat(v: number, dtype: 'float64' | 'float32' = 'float64'): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  // numpy prints a float32 with the fewest digits that read back to the same float32.
  let shortest = v.toExponential();
  if (dtype === 'float32') {
    for (let p = 0; p <= 8; p++) {
      const candidate = v.toExponential(p);
      if (Math.fround(Number(candidate)) === v) {
        shortest = candidate;
        break;
      }
    }
  }
  const [mantissa, expPart] = shortest.split('e') as [string, string];
  const exponent = Number(expPart);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // Move the point in the shortest digits themselves: toFixed would round the binary value again.
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')}.${digits.slice(exponent + 1) || '0'}`;
}

/**
 * The element strings numpy would print for x, all padded to one width. They come from scratchnet's
 * own repr of the flattened array, so both forms always agree on how a number is written.
 */
function elementWords(x: NDArray): string[] {
  const hanging = ' '.repeat('array(['.length);
  const repr = String(x.flatten()).replace(/,\s+dtype=\w+\)$/, ')');
  // The two checks below guard against a change in scratchnet's own repr: a bug, not a user error.
  if (!repr.startsWith('array([') || !repr.endsWith('])'))
    throw new Error(`print: cannot read the repr ${JSON.stringify(repr)}`);
  const body = repr
    .slice('array(['.length, -'])'.length)
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.slice(hanging.length)))
    .join(' ');
  const words = body.split(', ');
  if (words.length !== x.size) throw new Error(`print: read ${words.length} elements from a repr of ${x.size}`);
  return words;
}

/** numpy's str() of an array: its _formatArray with separator ' ' and a 75-column line. */
export function str(x: NDArray): string {
  if (x.ndim === 0) {
    const v = x.item();
    if (x.dtype === 'bool') return v ? 'True' : 'False';
    return x.dtype === 'float64' || x.dtype === 'float32' ? pyFloat(v, x.dtype) : String(v);
  }
  if (x.size === 0) return '[]';
  if (x.size > THRESHOLD)
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `print: x has ${x.size} elements; numpy summarises arrays over ${THRESHOLD}, so print only up to ${THRESHOLD} (console.log(x) prints any)`,
    );
  const words = elementWords(x);
  let next = 0;
  const recurse = (depth: number, hanging: string, width: number): string => {
    if (depth === x.ndim) return words[next++]!;
    const length = x.shape[depth]!;
    let s = '';
    if (depth === x.ndim - 1) {
      let line = hanging;
      for (let i = 0; i < length; i++) {
        const word = recurse(depth + 1, `${hanging} `, width - 1);
        // numpy wraps before a word that would pass the line, unless the line is still empty.
        if (line.length + word.length > width - 1 && line.length > hanging.length) {
          s += `${line.trimEnd()}\n`;
          line = hanging;
        }
        line += word;
        if (i < length - 1) line += ' ';
      }
      s += line;
    } else {
      const rows: string[] = [];
      for (let i = 0; i < length; i++) rows.push(hanging + recurse(depth + 1, `${hanging} `, width - 1));
      s = rows.join('\n'.repeat(x.ndim - depth - 1));
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, ' ', LINE_WIDTH);
}

/** What Python's print() writes for an array, a number or a string. */
function toText(value: NDArray | number | string): string {
  if (value instanceof NDArray) return str(value);
  if (typeof value === 'number') return pyFloat(value);
  return value;
}

/** Python's print(): the values' str forms, separated by spaces, on one line. */
export function print(...values: (NDArray | number | string)[]): void {
  console.log(values.map(toText).join(' '));
}
