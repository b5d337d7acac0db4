/**
 * A parser for the Python literals of a .npy header (`{'descr': '<f8', 'fortran_order': False,
 * 'shape': (2, 3), }`): dicts, tuples, lists, strings, ints, booleans and None. The header is parsed,
 * never evaluated, and nesting is bounded so a hostile header cannot exhaust the call stack.
 */
import type { ScratchnetError } from '../errors.js';

/** A parsed Python literal. */
export type PyLiteral =
  | { type: 'str'; value: string }
  | { type: 'int'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'none' }
  | { type: 'tuple' | 'list'; items: PyLiteral[] }
  | { type: 'dict'; entries: Map<string, PyLiteral> };

/** Nesting beyond this is not a numpy header; the limit keeps a hostile one off the call stack. */
const MAX_DEPTH = 16;

/** Parses one literal from `text`; errors go through `fail`, which names the character position. */
export class LiteralParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (problem: string) => ScratchnetError,
  ) {}

  parse(): PyLiteral {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) throw this.error('unexpected text after the dict');
    return value;
  }

  private error(problem: string): ScratchnetError {
    return this.fail(`${problem} at character ${this.pos} of the header`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private value(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) throw this.error(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) throw this.error('header ends early');
    if (c === '{') return this.dict(depth);
    if (c === '(' || c === '[') return this.sequence(depth);
    if (c === "'" || c === '"') return { type: 'str', value: this.string() };
    const word = /^(?:True|False|None|-?\d+L?)/.exec(this.text.slice(this.pos, this.pos + 40));
    if (word === null) throw this.error(`unexpected ${JSON.stringify(c)}`);
    this.pos += word[0].length;
    if (word[0] === 'True' || word[0] === 'False') return { type: 'bool', value: word[0] === 'True' };
    if (word[0] === 'None') return { type: 'none' };
    // Python 2 wrote long integers with an L suffix: (3L, 4L).
    const value = Number(word[0].replace('L', ''));
    if (!Number.isSafeInteger(value)) throw this.error(`integer ${word[0]} too large`);
    return { type: 'int', value };
  }

  private string(): string {
    const quote = this.text[this.pos++]!;
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw this.error('unterminated string');
      if (c === quote) return out;
      if (c === '\\') {
        const next = this.text[this.pos++];
        if (next !== '\\' && next !== "'" && next !== '"') throw this.error(`unsupported escape \\${next ?? ''}`);
        out += next;
      } else {
        out += c;
      }
    }
  }

  private sequence(depth: number): PyLiteral {
    const open = this.text[this.pos++]!;
    const close = open === '(' ? ')' : ']';
    const items: PyLiteral[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) break;
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) throw this.error(`expected "," or "${close}"`);
    }
    this.pos++;
    return { type: open === '(' ? 'tuple' : 'list', items };
  }

  private dict(depth: number): PyLiteral {
    this.pos++;
    const entries = new Map<string, PyLiteral>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') break;
      const key = this.value(depth + 1);
      if (key.type !== 'str') throw this.error('dict key is not a string');
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.error('expected ":"');
      this.pos++;
      if (entries.has(key.value)) throw this.error(`duplicate key '${key.value}'`);
      entries.set(key.value, this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw this.error('expected "," or "}"');
    }
    this.pos++;
    return { type: 'dict', entries };
  }
}
