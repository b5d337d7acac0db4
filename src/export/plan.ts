/**
 * A network's inference computation as a list of steps, read off its built layers: what both the
 * ONNX and the PyTorch export translate. Each step keeps the layer's position and compact spec, so a
 * format that cannot express a step can name the layer it refuses.
 */
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
import type { NDArray } from '../ndarray/ndarray.js';
import { describeLayer } from '../nets/layer-spec.js';
import type { BuiltLayer } from '../nets/sequential-layers.js';
import type { Sequential } from '../nets/sequential.js';

/** Where a step comes from: the layer's position (from 1) and its compact spec, e.g. `layer 3 (dense100)`. */
export interface StepOrigin {
  /** The layer's position in the network, from 1. */
  position: number;
  /** The compact spec of the layer ('dense100', 'bn', ...). */
  spec: string;
  /** The layer's input shape per sample. */
  inputShape: readonly number[];
}

/** A weighted layer's parameters with the network's names for them (W1, b1, ...). */
export interface Weighted {
  W: NDArray;
  b: NDArray;
  /** The network's names of W and b. */
  names: { W: string; b: string };
}

/** Batch norm's inference parameters, with the network's names for them. */
export interface NormParameters {
  gamma: NDArray;
  beta: NDArray;
  runningMean: NDArray;
  runningVar: NDArray;
  eps: number;
  /** Weight of the old value in the running averages (PyTorch's momentum is 1 minus it). */
  momentum: number;
  /** The network's names: gammaN, betaN, runningMeanN, runningVarN. */
  names: { gamma: string; beta: string; runningMean: string; runningVar: string };
}

/** One inference step of a network. */
export type ExportStep = StepOrigin &
  (
    | ({ kind: 'dense' } & Weighted)
    | ({ kind: 'conv'; stride: number; pad: number } & Weighted)
    | { kind: 'maxpool'; height: number; width: number; stride: number; pad: number }
    | { kind: 'avgpool'; size: number; stride: number }
    | ({ kind: 'batchnorm'; perChannel: boolean } & NormParameters)
    | { kind: 'relu' | 'sigmoid' | 'tanh' | 'flatten' }
    | { kind: 'leaky-relu'; alpha: number }
    | { kind: 'dropout'; scale: number }
  );

/** The inference step of one step's layer, without its origin. */
type StepBody = ExportStep extends infer S ? (S extends StepOrigin ? Omit<S, keyof StepOrigin> : never) : never;

/** The network's name for each of the layer's own parameters (W → W3). */
function paramNames(built: BuiltLayer): Record<string, string> {
  return Object.fromEntries(built.params.map(([key, name]) => [name, key]));
}

function weighted(layer: Affine | Convolution, built: BuiltLayer): Weighted {
  const names = paramNames(built);
  return { W: layer.W, b: layer.b, names: { W: names.W ?? 'W', b: names.b ?? 'b' } };
}

function norm(layer: BatchNormalization, built: BuiltLayer): NormParameters {
  const names = paramNames(built);
  const gamma = names.gamma ?? 'gamma';
  const index = gamma.replace(/^gamma/, '');
  const { beta, runningMean, runningVar, eps, momentum } = layer;
  return {
    gamma: layer.gamma,
    beta,
    runningMean,
    runningVar,
    eps,
    momentum,
    names: {
      gamma,
      beta: names.beta ?? 'beta',
      runningMean: `runningMean${index}`,
      runningVar: `runningVar${index}`,
    },
  };
}

/** The step of one layer, or null for a layer class no step describes. */
function stepBody(built: BuiltLayer): StepBody | null {
  const layer = built.layer;
  if (layer instanceof Affine) return { kind: 'dense', ...weighted(layer, built) };
  if (layer instanceof Convolution) {
    return { kind: 'conv', stride: layer.stride, pad: layer.pad, ...weighted(layer, built) };
  }
  if (layer instanceof Pooling) {
    const { poolHeight: height, poolWidth: width, stride, pad } = layer;
    return { kind: 'maxpool', height, width, stride, pad };
  }
  if (layer instanceof AveragePooling) return { kind: 'avgpool', size: layer.size, stride: layer.stride };
  if (layer instanceof BatchNormalization) {
    return { kind: 'batchnorm', perChannel: layer instanceof ChannelBatchNormalization, ...norm(layer, built) };
  }
  if (layer instanceof LeakyRelu) return { kind: 'leaky-relu', alpha: layer.alpha };
  // The book's dropout scales by the kept share at inference, instead of scaling up in training.
  if (layer instanceof Dropout) return { kind: 'dropout', scale: 1 - layer.ratio };
  if (layer instanceof Relu) return { kind: 'relu' };
  if (layer instanceof Sigmoid) return { kind: 'sigmoid' };
  if (layer instanceof Tanh) return { kind: 'tanh' };
  if (layer instanceof Flatten) return { kind: 'flatten' };
  return null;
}

/** `layer 3 (dense100)`: how refusals name a step. */
export function stepLabel(step: StepOrigin): string {
  return `layer ${step.position} (${step.spec})`;
}

/**
 * The inference steps of `net`, in order. Throws `UNSUPPORTED` naming `where` and the layer (position,
 * spec and class) for a layer no step describes.
 */
export function planOf(net: Sequential<object>, where: string): ExportStep[] {
  let shape: readonly number[] = net.sequentialConfig.inputShape;
  return net.built.map((built, i) => {
    const origin: StepOrigin = { position: i + 1, spec: describeLayer(built.spec), inputShape: shape };
    shape = built.outputShape;
    const body = stepBody(built);
    if (body === null) {
      throw new ScratchnetError(
        'UNSUPPORTED',
        `${where}: ${stepLabel(origin)}: the layer ${built.typeName} has no export`,
      );
    }
    return { ...origin, ...body } as ExportStep;
  });
}
