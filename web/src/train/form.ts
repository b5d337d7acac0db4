/** Reading the Train page's form into a `TrainConfig`, with one message per field that is wrong. */
import { OPTIMIZER_NAMES, type OptimizerName } from '../../../src/core.js';
import { checkSpec } from '../editor/spec-check.js';
import { t } from '../i18n/language.js';
import type { TrainConfig } from './protocol.js';

/**
 * The learning rate filled in when an optimizer is picked: those of the book's optimizer comparison
 * on MNIST (chapter 6: Momentum and AdaGrad 0.01, Adam 0.001), chapter 4's 0.1 for SGD (0.01
 * learns slowly in one epoch), and RMSprop's usual 0.001.
 */
export const DEFAULT_LR: Readonly<Record<OptimizerName, number>> = {
  sgd: 0.1,
  momentum: 0.01,
  nesterov: 0.01,
  adagrad: 0.01,
  rmsprop: 0.001,
  adam: 0.001,
};

/** The Train page's settings fields. */
export interface FormFields {
  /** The network as a compact layer spec. */
  layers: HTMLInputElement;
  /** The book's networks, each filling in its spec. */
  preset: HTMLSelectElement;
  /** The optimizer's name. */
  optimizer: HTMLSelectElement;
  /** The learning rate. */
  lr: HTMLInputElement;
  /** Mini-batch size. */
  batchSize: HTMLInputElement;
  /** Number of epochs. */
  epochs: HTMLInputElement;
  /** How many training images to train on. */
  trainSize: HTMLInputElement;
}

/** The form read: a config, or the wrong fields with a message for each. */
export type FormResult =
  | { ok: true; config: TrainConfig }
  | { ok: false; errors: { field: HTMLElement; message: string }[] };

function integerIn(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Reads and checks every field of the form; lists every wrong field, not only the first. */
export function readForm(f: FormFields): FormResult {
  const errors: { field: HTMLElement; message: string }[] = [];
  const spec = checkSpec(f.layers.value);
  if (!spec.ok) errors.push({ field: f.layers, message: t('train.errorLayers') });
  const lr = Number(f.lr.value);
  if (f.lr.value.trim() === '' || !Number.isFinite(lr) || lr <= 0)
    errors.push({ field: f.lr, message: t('train.errorLr') });
  const batchSize = integerIn(f.batchSize.value, 1, 60000);
  if (batchSize === null) errors.push({ field: f.batchSize, message: t('train.errorBatch') });
  const epochs = integerIn(f.epochs.value, 1, 100);
  if (epochs === null) errors.push({ field: f.epochs, message: t('train.errorEpochs') });
  const trainSize = integerIn(f.trainSize.value, 1, 60000);
  if (trainSize === null) errors.push({ field: f.trainSize, message: t('train.errorTrainSize') });
  else if (batchSize !== null && batchSize > trainSize)
    errors.push({ field: f.batchSize, message: t('train.errorBatchOverTrainSize') });
  const optimizer = f.optimizer.value as OptimizerName;
  if (!OPTIMIZER_NAMES.includes(optimizer)) errors.push({ field: f.optimizer, message: t('train.errorOptimizer') });
  if (errors.length > 0 || !spec.ok) return { ok: false, errors };
  return {
    ok: true,
    config: {
      layers: f.layers.value.replace(/\s+/g, ''),
      inputShape: spec.inputShape,
      optimizer,
      lr,
      batchSize: batchSize!,
      epochs: epochs!,
      trainSize: trainSize!,
      seed: 1,
    },
  };
}

/**
 * Reads the form for a run. When a field is wrong it lists the problems in `errorsBox`, marks the
 * wrong fields `aria-invalid`, focuses the first of them and returns null.
 */
export function checkForm(fields: FormFields, errorsBox: HTMLElement): TrainConfig | null {
  for (const field of Object.values(fields)) field.removeAttribute('aria-invalid');
  const result = readForm(fields);
  if (!result.ok) {
    errorsBox.textContent = result.errors.map((e) => e.message).join(' ');
    for (const e of result.errors) e.field.setAttribute('aria-invalid', 'true');
    result.errors[0]!.field.focus();
    return null;
  }
  errorsBox.textContent = '';
  return result.config;
}

/** Lists the form's problems in `errorsBox` again (in the page's language), leaving the focus where it is. */
export function listFormErrors(fields: FormFields, errorsBox: HTMLElement): void {
  const result = readForm(fields);
  errorsBox.textContent = result.ok ? '' : result.errors.map((e) => e.message).join(' ');
}

/** Puts the picked optimizer's usual learning rate into the learning rate field. */
export function fillDefaultLr(fields: FormFields): void {
  fields.lr.value = String(DEFAULT_LR[fields.optimizer.value as keyof typeof DEFAULT_LR] ?? fields.lr.value);
}
