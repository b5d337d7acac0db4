/**
 * The Train page's architecture field: a compact layer spec checked as it is typed (the summary table
 * follows it, a spec that does not build names its layer and disables Start), and the preset menu of
 * the book's networks that fills it in.
 */
import { layerRowsFor } from '../editor/layer-rows.js';
import { SPEC_PRESETS, presetFor } from '../editor/presets.js';
import { ALL_KINDS } from '../editor/rows-model.js';
import { checkSpec } from '../editor/spec-check.js';
import { showSpecCheck } from '../editor/summary-view.js';
import { onLanguageChange, t } from '../i18n/language.js';
import type { TrainElements } from './elements.js';
import type { TrainView } from './view.js';

/** The preset menu's entry for a spec of the reader's own. */
const CUSTOM = 'custom';

function fillPresetMenu(select: HTMLSelectElement): void {
  const custom = document.createElement('option');
  custom.value = CUSTOM;
  custom.textContent = t('train.presetCustom');
  select.replaceChildren(custom);
  for (const preset of SPEC_PRESETS) {
    const option = document.createElement('option');
    option.value = preset.name;
    option.textContent = preset.name;
    select.append(option);
  }
}

/** The architecture field and its summary, kept in step; `check()` checks the field's spec again now. */
export interface SpecField {
  /** Checks the spec now, shows the summary, and enables Start when it builds. */
  check(): void;
}

/** Sets up the architecture field, the preset menu and the summary table. */
export function setUpSpecField(el: TrainElements, view: TrainView): SpecField {
  const { layers, preset } = el.fields;
  fillPresetMenu(preset);
  // Made before the field's own listener, so the rows follow a typed spec before it is checked.
  const rows = layerRowsFor(layers, 'train', {
    kinds: ALL_KINDS,
    allowEmpty: false,
    newLayer: { type: 'dense', units: 10 },
  });
  const check = (): void => {
    const result = checkSpec(layers.value);
    showSpecCheck(el.summaryTable, el.specError, result);
    if (result.ok) layers.removeAttribute('aria-invalid');
    else layers.setAttribute('aria-invalid', 'true');
    rows.markError(result.ok ? null : result.position, result.ok ? '' : result.message);
    // A row field holding what the spec cannot write keeps Start disabled too.
    view.setSpecValid(result.ok && rows.complete());
    preset.value = presetFor(layers.value)?.name ?? CUSTOM;
  };
  layers.addEventListener('input', check);
  preset.addEventListener('change', () => {
    const chosen = SPEC_PRESETS.find((p) => p.name === preset.value);
    if (chosen === undefined) return;
    layers.value = chosen.layers;
    check();
    // Listeners of the field (the URL) hear of the new spec as if it were typed.
    layers.dispatchEvent(new Event('input'));
  });
  onLanguageChange(() => {
    const chosen = preset.value;
    fillPresetMenu(preset);
    preset.value = chosen;
    check();
  });
  check();
  return { check };
}
