import { ScratchnetError } from '../errors.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { checkFloatDType, checkKnownOptions, namedErrors } from '../validate.js';
import { checkActivation } from './activation.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import type { ActivationName } from './activation.js';
import type { Standardization } from '../data/standardize.js';
import {
  checkArchitectureArgument,
  describe,
  type Architecture,
  type MlpArchitecture,
  type SequentialArchitecture,
} from './architecture.js';
import { DeepConvNet } from './deep-conv-net.js';
import type { LayerNet } from './layer-net.js';
import { MultiLayerNet } from './multi-layer-net.js';
import { Sequential, type SequentialConfig } from './sequential.js';
import { checkSequentialTensors } from './sequential-tensors.js';
import { SimpleConvNet } from './simple-conv-net.js';
import { TwoLayerNet } from './two-layer-net.js';

export {
  ARCHITECTURES,
  architectureFromMetadata,
  describe,
  inputSizeOf,
  type Architecture,
  type DeepConvNetArchitecture,
  type MlpArchitecture,
  type SequentialArchitecture,
  type SimpleConvNetArchitecture,
} from './architecture.js';

/** The networks scratchnet can save and rebuild. */
export type SavableNet = TwoLayerNet | MultiLayerNet | SimpleConvNet | DeepConvNet | Sequential;

/** A network `buildNetwork` and `modelFromTensors` give back. */
export type BuiltNet = MultiLayerNet | SimpleConvNet | DeepConvNet | Sequential;

/** What the training data taught a model beyond its weights, saved with a Sequential model. */
export interface ModelData {
  /** The class name of each output, in output order. */
  classes?: readonly string[];
  /** The feature scaling applied to the training inputs. */
  standardization?: Standardization;
  /** The names of the table columns the model reads, in input order. */
  featureNames?: readonly string[];
}

function sequentialArchitecture(net: Sequential, data: ModelData): SequentialArchitecture {
  const { inputShape, layers, loss, weightInit, weightDecayLambda, dtype } = net.config;
  const arch: SequentialArchitecture = {
    type: 'sequential',
    inputShape: [...inputShape],
    layers: layers.map((spec) => ({ ...spec })),
    loss,
  };
  if (data.classes !== undefined) arch.classes = [...data.classes];
  if (data.featureNames !== undefined) arch.featureNames = [...data.featureNames];
  if (data.standardization !== undefined) {
    arch.standardization = { mean: [...data.standardization.mean], std: [...data.standardization.std] };
  }
  return { ...arch, weightInit, weightDecayLambda, dtype };
}

/**
 * The architecture of a network scratchnet can save. The book's networks keep their own types (they
 * are tested first: they may be built on Sequential); `data` is kept only for a Sequential.
 */
export function architectureOf(net: SavableNet, data: ModelData = {}): Architecture {
  checkSavable(net, 'architectureOf');
  checkModelData(data, 'architectureOf');
  const arch = architectureOfNet(net, data);
  // The loss formula travels with the architecture, so a rebuilt network prints the same losses.
  return net.lossFormula === 'book' ? { ...arch, lossFormula: 'book' } : arch;
}

/** `net` must be a network scratchnet can save (Sequential or one of the book's presets on it). */
export function checkSavable(net: unknown, where: string): asserts net is SavableNet {
  if (!(net instanceof Sequential)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: net must be a Sequential, TwoLayerNet, MultiLayerNet, SimpleConvNet or DeepConvNet, got ${net === null ? 'null' : typeof net}`,
    );
  }
}

export function checkModelData(data: unknown, where: string): asserts data is ModelData {
  checkKnownOptions(data, ['classes', 'standardization', 'featureNames'], `${where} (data)`);
  const { classes, featureNames, standardization } = data as Record<string, unknown>;
  const isNames = (v: unknown): boolean =>
    v === undefined || (Array.isArray(v) && v.every((n) => typeof n === 'string'));
  const isScaling = (v: unknown): boolean =>
    v === undefined ||
    (typeof v === 'object' &&
      v !== null &&
      Array.isArray((v as Standardization).mean) &&
      Array.isArray((v as Standardization).std));
  if (!isNames(classes) || !isNames(featureNames) || !isScaling(standardization)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: data.classes and data.featureNames must be lists of strings, data.standardization { mean, std }`,
    );
  }
}

