/**
 * The Train page's choice of the test digit whose activations are shown: its index with previous
 * and next buttons, and a strip of the first few test digits to choose from.
 */
import { onRedraw } from '../chart-size.js';
import { integer, t } from '../i18n/language.js';
import { createImageCanvas, paintImage } from './paint.js';

/** A few test digits for the strip: `count` 28×28 images one after the other, and their labels. */
export interface DigitStrip {
  readonly images: Float32Array;
  readonly labels: readonly number[];
}

function button(className: string, text: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = text;
  el.addEventListener('click', onClick);
  return el;
}

/** The picker in `root`; `onPick` gets the chosen test index (0 to `size` - 1). */
export class DigitPicker {
  private index = 0;
  private size = 10000;
  private strip: DigitStrip | null = null;
  private readonly input: HTMLInputElement;
  private readonly labelText: HTMLElement;
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly stripBox: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly onPick: (index: number) => void,
  ) {
    const label = document.createElement('label');
    this.labelText = document.createElement('span');
    this.input = document.createElement('input');
    Object.assign(this.input, { type: 'number', min: '0', step: '1', value: '0', id: 'inside-index' });
    this.input.addEventListener('change', () => this.pick(Number(this.input.value)));
    label.append(this.labelText, this.input);
    this.previous = button('inside-step', '‹', () => this.pick(this.index - 1));
    this.next = button('inside-step', '›', () => this.pick(this.index + 1));
    this.stripBox = document.createElement('div');
    this.stripBox.className = 'inside-strip';
    this.stripBox.setAttribute('role', 'group');
    const row = document.createElement('div');
    row.className = 'inside-picker-row';
    row.append(label, this.previous, this.next);
    root.replaceChildren(row, this.stripBox);
    onRedraw(() => this.showTexts());
    this.showTexts();
  }

  /** The test set's size (the largest index is one less), and its first digits for the strip. */
  setDigits(size: number, strip: DigitStrip): void {
    this.size = size;
    this.input.max = String(size - 1);
    this.strip = strip;
    this.showTexts();
  }

  /** Shows `index` as chosen without telling anyone (the worker chose it, or it is already known). */
  showIndex(index: number): void {
    this.index = index;
    this.input.value = String(index);
    for (const el of this.stripBox.querySelectorAll<HTMLButtonElement>('button'))
      el.setAttribute('aria-pressed', String(Number(el.dataset.index) === index));
  }

  /** Chooses test digit `index` (kept within the test set) and tells `onPick`. */
  pick(index: number): void {
    const next = Number.isInteger(index) ? Math.min(this.size - 1, Math.max(0, index)) : this.index;
    this.showIndex(next);
    this.onPick(next);
  }

  private showTexts(): void {
    this.labelText.textContent = t('inside.pickerLabel');
    this.previous.setAttribute('aria-label', t('inside.previous'));
    this.next.setAttribute('aria-label', t('inside.next'));
    this.stripBox.setAttribute('aria-label', t('inside.stripLabel'));
    const { strip } = this;
    if (strip === null) return;
    this.stripBox.replaceChildren(
      ...strip.labels.map((label, i) => {
        const el = button('inside-digit', '', () => this.pick(i));
        el.dataset.index = String(i);
        el.setAttribute('aria-label', t('inside.testDigit', { index: integer(i), label: integer(label) }));
        const canvas = createImageCanvas(28, 28, 'inside-digit-image');
        paintImage(canvas, strip.images, i * 784, 'ink');
        el.append(canvas);
        return el;
      }),
    );
    this.showIndex(this.index);
  }
}
