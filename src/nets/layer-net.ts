import { ScratchnetError } from '../errors.js';
import { numericalGradient as numericalGradientOf } from '../gradient/numerical.js';
import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import type { AccuracyTally, LossLayer } from '../layers/loss-layer.js';
import { SoftmaxCrossEntropyLoss } from '../layers/softmax-cross-entropy-loss.js';
import type { Layer, ParamLayer } from '../layers/types.js';
import { Workspace } from '../layers/workspace.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray } from '../validate.js';
import type { ForwardOptions, LossAndGradient, Network, Params } from './types.js';

function setWorkspace(layer: object, enabled: boolean): void {
  const ws = (layer as { workspace?: Workspace }).workspace;
  if (ws instanceof Workspace) ws.enabled = enabled;
}

/** Layers with a weight W that weight decay applies to, and that can skip their input's gradient. */
function isWeighted(layer: object): layer is Affine | Convolution {
  return layer instanceof Affine || layer instanceof Convolution;
}

/**
 * Rows per chunk when predicting a whole data set, so that a 60000-row input never needs buffers for
 * all of its rows at once. Networks with large per-sample buffers pass a smaller chunk.
 */
const PREDICT_CHUNK = 2000;

/** Elements the largest buffer of one evaluation chunk may hold: 32 MiB of float32. */
const PREDICT_BUFFER_ELEMENTS = 8 * 1024 * 1024;

/**
 * Rows per evaluation chunk for a network whose largest per-sample buffer holds `elementsPerSample`
 * values (a convolution's unrolled windows: channels·FH·FW·OH·OW): a DeepConvNet evaluated 2000
 * rows at a time held about 4 GB.
 */
export function predictChunkFor(elementsPerSample: number): number {
  return Math.max(1, Math.min(PREDICT_CHUNK, Math.floor(PREDICT_BUFFER_ELEMENTS / Math.max(1, elementsPerSample))));
}

interface ParamRef {
  key: string;
  layer: ParamLayer;
  name: string;
}

/**
 * A network as an ordered list of layers followed by a loss layer (SoftmaxWithLoss unless given
 * another): the book's chapter 5 design, and the engine under Sequential, of which the book's
 * networks are presets. Build networks with Sequential: only it registers parameters, under the
 * book's names (W1, b1, gamma1, ...), and a LayerNet given layers directly refuses to train.
 * `params` holds the very arrays the layers use, so optimizers update them in place.
 */
export class LayerNet implements Network {
  /** Element type of every parameter and of the activations. */
  readonly dtype: FloatDType;
  /** The layers in forward order, without the final SoftmaxWithLoss. */
  readonly layers: Layer[];
  /** The loss layer after `layers` (softmax with cross-entropy unless the constructor was given another). */
  readonly lastLayer: LossLayer;
  /** The parameters by the book's names (W1, b1, gamma1, ...): the layers' own arrays, updated in place. */
  readonly params: Params = {};
  /** L2 penalty: adds 0.5·λ·ΣW² to the loss and λ·W to each weight gradient. */
  readonly weightDecayLambda: number;
  private readonly refs: ParamRef[] = [];
  private readonly predictChunk: number;