function architectureOfNet(net: SavableNet, data: ModelData): Architecture {
  if (net instanceof TwoLayerNet) {
    const c = net.config;
    return {
      type: 'mlp',
      inputSize: c.inputSize,
      hiddenSizes: [c.hiddenSize],
      outputSize: c.outputSize,
      activation: c.activation,
      useBatchNorm: false,
      useDropout: false,
      dropoutRatio: 0.5,
    };
  }
  if (net instanceof SimpleConvNet) {
    const { inputDim, filterNum, filterSize, pad, stride, hiddenSize, outputSize } = net.config;
    return {
      type: 'simple-convnet',
      inputDim: [...inputDim],
      filterNum,
      filterSize,
      pad,
      stride,
      hiddenSize,
      outputSize,
    };
  }
  if (net instanceof DeepConvNet) {
    const { inputDim, hiddenSize, outputSize, dropoutRatio } = net.config;
    return { type: 'deep-convnet', inputDim: [...inputDim], hiddenSize, outputSize, dropoutRatio };
  }
  if (net instanceof MultiLayerNet) return mlpArchitecture(net);
  return sequentialArchitecture(net, data);
}

function mlpArchitecture(net: MultiLayerNet): MlpArchitecture {
  const c = net.config;
  return {
    type: 'mlp',
    inputSize: c.inputSize,
    hiddenSizes: [...c.hiddenSizes],
    outputSize: c.outputSize,
    activation: c.activation,
    useBatchNorm: c.useBatchNorm,
    useDropout: c.useDropout,
    dropoutRatio: c.dropoutRatio,
  };
}

/**
 * A new network of architecture `arch` (weights initialised from `seed`; `modelFromTensors` then
 * overwrites them). Training options that are not part of the architecture come in `training`.
 */
export function buildNetwork(
  arch: Architecture,
  dtype: FloatDType,
  seed = 0,
  training: { weightInit?: number | 'he' | 'xavier'; weightDecayLambda?: number } = {},
): BuiltNet {
  checkArchitectureArgument(arch, 'buildNetwork');
  checkFloatDType(dtype, 'dtype', 'buildNetwork');
  if (!Number.isSafeInteger(seed)) {
    throw new ScratchnetError('BAD_ARGUMENT', `buildNetwork: seed must be an integer, got ${String(seed)}`);
  }
  checkKnownOptions(training, ['weightInit', 'weightDecayLambda'], 'buildNetwork');
  return namedErrors('buildNetwork', () => build(arch, dtype, seed, training));
}

function build(
  arch: Architecture,
  dtype: FloatDType,
  seed: number,
  training: { weightInit?: number | 'he' | 'xavier'; weightDecayLambda?: number },
): BuiltNet {
  const formula = arch.lossFormula === 'book' ? { lossFormula: 'book' as const } : {};
  const decay = training.weightDecayLambda ?? (arch.type === 'sequential' ? arch.weightDecayLambda : undefined) ?? 0;
  switch (arch.type) {
    case 'sequential': {
      const { inputShape, layers, loss } = arch;
      const weightInit = training.weightInit ?? arch.weightInit;
      const init = weightInit === undefined ? {} : { weightInit };
      return new Sequential<SequentialConfig>({
        inputShape,
        layers,
        loss,
        dtype,
        seed,
        weightDecayLambda: decay,
        ...init,
        ...formula,
      });
    }
    case 'mlp': {
      const { type: _type, ...options } = arch;
      return new MultiLayerNet({
        ...options,
        ...formula,
        dtype,
        seed,
        weightDecayLambda: decay,
        ...(training.weightInit === undefined ? {} : { weightInit: training.weightInit }),
      });
    }
    case 'simple-convnet': {
      const { type: _type, ...options } = arch;
      return new SimpleConvNet({
        ...options,
        ...formula,
        dtype,
        seed,
        weightDecayLambda: decay,
        ...(training.weightInit === undefined ? {} : { weightInit: training.weightInit }),
      });
    }
    case 'deep-convnet': {
      const { type: _type, ...options } = arch;
      return new DeepConvNet({ ...options, ...formula, dtype, seed, weightDecayLambda: decay });
    }
  }
}

