/**
 * The Draw page: draw a digit, see it preprocessed as MNIST's digits were (the 28×28 input the
 * network sees) and the network's ten probabilities, live while drawing.
 */
import { preprocessDigit, probabilityChart, softmax, type NDArray } from '../../../src/core.js';
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

/** Shows the most likely digit with its probability in `prediction`, and a bar per digit in `chart`. */
function showPrediction(prediction: HTMLElement, chart: HTMLElement, probabilities: number[]): void {
  const digit = probabilities.indexOf(Math.max(...probabilities));
  const percent = (probabilities[digit]! * 100).toFixed(1);
  prediction.textContent = `Prediction: ${digit} (${percent}%)`;
  prediction.dataset.digit = String(digit);
  showSvg(
    chart,
    probabilityChart(probabilities, { width: 480, height: 300 }),
    `probabilities of the ten digits; ${digit} is the most likely at ${percent}%`,
  );
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

  function showNothing(text: string): void {
    paintInput(input, null);
    prediction.textContent = text;
    prediction.dataset.digit = '';
    showSvg(
      chart,
      probabilityChart(new Array<number>(10).fill(0), { width: 480, height: 300, title: 'probabilities' }),
      'no prediction yet',
    );
  }

  function predict(): void {
    lastLive = performance.now();
    const model = store.current;
    if (pad.isEmpty()) {
      showNothing('Draw a digit: the prediction appears here.');
      return;
    }
    const x = preprocessDigit(pad.pixels(), 'drawing');
    paintInput(input, x);
    if (model === null) {
      prediction.textContent = 'The model is still loading.';
      return;
    }
    showPrediction(prediction, chart, [...softmax(model.net.predict(x)).data]);
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
  store.onChange((entry) => {
    modelLabel.textContent = entry === null ? 'Loading the model…' : `Model: ${entry.label}`;
    modelLabel.dataset.source = entry?.source ?? '';
    shippedButton.hidden = entry === null || entry.source === 'shipped';
    predict();
  });
  showNothing('Draw a digit: the prediction appears here.');
}
