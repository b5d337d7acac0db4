/**
 * Every layer's output for one digit: feature maps (one small image per channel) for 3-D outputs,
 * bars for flat ones, and the softmax probabilities as labelled bars. The Train page shows a test
 * digit the learner picks, the Draw page the drawn digit; both use this view.
 */
import { onRedraw } from '../chart-size.js';
import { fixed, integer, percent, t } from '../i18n/language.js';
import { createImageCanvas, paintBars, paintImage } from './paint.js';
import type { ActivationsReport, LayerActivation } from './types.js';

/** The most likely class and its probability in a report's final softmax. */
export function predictionOf(report: ActivationsReport): { digit: number; probability: number } {
  const probabilities = report.layers[report.layers.length - 1]!.values;
  let digit = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[digit]!) digit = c;
  return { digit, probability: probabilities[digit]! };
}

/** "(8, 24, 24)": a shape as the summary table writes it. */
function shapeText(shape: readonly number[]): string {
  return `(${shape.map((d) => integer(d)).join(', ')})`;
}

/** The layer's name line: its spec token as code, then its output shape. */
function layerName(token: string, shape: readonly number[]): HTMLElement {
  const name = document.createElement('p');
  name.className = 'inside-layer-name';
  const code = document.createElement('code');
  code.textContent = token;
  name.append(code, ` → ${shapeText(shape)}`);
  return name;
}

/** Feature maps, up to the layer's shown count, and "+N" for the channels left out. */
function mapsOf(layer: LayerActivation): HTMLElement[] {
  const [channels = 0, height = 0, width = 0] = layer.shape;
  const maps = document.createElement('div');
  maps.className = 'inside-maps';
  for (let c = 0; c < layer.shown; c++) {
    const canvas = createImageCanvas(width, height, 'inside-map');
    paintImage(canvas, layer.values, c * width * height, 'grey');
    maps.append(canvas);
  }
  if (channels > layer.shown) {
    const more = document.createElement('span');
    more.className = 'inside-more';
    more.textContent = t('inside.more', { count: integer(channels - layer.shown) });
    maps.append(more);
  }
  return [maps];
}

/** The ten probabilities as labelled bars, the predicted class marked. */
function probabilitiesOf(layer: LayerActivation, best: number): HTMLElement[] {
  return Array.from(layer.values, (p, digit) => {
    const row = document.createElement('div');
    row.className = digit === best ? 'inside-prob inside-best' : 'inside-prob';
    const bar = document.createElement('span');
    bar.className = 'inside-prob-bar';
    bar.style.width = `${(100 * p).toFixed(1)}%`;
    const track = document.createElement('span');
    track.className = 'inside-prob-track';
    track.append(bar);
    const label = document.createElement('span');
    label.textContent = integer(digit);
    const value = document.createElement('span');
    value.textContent = percent(p);
    row.append(label, track, value);
    return row;
  });
}

/** The smallest and largest shown value, for a flat layer's text alternative. */
function extremes(values: Float32Array): { min: string; max: string } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { min: fixed(lo, 2), max: fixed(hi, 2) };
}

/** What a layer's figure says to a screen reader. */
function layerLabel(layer: LayerActivation, best: { digit: number; probability: number }): string {
  const { token, shape, shown } = layer;
  if (layer.kind === 'maps')
    return t('inside.layerMaps', {
      token,
      shape: shapeText(shape),
      shown: integer(shown),
      channels: integer(shape[0] ?? 0),
    });
  if (layer.kind === 'probabilities')
    return t('inside.probabilities', { digit: integer(best.digit), percent: percent(best.probability) });
  const size = shape.reduce((p, d) => p * d, 1);
  return t('inside.layerBars', {
    token,
    shape: shapeText(shape),
    shown: integer(shown),
    size: integer(size),
    ...extremes(layer.values),
  });
}

