/**
 * Chapter 6's look inside a deep network at initialisation (weight_init_activation_histogram.py,
 * figures 6-10 to 6-14): 1000 random inputs of 100 features pass through five layers of 100 units,
 * and the histogram of each layer's outputs shows whether the signal survives. Weights too large
 * push sigmoid outputs to 0 and 1 (gradients vanish); too small, and every unit outputs the same
 * value (the layers might as well be one unit); Xavier (sigmoid) and He (ReLU) keep them spread.
 */
import { check } from '../errors.js';
import { relu, sigmoid } from '../functions/activations.js';
import { tanh } from '../ndarray/elementwise.js';
import { matmul } from '../ndarray/linalg.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import { initWeights, weightScale, type WeightInit } from '../nets/weight-init.js';
import { histogram, type Histogram } from './histogram.js';
import { checkKnownOptions, named } from '../validate.js';

/** The activation functions the book tries. */
export type HistogramActivation = 'sigmoid' | 'relu' | 'tanh';

/** One setting of the experiment: an activation and a weight scale. */
export interface ActivationSetting {
  /** Its name in the figure (e.g. 'ReLU, He'). */
  label: string;
  /** The activation after every layer. */
  activation: HistogramActivation;
  /** A standard deviation, 'xavier' (sqrt(1/n)) or 'he' (sqrt(2/n)). */
  weightInit: WeightInit;
}

/** The settings of the book's figures: 6-10, 6-11 and 6-13 (sigmoid), then the three of 6-14 (ReLU). */
export const BOOK_ACTIVATION_SETTINGS: readonly ActivationSetting[] = Object.freeze([
  { label: 'sigmoid, std 1', activation: 'sigmoid', weightInit: 1 },
  { label: 'sigmoid, std 0.01', activation: 'sigmoid', weightInit: 0.01 },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', weightInit: 'xavier' },
  { label: 'ReLU, std 0.01', activation: 'relu', weightInit: 0.01 },
  { label: 'ReLU, Xavier', activation: 'relu', weightInit: 'xavier' },
  { label: 'ReLU, He', activation: 'relu', weightInit: 'he' },
]);

/** One layer's outputs, summarised. */
export interface LayerActivations extends Histogram {
  /** 1 for the first hidden layer. */
  layer: number;
  /** Mean of all the layer's outputs. */
  mean: number;
  /** Standard deviation of all the layer's outputs (population, numpy's `std`). */
  std: number;
  /** How many outputs there were in all (samples × units); `counts` holds those inside the range. */
  total: number;
}

/** One setting's five layers. */
export interface SettingActivations extends ActivationSetting {
  /** The standard deviation the weights were drawn with. */
  scale: number;
  /** Input rows. */
  samples: number;
  /** Units per layer (and input features). */
  nodes: number;
  /** Each hidden layer's summary, first to last. */
  layers: LayerActivations[];
}

/** Options of `activationHistograms`. */
export interface ActivationHistogramOptions {
  /** The settings to run (default `BOOK_ACTIVATION_SETTINGS`, the book's six). */
  settings?: readonly ActivationSetting[];
  /** Input rows (default 1000). */
  samples?: number;
  /** Units per layer, and input features (default 100). */
  nodes?: number;
  /** Hidden layers (default 5). */
  layers?: number;
  /** Histogram bins (default 30, as the book's `plt.hist(a, 30, range=(0, 1))`). */
  bins?: number;
  /** The values the bins cover (default [0, 1]); outputs outside it are not counted. */
  range?: readonly [number, number];
  /**
   * Seeds the input and the weights. Every setting sees the same input and the same normal draws
   * for its weights, only scaled differently, so the settings differ in nothing but the scale.
   */
  seed?: number;
}

function activate(name: HistogramActivation, a: NDArray): NDArray {
  switch (name) {
    case 'sigmoid':
      return sigmoid(a);
    case 'relu':
      return relu(a);
    case 'tanh':
      return tanh(a);
    default:
      check(false, `activationHistograms: activation must be 'sigmoid', 'relu' or 'tanh', got ${JSON.stringify(name)}`);
  }
}

function summarise(layer: number, z: NDArray, bins: number, range: readonly [number, number]): LayerActivations {
  const data = z.data;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i]! - mean) ** 2;
  return { layer, mean, std: Math.sqrt(sq / data.length), total: data.length, ...histogram(data, bins, range) };
}

/**
 * Runs the experiment for each setting with scratchnet's arrays (`dot`, `sigmoid`, `relu`) in
 * float64 and returns each layer's histogram, mean and standard deviation.
 */
export function activationHistograms(options: ActivationHistogramOptions = {}): SettingActivations[] {
  return named('activationHistograms', () => {
    checkKnownOptions(
      options,
      ['settings', 'samples', 'nodes', 'layers', 'bins', 'range', 'seed'],
      'activationHistograms',
    );
    const {
      settings = BOOK_ACTIVATION_SETTINGS,
      samples = 1000,
      nodes = 100,
      layers = 5,
      bins = 30,
      range = [0, 1],
      seed = 1,
    } = options;
    for (const [name, v] of [
      ['samples', samples],
      ['nodes', nodes],
      ['layers', layers],
    ] as const) {
      check(
        Number.isInteger(v) && v >= 1 && v <= 100_000,
        `activationHistograms: ${name} must be an integer from 1 to 100000, got ${v}`,
      );
    }
    check(samples * nodes <= 1e8, `activationHistograms: samples × nodes must be at most 1e8, got ${samples * nodes}`);
    const input = new Random(seed).randn([samples, nodes]);
    return settings.map((setting) => {
      const rng = new Random(seed + 1);
      let x = input;
      const out: LayerActivations[] = [];
      for (let i = 0; i < layers; i++) {
        x = activate(setting.activation, matmul(x, initWeights(rng, nodes, nodes, setting.weightInit, 'float64')));
        out.push(summarise(i + 1, x, bins, range));
      }
      return { ...setting, scale: weightScale(setting.weightInit, nodes), samples, nodes, layers: out };
    });
  });
}
