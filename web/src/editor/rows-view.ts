/**
 * One layer row of the network editor as elements: the kind menu, a labelled number field per
 * parameter, the buttons (move up, move down, add after, remove) and the place for the row's error.
 * Every control is named in the page's language with the layer's position, so a screen reader says
 * which layer it acts on; the controller listens on the list (`data-action`, `data-param`).
 */
import type { MessageKey } from '../i18n/en.js';
import { integer, t } from '../i18n/language.js';
import type { LayerSpec } from '../../../src/core.js';
import { ACTIVATION_KINDS, type LayerKind, type ParamInfo, paramsOf, paramValue } from './rows-model.js';

/** What a row's button does. */
export type RowAction = 'up' | 'down' | 'add' | 'remove';

/** The glyph each button shows; its name (aria-label, title) says the action in words. */
const GLYPHS: Readonly<Record<RowAction, string>> = { up: '↑', down: '↓', add: '+', remove: '×' };
const ACTION_KEYS: Readonly<Record<RowAction, MessageKey>> = {
  up: 'rows.moveUp',
  down: 'rows.moveDown',
  add: 'rows.addAfter',
  remove: 'rows.remove',
};

/** Activation functions named as the book writes them, the same in every language (like SGD and Adam). */
const FUNCTION_NAMES: Partial<Record<LayerKind, string>> = { relu: 'ReLU', tanh: 'tanh', 'leaky-relu': 'Leaky ReLU' };

/** The kind's name in the page's language. */
export function kindName(kind: LayerKind): string {
  return FUNCTION_NAMES[kind] ?? t(`rows.kind.${kind}` as MessageKey);
}

/** A parameter's name in the page's language. */
export function paramName(info: ParamInfo): string {
  return t(`rows.param.${info.name}` as MessageKey);
}

function option(kind: LayerKind): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = kind;
  o.textContent = kindName(kind);
  return o;
}

/** The kind menu: the offered kinds (and the row's own, if the text names one not offered), activations grouped. */
function kindSelect(spec: LayerSpec, kinds: readonly LayerKind[], position: string, errorId: string): HTMLElement {
  const label = document.createElement('label');
  label.className = 'layer-row-kind';
  const text = document.createElement('span');
  text.textContent = t('rows.kindLabel');
  const select = document.createElement('select');
  select.dataset.param = 'kind';
  select.setAttribute('aria-label', t('rows.kindOf', { position }));
  select.setAttribute('aria-describedby', errorId);
  const offered = kinds.includes(spec.type) ? kinds : [...kinds, spec.type];
  const group = document.createElement('optgroup');
  group.label = t('rows.activations');
  for (const kind of offered) {
    if (ACTIVATION_KINDS.has(kind)) group.append(option(kind));
    else select.append(option(kind));
  }
  if (group.childElementCount > 0) select.append(group);
  select.value = spec.type;
  label.append(text, select);
  return label;
}

function paramField(spec: LayerSpec, info: ParamInfo, position: string, errorId: string): HTMLElement {
  const label = document.createElement('label');
  label.className = 'layer-row-param';
  const text = document.createElement('span');
  text.textContent = paramName(info);
  const input = document.createElement('input');
  input.type = 'number';
  input.inputMode = info.integer ? 'numeric' : 'decimal';
  input.min = String(info.min);
  input.step = info.integer ? '1' : 'any';
  input.dataset.param = info.name;
  input.setAttribute('aria-label', t('rows.paramOf', { param: paramName(info), position }));
  input.setAttribute('aria-describedby', errorId);
  const value = paramValue(spec, info.name);
  input.value = value === undefined ? '' : String(value);
  if (info.fallback !== undefined) input.placeholder = String(info.fallback(spec));
  label.append(text, input);
  return label;
}

function actionButton(action: RowAction, position: string, disabled: boolean): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'layer-row-button';
  button.dataset.action = action;
  button.textContent = GLYPHS[action];
  const name = t(ACTION_KEYS[action], { position });
  button.setAttribute('aria-label', name);
  button.title = name;
  button.disabled = disabled;
  return button;
}

/** The row of layer `index` (from 0) of `count`, its controls' ids under `idPrefix`. */
export function buildRow(
  spec: LayerSpec,
  index: number,
  count: number,
  kinds: readonly LayerKind[],
  idPrefix: string,
): HTMLLIElement {
  const position = integer(index + 1);
  const errorId = `${idPrefix}-${index + 1}-error`;
  const li = document.createElement('li');
  li.className = 'layer-row';
  li.dataset.position = String(index + 1);
  const controls = document.createElement('div');
  controls.className = 'layer-row-controls';
  controls.append(kindSelect(spec, kinds, position, errorId));
  for (const info of paramsOf(spec.type)) controls.append(paramField(spec, info, position, errorId));
  const buttons = document.createElement('div');
  buttons.className = 'layer-row-buttons';
  buttons.append(
    actionButton('up', position, index === 0),
    actionButton('down', position, index === count - 1),
    actionButton('add', position, false),
    actionButton('remove', position, false),
  );
  controls.append(buttons);
  const error = document.createElement('p');
  error.className = 'layer-row-error';
  error.id = errorId;
  li.append(controls, error);
  return li;
}
