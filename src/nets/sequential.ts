import { ScratchnetError } from '../errors.js';
import type { LossLayer } from '../layers/loss-layer.js';
import { MeanSquaredErrorLoss } from '../layers/mean-squared-error-loss.js';
import { SigmoidWithLoss } from '../layers/sigmoid-with-loss.js';
import { SoftmaxCrossEntropyLoss } from '../layers/softmax-cross-entropy-loss.js';
import { Convolution } from '../layers/convolution.js';
import { hasParams } from '../layers/types.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import { formatShape } from '../ndarray/shape.js';
import { checkFloatDType, checkKnownOptions } from '../validate.js';
import { LayerNet, predictChunkFor } from './layer-net.js';
import { type LayerSpec, parseLayers } from './layer-spec.js';
import { type BuildContext, type BuiltLayer, buildLayer, seedDropoutsLast } from './sequential-layers.js';
import { formatSummary } from './summary.js';
import type { LossFormula } from './types.js';
import { scaleOf, type WeightInit } from './weight-init.js';

/**
 * The loss after the last layer: softmax with cross-entropy for classes, sigmoid with binary
 * cross-entropy for one 0/1 output, or mean squared error (identity output) for regression.
 */
export type LossName = 'softmax-cross-entropy' | 'sigmoid-cross-entropy' | 'mse';

const LOSSES: readonly LossName[] = ['softmax-cross-entropy', 'sigmoid-cross-entropy', 'mse'];

const OPTIONS = ['inputShape', 'layers', 'loss', 'lossFormula', 'weightInit', 'weightDecayLambda', 'dtype', 'seed'];

/** Options of `new Sequential()`. */
export interface SequentialOptions {
  /** One sample's shape: [features] for tables, [channels, height, width] for images. */
  inputShape: readonly number[];
  /** The layers in order, as specs or as a compact spec string (see `parseLayers`). */
  layers: readonly LayerSpec[] | string;
  /** The loss (default 'softmax-cross-entropy'). */
  loss?: LossName;
  /**
   * 'book' computes softmax cross-entropy with the book's formula (1e-7 inside the log), so printed
   * losses match the book's digit for digit; 'exact' (the default) from log-softmax. See `LossFormula`.
   */
  lossFormula?: LossFormula;
  /** Initial weight scale of dense and conv layers: 'he', 'xavier' or a standard deviation (default 'he'). */
  weightInit?: WeightInit;
  /** L2 weight decay λ on the dense and conv weights (default 0). */
  weightDecayLambda?: number;
  /** Element type of the parameters and activations (default 'float32'). */
  dtype?: FloatDType;
  /** Seed for the initial weights and the dropout masks (default: a random seed). */
  seed?: number;
}

/** The options a Sequential was built with, defaults filled in: enough to build it again. */
export interface SequentialConfig {
  /** One sample's shape. */
  inputShape: number[];
  /** The layers' specs, in order. */
  layers: LayerSpec[];
  /** The loss. */
  loss: LossName;
  /** Present (as 'book') only when the network computes its loss with the book's formula. */
  lossFormula?: 'book';
  /** The default initial weight scale. */
  weightInit: WeightInit;
  /** L2 weight decay λ. */
  weightDecayLambda: number;
  /** Element type of the parameters. */
  dtype: FloatDType;
  /** The seed given, if any: the initial weights are reproducible only with one. */
  seed?: number;
}

/**
 * What a preset (the book's TwoLayerNet, MultiLayerNet, SimpleConvNet, DeepConvNet) adds when it
 * builds itself on Sequential: its own `config`, and the order its original drew random numbers in.
 */
export interface SequentialPreset<Config> {
  /** The preset's options with defaults filled in, kept as the network's `config`. */
  readonly config: Config;
  /** Draw the dropout layers' seeds after every weight instead of in layer order (DeepConvNet's order). */
  readonly dropoutSeedsLast?: boolean;
}

function lossLayerFor(loss: LossName): LossLayer {
  switch (loss) {
    case 'softmax-cross-entropy':
      return new SoftmaxCrossEntropyLoss();
    case 'sigmoid-cross-entropy':
      return new SigmoidWithLoss();
    case 'mse':
      return new MeanSquaredErrorLoss();
  }
}

