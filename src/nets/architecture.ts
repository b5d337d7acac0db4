/**
 * What it takes to rebuild a network scratchnet can save: a small JSON description stored in a weights
 * file's metadata, checked field by field when read back (a file may hold anything).
 */
import { ScratchnetError } from '../errors.js';
import type { ActivationName } from './activation.js';

/** A fully connected network (TwoLayerNet, MultiLayerNet). */
export interface MlpArchitecture {
  /** Tags a fully connected network. */
  type: 'mlp';
  /** Input features per sample (784 for MNIST). */
  inputSize: number;
  /** Units in each hidden layer, first to last. */
  hiddenSizes: number[];
  /** Classes (10 for MNIST). */
  outputSize: number;
  /** The hidden layers' activation. */
  activation: ActivationName;
  /** Whether a BatchNormalization layer follows each hidden Affine layer. */
  useBatchNorm: boolean;
  /** Whether a Dropout layer follows each hidden activation. */
  useDropout: boolean;
  /** The share of units Dropout drops while training, in [0, 1). */
  dropoutRatio: number;
}

/** The book's chapter 7 SimpleConvNet. */
export interface SimpleConvNetArchitecture {
  /** Tags the book's SimpleConvNet. */
  type: 'simple-convnet';
  /** One sample's (channels, height, width), e.g. (1, 28, 28). */
  inputDim: [number, number, number];
  /** Filters of the convolution layer (the book's `filter_num`, 30). */
  filterNum: number;
  /** Side of each square filter, in pixels (the book's `filter_size`, 5). */
  filterSize: number;
  /** Zero padding on each side of the input, in pixels (the book's 0). */
  pad: number;
  /** The convolution's step, in pixels (the book's 1). */
  stride: number;
  /** Units of the hidden Affine layer (the book's 100). */
  hiddenSize: number;
  /** Classes (10 for MNIST). */
  outputSize: number;
}

/** The book's chapter 8 DeepConvNet. */
export interface DeepConvNetArchitecture {
  /** Tags the book's DeepConvNet. */
  type: 'deep-convnet';
  /** One sample's (channels, height, width), e.g. (1, 28, 28). */
  inputDim: [number, number, number];
  /** Units of the hidden Affine layer (the book's 50). */
  hiddenSize: number;
  /** Classes (10 for MNIST). */
  outputSize: number;
  /** The share of units each Dropout layer drops while training, in [0, 1) (the book's 0.5). */
  dropoutRatio: number;
}

/** Any network scratchnet can rebuild from a weights file, told apart by `type`. */
export type Architecture = MlpArchitecture | SimpleConvNetArchitecture | DeepConvNetArchitecture;

/** Networks of the book, by name, for weight files that carry no architecture (the book's pickle). */
export const ARCHITECTURES: Readonly<Record<string, MlpArchitecture>> = {
  /** Chapter 3's pretrained sample_weight.pkl: 784-50-100-10, sigmoid. */
  'book-ch03': mlp([50, 100], 'sigmoid'),
  /** Chapter 4's TwoLayerNet: 784-50-10, sigmoid. */
  'book-ch04': mlp([50], 'sigmoid'),
  /** Chapter 5's TwoLayerNet: 784-50-10, ReLU. */
  'book-ch05': mlp([50], 'relu'),
};

/** A 784-…-10 MNIST network without batch norm or dropout. */
export function mlp(hiddenSizes: number[], activation: ActivationName): MlpArchitecture {
  return {
    type: 'mlp',
    inputSize: 784,
    hiddenSizes,
    outputSize: 10,
    activation,
    useBatchNorm: false,
    useDropout: false,
    dropoutRatio: 0.5,
  };
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

const isSize = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRatio = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < 1;
const isImageDim = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every(isSize);

/** Only the known fields, each checked: metadata from a file may carry anything else. */
function checkArchitecture(value: unknown): Architecture {
  const bad = (): ScratchnetError =>
    new ScratchnetError(
      'BAD_FILE',
      `the weights file's architecture ${JSON.stringify(value)?.slice(0, 300)} is not one scratchnet can build`,
    );
  if (value === null || typeof value !== 'object') throw bad();
  const a = value as Record<string, unknown>;
  switch (a.type) {
    case 'mlp': {
      const {
        inputSize,
        hiddenSizes,
        outputSize,
        activation,
        useBatchNorm = false,
        useDropout = false,
        dropoutRatio = 0.5,
      } = a;
      const ok =
        isSize(inputSize) &&
        isSize(outputSize) &&
        Array.isArray(hiddenSizes) &&
        hiddenSizes.every(isSize) &&
        (activation === 'relu' || activation === 'sigmoid') &&
        typeof useBatchNorm === 'boolean' &&
        typeof useDropout === 'boolean' &&
        isRatio(dropoutRatio);
      if (!ok) throw bad();
      return {
        type: 'mlp',
        inputSize,
        hiddenSizes: [...hiddenSizes],
        outputSize,
        activation,
        useBatchNorm,
        useDropout,
        dropoutRatio,
      };
    }
    case 'simple-convnet': {
      const { inputDim, filterNum, filterSize, pad, stride, hiddenSize, outputSize } = a;
      const ok =
        isImageDim(inputDim) &&
        isSize(filterNum) &&
        isSize(filterSize) &&
        isCount(pad) &&
        isSize(stride) &&
        isSize(hiddenSize) &&
        isSize(outputSize);
      if (!ok) throw bad();
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
    case 'deep-convnet': {
      const { inputDim, hiddenSize, outputSize, dropoutRatio } = a;
      if (!(isImageDim(inputDim) && isSize(hiddenSize) && isSize(outputSize) && isRatio(dropoutRatio))) throw bad();
      return { type: 'deep-convnet', inputDim: [...inputDim], hiddenSize, outputSize, dropoutRatio };
    }
    default:
      throw bad();
  }
}

/** The number of input features (pixels) a network of this architecture takes per sample. */
export function inputSizeOf(arch: Architecture): number {
  return arch.type === 'mlp' ? arch.inputSize : arch.inputDim[0] * arch.inputDim[1] * arch.inputDim[2];
}

/** "784-50-100-10 sigmoid", "simple-convnet 1×28×28, 30 filters 5×5, 100 hidden, 10 classes". */
export function describe(arch: Architecture): string {
  switch (arch.type) {
    case 'mlp':
      return `${[arch.inputSize, ...arch.hiddenSizes, arch.outputSize].join('-')} ${arch.activation}${arch.useBatchNorm ? ' with batch norm' : ''}`;
    case 'simple-convnet':
      return `simple-convnet ${arch.inputDim.join('×')}, ${arch.filterNum} filters ${arch.filterSize}×${arch.filterSize}, ${arch.hiddenSize} hidden, ${arch.outputSize} classes`;
    case 'deep-convnet':
      return `deep-convnet ${arch.inputDim.join('×')}, 6 conv layers (16-16-32-32-64-64), ${arch.hiddenSize} hidden, ${arch.outputSize} classes`;
  }
}