/** One layer's block: its name and its maps, bars or probabilities, with a text alternative. */
function layerBlock(layer: LayerActivation, best: { digit: number; probability: number }): HTMLElement {
  const block = document.createElement('div');
  block.className = `inside-layer inside-layer-${layer.kind}`;
  block.dataset.token = layer.token;
  block.setAttribute('role', 'img');
  block.setAttribute('aria-label', layerLabel(layer, best));
  block.append(layerName(layer.token, layer.shape));
  if (layer.kind === 'maps') block.append(...mapsOf(layer));
  else if (layer.kind === 'probabilities') block.append(...probabilitiesOf(layer, best.digit));
  else {
    const canvas = createImageCanvas(Math.min(300, layer.shown * 4), 48, 'inside-bars');
    paintBars(canvas, layer.values);
    block.append(canvas);
  }
  return block;
}

/** The layers' names, kinds and sizes: while they stay the same, the view repaints its canvases in place. */
function layoutKey(report: ActivationsReport): string {
  return report.layers.map((l) => `${l.token}:${l.kind}:${l.shape.join('x')}:${l.shown}`).join(',');
}

/** Repaints `block` (made by layerBlock for a layer of the same layout) with `layer`'s values. */
function updateBlock(block: HTMLElement, layer: LayerActivation, best: { digit: number; probability: number }): void {
  block.setAttribute('aria-label', layerLabel(layer, best));
  if (layer.kind === 'probabilities') {
    block.replaceChildren(block.firstElementChild!, ...probabilitiesOf(layer, best.digit));
    return;
  }
  const canvases = block.querySelectorAll('canvas');
  if (layer.kind === 'bars') {
    if (canvases[0] !== undefined) paintBars(canvases[0], layer.values);
    return;
  }
  const size = (layer.shape[1] ?? 0) * (layer.shape[2] ?? 0);
  canvases.forEach((canvas, c) => paintImage(canvas, layer.values, c * size, 'grey'));
}

/**
 * The activations view in `root` (`data-view="activations"`). Reports are drawn on the next
 * animation frame, the latest one only, reusing the canvases while the layers stay the same.
 */
export class ActivationsView {
  private report: ActivationsReport | null = null;
  private frame: number | undefined;
  /** The layout the blocks on the page were made for ('' when there are none). */
  private key = '';
  private readonly summary: HTMLElement;
  private readonly layers: HTMLElement;

  /** @param emptyKey the catalog key of the text shown while there is no digit. */
  constructor(
    private readonly root: HTMLElement,
    private readonly emptyKey: 'inside.activationsEmpty' | 'inside.drawEmpty',
  ) {
    this.summary = document.createElement('p');
    this.summary.className = 'inside-summary';
    this.layers = document.createElement('div');
    this.layers.className = 'inside-layers';
    this.layers.setAttribute('role', 'group');
    root.replaceChildren(this.summary, this.layers);
    // A new language rebuilds the blocks: the "+N" counts are text of the catalog.
    onRedraw(() => {
      this.key = '';
      this.render();
    });
    this.render();
  }

  /** Shows every layer's output for the report's digit on the next frame, or the empty state for null. */
  show(report: ActivationsReport | null): void {
    this.report = report;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  private render(): void {
    const { root, summary, layers, report } = this;
    if (report === null) {
      summary.textContent = t(this.emptyKey);
      summary.dataset.predicted = '';
      layers.replaceChildren();
      this.key = '';
      layers.removeAttribute('aria-label');
      root.dataset.index = '';
      return;
    }
    const best = predictionOf(report);
    const digit =
      report.index === null
        ? t('inside.drawnDigit')
        : t('inside.testDigit', { index: integer(report.index), label: integer(report.label ?? 0) });
    const text = t('inside.activationsLabel', {
      digit,
      predicted: integer(best.digit),
      percent: percent(best.probability),
    });
    summary.textContent = text;
    summary.dataset.predicted = String(best.digit);
    layers.setAttribute('aria-label', text);
    const key = layoutKey(report);
    if (key === this.key) {
      report.layers.forEach((layer, i) => updateBlock(layers.children[i] as HTMLElement, layer, best));
    } else {
      layers.replaceChildren(...report.layers.map((layer) => layerBlock(layer, best)));
      this.key = key;
    }
    root.dataset.index = report.index === null ? 'drawn' : String(report.index);
  }
}