function checkInputShape(shape: unknown): number[] {
  const ok =
    Array.isArray(shape) &&
    (shape.length === 1 || shape.length === 3) &&
    shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0);
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Sequential: inputShape must be [features] or [channels, height, width] of positive integers, got ${JSON.stringify(shape)}`,
    );
  }
  return [...(shape as number[])];
}

function checkLayerList(layers: unknown): LayerSpec[] {
  const list = typeof layers === 'string' ? parseLayers(layers) : layers;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'Sequential: layers must be a non-empty array of layer specs or a spec string',
    );
  }
  return list.map((spec: LayerSpec) => (typeof spec === 'object' && spec !== null ? { ...spec } : spec));
}

/** The output must be one row of scores per sample, of a width the loss can use. */
function checkOutput(built: readonly BuiltLayer[], loss: LossName): void {
  const position = built.length;
  const last = built[position - 1]!;
  const label = `layer ${position} (${last.spec.type})`;
  if (last.outputShape.length !== 1) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `Sequential: the last layer, ${label}, gives ${formatShape(last.outputShape)} per sample; the scores must be flat: end with a dense layer`,
    );
  }
  const outputs = last.outputShape[0]!;
  if (loss === 'softmax-cross-entropy' && outputs === 1) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      "Sequential: softmax-cross-entropy over 1 output always gives probability 1; for one output use loss 'sigmoid-cross-entropy' (0/1 targets) or 'mse' (real-valued targets)",
    );
  }
  if (loss === 'sigmoid-cross-entropy' && outputs !== 1) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Sequential: sigmoid-cross-entropy needs 1 output, the last layer gives ${outputs}; for several classes use 'softmax-cross-entropy'`,
    );
  }
  if (!built.some((b) => b.params.length > 0)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'Sequential: the network has no trainable layer (add a dense or conv layer)',
    );
  }
}

/** Builds every layer in order, each on the shape the previous one gives. */
function buildAll(config: SequentialConfig, dropoutSeedsLast: boolean): BuiltLayer[] {
  const ctx: BuildContext = {
    rng: new Random(config.seed),
    dtype: config.dtype,
    weightInit: config.weightInit,
    weighted: 0,
    norms: 0,
    dropoutSeedsLast,
  };
  const built: BuiltLayer[] = [];
  let shape: readonly number[] = config.inputShape;
  for (const [i, spec] of config.layers.entries()) {
    const layer = buildLayer(spec, i + 1, shape, ctx);
    built.push(layer);
    shape = layer.outputShape;
  }
  if (dropoutSeedsLast) seedDropoutsLast(built, ctx.rng);
  checkOutput(built, config.loss);
  return built;
}

/** Rows per evaluation chunk: bounded by the largest convolution's unrolled windows. */
function chunkFor(built: readonly BuiltLayer[], inputShape: readonly number[]): number {
  let largest = 0;
  let shape = inputShape;
  for (const b of built) {
    if (b.layer instanceof Convolution) largest = Math.max(largest, b.layer.bufferElementsPerSample([1, ...shape]));
    shape = b.outputShape;
  }
  return predictChunkFor(largest);
}

function resolveOptions(options: SequentialOptions): SequentialConfig {
  checkKnownOptions(options, OPTIONS, 'Sequential');
  const { loss = 'softmax-cross-entropy', weightInit = 'he', weightDecayLambda = 0, dtype = 'float32', seed } = options;
  if (!LOSSES.includes(loss)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Sequential: loss must be one of ${LOSSES.map((l) => `'${l}'`).join(', ')}, got ${JSON.stringify(loss)}`,
    );
  }
  checkFloatDType(dtype, 'dtype', 'Sequential');
  scaleOf(weightInit, 1); // validates the name or standard deviation before any layer is built
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new ScratchnetError('BAD_ARGUMENT', `Sequential: seed must be an integer, got ${JSON.stringify(seed)}`);
  }
  return {
    inputShape: checkInputShape(options.inputShape),
    layers: checkLayerList(options.layers),
    loss,
    weightInit,
    weightDecayLambda,
    dtype,
    ...(seed === undefined ? {} : { seed }),
    ...(lossFormulaOf(options.lossFormula, loss) === 'book' ? { lossFormula: 'book' as const } : {}),
  };
}

/**
 * The `lossFormula` option of `where` (Sequential or a preset), checked: 'book' only with softmax
 * cross-entropy, the book's only loss.
 */
export function lossFormulaOf(formula: unknown, loss: LossName, where = 'Sequential'): LossFormula {
  if (formula === undefined || formula === 'exact') return 'exact';
  if (formula !== 'book') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: lossFormula must be 'exact' or 'book', got ${JSON.stringify(formula) ?? String(formula)}`,
    );
  }
  if (loss !== 'softmax-cross-entropy') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Sequential: lossFormula 'book' is the book's softmax cross-entropy formula; loss '${loss}' has no other`,
    );
  }
  return 'book';
}

