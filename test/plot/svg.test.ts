// The SVG primitives, the XML checker the other plot tests rely on, and the browser-safety rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { element, escapeXml, fmt, hashString, svgDocument, textElement, textWidth } from '../../src/plot/svg.js';
import { allText, byName, parseSvg, parseXml } from './xml.js';

test('escapeXml escapes markup characters and drops characters XML forbids', () => {
  assert.equal(escapeXml(`a < b & c > "d" 'e'`), `a &lt; b &amp; c &gt; &quot;d&quot; 'e'`);
  assert.equal(escapeXml('bell\u0007 tab\t'), 'bell tab\t');
  assert.equal(escapeXml('x0\u00b2 − ü'), 'x0\u00b2 − ü');
});

test('fmt writes at most two decimals, no -0, no exponent', () => {
  assert.equal(fmt(1.23456), '1.23');
  assert.equal(fmt(-0.001), '0');
  assert.equal(fmt(10), '10');
  assert.equal(fmt(1e30), '10000000');
  assert.equal(fmt(NaN), '0');
});

test('element skips undefined and false attributes, self-closes when empty, escapes values', () => {
  assert.equal(
    element('rect', { x: 1.006, y: undefined, hidden: false, title: 'a"b' }),
    '<rect x="1.01" title="a&quot;b"/>',
  );
  assert.equal(element('g', {}, ['<a/>', '<b/>']), '<g><a/><b/></g>');
  assert.equal(textElement('1 < 2', { x: 0 }), '<text x="0">1 &lt; 2</text>');
});

test('a document with hostile text in title and labels still parses, and the text round-trips', () => {
  const nasty = `</text><script>alert("x")</script> & ]]> \u0001`;
  const svg = svgDocument(100, 50, textElement(nasty, { x: 1, y: 2 }), { title: nasty });
  const root = parseSvg(svg);
  assert.equal(byName(root, 'script').length, 0);
  assert.equal(allText(byName(root, 'text')[0]!), nasty.replace('\u0001', ''));
  assert.equal(allText(byName(root, 'title')[0]!), nasty.replace('\u0001', ''));
});

test('the XML checker rejects what is not well-formed', () => {
  for (const bad of [
    '<svg><g></svg>', // mismatched
    '<svg><g>', // unclosed
    '<svg a="1" a="2"/>', // duplicate attribute
    '<svg a=1/>', // unquoted
    '<svg>1 < 2</svg>', // raw <
    '<svg>&nbsp;</svg>', // unknown entity
    '<svg>AT&T</svg>', // bare &
    '<svg/><svg/>', // two roots
  ]) {
    assert.throws(() => parseXml(bad), /XML error/, bad);
  }
  assert.equal(parseXml('<?xml version="1.0"?>\n<a b="&lt;&#65;&#x42;"><!-- c --><d/>text</a>').attrs.b, '<AB');
});

test('textWidth follows DejaVu Sans metrics (digits 0.636 em)', () => {
  assert.ok(Math.abs(textWidth('0123456789', 10) - 63.6) < 1e-9);
  assert.ok(textWidth('train acc') > textWidth('test acc'));
  assert.ok(textWidth('\u2212') > textWidth('-'));
});

test('hashString is stable and differs for different input', () => {
  assert.equal(hashString('abc'), hashString('abc'));
  assert.notEqual(hashString('abc'), hashString('abd'));
});

/** The Node-only modules of src/plot: PNG output (node.ts) and the loader of its optional renderer. */
const NODE_ONLY = new Set(['node.ts', 'resvg.ts']);

test('src/plot is browser-safe: only node.ts and resvg.ts import node:* or native packages', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../src/plot');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    if (NODE_ONLY.has(file)) continue;
    const src = readFileSync(join(dir, file), 'utf8');
    const imports = [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const spec of imports) {
      assert.ok(spec.startsWith('.'), `${file} imports "${spec}": src/plot must stay browser-safe`);
      assert.ok(
        !spec.endsWith('/node.js') && !spec.endsWith('/resvg.js') && !spec.includes('/cli/'),
        `${file} imports the Node-only module "${spec}"`,
      );
    }
  }
});
