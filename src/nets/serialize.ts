import { ScratchnetError } from '../errors.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import type { ActivationName } from './activation.js';
import { MultiLayerNet } from './multi-layer-net.js';
import type { LayerNet } from './layer-net.js';
import { TwoLayerNet } from './two-layer-net.js';

/** What it takes to rebuild a fully connected network: stored as JSON in a weights file's metadata. */
export interface Architecture {
  type: 'mlp';
  inputSize: number;
  hiddenSizes: number[];
  outputSize: number;
  activation: ActivationName;
  useBatchNorm: boolean;
  useDropout: boolean;
  dropoutRatio: number;
}

/** Networks of the book, by name, for weight files that carry no architecture (the book's pickle). */
export const ARCHITECTURES: Readonly<Record<string, Architecture>> = {
  /** Chapter 3's pretrained sample_weight.pkl: 784-50-100-10, sigmoid. */
  'book-ch03': mlp([50, 100], 'sigmoid'),
  /** Chapter 4's TwoLayerNet: 784-50-10, sigmoid. */
  'book-ch04': mlp([50], 'sigmoid'),
  /** Chapter 5's TwoLayerNet: 784-50-10, ReLU. */
  'book-ch05': mlp([50], 'relu'),
};

function mlp(hiddenSizes: number[], activation: ActivationName): Architecture {
  return { type: 'mlp', inputSize: 784, hiddenSizes, outputSize: 10, activation, useBatchNorm: false, useDropout: false, dropoutRatio: 0.5 };
}

/** The architecture of a TwoLayerNet or MultiLayerNet. */
export function architectureOf(net: TwoLayerNet | MultiLayerNet): Architecture {
  if (net instanceof TwoLayerNet) {
    const c = net.config;
    return { ...mlp([c.hiddenSize], c.activation), inputSize: c.inputSize, outputSize: c.outputSize };
  }
  const c = net.config;
  return {
    type: 'mlp', inputSize: c.inputSize, hiddenSizes: [...c.hiddenSizes], outputSize: c.outputSize, activation: c.activation,
    useBatchNorm: c.useBatchNorm, useDropout: c.useDropout, dropoutRatio: c.dropoutRatio,
  };
}

function batchNorms(net: LayerNet): BatchNormalization[] {
  return net.layers.filter((l): l is BatchNormalization => l instanceof BatchNormalization);
}

/**
 * Everything a trained network needs to predict again: its parameters under their names (W1, b1, ...)
 * plus batch norm's running averages (runningMean1, runningVar1, ...), and the architecture as
 * metadata. The arrays are the network's own, not copies.
 */
export function modelToTensors(net: TwoLayerNet | MultiLayerNet): { tensors: Record<string, NDArray>; metadata: Record<string, string> } {
  const tensors: Record<string, NDArray> = { ...net.params };
  batchNorms(net).forEach((bn, i) => {
    tensors[`runningMean${i + 1}`] = bn.runningMean;
    tensors[`runningVar${i + 1}`] = bn.runningVar;
  });
  return { tensors, metadata: { format: 'scratchnet', architecture: JSON.stringify(architectureOf(net)) } };
}

/** Reads the architecture from a weights file's metadata, or null if it has none. */
export function architectureFromMetadata(metadata: Record<string, string>): Architecture | null {
  const text = metadata.architecture;
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScratchnetError('BAD_FILE', 'the weights file\'s "architecture" metadata is not valid JSON');
  }
  return checkArchitecture(parsed);
}

