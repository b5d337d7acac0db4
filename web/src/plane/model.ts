/**
 * The 2-D data page's network: a Sequential from the reader's hidden layers plus the output the data
 * needs (dense2 with softmax for two classes, dense1 with mean squared error for the sine), trained
 * full-batch one step at a time, and read out on a grid: the output and every hidden unit's own value.
 */
import { createOptimizer, NDArray, type Optimizer, Sequential } from '../../../src/core.js';
import type { PlaneData, PlaneDataset } from './datasets.js';

/** The optimizers the page offers. */
export const PLANE_OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
/** An optimizer's name. */
export type PlaneOptimizer = (typeof PLANE_OPTIMIZERS)[number];

/** Layer types whose output is a hidden layer's units, as the page shows them. */
const ACTIVATIONS = new Set(['relu', 'sigmoid', 'tanh', 'leaky-relu']);

/** Loss and accuracy on one part of the data (accuracy is null for regression). */
export interface Score {
  readonly loss: number;
  readonly accuracy: number | null;
}

/** A network being trained on a data set. */
export class PlaneModel {
  readonly net: Sequential;
  private readonly optimizer: Optimizer;
  private readonly trainX: NDArray;
  private readonly trainT: NDArray;
  /** Steps taken. */
  steps = 0;

  /** Builds the network `hidden` (a layer spec string) + the output layer for `data`; throws a ScratchnetError for a bad spec. */
  constructor(
    readonly data: PlaneDataset,
    hidden: string,
    optimizer: PlaneOptimizer,
    lr: number,
    seed: number,
  ) {
    const regression = data.task === 'regression';
    const spec = hidden.trim() === '' ? '' : `${hidden.trim().replace(/,$/, '')},`;
    this.net = new Sequential({
      inputShape: [data.inputs],
      layers: `${spec}${regression ? 'dense1' : 'dense2'}`,
      loss: regression ? 'mse' : 'softmax-cross-entropy',
      weightInit: 'xavier',
      dtype: 'float32',
      seed,
    });
    this.optimizer = createOptimizer(optimizer, { lr });
    this.trainX = inputsOf(data.train, data.inputs);
    this.trainT = targetsOf(data.train, regression);
  }

  /** One full-batch step of gradient descent; returns the loss before it. */
  step(): number {
    const { loss, grads } = this.net.lossAndGradient(this.trainX, this.trainT);
    this.optimizer.update(this.net.params, grads);
    this.steps++;
    return loss;
  }

  /** Loss and accuracy on `part` of the data. */
  score(part: PlaneData): Score {
    if (part.count === 0) return { loss: Number.NaN, accuracy: null };
    const regression = this.data.task === 'regression';
    const x = inputsOf(part, this.data.inputs);
    const t = targetsOf(part, regression);
    return { loss: this.net.loss(x, t), accuracy: regression ? null : this.net.accuracy(x, t) };
  }

  /**
   * The network on `points` (rows of inputs): its output (class 1's probability, or the regression
   * value) and each hidden layer's units, `units[layer][unit][point]`.
   */
  readOut(points: Float32Array): { output: Float32Array; units: Float32Array[][] } {
    const n = points.length / this.data.inputs;
    let out = new NDArray(points, [n, this.data.inputs], 'float32');
    const units: Float32Array[][] = [];
    this.net.built.forEach((built, i) => {
      out = this.net.layers[i]!.forward(out, { train: false });
      if (typeof built.spec === 'object' && ACTIVATIONS.has(built.spec.type)) units.push(columns(out));
    });
    const scores = out.data;
    const output = new Float32Array(n);
    for (let p = 0; p < n; p++) {
      if (this.data.task === 'regression') output[p] = scores[p]!;
      else output[p] = 1 / (1 + Math.exp(Number(scores[2 * p]) - Number(scores[2 * p + 1])));
    }
    return { output, units };
  }
}

/** The columns of a (points, units) array, each copied (a layer may reuse its output buffer). */
function columns(a: NDArray): Float32Array[] {
  const [n, width] = [a.shape[0]!, a.shape[1]!];
  const out: Float32Array[] = [];
  for (let u = 0; u < width; u++) {
    const column = new Float32Array(n);
    for (let p = 0; p < n; p++) column[p] = Number(a.data[p * width + u]);
    out.push(column);
  }
  return out;
}

function inputsOf(part: PlaneData, inputs: number): NDArray {
  return new NDArray(part.x, [part.count, inputs], 'float32');
}

function targetsOf(part: PlaneData, regression: boolean): NDArray {
  return regression ? new NDArray(part.y, [part.count, 1], 'float32') : new NDArray(part.y, [part.count], 'float32');
}
