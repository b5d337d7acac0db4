/**
 * A tiny, strict XML reader for the chart tests: it walks the text character by character, throws
 * on anything that is not well-formed (unbalanced or mismatched tags, a raw `<` or a bad `&` in text
 * or attributes, duplicate or unquoted attributes, text after the root), and returns a small tree
 * to query. It covers what the charts emit (no DTDs, CDATA or processing instructions besides an
 * optional XML declaration).
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text content (entities decoded), without its children's. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameStart(ch: string): boolean {
  return /[A-Za-z_:]/.test(ch);
}

function isNameChar(ch: string): boolean {
  return /[A-Za-z0-9_:.-]/.test(ch);
}

class Reader {
  pos = 0;
  constructor(readonly src: string) {}

  fail(message: string): never {
    const line = this.src.slice(0, this.pos).split('\n').length;
    throw new Error(
      `XML error at line ${line}, offset ${this.pos}: ${message}: …${this.src.slice(this.pos, this.pos + 40)}…`,
    );
  }

  peek(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  expect(s: string): void {
    if (!this.peek(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  skipSpace(): void {
    while (this.pos < this.src.length && ' \t\r\n'.includes(this.src[this.pos]!)) this.pos++;
  }

  name(): string {
    const start = this.pos;
    if (!isNameStart(this.src[this.pos] ?? '')) this.fail('expected a name');
    while (this.pos < this.src.length && isNameChar(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** Decodes character data up to `stop`, rejecting raw `<` and malformed entities. */
  chars(stop: string): string {
    let out = '';
    while (this.pos < this.src.length && !this.peek(stop)) {
      const ch = this.src[this.pos]!;
      if (ch === '<') this.fail('raw "<" in character data');
      if (ch === '&') {
        const end = this.src.indexOf(';', this.pos);
        if (end < 0 || end - this.pos > 10) this.fail('unterminated entity');
        const ref = this.src.slice(this.pos + 1, end);
        if (/^#x[0-9a-fA-F]+$/.test(ref)) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
        else if (/^#[0-9]+$/.test(ref)) out += String.fromCodePoint(parseInt(ref.slice(1), 10));
        else if (ref in ENTITIES) out += ENTITIES[ref];
        else this.fail(`unknown entity &${ref};`);
        this.pos = end + 1;
        continue;
      }
      const code = ch.charCodeAt(0);
      if (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') this.fail(`control character ${code}`);
      out += ch;
      this.pos++;
    }
    return out;
  }

  element(): XmlNode {
    this.expect('<');
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.peek('/>')) {
        this.pos += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (this.peek('>')) {
        this.pos++;
        break;
      }
      if (this.pos === before) this.fail('expected whitespace before an attribute');
      const attr = this.name();
      if (attr in attrs) this.fail(`duplicate attribute ${attr}`);
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('unquoted attribute value');
      this.pos++;
      attrs[attr] = this.chars(quote);
      this.expect(quote);
    }
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`unclosed <${name}>`);
      if (this.peek('</')) {
        this.pos += 2;
        const close = this.name();
        if (close !== name) this.fail(`</${close}> closes <${name}>`);
        this.skipSpace();
        this.expect('>');
        return { name, attrs, children, text };
      }
      if (this.peek('<!--')) {
        const end = this.src.indexOf('-->', this.pos);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 3;
        continue;
      }
      if (this.peek('<')) {
        children.push(this.element());
        continue;
      }
      text += this.chars('<');
    }
  }
}

/** Parses a whole document; throws with a position on anything not well-formed. */
export function parseXml(src: string): XmlNode {
  const r = new Reader(src);
  if (r.peek('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) r.fail('unterminated XML declaration');
    r.pos = end + 2;
  }
  r.skipSpace();
  const root = r.element();
  r.skipSpace();
  if (r.pos !== src.length) r.fail('content after the root element');
  return root;
}

/** Every element in the tree (the root first, depth first) that satisfies `pred`. */
export function findAll(node: XmlNode, pred: (n: XmlNode) => boolean): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode): void => {
    if (pred(n)) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** Elements whose class list contains `cls`. */
export function byClass(node: XmlNode, cls: string): XmlNode[] {
  return findAll(node, (n) => (n.attrs.class ?? '').split(/\s+/).includes(cls));
}

/** Elements named `name`. */
export function byName(node: XmlNode, name: string): XmlNode[] {
  return findAll(node, (n) => n.name === name);
}

/** All text in an element and its descendants. */
export function allText(node: XmlNode): string {
  return node.text + node.children.map(allText).join('');
}

/** Parses an SVG chart and checks the root: an `<svg>` in the SVG namespace with a size. */
export function parseSvg(svg: string): XmlNode {
  const root = parseXml(svg);
  if (root.name !== 'svg') throw new Error(`root element is <${root.name}>, not <svg>`);
  if (root.attrs.xmlns !== 'http://www.w3.org/2000/svg') throw new Error('the root lacks the SVG namespace');
  return root;
}

/** The numbers of an attribute such as `translate(10 20) rotate(-45)`, in order. */
export function numbersIn(text: string): number[] {
  return (text.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
}
