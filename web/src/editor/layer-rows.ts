/**
 * The network editor's list of layer rows, kept in step with the layer-spec text field both ways:
 * an edit in a row rewrites the field (`formatLayers`) and tells the field's listeners (the summary,
 * the URL, the 2-D tab's network) as if it were typed; typing in the field rebuilds the rows when the
 * text parses, and otherwise leaves them as they were with the text's error on the row it names.
 */
import { formatLayers, type LayerSpec } from '../../../src/core.js';
import { integer, onLanguageChange, t } from '../i18n/language.js';
import { type LayerKind, layerOfKind, type ParamName, paramsOf, parseRows, withParam } from './rows-model.js';
import { buildRow, paramName, type RowAction } from './rows-view.js';

/** Where the rows live and what they offer. */
export interface LayerRowsOptions {
  /** The layer-spec text field the rows mirror. */
  readonly field: HTMLInputElement;
  /** The list the rows are drawn in, one item per layer. */
  readonly list: HTMLOListElement;
  /** "Add layer" at the end of the list. */
  readonly addButton: HTMLButtonElement;
  /** A polite live region that says what a button did (moved, added, removed). */
  readonly announcer: HTMLElement;
  /** The kinds a row's menu offers. */
  readonly kinds: readonly LayerKind[];
  /** Whether no layers at all is a spec (the 2-D tab's hidden layers may be none). */
  readonly allowEmpty: boolean;
  /** The layer "add" inserts. */
  readonly newLayer: LayerSpec;
  /** Prefix of the ids the rows give their elements. */
  readonly idPrefix: string;
}

/** The control to focus after the rows are drawn again: the row (from 0) and what in it. */
interface FocusTarget {
  readonly index: number;
  readonly control: 'kind' | RowAction;
}

/** The layer rows of one text field. */
export class LayerRows {
  private layers: LayerSpec[] = [];
  private error: { position: number | null; message: string } | null = null;
  /** Fields whose text is not a value the spec can write, as `position:param`, with their message. */
  private readonly badFields = new Map<string, string>();

