import { ScratchnetError } from '../errors.js';
import { Affine } from '../layers/affine.js';
import { AveragePooling } from '../layers/average-pooling.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import { ChannelBatchNormalization } from '../layers/channel-batch-norm.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import { LeakyRelu } from '../layers/leaky-relu.js';
import { Flatten, Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Tanh } from '../layers/tanh.js';
import { hasParams, type Layer } from '../layers/types.js';
import { ones, resident, zeros } from '../ndarray/create.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { Random } from '../ndarray/random.js';
import { formatShape } from '../ndarray/shape.js';
import {
  type ConvSpec,
  type DenseSpec,
  describeLayer,
  LAYER_TYPES,
  type LayerSpec,
  type PoolSpec,
} from './layer-spec.js';
import { checkSize, initWeights, scaledNormal, type WeightInit } from './weight-init.js';

/** One built layer of a Sequential network, with what its summary row shows. */
export interface BuiltLayer {
  /** The spec it was built from. */
  readonly spec: LayerSpec;
  /** The layer object. */
  readonly layer: Layer;
  /** The layer's class, as the summary shows it. */
  readonly typeName: string;
  /** Its output per sample (without the batch axis). */
  readonly outputShape: readonly number[];
  /** Its parameters: the network's name (W1, gamma1, ...) and the layer's own (W, gamma, ...). */
  readonly params: readonly (readonly [key: string, name: string])[];
  /** Number of learnable values. */
  readonly paramCount: number;
}

/** What every layer's construction shares: the weights' generator and defaults, and the name counters. */
export interface BuildContext {
  /** Draws the initial weights and the dropout seeds, in layer order. */
  readonly rng: Random;
  /** Element type of every parameter. */
  readonly dtype: FloatDType;
  /** The network's initial weight scale (a layer's own `weightInit` overrides it). */
  readonly weightInit: WeightInit;
  /** Weighted layers (dense, conv) so far: W1, b1, W2, ... */
  weighted: number;
  /** Batch-norm layers so far: gamma1, beta1, ... */
  norms: number;
  /**
   * When true, dropout layers draw no seed while they are built: the network seeds them after every
   * weight is drawn (DeepConvNet's order), see `seedDropoutsLast`.
   */
  readonly dropoutSeedsLast: boolean;
}

/** What building one layer gives, before the summary's bookkeeping. */
interface LayerPart {
  layer: Layer;
  /** The class name where it differs from `layer.name` (a subclass that keeps its parent's name). */
  typeName?: string;
  outputShape: number[];
  params: [string, string][];
}

const product = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