function batchNorms(net: LayerNet): BatchNormalization[] {
  return net.layers.filter((l): l is BatchNormalization => l instanceof BatchNormalization);
}

/**
 * Everything a trained network needs to predict again: its parameters under their names (W1, b1, ...)
 * plus batch norm's running averages (runningMean1, runningVar1, ...), and the architecture as
 * metadata. For a Sequential, the metadata also carries `data` (class names, feature scaling), so
 * the model rebuilds and predicts from its file alone. The arrays are the network's own, not copies.
 */
export function modelToTensors(
  net: SavableNet,
  data: ModelData = {},
): {
  /** Parameters and running averages by name, sharing the network's memory. */
  tensors: Record<string, NDArray>;
  /** `format: 'scratchnet'` and `architecture`, the JSON `architectureFromMetadata` reads back. */
  metadata: Record<string, string>;
} {
  checkSavable(net, 'modelToTensors');
  checkModelData(data, 'modelToTensors');
  const tensors: Record<string, NDArray> = { ...net.params };
  batchNorms(net).forEach((bn, i) => {
    tensors[`runningMean${i + 1}`] = bn.runningMean;
    tensors[`runningVar${i + 1}`] = bn.runningVar;
  });
  return { tensors, metadata: { format: 'scratchnet', architecture: JSON.stringify(architectureOf(net, data)) } };
}

/**
 * The architecture implied by W1..Wn's shapes, for files without metadata (.npz, a pickle). The
 * activation cannot be read off the weights, so it is given.
 */
export function inferArchitecture(tensors: Record<string, NDArray>, activation: ActivationName): MlpArchitecture {
  checkTensors(tensors, 'inferArchitecture');
  checkActivation(activation, 'inferArchitecture');
  return namedErrors('inferArchitecture', () => mlpFromWeights(tensors, activation));
}