/**
 * A network of any stack of layers, like Keras's `Sequential`, on the book's layer classes:
 *
 * ```ts
 * const net = new Sequential({ inputShape: [1, 28, 28], layers: 'conv30x5,relu,pool2,dense100,relu,dense10', seed: 1 });
 * console.log(net.summary());
 * ```
 *
 * Shapes are checked as the layers are built: a layer that cannot take what the previous one gives
 * is a `SHAPE_MISMATCH` naming its position, its spec and the shape it received. Parameters are
 * named as the book names them: W1, b1, W2, ... for dense and conv layers in order, gamma1, beta1,
 * ... for batch-norm layers. It is a LayerNet, so every optimizer, the Trainer and `gradientCheck`
 * work with it; `accuracy` is what the loss makes of it (the share of right classes, or R² for 'mse').
 *
 * The book's networks are presets of it: `Config` is the type of their own `config` (their
 * constructor's options), while `sequentialConfig` holds the equivalent Sequential options.
 */
export class Sequential<Config extends object = SequentialConfig> extends LayerNet {
  /** The options the network was built with, defaults filled in (enough to build it again). */
  readonly config: Config;
  /** The Sequential options the network was built from, defaults filled in (for a plain Sequential, `config`). */
  readonly sequentialConfig: SequentialConfig;
  /** Each layer with its spec, output shape per sample and parameters, in order (what `summary()` shows). */
  readonly built: readonly BuiltLayer[];

  /**
   * Throws `BAD_ARGUMENT` for an unknown option, loss, layer type or setting, `BAD_DTYPE` for a dtype
   * other than float32/float64, and `SHAPE_MISMATCH` for a layer that cannot take its input or scores
   * that are not flat; a single output with softmax cross-entropy is refused (`BAD_ARGUMENT`).
   * `preset` is for the book's networks built on Sequential (see `SequentialPreset`).
   */
  constructor(options: SequentialOptions, preset?: SequentialPreset<Config>) {
    const config = resolveOptions(options);
    const built = buildAll(config, preset?.dropoutSeedsLast ?? false);
    const layers = built.map((b) => b.layer);
    super(
      layers,
      config.dtype,
      config.weightDecayLambda,
      chunkFor(built, config.inputShape),
      lossLayerFor(config.loss),
      config.lossFormula ?? 'exact',
    );
    for (const { layer, params } of built) {
      if (hasParams(layer)) for (const [key, name] of params) this.register(key, layer, name);
    }
    // Without a preset, Config is SequentialConfig (its default): only presets pass another type.
    this.config = preset === undefined ? (config as Config) : preset.config;
    this.sequentialConfig = config;
    this.built = built;
  }

  /** The output shape per sample (the scores: [outputs]). */
  get outputShape(): readonly number[] {
    return this.built[this.built.length - 1]!.outputShape;
  }

  /** A table of the layers, like Keras's `summary()`: position, spec, layer, output shape and parameters, with the total. */
  summary(): string {
    return formatSummary(this.sequentialConfig, this.built);
  }

  protected override get netName(): string {
    return 'Sequential';
  }

  /**
   * The layers' input for `x`: a batch of `inputShape` samples, or flat rows viewed as such (what
   * `predict`, `loss`, ... take). Presets override it with their original checks.
   */
  protected override asInput(x: NDArray, where: string): NDArray {
    const shape = this.sequentialConfig.inputShape;
    const size = shape.reduce((p, d) => p * d, 1);
    if (x.ndim === shape.length + 1 && shape.every((d, i) => x.shape[i + 1] === d)) return x;
    if (x.ndim === 2 && x.shape[1] === size) return x.reshape(x.shape[0]!, ...shape);
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: input must be (batch, ${shape.join(', ')})${shape.length > 1 ? ` or (batch, ${size}) rows` : ''}, got ${formatShape(x.shape)}`,
    );
  }
}
