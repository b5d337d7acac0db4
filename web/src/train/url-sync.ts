/** The Train page's form and the URL's query string kept in step (see `editor/url-setup.ts`). */
import { readUrlSetup, type SetupParam, writeUrlSetup } from '../editor/url-setup.js';
import type { FormFields } from './form.js';

/** The form field of each setup parameter. */
function fieldsByParam(f: FormFields): Record<SetupParam, HTMLInputElement | HTMLSelectElement> {
  return {
    layers: f.layers,
    optimizer: f.optimizer,
    lr: f.lr,
    batch: f.batchSize,
    epochs: f.epochs,
    'train-size': f.trainSize,
  };
}

/**
 * Fills the form from the URL's setup, then rewrites the URL (history.replaceState) whenever a field
 * changes. Returns whether the URL asks to start training on load (`autostart=1`).
 */
export function syncFormWithUrl(fields: FormFields): boolean {
  const byParam = fieldsByParam(fields);
  const setup = readUrlSetup(location.search);
  for (const [name, value] of Object.entries(setup.values) as [SetupParam, string][]) byParam[name].value = value;
  const write = (): void => {
    const values = Object.fromEntries(
      Object.entries(byParam).map(([name, field]) => [name, field.value.replace(/\s+/g, '')]),
    ) as Record<SetupParam, string>;
    history.replaceState(history.state, '', `${writeUrlSetup(location.search, values)}${location.hash}`);
  };
  for (const field of Object.values(byParam)) {
    field.addEventListener('input', write);
    field.addEventListener('change', write);
  }
  return setup.autostart;
}
