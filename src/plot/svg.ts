/**
 * The SVG primitives every chart builds on: escaping, compact number formatting, element strings,
 * text-width estimates and the matplotlib look (colours, font, sizes). Pure string work, no DOM, so
 * the same code runs in Node and in a browser.
 */
import { checkString, named } from '../validate.js';

/** matplotlib's default colour cycle ("tab10"): the colours of the book's figures, in order. */
export const MATPLOTLIB_COLORS: readonly string[] = Object.freeze([
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]);

/**
 * matplotlib's default font first (resvg and most Linux machines have it), then what browsers on
 * other systems have. The quotes are single so the value can sit inside a double-quoted attribute.
 */
export const FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif";

/** matplotlib's 10 pt at its default 100 dpi, in pixels: tick labels, axis labels and legend. */
export const FONT_SIZE = 14;
/** matplotlib's title size (12 pt at 100 dpi). */
export const TITLE_FONT_SIZE = 17;

/** An attribute value: `undefined`, `null` and `false` leave the attribute out. */
export type AttrValue = string | number | boolean | null | undefined;

/** Attributes of an element, in the order they are written. */
export type Attrs = Readonly<Record<string, AttrValue>>;

/**
 * Escapes text for element content and double-quoted attribute values (every attribute here is
 * double-quoted, so apostrophes stay as they are: font names read better that way).
 */
export function escapeXml(text: string): string {
  return named('escapeXml', () => {
    checkString(text, 'text', 'escapeXml');
    let out = '';
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (ch === '&') out += '&amp;';
      else if (ch === '<') out += '&lt;';
      else if (ch === '>') out += '&gt;';
      else if (ch === '"') out += '&quot;';
      // XML 1.0 forbids most control characters even as references: drop them rather than emit an
      // unparseable document (a label read from a file could carry one).
      else if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
      else if (code === 0xfffe || code === 0xffff) continue;
      else out += ch;
    }
    return out;
  });
}

/**
 * A coordinate with at most two decimals (a hundredth of a pixel is invisible, and the files stay
 * small), never `-0` or exponent notation. Clamped to ±1e7 px: a point that far out is clipped away
 * anyway, and the clamp keeps the number syntax plain.
 */
export function fmt(value: number): string {
  if (Number.isNaN(value)) return '0';
  const clamped = Math.max(-1e7, Math.min(1e7, value));
  const rounded = Math.round(clamped * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * One element as a string. Attribute values are escaped; `children` are already-rendered markup
 * (escape text with `escapeXml` or use `textElement`). With no children the element self-closes.
 */
export function element(name: string, attrs: Attrs = {}, children: string | readonly string[] = ''): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    const text = typeof value === 'number' ? fmt(value) : value === true ? key : value;
    open += ` ${key}="${escapeXml(text)}"`;
  }
  const body = typeof children === 'string' ? children : children.join('');
  return body === '' ? `${open}/>` : `${open}>${body}</${name}>`;
}

/** A `<text>` element whose content is escaped. */
export function textElement(content: string, attrs: Attrs): string {
  return element('text', attrs, escapeXml(content));
}

/** Options of `svgDocument`. */
export interface SvgDocumentOptions {
  /** Becomes the document's `<title>` (shown as a tooltip, read by screen readers). */
  title?: string;
  /** Page colour; `'none'` leaves it transparent. Default white, as matplotlib saves. */
  background?: string;
  /** A stylesheet for the document (a `<style>` element). */
  css?: string;
}

/** Wraps chart markup in an `<svg>` root of the given pixel size, with the chart font set once. */
export function svgDocument(width: number, height: number, body: string, options: SvgDocumentOptions = {}): string {
  const { title, background = '#ffffff', css } = options;
  const parts: string[] = [];
  if (title !== undefined && title !== '') parts.push(element('title', {}, escapeXml(title)));
  if (css !== undefined && css !== '') parts.push(element('style', {}, escapeXml(css)));
  if (background !== 'none') parts.push(element('rect', { width, height, fill: background }));
  parts.push(body);
  return `${element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${fmt(width)} ${fmt(height)}`,
      'font-family': FONT_FAMILY,
      'font-size': FONT_SIZE,
    },
    parts,
  )}\n`;
}

/**
 * Advance widths of DejaVu Sans for the printable ASCII characters (32..126), in ems, measured with
 * resvg. Layout needs text widths before any renderer is involved: legend boxes, margins that fit
 * the tick labels. Browsers falling back to Arial get slightly narrower text, so the boxes stay big
 * enough.
 */
const ASCII_WIDTHS = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337, 0.636, 0.636,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1, 0.711, 0.686,
  0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635,
  0.594, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615,
  0.344, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.394, 0.521, 0.392, 0.634, 0.592,
  0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];

/** The rendered width of `text` at `fontSize` pixels, estimated from DejaVu Sans metrics. */
export function textWidth(text: string, fontSize: number = FONT_SIZE): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) ems += ASCII_WIDTHS[code - 32]!;
    else if (code === 0x2212)
      ems += 0.838; // the minus sign of tick labels
    else ems += 0.8; // other scripts: err on the wide side so boxes fit
  }
  return ems * fontSize;
}

/** DejaVu Sans' cap height in ems: how far above the baseline digits and capitals reach. */
export const CAP_HEIGHT = 0.73;

/**
 * A short, stable hash of a string (FNV-1a, base 36). Charts use it to name their clip paths: the
 * same chart always gets the same id (so output is reproducible), while different charts inlined in
 * one HTML page do not clash.
 */
export function hashString(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
