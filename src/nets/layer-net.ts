import { ScratchnetError } from '../errors.js';
import { numericalGradient as numericalGradientOf } from '../gradient/numerical.js';
import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import type { AccuracyTally, LossLayer } from '../layers/loss-layer.js';
import { SoftmaxCrossEntropyLoss } from '../layers/softmax-cross-entropy-loss.js';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss.js';
import { crossEntropyError } from '../functions/losses.js';
import type { Layer, ParamLayer } from '../layers/types.js';
import { Workspace } from '../layers/workspace.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkArray, checkFloatDType, checkKnownOptions, namedErrors } from '../validate.js';
import type { ForwardOptions, LossAndGradient, LossFormula, Network, Params, TrainFlag } from './types.js';

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

/** Training and inference mode, as the layers take them (one object each: a forward pass allocates none). */
const TRAINING: ForwardOptions = Object.freeze({ train: true });
const INFERENCE: ForwardOptions = Object.freeze({ train: false });

/**
 * The mode `options` asks for: `{ train }`, or the book's positional `train_flg` boolean; left out,
 * inference. Anything else is a `BAD_ARGUMENT` naming `where`.
 */
export function trainFlagOf(options: unknown, where: string): ForwardOptions {
  if (options === undefined || options === false) return INFERENCE;
  if (options === true) return TRAINING;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: options must be { train: boolean } or the book's train_flg (true or false), got ${describeValue(options)}`,
    );
  }
  checkKnownOptions(options, ['train'], where);
  const train = (options as ForwardOptions).train;
  if (train === undefined || train === false) return INFERENCE;
  if (train === true) return TRAINING;
  throw new ScratchnetError(
    'BAD_ARGUMENT',
    `${where}: options.train must be true or false, got ${describeValue(train)}`,
  );
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JS array';
  if (value instanceof NDArray) return 'an NDArray';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : `${typeof value} ${String(value)}`;
}

/**
 * Class labels of shape (batch, 1), as the book's code makes them (its chapter 7 gradient check
 * builds t = np.array([[1]])), read as (batch) labels when the network has several outputs. With one
 * output, (batch, 1) already means one target per row and is left as it is.
 */
export function labelsFor(t: NDArray, outputs: number, lastLayer: LossLayer): NDArray {
  // Only softmax cross-entropy takes labels: for 'mse' a column stays a column, refused as such.
  const labels = lastLayer instanceof SoftmaxWithLoss && outputs !== 1;
  return labels && t.ndim === 2 && t.shape[1] === 1 ? t.reshape(t.shape[0]!) : t;
}

/**
 * The book's softmax cross-entropy, `-Σ log(y[i, t_i] + 1e-7) / batch` on the probabilities the
 * softmax layer just computed (its common/functions.py `cross_entropy_error`).
 */
function bookCrossEntropy(lastLayer: LossLayer, t: NDArray): number {
  const y = lastLayer instanceof SoftmaxWithLoss ? lastLayer.y : null;
  if (y === null) throw new ScratchnetError('BAD_ARGUMENT', "lossFormula 'book' needs softmax cross-entropy");
  // One-hot rows become labels first, as the book's function does (t.argmax(axis=1)).
  return crossEntropyError(y, t.ndim === 2 ? t.argmax(1) : t);
}

function checkLayers(layers: unknown, where: string): void {
  const isLayer = (l: unknown): boolean =>
    typeof l === 'object' &&
    l !== null &&
    typeof (l as Layer).forward === 'function' &&
    typeof (l as Layer).backward === 'function';
  if (!Array.isArray(layers) || !layers.every(isLayer)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: layers must be a list of layers (objects with forward and backward), got ${describeValue(layers)}`,
    );
  }
}

function checkLossLayer(lastLayer: unknown, where: string): void {
  const ok =
    typeof lastLayer === 'object' &&
    lastLayer !== null &&
    ['forward', 'backward', 'startTally'].every((m) => typeof (lastLayer as Record<string, unknown>)[m] === 'function');
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: lastLayer must be a loss layer (forward, backward and startTally), got ${describeValue(lastLayer)}`,
    );
  }
}