function checkArchitecture(value: unknown): Architecture {
  const a = value as Partial<Architecture> | null;
  const ok = a !== null && typeof a === 'object' && a.type === 'mlp'
    && Number.isInteger(a.inputSize) && Number.isInteger(a.outputSize) && Array.isArray(a.hiddenSizes)
    && a.hiddenSizes.every((h) => Number.isInteger(h) && h > 0) && (a.activation === 'relu' || a.activation === 'sigmoid');
  if (!ok) throw new ScratchnetError('BAD_FILE', `the weights file's architecture ${JSON.stringify(value)} is not one scratchnet can build`);
  // Only the known fields: metadata from a file may carry anything else.
  const { inputSize, hiddenSizes, outputSize, activation, useBatchNorm = false, useDropout = false, dropoutRatio = 0.5 } = a as Architecture;
  if (typeof useBatchNorm !== 'boolean' || typeof useDropout !== 'boolean' || typeof dropoutRatio !== 'number' || !(dropoutRatio >= 0 && dropoutRatio < 1)) {
    throw new ScratchnetError('BAD_FILE', `the weights file's architecture ${JSON.stringify(value)} is not one scratchnet can build`);
  }
  return { type: 'mlp', inputSize, hiddenSizes: [...hiddenSizes], outputSize, activation, useBatchNorm, useDropout, dropoutRatio };
}

/**
 * The architecture implied by W1..Wn's shapes, for files without metadata (.npz, a pickle). The
 * activation cannot be read off the weights, so it is given.
 */
export function inferArchitecture(tensors: Record<string, NDArray>, activation: ActivationName): Architecture {
  const sizes: number[] = [];
  for (let i = 1; tensors[`W${i}`] !== undefined; i++) {
    const W = tensors[`W${i}`]!;
    if (W.ndim !== 2) throw new ScratchnetError('BAD_FILE', `W${i} must be a matrix, got shape ${formatShape(W.shape)}`);
    if (i === 1) sizes.push(W.shape[0]!);
    else if (W.shape[0] !== sizes[sizes.length - 1]) {
      throw new ScratchnetError('BAD_FILE', `W${i} has shape ${formatShape(W.shape)} but W${i - 1} has ${sizes[sizes.length - 1]} outputs`);
    }
    sizes.push(W.shape[1]!);
  }
  if (sizes.length < 2) throw new ScratchnetError('BAD_FILE', `no weights named W1, W2, ... found (names: ${Object.keys(tensors).join(', ') || 'none'})`);
  return {
    type: 'mlp', inputSize: sizes[0]!, hiddenSizes: sizes.slice(1, -1), outputSize: sizes[sizes.length - 1]!, activation,
    useBatchNorm: tensors.gamma1 !== undefined, useDropout: false, dropoutRatio: 0.5,
  };
}

/**
 * Builds the network `arch` describes and copies the tensors into it. Every parameter must be present
 * with its exact shape; a missing, extra or misshapen tensor is an error naming it.
 */
export function modelFromTensors(tensors: Record<string, NDArray>, arch: Architecture, dtype: FloatDType = 'float64'): MultiLayerNet {
  // `type` describes the file, not an option of the network.
  const { type: _type, ...options } = arch;
  const net = new MultiLayerNet({ ...options, dtype, seed: 0 });
  const { tensors: expected } = modelToTensors(net);
  for (const [name, target] of Object.entries(expected)) {
    const source = tensors[name];
    if (source === undefined) {
      throw new ScratchnetError('BAD_FILE', `the weights have no tensor "${name}" (expected ${formatShape(target.shape)} for ${describe(arch)})`);
    }
    if (!shapesEqual(source.shape, target.shape)) {
      throw new ScratchnetError('SHAPE_MISMATCH', `tensor "${name}" has shape ${formatShape(source.shape)} but ${describe(arch)} needs ${formatShape(target.shape)}`);
    }
    target.data.set(source.data);
  }
  const extra = Object.keys(tensors).filter((k) => !(k in expected));
  if (extra.length > 0) throw new ScratchnetError('BAD_FILE', `the weights have tensors ${describe(arch)} does not use: ${extra.join(', ')}`);
  return net;
}

/** "784-50-100-10 sigmoid". */
export function describe(arch: Architecture): string {
  return `${[arch.inputSize, ...arch.hiddenSizes, arch.outputSize].join('-')} ${arch.activation}${arch.useBatchNorm ? ' with batch norm' : ''}`;
}
