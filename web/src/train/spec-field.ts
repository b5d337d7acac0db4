/**
 * The Train page's architecture field: a compact layer spec checked as it is typed (the summary table
 * follows it, a spec that does not build names its layer and disables Start), and the preset menu of
 * the book's networks that fills it in.
 */
import { SPEC_PRESETS, presetFor } from '../editor/presets.js';
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
  const check = (): void => {
    const result = checkSpec(layers.value);
    showSpecCheck(el.summaryTable, el.specError, result);
    if (result.ok) layers.removeAttribute('aria-invalid');
    else layers.setAttribute('aria-invalid', 'true');
    view.setSpecValid(result.ok);
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
