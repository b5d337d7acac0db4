/**
 * The Train page's summary of the architecture field: a row per layer with its output shape and
 * parameters (like `summary()`), or, when the spec does not build, the layer at fault marked and the
 * library's reason next to it.
 */
import { integer, t } from '../i18n/language.js';
import type { SpecCheck } from './spec-check.js';

function cell(row: HTMLTableRowElement, text: string, tag: 'td' | 'th' = 'td'): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  row.append(c);
  return c;
}

/** The layer's position and its token of the spec, the token as code (it is the spec's own text, in every language). */
function layerCell(row: HTMLTableRowElement, position: number, token: string): void {
  const c = cell(row, `${position}. `);
  const code = document.createElement('code');
  code.textContent = token;
  c.append(code);
}

function header(table: HTMLTableElement): void {
  const head = table.createTHead().insertRow();
  for (const key of ['train.summaryLayer', 'train.summaryType', 'train.summaryShape', 'train.summaryParams'] as const)
    cell(head, t(key), 'th').scope = 'col';
}

function showBuilt(table: HTMLTableElement, check: Extract<SpecCheck, { ok: true }>): void {
  const body = table.createTBody();
  for (const r of check.rows) {
    const row = body.insertRow();
    row.dataset.position = String(r.position);
    layerCell(row, r.position, r.token);
    cell(row, r.type);
    cell(row, `(${r.outputShape.join(', ')})`);
    cell(row, integer(r.params));
  }
  const total = table.createTFoot().insertRow();
  cell(total, t('train.summaryTotal', { shape: check.inputShape.join(', ') })).colSpan = 3;
  cell(total, integer(check.totalParams));
}

function showFailed(table: HTMLTableElement, check: Extract<SpecCheck, { ok: false }>): void {
  const body = table.createTBody();
  check.tokens.forEach((token, i) => {
    const row = body.insertRow();
    row.dataset.position = String(i + 1);
    layerCell(row, i + 1, token);
    if (check.position === i + 1) {
      row.classList.add('spec-error-row');
      row.setAttribute('aria-invalid', 'true');
      const reason = cell(row, check.message);
      reason.colSpan = 3;
      reason.className = 'spec-error-reason';
    } else {
      cell(row, '').colSpan = 3;
    }
  });
}

/** Shows `check` in the summary `table`, and in `errorBox` the layer at fault with the reason (empty when it builds). */
export function showSpecCheck(table: HTMLTableElement, errorBox: HTMLElement, check: SpecCheck): void {
  table.replaceChildren();
  header(table);
  if (check.ok) {
    showBuilt(table, check);
    errorBox.textContent = '';
    delete errorBox.dataset.position;
    return;
  }
  showFailed(table, check);
  const token = check.position === null ? undefined : check.tokens[check.position - 1];
  errorBox.textContent =
    check.position === null || token === undefined
      ? t('train.specError', { message: check.message })
      : t('train.specErrorAt', { position: integer(check.position), layer: token, message: check.message });
  if (check.position !== null) errorBox.dataset.position = String(check.position);
  else delete errorBox.dataset.position;
}