function imageShape(inShape: readonly number[], what: string): [number, number, number] {
  if (inShape.length !== 3) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${what} needs [channels, height, width] input, not a flat one (put it before any dense or flatten layer)`,
    );
  }
  return inShape as [number, number, number];
}

function optionalInteger(value: unknown, name: string, min: number): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
}

function weighted(ctx: BuildContext): [string, string][] {
  ctx.weighted++;
  return [
    [`W${ctx.weighted}`, 'W'],
    [`b${ctx.weighted}`, 'b'],
  ];
}

function dense(spec: DenseSpec, inShape: readonly number[], ctx: BuildContext): LayerPart {
  const units = checkSize('units', spec.units, 'dense');
  const fanIn = product(inShape);
  const W = resident(initWeights(ctx.rng, fanIn, units, spec.weightInit ?? ctx.weightInit, ctx.dtype));
  const layer = new Affine(W, resident(zeros(units, { dtype: ctx.dtype })));
  return { layer, outputShape: [units], params: weighted(ctx) };
}

function conv(spec: ConvSpec, inShape: readonly number[], ctx: BuildContext): LayerPart {
  const filters = checkSize('filters', spec.filters, 'conv');
  const size = checkSize('size', spec.size, 'conv');
  optionalInteger(spec.stride, 'stride', 1);
  optionalInteger(spec.pad, 'pad', 0);
  const [channels, height, width] = imageShape(inShape, 'conv');
  const fanIn = channels * size * size;
  const init = spec.weightInit ?? ctx.weightInit;
  const W = resident(scaledNormal(ctx.rng, [filters, channels, size, size], fanIn, init, ctx.dtype));
  const layer = new Convolution(W, resident(zeros(filters, { dtype: ctx.dtype })), {
    stride: spec.stride ?? 1,
    pad: spec.pad ?? 0,
  });
  const [, ...outputShape] = layer.outputShape([1, channels, height, width]);
  return { layer, outputShape, params: weighted(ctx) };
}

function pool(spec: PoolSpec, inShape: readonly number[]): LayerPart {
  const size = checkSize('size', spec.size, spec.type);
  optionalInteger(spec.stride, 'stride', 1);
  const [channels, height, width] = imageShape(inShape, spec.type);
  const stride = spec.stride ?? size;
  const layer =
    spec.type === 'maxpool'
      ? new Pooling({ poolHeight: size, poolWidth: size, stride })
      : new AveragePooling({ size, stride });
  const [, ...outputShape] = layer.outputShape([1, channels, height, width]);
  return { layer, outputShape, params: [] };
}

function batchNorm(inShape: readonly number[], ctx: BuildContext): LayerPart {
  const perChannel = inShape.length === 3;
  const features = perChannel ? inShape[0]! : product(inShape);
  const gamma = resident(ones(features, { dtype: ctx.dtype }));
  const beta = resident(zeros(features, { dtype: ctx.dtype }));
  const layer = perChannel ? new ChannelBatchNormalization(gamma, beta) : new BatchNormalization(gamma, beta);
  ctx.norms++;
  const params: [string, string][] = [
    [`gamma${ctx.norms}`, 'gamma'],
    [`beta${ctx.norms}`, 'beta'],
  ];
  const typeName = perChannel ? 'ChannelBatchNormalization' : layer.name;
  return { layer, typeName, outputShape: [...inShape], params };
}

/** A layer that keeps its input's shape and has no parameters. */
function sameShape(layer: Layer, inShape: readonly number[]): LayerPart {
  return { layer, outputShape: [...inShape], params: [] };
}

function buildPart(spec: LayerSpec, inShape: readonly number[], ctx: BuildContext): LayerPart {
  switch (spec.type) {
    case 'dense':
      return dense(spec, inShape, ctx);
    case 'conv':
      return conv(spec, inShape, ctx);
    case 'maxpool':
    case 'avgpool':
      return pool(spec, inShape);
    case 'batchnorm':
      return batchNorm(inShape, ctx);
    case 'flatten':
      return { layer: new Flatten(), outputShape: [product(inShape)], params: [] };
    case 'relu':
      return sameShape(new Relu(), inShape);
    case 'sigmoid':
      return sameShape(new Sigmoid(), inShape);
    case 'tanh':
      return sameShape(new Tanh(), inShape);
    case 'leaky-relu':
      return sameShape(new LeakyRelu(spec.alpha), inShape);
    case 'dropout':
      return sameShape(
        new Dropout({ ratio: spec.ratio ?? 0.5, seed: ctx.dropoutSeedsLast ? 0 : ctx.rng.nextUint32() }),
        inShape,
      );
  }
}

/**
 * Seeds every dropout layer of `built` from `rng`, in layer order, as if each had been built with the
 * seed drawn now: how the book's DeepConvNet draws its dropout seeds after all of its weights.
 */
export function seedDropoutsLast(built: readonly BuiltLayer[], rng: Random): void {
  for (const { layer } of built) {
    if (layer instanceof Dropout) layer.setRandomState(new Random(rng.nextUint32()).getState());
  }
}

function layerLabel(spec: LayerSpec, position: number): string {
  const known = LAYER_TYPES.includes((spec as { type?: unknown } | null)?.type as LayerSpec['type']);
  return `layer ${position} (${known ? describeLayer(spec) : JSON.stringify(spec)})`;
}

/**
 * Builds the layer `spec` at `position` (from 1) for per-sample input `inShape`. Every error names
 * the layer's position and spec, and for a shape that does not fit (`SHAPE_MISMATCH`) the shape the
 * layer received; an unknown type or a bad setting is `BAD_ARGUMENT`.
 */
export function buildLayer(
  spec: LayerSpec,
  position: number,
  inShape: readonly number[],
  ctx: BuildContext,
): BuiltLayer {
  const label = layerLabel(spec, position);
  const type = (spec as { type?: unknown } | null)?.type;
  if (!LAYER_TYPES.includes(type as LayerSpec['type'])) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `Sequential: ${label}: unknown layer type ${JSON.stringify(type)} (known: ${LAYER_TYPES.join(', ')})`,
    );
  }
  let part: LayerPart;
  try {
    part = buildPart(spec, inShape, ctx);
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    const received = error.code === 'SHAPE_MISMATCH' ? ` cannot take input ${formatShape(inShape)}` : '';
    throw new ScratchnetError(error.code, `Sequential: ${label}${received}: ${error.message}`);
  }
  const own = hasParams(part.layer) ? part.layer.params() : {};
  const paramCount = part.params.reduce((sum, [, name]) => sum + (own[name]?.size ?? 0), 0);
  const typeName = part.typeName ?? part.layer.name;
  return { spec, layer: part.layer, typeName, outputShape: part.outputShape, params: part.params, paramCount };
}
