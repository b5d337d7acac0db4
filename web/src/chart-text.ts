/**
 * Charts as text: a chart drawn for the eyes also gets its numbers in a visually hidden table or
 * list (class `visually-hidden`: kept in the accessibility tree, not on screen), which the chart
 * names with aria-describedby, so a screen reader reads the values the picture shows.
 */
import { language } from './i18n/language.js';

/** Number formats by language and decimals: making one costs more than formatting a hundred numbers. */
const formats = new Map<string, Intl.NumberFormat>();

/**
 * `value` with exactly `digits` decimals in the page's language, as the page's `fixed` writes it,
 * from a format made once (a table of hundreds of cells is drawn again several times a second).
 */
export function cellNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const key = `${language()} ${digits}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format.format(value);
}

/** Text made safe for innerHTML (the tables are built as one string: hundreds of rows, redrawn often). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Points `chart` at the hidden element `id` (its description), keeping its aria-label as its name. */
function describeBy(chart: Element, id: string): void {
  chart.setAttribute('aria-describedby', id);
}

/**
 * Appends to `container` a visually hidden table `id` with a caption, a header row and one row per
 * entry of `rows` (already formatted in the page's language), and has `chart` described by it.
 */
export function appendDataTable(
  container: HTMLElement,
  chart: Element,
  id: string,
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): HTMLTableElement {
  const table = document.createElement('table');
  table.id = id;
  table.className = 'visually-hidden chart-data';
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
    )
    .join('');
  table.innerHTML = `<caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody>`;
  container.append(table);
  describeBy(chart, id);
  return table;
}

/** Appends to `container` a visually hidden list `id` of `items`, named `label`, and has `chart` described by it. */
export function appendDataList(
  container: HTMLElement,
  chart: Element,
  id: string,
  label: string,
  items: readonly string[],
): HTMLElement {
  const list = document.createElement('ol');
  list.id = id;
  list.setAttribute('aria-label', label);
  list.className = 'visually-hidden chart-data';
  list.innerHTML = items.map((item) => `<li>${escapeHtml(item)}</li>`).join('');
  container.append(list);
  describeBy(chart, id);
  return list;
}