/** `tensors` must be an object of NDArrays by name. */
function checkTensors(tensors: unknown, where: string): asserts tensors is Record<string, NDArray> {
  const ok =
    typeof tensors === 'object' &&
    tensors !== null &&
    !Array.isArray(tensors) &&
    !(tensors instanceof NDArray) &&
    Object.values(tensors).every((t) => t instanceof NDArray);
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: tensors must be an object of NDArrays by name (W1, b1, ...), got ${tensors === null ? 'null' : typeof tensors}`,
    );
  }
}

function mlpFromWeights(tensors: Record<string, NDArray>, activation: ActivationName): MlpArchitecture {
  const sizes: number[] = [];
  for (let i = 1; tensors[`W${i}`] !== undefined; i++) {
    const W = tensors[`W${i}`]!;
    if (W.ndim !== 2)
      throw new ScratchnetError('BAD_FILE', `W${i} must be a matrix, got shape ${formatShape(W.shape)}`);
    if (i === 1) sizes.push(W.shape[0]!);
    else if (W.shape[0] !== sizes[sizes.length - 1]) {
      throw new ScratchnetError(
        'BAD_FILE',
        `W${i} has shape ${formatShape(W.shape)} but W${i - 1} has ${sizes[sizes.length - 1]} outputs`,
      );
    }
    sizes.push(W.shape[1]!);
  }
  if (sizes.length < 2)
    throw new ScratchnetError(
      'BAD_FILE',
      `no weights named W1, W2, ... found (names: ${Object.keys(tensors).join(', ') || 'none'})`,
    );
  return {
    type: 'mlp',
    inputSize: sizes[0]!,
    hiddenSizes: sizes.slice(1, -1),
    outputSize: sizes[sizes.length - 1]!,
    activation,
    useBatchNorm: tensors.gamma1 !== undefined,
    useDropout: false,
    dropoutRatio: 0.5,
  };
}

/** A Sequential from metadata: tensors checked against the layers before anything is built. */
function sequentialFromTensors(
  tensors: Record<string, NDArray>,
  arch: SequentialArchitecture,
  dtype: FloatDType,
): Sequential {
  checkSequentialTensors(tensors, arch);
  let net: BuiltNet;
  try {
    net = buildNetwork(arch, dtype);
  } catch (error) {
    if (!(error instanceof ScratchnetError)) throw error;
    throw new ScratchnetError('BAD_FILE', `the model file describes a network that cannot be built: ${error.message}`);
  }
  copyTensors(tensors, net, arch);
  return net as Sequential;
}

function copyTensors(tensors: Record<string, NDArray>, net: BuiltNet, arch: Architecture): void {
  const { tensors: expected } = modelToTensors(net);
  for (const [name, target] of Object.entries(expected)) {
    const source = tensors[name];
    if (source === undefined) {
      throw new ScratchnetError(
        'BAD_FILE',
        `the weights have no tensor "${name}" (expected ${formatShape(target.shape)} for ${describe(arch)})`,
      );
    }
    if (!shapesEqual(source.shape, target.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `tensor "${name}" has shape ${formatShape(source.shape)} but ${describe(arch)} needs ${formatShape(target.shape)}`,
      );
    }
    target.data.set(source.data);
  }
  const extra = Object.keys(tensors).filter((k) => !(k in expected));
  if (extra.length > 0)
    throw new ScratchnetError(
      'BAD_FILE',
      `the weights have tensors ${describe(arch)} does not use: ${extra.join(', ')}`,
    );
}

/** Values the weights of the book's network `arch` hold at least (its largest weight matrices). */
function presetValuesAtLeast(arch: Exclude<Architecture, SequentialArchitecture>): number {
  switch (arch.type) {
    case 'mlp': {
      const sizes = [arch.inputSize, ...arch.hiddenSizes, arch.outputSize];
      return sizes.slice(1).reduce((sum, n, i) => sum + (sizes[i] ?? 0) * n, 0);
    }
    case 'simple-convnet': {
      const { inputDim, pad, filterSize: size, stride, filterNum, hiddenSize, outputSize } = arch;
      const pooled = (d: number): number =>
        Math.max(0, Math.floor((Math.floor((d + 2 * pad - size) / stride) + 1) / 2));
      const filters = filterNum * inputDim[0] * size * size;
      return filters + filterNum * pooled(inputDim[1]) * pooled(inputDim[2]) * hiddenSize + hiddenSize * outputSize;
    }
    case 'deep-convnet': {
      // Three 2x2 poolings shrink each side at least eightfold before the 64-channel map meets the hidden layer.
      const [, height, width] = arch.inputDim;
      return 64 * Math.floor(height / 8) * Math.floor(width / 8) * arch.hiddenSize + arch.hiddenSize * arch.outputSize;
    }
  }
}

/**
 * Metadata asking for more weights than the file holds is refused before anything is allocated: a
 * file of a few bytes could otherwise ask for gigabytes.
 */
function checkPresetSize(tensors: Record<string, NDArray>, arch: Exclude<Architecture, SequentialArchitecture>): void {
  const needed = presetValuesAtLeast(arch);
  const held = Object.values(tensors).reduce((sum, t) => sum + t.size, 0);
  if (needed > held) {
    throw new ScratchnetError(
      'BAD_FILE',
      `the metadata describes ${describe(arch)}, at least ${needed} weights, but the file holds ${held} values: the metadata does not match the tensors`,
    );
  }
}

/**
 * Builds the network `arch` describes and copies the tensors into it. Every parameter must be present
 * with its exact shape; a missing, extra or misshapen tensor is an error naming it (`BAD_FILE`, or
 * `SHAPE_MISMATCH` for a misshapen tensor of the book's networks). A Sequential's metadata is checked
 * against the tensors' shapes before any layer is built: the first mismatch is a `BAD_FILE` naming
 * the tensor, the shape the layers need and the shape in the file.
 */
export function modelFromTensors(
  tensors: Record<string, NDArray>,
  arch: Architecture,
  dtype: FloatDType = 'float64',
): BuiltNet {
  checkTensors(tensors, 'modelFromTensors');
  checkArchitectureArgument(arch, 'modelFromTensors');
  checkFloatDType(dtype, 'dtype', 'modelFromTensors');
  return namedErrors('modelFromTensors', () => {
    if (arch.type === 'sequential') return sequentialFromTensors(tensors, arch, dtype);
    checkPresetSize(tensors, arch);
    const net = buildNetwork(arch, dtype);
    copyTensors(tensors, net, arch);
    return net;
  });
}