  /**
   * `predictChunk`: rows per forward pass in `accuracy`. The layers' buffers grow to the largest
   * chunk they see and keep that size, so it bounds the memory a network holds after evaluating.
   * `lastLayer`: the loss after the layers, which also defines what `accuracy` measures.
   */
  constructor(
    layers: Layer[],
    dtype: FloatDType,
    weightDecayLambda = 0,
    predictChunk = PREDICT_CHUNK,
    lastLayer: LossLayer = new SoftmaxCrossEntropyLoss(),
  ) {
    if (!(weightDecayLambda >= 0) || !Number.isFinite(weightDecayLambda))
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `network: weightDecayLambda must be a finite number >= 0, got ${weightDecayLambda}`,
      );
    this.layers = layers;
    this.dtype = dtype;
    this.weightDecayLambda = weightDecayLambda;
    this.predictChunk = predictChunk;
    this.lastLayer = lastLayer;
  }

  /** Makes `layer.params()[name]` visible as `params[key]`. */
  protected register(key: string, layer: ParamLayer, name: string): void {
    this.refs.push({ key, layer, name });
    this.params[key] = layer.params()[name]!;
  }

  private input(x: NDArray): NDArray {
    if (!(x instanceof NDArray))
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `network: x must be an NDArray (one row per sample), got ${x === null ? 'null' : typeof x}`,
      );
    if (x.ndim < 2)
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `x must be a batch (one row per sample), got shape ${formatShape(x.shape)}; use x.reshape(1, -1) for a single sample`,
      );
    return x.dtype === this.dtype ? x : x.astype(this.dtype);
  }

  /** The scores before the final softmax, one row per sample (inference mode unless `options.train`). */
  predict(x: NDArray, options: ForwardOptions = {}): NDArray {
    let out = this.input(x);
    for (const layer of this.layers) out = layer.forward(out, options);
    return out;
  }

  private decayPenalty(): number {
    if (this.weightDecayLambda === 0) return 0;
    let s = 0;
    for (const { layer, name } of this.refs) {
      if (!isWeighted(layer) || name !== 'W') continue;
      for (const w of layer.W.data) s += w * w;
    }
    return 0.5 * this.weightDecayLambda * s;
  }

  /** The loss layer's loss of the scores against `t` (by default softmax cross-entropy), plus the weight decay penalty. */
  loss(x: NDArray, t: NDArray, options: ForwardOptions = {}): number {
    return this.lastLayer.forward(this.predict(x, options), t) + this.decayPenalty();
  }

  /**
   * What the loss layer calls accuracy, in chunks of `predictChunk` rows: with softmax cross-entropy,
   * the fraction of rows whose highest score is the target class.
   */
  accuracy(x: NDArray, t: NDArray): number {
    // Only the argmax of each chunk's scores leaves this method, so the layers may reuse their
    // (resident) buffers chunk after chunk, as in a training step.
    return this.withWorkspaces(() => this.countCorrect(x, t));
  }

  private withWorkspaces<T>(fn: () => T): T {
    const layers = [...this.layers, this.lastLayer];
    for (const layer of layers) setWorkspace(layer, true);
    try {
      return fn();
    } finally {
      for (const layer of layers) setWorkspace(layer, false);
    }
  }

  private countCorrect(x: NDArray, t: NDArray): number {
    const n = x.shape[0] ?? 0;
    if (n === 0) throw new ScratchnetError('BAD_ARGUMENT', 'accuracy: x has no samples');
    checkArray(t, 't', 'accuracy');
    let tally: AccuracyTally | null = null;
    for (let start = 0; start < n; start += this.predictChunk) {
      const end = Math.min(n, start + this.predictChunk);
      const y = this.predict(x.slice(start, end));
      tally ??= this.lastLayer.startTally(t, n, y.shape[1]!);
      tally.add(y, t.slice(start, end));
    }
    return tally === null ? 0 : tally.value();
  }

  /**
   * One training step's loss and gradients. Layers reuse their buffers from the previous step while
   * it runs, so the returned gradient arrays are overwritten by the next call (as PyTorch's `.grad`
   * is); copy them to keep them. Throws `BAD_ARGUMENT` for a network without registered parameters.
   */
  lossAndGradient(x: NDArray, t: NDArray): LossAndGradient {
    if (this.refs.length === 0) {
      // A list of layers given to LayerNet directly registers nothing, and would train to nothing silently.
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        'network: no parameters are registered, so training would change nothing; build the network with Sequential',
      );
    }
    return this.withWorkspaces(() => this.step(x, t));
  }

  private step(x: NDArray, t: NDArray): LossAndGradient {
    const loss = this.loss(x, t, { train: true });
    let dout = this.lastLayer.backward(1);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (i === 0 && isWeighted(layer)) layer.backwardParams(dout);
      else dout = layer.backward(dout);
    }
    const grads: Params = {};
    for (const { key, layer, name } of this.refs) {
      const g = layer.grads()[name]!;
      if (this.weightDecayLambda > 0 && isWeighted(layer) && name === 'W') {
        const W = layer.W.data;
        for (let k = 0; k < g.size; k++) g.data[k]! += this.weightDecayLambda * W[k]!;
      }
      grads[key] = g;
    }
    return { loss, grads };
  }

  /** Gradients by backpropagation in training mode (the book's `gradient`). */
  gradient(x: NDArray, t: NDArray): Params {
    return this.lossAndGradient(x, t).grads;
  }

  /**
   * Gradients by central differences of the training-mode loss, parameter by parameter (slow: two
   * forward passes per weight). Dropout masks are held fixed so the result is comparable with backprop.
   */
  numericalGradient(x: NDArray, t: NDArray): Params {
    const dropouts = this.layers.filter((l): l is Dropout => l instanceof Dropout);
    const wasFrozen = dropouts.map((d) => d.frozen);
    if (dropouts.some((d) => d.mask === null)) this.predict(x, { train: true });
    for (const d of dropouts) d.frozen = true;
    try {
      const grads: Params = {};
      for (const [key, param] of Object.entries(this.params)) {
        grads[key] = numericalGradientOf(() => this.loss(x, t, { train: true }), param);
      }
      return grads;
    } finally {
      dropouts.forEach((d, i) => (d.frozen = wasFrozen[i]!));
    }
  }
}
