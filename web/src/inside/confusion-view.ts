/**
 * The test set's confusion matrix after an epoch, as a real table (rows: true class, columns:
 * predicted class; cells shaded by their share of the row), with the total and the diagonal's share.
 */
import { onRedraw } from '../chart-size.js';
import { fixed, integer, t } from '../i18n/language.js';
import type { ConfusionReport } from './types.js';

function cell(tag: 'th' | 'td', text: string, attributes: Record<string, string> = {}): HTMLTableCellElement {
  const el = document.createElement(tag);
  el.textContent = text;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** The header rows: "predicted" over the ten columns, then the digits. */
function headOf(): HTMLTableSectionElement {
  const head = document.createElement('thead');
  const top = document.createElement('tr');
  top.append(cell('td', ''), cell('th', t('inside.predicted'), { colspan: '10', scope: 'colgroup' }), cell('td', ''));
  const digits = document.createElement('tr');
  digits.append(cell('th', t('inside.true'), { scope: 'col' }));
  for (let c = 0; c < 10; c++) digits.append(cell('th', integer(c), { scope: 'col' }));
  digits.append(cell('th', t('inside.total'), { scope: 'col' }));
  head.append(top, digits);
  return head;
}

/** A row per true class: its counts, shaded by their share of the row (the diagonal in blue, errors in red). */
function bodyOf(matrix: readonly number[]): HTMLTableSectionElement {
  const body = document.createElement('tbody');
  for (let r = 0; r < 10; r++) {
    const row = document.createElement('tr');
    row.append(cell('th', integer(r), { scope: 'row' }));
    const counts = matrix.slice(r * 10, r * 10 + 10);
    const sum = counts.reduce((s, v) => s + v, 0);
    const rowTotal = sum || 1;
    counts.forEach((count, c) => {
      // Digits without grouping: a four-digit count stays narrow enough for the table to fit a phone.
      const td = cell('td', String(count), { 'data-count': String(count) });
      const share = count / rowTotal;
      // A little shade for any count, so a single error stands out from the zeros.
      const alpha = count === 0 ? 0 : 0.12 + 0.78 * share;
      td.style.backgroundColor =
        r === c ? `rgba(37, 99, 235, ${alpha})` : `rgba(220, 38, 38, ${Math.min(0.9, alpha * 2)})`;
      if (alpha > 0.55) td.classList.add('inside-dark');
      if (r === c) td.classList.add('inside-diagonal');
      row.append(td);
    });
    row.append(cell('td', String(sum)));
    body.append(row);
  }
  return body;
}

/** The confusion view in `root` (`data-view="confusion"`). */
export class ConfusionView {
  private report: ConfusionReport | null = null;
  private readonly empty: HTMLElement;
  private readonly scroll: HTMLElement;
  private readonly table: HTMLTableElement;

  constructor(private readonly root: HTMLElement) {
    this.empty = document.createElement('p');
    this.empty.className = 'hint';
    this.table = document.createElement('table');
    this.table.className = 'inside-confusion';
    this.scroll = document.createElement('div');
    this.scroll.className = 'inside-table-scroll';
    this.scroll.append(this.table);
    root.replaceChildren(this.empty, this.scroll);
    onRedraw(() => this.show(this.report));
    this.show(null);
  }

  /** Shows `report`'s matrix, or the empty state for null. */
  show(report: ConfusionReport | null): void {
    this.report = report;
    this.empty.textContent = report === null ? t('inside.confusionEmpty') : '';
    this.empty.hidden = report !== null;
    this.scroll.hidden = report === null;
    if (report === null) {
      this.table.replaceChildren();
      this.root.dataset.total = '';
      return;
    }
    const { matrix, total, epoch } = report;
    let correct = 0;
    for (let c = 0; c < 10; c++) correct += matrix[c * 11] ?? 0;
    const caption = document.createElement('caption');
    caption.textContent = t('inside.confusionCaption', {
      total: integer(total),
      epoch: integer(epoch),
      correct: integer(correct),
      acc: fixed(correct / total, 4),
    });
    this.table.replaceChildren(caption, headOf(), bodyOf(matrix));
    this.root.dataset.total = String(total);
    this.root.dataset.correct = String(correct);
  }
}
