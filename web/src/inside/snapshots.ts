/**
 * The numbers behind the "inside the network" views, read from a Sequential: its first layer's
 * weights, every layer's output for one digit (the layers' forward one by one, in inference mode),
 * and the confusion matrix on a test set. The training worker and the Draw page share them.
 */
import { type Dataset, formatLayers, NDArray, type Sequential, softmax } from '../../../src/core.js';
import type {
  ActivationsReport,
  ConfusionReport,
  FiltersSnapshot,
  LayerActivation,
  MisclassifiedDigit,
} from './types.js';

/** At most this many dense units get a weight image (a grid of 64 stays readable). */
export const MAX_UNIT_IMAGES = 64;
/** Feature maps shown per layer (the rest are counted: "+N"). */
export const MAX_MAPS = 16;
/** Bars shown per flat layer. */
export const MAX_BARS = 100;
/** Misclassified test digits listed. */
export const MISCLASSIFIED_SHOWN = 12;
/** Rows per forward pass for the confusion matrix: the layers' buffers stay small. */
const CONFUSION_CHUNK = 500;

/** A copy of `count` values of `source` from `start`, as float32 (transferable, and what the canvas needs). */
function copyOf(source: ArrayLike<number>, start: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = source[start + i]!;
  return out;
}

/**
 * The first convolution's filters (the first input channel of each, k×k) or the first dense
 * layer's weights per hidden unit (as a square image when its input is a square: 784 → 28×28);
 * null when the first weighted layer has neither.
 */
export function firstLayerWeights(net: Sequential<object>): FiltersSnapshot | null {
  const first = net.built.find((b) => b.spec.type === 'conv' || b.spec.type === 'dense');
  const key = first?.params.find(([, name]) => name === 'W')?.[0];
  const w = key === undefined ? undefined : net.params[key];
  if (first === undefined || w === undefined) return null;
  const token = formatLayers([first.spec]);
  if (first.spec.type === 'conv') {
    const [filters = 0, channels = 1, height = 0, width = 0] = w.shape;
    const size = height * width;
    const values = new Float32Array(filters * size);
    for (let f = 0; f < filters; f++) values.set(copyOf(w.data, f * channels * size, size), f * size);
    return { kind: 'conv', token, count: filters, total: filters, width, height, values };
  }
  const [inputs = 0, units = 0] = w.shape;
  const side = Math.round(Math.sqrt(inputs));
  if (side * side !== inputs) return null;
  const count = Math.min(units, MAX_UNIT_IMAGES);
  const values = new Float32Array(count * inputs);
  // W is (inputs, units): unit u's weights are column u.
  for (let u = 0; u < count; u++) for (let i = 0; i < inputs; i++) values[u * inputs + i] = w.data[i * units + u]!;
  return { kind: 'dense', token, count, total: units, width: side, height: side, values };
}

/** What the activations view keeps of a layer's output `out` (one sample). */
function activationOf(token: string, out: NDArray): LayerActivation {
  const shape = out.shape.slice(1);
  if (shape.length === 3) {
    const [channels = 0, height = 0, width = 0] = shape;
    const shown = Math.min(channels, MAX_MAPS);
    return { token, shape, kind: 'maps', shown, values: copyOf(out.data, 0, shown * height * width) };
  }
  const size = shape.reduce((p, d) => p * d, 1);
  const shown = Math.min(size, MAX_BARS);
  return { token, shape, kind: 'bars', shown, values: copyOf(out.data, 0, shown) };
}

/**
 * Every layer's output for the one digit `x` (784 values in [0, 1]), in inference mode, and the
 * softmax of the scores last. Outputs are copied as each layer returns them: layers may reuse
 * their buffers.
 */
export function activationsOf(
  net: Sequential<object>,
  x: ArrayLike<number>,
  digit: { index: number; label: number } | null = null,
): ActivationsReport {
  const image = copyOf(x, 0, 784);
  const { dtype, inputShape } = net.sequentialConfig;
  const data = dtype === 'float32' ? Float32Array.from(image) : Float64Array.from(image);
  let out = new NDArray(data, [1, ...inputShape], dtype);
  const layers: LayerActivation[] = [];
  for (const b of net.built) {
    out = b.layer.forward(out, false);
    layers.push(activationOf(formatLayers([b.spec]), out));
  }
  const probabilities = softmax(out);
  layers.push({
    token: 'softmax',
    shape: [10],
    kind: 'probabilities',
    shown: 10,
    values: copyOf(probabilities.data, 0, 10),
  });
  return { index: digit?.index ?? null, label: digit?.label ?? null, image, layers };
}

/** The label of sample `i`: t holds int labels (n,) or one-hot rows (n, classes). */
function labelAt(t: NDArray, i: number): number {
  if (t.ndim === 1) return t.data[i]!;
  const classes = t.shape[1]!;
  let best = 0;
  for (let c = 1; c < classes; c++) if (t.data[i * classes + c]! > t.data[i * classes + best]!) best = c;
  return best;
}

/** The class with the largest score in row `row` of (n, 10) scores (the first of equal ones, as argmax). */
function argmaxRow(scores: ArrayLike<number>, row: number): number {
  let best = 0;
  for (let c = 1; c < 10; c++) if (scores[row * 10 + c]! > scores[row * 10 + best]!) best = c;
  return best;
}

/** Softmax probability of class `c` in row `row` of (n, 10) scores. */
function probabilityOf(scores: ArrayLike<number>, row: number, c: number): number {
  const top = scores[row * 10 + argmaxRow(scores, row)]!;
  let sum = 0;
  for (let k = 0; k < 10; k++) sum += Math.exp(scores[row * 10 + k]! - top);
  return Math.exp(scores[row * 10 + c]! - top) / sum;
}

/**
 * The confusion matrix of `net` on `test` (row: true class, column: predicted), in inference mode,
 * and the MISCLASSIFIED_SHOWN wrong answers given with the highest probability.
 */
export function confusionOf(net: Sequential<object>, test: Dataset, epoch: number): ConfusionReport {
  const n = test.x.shape[0]!;
  const matrix = new Array<number>(100).fill(0);
  const wrong: { index: number; label: number; predicted: number; probability: number }[] = [];
  for (let start = 0; start < n; start += CONFUSION_CHUNK) {
    const end = Math.min(n, start + CONFUSION_CHUNK);
    // Read at once: the next predict may reuse the layers' buffers.
    const scores = net.predict(test.x.slice(start, end)).data;
    for (let i = start; i < end; i++) {
      const label = labelAt(test.t, i);
      const predicted = argmaxRow(scores, i - start);
      const cell = label * 10 + predicted;
      matrix[cell] = (matrix[cell] ?? 0) + 1;
      if (predicted !== label)
        wrong.push({ index: i, label, predicted, probability: probabilityOf(scores, i - start, predicted) });
    }
  }
  wrong.sort((a, b) => b.probability - a.probability);
  const pixels = test.x.size / n;
  const misclassified: MisclassifiedDigit[] = wrong
    .slice(0, MISCLASSIFIED_SHOWN)
    .map((w) => ({ ...w, image: copyOf(test.x.data, w.index * pixels, pixels) }));
  return { epoch, matrix, total: n, misclassified };
}