  constructor(private readonly o: LayerRowsOptions) {
    o.field.addEventListener('input', () => this.fromText());
    o.list.addEventListener('input', (event) => this.onFieldInput(event));
    o.list.addEventListener('change', (event) => this.onKindChange(event));
    o.list.addEventListener('click', (event) => this.onButton(event));
    // Enter in a row's field commits its value (already synced as typed); it must not submit the
    // form around it, which would start a training run.
    o.list.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
    });
    o.addButton.addEventListener('click', () => this.insert(this.layers.length));
    onLanguageChange(() => {
      o.addButton.textContent = t('rows.addEnd');
      // Drawn again, every field shows the rows' values: none holds a value the spec cannot write.
      this.badFields.clear();
      this.render();
    });
    o.addButton.textContent = t('rows.addEnd');
    this.fromText();
  }

  /** Whether every row's fields hold values the spec can write (Start waits for them). */
  complete(): boolean {
    return this.badFields.size === 0;
  }

  /** Reads the text field: new rows when it parses to other layers, else the text's error on its row. */
  fromText(): void {
    const parsed = parseRows(this.o.field.value, this.o.allowEmpty);
    if (!parsed.ok) {
      this.markError(parsed.position, parsed.message);
      return;
    }
    this.error = null;
    if (formatLayers(parsed.layers) !== formatLayers(this.layers) || this.o.list.childElementCount === 0) {
      this.layers = parsed.layers;
      this.badFields.clear();
      this.render();
    } else this.applyMarks();
  }

  /** Marks the row at `position` (from 1) with `message`; null clears the mark. */
  markError(position: number | null, message = ''): void {
    this.error = position === null && message === '' ? null : { position, message };
    this.applyMarks();
  }

  private onFieldInput(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const index = this.indexOf(input);
    const spec = this.layers[index];
    const info = spec === undefined ? undefined : paramsOf(spec.type).find((p) => p.name === input.dataset.param);
    if (spec === undefined || info === undefined) return;
    const key = `${index + 1}:${info.name}`;
    const edited = withParam(spec, info, input.value);
    if (edited === null) {
      const message = t(info.integer ? 'rows.badInteger' : 'rows.badNumber', { param: paramName(info) });
      this.badFields.set(key, message);
      this.applyMarks();
      // The field's listeners check again: Start waits while a row cannot be written.
      this.o.field.dispatchEvent(new Event('input'));
      return;
    }
    this.badFields.delete(key);
    this.layers[index] = edited;
    this.write();
  }

  private onKindChange(event: Event): void {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || select.dataset.param !== 'kind') return;
    const index = this.indexOf(select);
    this.layers[index] = layerOfKind(select.value as LayerKind, this.layers[index]);
    this.forgetBadFields(index + 1);
    this.render({ index, control: 'kind' });
    this.write();
  }

  private onButton(event: Event): void {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    if (button === null || button === undefined) return;
    const index = this.indexOf(button);
    const action = button.dataset.action as RowAction;
    if (action === 'add') this.insert(index + 1);
    else if (action === 'remove') this.remove(index);
    else this.move(index, action === 'up' ? -1 : 1);
  }

  private insert(index: number): void {
    this.badFields.clear();
    this.layers.splice(index, 0, { ...this.o.newLayer });
    this.render({ index, control: 'kind' });
    this.announce(t('rows.added', { position: integer(index + 1) }));
    this.write();
  }

  private remove(index: number): void {
    this.badFields.clear();
    this.layers.splice(index, 1);
    const next = Math.min(index, this.layers.length - 1);
    this.render(next < 0 ? undefined : { index: next, control: 'remove' });
    if (next < 0) this.o.addButton.focus();
    this.announce(t('rows.removed', { position: integer(index + 1) }));
    this.write();
  }

  private move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.layers.length) return;
    const [moved] = this.layers.splice(index, 1);
    if (moved === undefined) return;
    this.badFields.clear();
    this.layers.splice(to, 0, moved);
    // The moved layer keeps the focus on the same button, or the other one at the list's end.
    const edge = (by < 0 && to === 0) || (by > 0 && to === this.layers.length - 1);
    this.render({ index: to, control: edge ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down' });
    this.announce(t('rows.moved', { from: integer(index + 1), to: integer(to + 1) }));
    this.write();
  }

  private forgetBadFields(position: number): void {
    for (const key of [...this.badFields.keys()]) if (key.startsWith(`${position}:`)) this.badFields.delete(key);
  }

  /** Writes the rows into the text field and tells its listeners, as typing would. */
  private write(): void {
    this.o.field.value = this.layers.length === 0 ? '' : formatLayers(this.layers);
    this.o.field.dispatchEvent(new Event('input'));
    this.o.field.dispatchEvent(new Event('change'));
  }

  private indexOf(control: Element): number {
    return Number(control.closest<HTMLElement>('li.layer-row')?.dataset.position) - 1;
  }

  private announce(text: string): void {
    this.o.announcer.textContent = text;
  }

  /** Draws the rows again (in the page's language), then focuses `focus`'s control if given. */
  private render(focus?: FocusTarget): void {
    const { list, kinds, idPrefix } = this.o;
    const count = this.layers.length;
    list.replaceChildren(...this.layers.map((spec, i) => buildRow(spec, i, count, kinds, idPrefix)));
    list.setAttribute('aria-label', t(this.o.allowEmpty ? 'rows.hiddenListLabel' : 'rows.listLabel'));
    this.applyMarks();
    if (focus === undefined) return;
    const row = list.children[focus.index];
    const selector = focus.control === 'kind' ? 'select' : `button[data-action="${focus.control}"]`;
    const target = row?.querySelector<HTMLElement>(selector);
    (target !== null && target !== undefined && !(target as HTMLButtonElement).disabled
      ? target
      : row?.querySelector<HTMLElement>('select')
    )?.focus();
  }

  /** Shows each row's error: a field the spec cannot write first, else the spec's error at that row. */
  private applyMarks(): void {
    for (const row of this.o.list.querySelectorAll<HTMLLIElement>('li.layer-row')) {
      const position = Number(row.dataset.position);
      const own = [...this.badFields].filter(([key]) => key.startsWith(`${position}:`));
      for (const input of row.querySelectorAll<HTMLInputElement>('input[data-param]')) {
        const bad = this.badFields.has(`${position}:${input.dataset.param as ParamName}`);
        if (bad) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      const specError = this.error !== null && this.error.position === position ? this.error.message : '';
      const message = own.length > 0 ? own.map(([, text]) => text).join(' ') : specError;
      row.classList.toggle('layer-row-invalid', message !== '');
      const select = row.querySelector('select');
      if (message !== '') select?.setAttribute('aria-invalid', 'true');
      else select?.removeAttribute('aria-invalid');
      const box = row.querySelector('.layer-row-error');
      if (box !== null) box.textContent = message;
    }
  }
}

/**
 * The layer rows of `field`, in the page's elements `<idPrefix>-layer-rows` (the list),
 * `<idPrefix>-layer-add` (the button) and `<idPrefix>-layer-rows-status` (the live region).
 */
export function layerRowsFor(
  field: HTMLInputElement,
  idPrefix: string,
  offer: Pick<LayerRowsOptions, 'kinds' | 'allowEmpty' | 'newLayer'>,
): LayerRows {
  const byId = <T extends HTMLElement>(suffix: string): T => document.getElementById(`${idPrefix}-${suffix}`) as T;
  return new LayerRows({
    ...offer,
    field,
    list: byId('layer-rows'),
    addButton: byId('layer-add'),
    announcer: byId('layer-rows-status'),
    idPrefix: `${idPrefix}-layer`,
  });
}
