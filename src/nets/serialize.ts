import { ScratchnetError } from '../errors.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import type { ActivationName } from './activation.js';
import { describe, type Architecture, type MlpArchitecture } from './architecture.js';
import { DeepConvNet } from './deep-conv-net.js';
import type { LayerNet } from './layer-net.js';
import { MultiLayerNet } from './multi-layer-net.js';
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
  type SimpleConvNetArchitecture,
} from './architecture.js';

/** The networks scratchnet can save and rebuild. */
export type SavableNet = TwoLayerNet | MultiLayerNet | SimpleConvNet | DeepConvNet;

/** The architecture of a network scratchnet can save. */
export function architectureOf(net: SavableNet): Architecture {
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
): MultiLayerNet | SimpleConvNet | DeepConvNet {
  const decay = training.weightDecayLambda ?? 0;
  switch (arch.type) {
    case 'mlp': {
      const { type: _type, ...options } = arch;
      return new MultiLayerNet({
        ...options,
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
        dtype,
        seed,
        weightDecayLambda: decay,
        ...(training.weightInit === undefined ? {} : { weightInit: training.weightInit }),
      });
    }
    case 'deep-convnet': {
      const { type: _type, ...options } = arch;
      return new DeepConvNet({ ...options, dtype, seed, weightDecayLambda: decay });
    }
  }
}

function batchNorms(net: LayerNet): BatchNormalization[] {
  return net.layers.filter((l): l is BatchNormalization => l instanceof BatchNormalization);
}

/**
 * Everything a trained network needs to predict again: its parameters under their names (W1, b1, ...)
 * plus batch norm's running averages (runningMean1, runningVar1, ...), and the architecture as
 * metadata. The arrays are the network's own, not copies.
 */
export function modelToTensors(net: SavableNet): {
  /** Parameters and running averages by name, sharing the network's memory. */
  tensors: Record<string, NDArray>;
  /** `format: 'scratchnet'` and `architecture`, the JSON `architectureFromMetadata` reads back. */
  metadata: Record<string, string>;
} {
  const tensors: Record<string, NDArray> = { ...net.params };
  batchNorms(net).forEach((bn, i) => {
    tensors[`runningMean${i + 1}`] = bn.runningMean;
    tensors[`runningVar${i + 1}`] = bn.runningVar;
  });
  return { tensors, metadata: { format: 'scratchnet', architecture: JSON.stringify(architectureOf(net)) } };
}

/**
 * The architecture implied by W1..Wn's shapes, for files without metadata (.npz, a pickle). The
 * activation cannot be read off the weights, so it is given.
 */
export function inferArchitecture(tensors: Record<string, NDArray>, activation: ActivationName): MlpArchitecture {
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

/**
 * Builds the network `arch` describes and copies the tensors into it. Every parameter must be present
 * with its exact shape; a missing, extra or misshapen tensor is an error naming it.
 */
export function modelFromTensors(
  tensors: Record<string, NDArray>,
  arch: Architecture,
  dtype: FloatDType = 'float64',
): MultiLayerNet | SimpleConvNet | DeepConvNet {
  const net = buildNetwork(arch, dtype);
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
  return net;
}
