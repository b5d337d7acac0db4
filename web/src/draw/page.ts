/**
 * The Draw page: draw a digit, see it preprocessed as MNIST's digits were (the 28×28 input the
 * network sees) and the network's ten probabilities, live while drawing.
 */
import { chartSize, onRedraw } from '../chart-size.js';
import { appendDataList, cellNumber } from '../chart-text.js';
import { barChart, type NDArray, preprocessDigit, ScratchnetError, softmax } from '../../../src/core.js';
import { fixed, integer, percent, t } from '../i18n/language.js';
import { DrawActivations } from '../inside/draw-activations.js';
import type { ModelStore } from '../model-store.js';
import { showSvg } from '../svg-host.js';
import { createDrawingPad } from './drawing-pad.js';

/** At most one prediction per this many milliseconds while a stroke is being drawn. */
const LIVE_INTERVAL_MS = 80;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Paints the network's input (values in [0, 1], light ink on black as MNIST stores it) on a 28×28 canvas. */
function paintInput(canvas: HTMLCanvasElement, x: NDArray | null): void {
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = x === null ? 0 : Math.round(x.data[i]! * 255);
    image.data[4 * i] = v;
    image.data[4 * i + 1] = v;
    image.data[4 * i + 2] = v;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** The ten probabilities as bars (the library's bar chart, with the page's words), `best` highlighted. */
function probabilityBars(probabilities: readonly number[], best: number | undefined, title: string): string {
  return barChart({
    ...chartSize(480, 300),
    categories: probabilities.map((_, i) => integer(i)),
    values: [...probabilities],
    highlight: best,
    yLim: [0, 1],
    valueLabels: (v) => (v >= 0.005 ? v.toFixed(2) : ''),
    title,
    xLabel: t('draw.chartX'),
    yLabel: t('draw.chartY'),
  });
}

/**
 * The bars as text for screen readers: the chart's name says the prediction and the next likeliest
 * digits ("predicted 7 with probability 0.98; then 1: 0.01, ..."), a hidden list gives all ten.
 */
function describeBars(
  chart: HTMLElement,
  root: SVGSVGElement,
  probabilities: readonly number[],
  listLabel: string,
): void {
  const ranked = probabilities.map((p, digit) => ({ p, digit })).sort((a, b) => b.p - a.p);
  const [top, ...rest] = ranked;
  const others = rest
    .slice(0, 2)
    .map(({ p, digit }) => t('charts.drawDigit', { digit: integer(digit), probability: fixed(p, 2) }))
    .join(', ');
  root.setAttribute(
    'aria-label',
    t('charts.drawLabel', { digit: integer(top!.digit), probability: fixed(top!.p, 2), others }),
  );
  const items = probabilities.map((p, digit) =>
    t('charts.drawDigit', { digit: integer(digit), probability: cellNumber(p, 4) }),
  );
  appendDataList(chart, root, 'draw-probabilities-data', listLabel, items);
}

/** Shows the most likely digit with its probability in `prediction`, and a bar per digit in `chart`. */
function showPrediction(prediction: HTMLElement, chart: HTMLElement, probabilities: number[]): void {
  const digit = probabilities.indexOf(Math.max(...probabilities));
  const values = { digit, percent: percent(probabilities[digit]!) };
  prediction.textContent = t('draw.prediction', values);
  prediction.dataset.digit = String(digit);
  const root = showSvg(chart, probabilityBars(probabilities, digit, t('draw.prediction', values)));
  describeBars(chart, root, probabilities, t('draw.chartLabel', values));
}

/**
 * The drawing preprocessed for the network, or null when it holds too little ink to find a digit in
 * (a tap lighter than the ink threshold): a blank drawing is a state of the page, not an error.
 */
function preprocessOrNull(pixels: Parameters<typeof preprocessDigit>[0]): NDArray | null {
  try {
    return preprocessDigit(pixels, 'drawing');
  } catch (error) {
    // The pad's pixels are always a valid image, so the only argument preprocessDigit can refuse is a blank one.
    if (error instanceof ScratchnetError && error.code === 'BAD_ARGUMENT') return null;
    throw error;
  }
}

/** Names the model in use in `label`, or says that it is loading or failed to load (`data-failed`). */
function showModelLabel(label: HTMLElement, store: ModelStore): void {
  const entry = store.current;
  if (label.dataset.failed !== undefined) label.textContent = t('draw.modelFailed', { error: label.dataset.failed });
  else label.textContent = entry === null ? t('draw.modelLoading') : t('draw.model', { label: entry.label() });
}

/** Sets up the Draw page, predicting with the model `store` holds (and again whenever it changes). */
export function setUpDrawPage(store: ModelStore): void {
  const canvas = byId<HTMLCanvasElement>('draw-canvas');
  const input = byId<HTMLCanvasElement>('draw-input');
  const prediction = byId<HTMLElement>('draw-prediction');
  const chart = byId<HTMLElement>('draw-probabilities');
  const modelLabel = byId<HTMLElement>('draw-model');
  const shippedButton = byId<HTMLButtonElement>('draw-use-shipped');
  let lastLive = 0;
  let liveTimer: number | undefined;
  const activations = new DrawActivations(byId<HTMLElement>('draw-activations'));

  function showNothing(): void {
    paintInput(input, null);
    activations.update(null, null);
    prediction.textContent = t('draw.empty');
    prediction.dataset.digit = '';
    showSvg(
      chart,
      probabilityBars(new Array<number>(10).fill(0), undefined, t('draw.chartTitle')),
      t('draw.chartEmpty'),
    );
  }

  function predict(): void {
    lastLive = performance.now();
    const model = store.current;
    const x = pad.isEmpty() ? null : preprocessOrNull(pad.pixels());
    if (x === null) {
      showNothing();
      return;
    }
    paintInput(input, x);
    if (model === null) {
      prediction.textContent = t('draw.stillLoading');
      return;
    }
    showPrediction(prediction, chart, [...softmax(model.net.predict(x)).data]);
    activations.update(model.net, x);
  }

  /** Predicts during a stroke, at most every LIVE_INTERVAL_MS, and once more after the last move. */
  function predictLive(): void {
    if (liveTimer !== undefined) return;
    const wait = Math.max(0, LIVE_INTERVAL_MS - (performance.now() - lastLive));
    liveTimer = window.setTimeout(() => {
      liveTimer = undefined;
      predict();
    }, wait);
  }

  const pad = createDrawingPad(canvas, {
    onDraw: predictLive,
    onStrokeEnd: () => {
      window.clearTimeout(liveTimer);
      liveTimer = undefined;
      predict();
    },
  });

  byId<HTMLButtonElement>('draw-clear').addEventListener('click', () => {
    pad.clear();
    predict();
  });
  shippedButton.addEventListener('click', () => {
    const shipped = store.shippedModel;
    if (shipped !== null) store.set(shipped);
  });
  const showModel = (): void => showModelLabel(modelLabel, store);
  store.onChange((entry) => {
    showModel();
    modelLabel.dataset.source = entry?.source ?? '';
    shippedButton.hidden = entry === null || entry.source === 'shipped';
    predict();
  });
  onRedraw(() => {
    showModel();
    predict();
  });
  showNothing();
}
