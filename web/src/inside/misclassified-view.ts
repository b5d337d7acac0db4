/**
 * The test digits the network got most confidently wrong after an epoch: each as a button with the
 * digit, its true label and the wrong answer's probability. Choosing one shows its activations.
 */
import { onRedraw } from '../chart-size.js';
import { integer, percent, t } from '../i18n/language.js';
import { createImageCanvas, paintImage } from './paint.js';
import type { MisclassifiedDigit } from './types.js';

/** The misclassified view in `root` (`data-view="misclassified"`); `onPick` gets a chosen digit's test index. */
export class MisclassifiedView {
  private digits: readonly MisclassifiedDigit[] | null = null;
  private readonly hint: HTMLElement;
  private readonly list: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly onPick: (index: number) => void,
  ) {
    this.hint = document.createElement('p');
    this.hint.className = 'hint';
    this.list = document.createElement('ul');
    this.list.className = 'inside-misclassified';
    root.replaceChildren(this.hint, this.list);
    onRedraw(() => this.show(this.digits));
    this.show(null);
  }

  /** Shows `digits` (null: no epoch has ended yet). */
  show(digits: readonly MisclassifiedDigit[] | null): void {
    this.digits = digits;
    this.hint.textContent =
      digits === null
        ? t('inside.misclassifiedEmpty')
        : digits.length === 0
          ? t('inside.misclassifiedNone')
          : t('inside.misclassifiedHint');
    this.list.replaceChildren(...(digits ?? []).map((digit) => this.item(digit)));
    this.root.dataset.count = String(digits?.length ?? 0);
  }

  private item(digit: MisclassifiedDigit): HTMLElement {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'inside-digit';
    button.dataset.index = String(digit.index);
    const text = t('inside.misclassifiedItem', {
      index: integer(digit.index),
      label: integer(digit.label),
      predicted: integer(digit.predicted),
      percent: percent(digit.probability),
    });
    button.setAttribute('aria-label', text);
    const canvas = createImageCanvas(28, 28, 'inside-digit-image');
    paintImage(canvas, digit.image, 0, 'ink');
    const caption = document.createElement('span');
    caption.textContent = t('inside.misclassifiedShort', {
      label: integer(digit.label),
      predicted: integer(digit.predicted),
      percent: percent(digit.probability),
    });
    button.append(canvas, caption);
    // A button: Enter and Space choose it as a click does.
    button.addEventListener('click', () => this.onPick(digit.index));
    li.append(button);
    return li;
  }
}