function checkLossFormula(formula: unknown, lastLayer: LossLayer, where: string): void {
  if (formula !== 'exact' && formula !== 'book') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: lossFormula must be 'exact' or 'book', got ${describeValue(formula)}`,
    );
  }
  if (formula === 'book' && !(lastLayer instanceof SoftmaxWithLoss)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: lossFormula 'book' is the book's softmax cross-entropy; the loss layer ${lastLayer.name} has no other formula`,
    );
  }
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
  /** How `loss` computes softmax cross-entropy: 'exact' log-softmax, or the book's formula (see `LossFormula`). */
  readonly lossFormula: LossFormula;
  private readonly refs: ParamRef[] = [];
  private readonly predictChunk: number;

  /**
   * `predictChunk`: rows per forward pass in `accuracy`. The layers' buffers grow to the largest
   * chunk they see and keep that size, so it bounds the memory a network holds after evaluating.
   * `lastLayer`: the loss after the layers, which also defines what `accuracy` measures.
   * `lossFormula`: how `loss` computes softmax cross-entropy (see `LossFormula`). Throws
   * `BAD_ARGUMENT` (`BAD_DTYPE` for the dtype) naming the argument that is not what it should be.
   */
  constructor(
    layers: Layer[],
    dtype: FloatDType,
    weightDecayLambda = 0,
    predictChunk = PREDICT_CHUNK,
    lastLayer: LossLayer = new SoftmaxCrossEntropyLoss(),
    lossFormula: LossFormula = 'exact',
  ) {
    const where = this.netName;
    checkLayers(layers, where);
    checkFloatDType(dtype, 'dtype', where);
    if (typeof weightDecayLambda !== 'number' || !(weightDecayLambda >= 0) || !Number.isFinite(weightDecayLambda))
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: weightDecayLambda must be a finite number >= 0, got ${describeValue(weightDecayLambda)}`,
      );
    if (!Number.isSafeInteger(predictChunk) || predictChunk < 1)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: predictChunk must be a positive integer, got ${String(predictChunk)}`,
      );
    checkLossLayer(lastLayer, where);
    checkLossFormula(lossFormula, lastLayer, where);
    this.layers = layers;
    this.dtype = dtype;
    this.weightDecayLambda = weightDecayLambda;
    this.predictChunk = predictChunk;
    this.lastLayer = lastLayer;
    this.lossFormula = lossFormula;
  }

  /** Makes `layer.params()[name]` visible as `params[key]`. */
  protected register(key: string, layer: ParamLayer, name: string): void {
    this.refs.push({ key, layer, name });
    this.params[key] = layer.params()[name]!;
  }

  /** The class name that errors of this network's methods start with (class names do not survive minifying). */
  protected get netName(): string {
    return 'LayerNet';
  }

  /**
   * Runs the public method `method` as `fn`: a ScratchnetError from a layer within is re-thrown with
   * the method's name in front, so that every refusal names what the caller called.
   */
  protected guard<T>(method: string, fn: (where: string) => T): T {
    const where = `${this.netName}.${method}`;
    return namedErrors(where, () => fn(where));
  }

  /** The layers' input for `x`; Sequential views flat rows as its input shape, the presets their own. */
  protected asInput(x: NDArray, _where: string): NDArray {
    return x;
  }

  /** `x` checked: an NDArray batch, in the layers' input shape. */
  private batchOf(xIn: unknown, where: string): NDArray {
    checkArray(xIn, 'x', where);
    const x = this.asInput(xIn, where);
    if (x.ndim < 2)
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: x must be a batch (one row per sample), got shape ${formatShape(x.shape)}; use x.reshape(1, -1) for a single sample`,
      );
    return x;
  }

  private cast(x: NDArray): NDArray {
    return x.dtype === this.dtype ? x : x.astype(this.dtype);
  }

  /** `x` checked (an NDArray batch) and cast to the network's dtype. */
  private input(x: unknown, where: string): NDArray {
    return this.cast(this.batchOf(x, where));
  }

  /**
   * The scores before the final softmax, one row per sample. `options` is `{ train }` or the book's
   * `train_flg` boolean: training mode (Dropout drops, BatchNormalization uses batch statistics) when
   * true, inference mode when false or left out. Throws `BAD_ARGUMENT` for anything else.
   */
  predict(x: NDArray, options: TrainFlag = {}): NDArray {
    return this.guard('predict', (where) => this.forwardAll(this.input(x, where), trainFlagOf(options, where)));
  }

  private forwardAll(x: NDArray, options: ForwardOptions): NDArray {
    let out = x;
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

  /**
   * The loss layer's loss of the scores against `t` (by default softmax cross-entropy), plus the weight
   * decay penalty. `t` holds one-hot rows, or class labels of shape (batch) or (batch, 1) as the book's
   * code makes them; `options` as in `predict` (the book's `train_flg` boolean included).
   */
  loss(x: NDArray, t: NDArray, options: TrainFlag = {}): number {
    return this.guard('loss', (where) => {
      const mode = trainFlagOf(options, where);
      checkArray(t, 't', where);
      return this.lossOf(this.input(x, where), t, mode);
    });
  }

  /** The loss of a checked input batch. */
  private lossOf(x: NDArray, t: NDArray, options: ForwardOptions): number {
    const y = this.forwardAll(x, options);
    const labels = labelsFor(t, y.shape[1]!, this.lastLayer);
    const loss = this.lastLayer.forward(y, labels);
    const data = this.lossFormula === 'book' ? bookCrossEntropy(this.lastLayer, labels) : loss;
    return data + this.decayPenalty();
  }

  /**
   * What the loss layer calls accuracy, in chunks of `predictChunk` rows: with softmax cross-entropy,
   * the fraction of rows whose highest score is the target class. `t` as in `loss`.
   */
  accuracy(x: NDArray, t: NDArray): number {
    // Only the argmax of each chunk's scores leaves this method, so the layers may reuse their
    // (resident) buffers chunk after chunk, as in a training step.
    return this.guard('accuracy', (where) => {
      const batch = this.batchOf(x, where);
      checkArray(t, 't', where);
      return this.withWorkspaces(() => this.countCorrect(batch, t, where));
    });
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

  private countCorrect(x: NDArray, targets: NDArray, where: string): number {
    const n = x.shape[0]!;
    if (n === 0) throw new ScratchnetError('BAD_ARGUMENT', `${where}: x has no samples`);
    let t = targets;
    let tally: AccuracyTally | null = null;
    for (let start = 0; start < n; start += this.predictChunk) {
      const end = Math.min(n, start + this.predictChunk);
      const y = this.forwardAll(this.cast(x.slice(start, end)), INFERENCE);
      if (tally === null) {
        t = labelsFor(t, y.shape[1]!, this.lastLayer);
        tally = this.lastLayer.startTally(t, n, y.shape[1]!);
      }
      tally.add(y, t.slice(start, end));
    }
    return tally === null ? 0 : tally.value();
  }

  /**
   * One training step's loss and gradients. Layers reuse their buffers from the previous step while
   * it runs, so the returned gradient arrays are overwritten by the next call (as PyTorch's `.grad`
   * is); copy them to keep them. `t` as in `loss`. Throws `BAD_ARGUMENT` for a network without
   * registered parameters.
   */
  lossAndGradient(x: NDArray, t: NDArray): LossAndGradient {
    return this.guard('lossAndGradient', (where) => this.trainingStep(x, t, where));
  }

  private trainingStep(x: NDArray, t: NDArray, where: string): LossAndGradient {
    if (this.refs.length === 0) {
      // A list of layers given to LayerNet directly registers nothing, and would train to nothing silently.
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: no parameters are registered, so training would change nothing; build the network with Sequential`,
      );
    }
    const input = this.input(x, where);
    checkArray(t, 't', where);
    return this.withWorkspaces(() => this.step(input, t));
  }

  private step(x: NDArray, t: NDArray): LossAndGradient {
    const loss = this.lossOf(x, t, TRAINING);
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

  /** Gradients by backpropagation in training mode (the book's `gradient`); `t` as in `loss`. */
  gradient(x: NDArray, t: NDArray): Params {
    return this.guard('gradient', (where) => this.trainingStep(x, t, where).grads);
  }

  /**
   * Gradients by central differences of the training-mode loss, parameter by parameter (slow: two
   * forward passes per weight). Dropout masks are held fixed so the result is comparable with backprop.
   */
  numericalGradient(x: NDArray, t: NDArray): Params {
    return this.guard('numericalGradient', (where) => {
      const input = this.input(x, where);
      checkArray(t, 't', where);
      return this.numericalGradientOf(input, t);
    });
  }

  private numericalGradientOf(x: NDArray, t: NDArray): Params {
    const dropouts = this.layers.filter((l): l is Dropout => l instanceof Dropout);
    const wasFrozen = dropouts.map((d) => d.frozen);
    if (dropouts.some((d) => d.mask === null)) this.forwardAll(x, TRAINING);
    for (const d of dropouts) d.frozen = true;
    try {
      const grads: Params = {};
      for (const [key, param] of Object.entries(this.params)) {
        grads[key] = numericalGradientOf(() => this.lossOf(x, t, TRAINING), param);
      }
      return grads;
    } finally {
      dropouts.forEach((d, i) => (d.frozen = wasFrozen[i]!));
    }
  }
}
