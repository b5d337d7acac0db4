/**
 * What it takes to rebuild a network scratchnet can save: a small JSON description stored in a weights
 * file's metadata, checked field by field when read back (a file may hold anything).
 */
import type { Standardization } from '../data/standardize.js';
import { ScratchnetError } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { ActivationName } from './activation.js';
import { describeLayer, LAYER_TYPES, type LayerSpec } from './layer-spec.js';
import type { LossName } from './sequential.js';
import type { WeightInit } from './weight-init.js';

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
  /** 'book' when the network computes its loss with the book's formula (see `LossFormula`); absent for 'exact'. */
  lossFormula?: 'book';
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
  /** 'book' when the network computes its loss with the book's formula (see `LossFormula`); absent for 'exact'. */
  lossFormula?: 'book';
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
  /** 'book' when the network computes its loss with the book's formula (see `LossFormula`); absent for 'exact'. */
  lossFormula?: 'book';
}

/**
 * A Sequential network of any stack of layers, with what the data taught it: the class names its
 * outputs stand for and the feature scaling its inputs need.
 */
export interface SequentialArchitecture {
  /** Tags a Sequential network. */
  type: 'sequential';
  /** One sample's shape: [features] for tables, [channels, height, width] for images. */
  inputShape: number[];
  /** The layers in order, as `new Sequential({ layers })` takes them. */
  layers: LayerSpec[];
  /** The loss after the last layer. */
  loss: LossName;
  /** The class name of each output (or of 0 and 1 for one sigmoid output), as the training data named them. */
  classes?: string[];
  /** The per-feature scaling the training applied to tables, to apply again before predicting. */
  standardization?: Standardization;
  /** The names of the table columns it reads, in input order (models trained on a CSV file). */
  featureNames?: string[];
  /** The default initial weight scale it was built with. */
  weightInit?: WeightInit;
  /** The L2 weight decay λ it was trained with. */
  weightDecayLambda?: number;
  /** The element type it was trained in. */
  dtype?: FloatDType;
  /** 'book' when the network computes its loss with the book's formula (see `LossFormula`); absent for 'exact'. */
  lossFormula?: 'book';
}

/** Any network scratchnet can rebuild from a weights file, told apart by `type`. */
export type Architecture =
  | MlpArchitecture
  | SimpleConvNetArchitecture
  | DeepConvNetArchitecture
  | SequentialArchitecture;

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

/**
 * Reads the architecture from a weights file's metadata, or null if it has none. Throws `BAD_FILE`
 * for an architecture that is not valid JSON or not one scratchnet can build.
 */
export function architectureFromMetadata(metadata: Record<string, string>): Architecture | null {
  const plain =
    typeof metadata === 'object' &&
    metadata !== null &&
    [Object.prototype, null].includes(Object.getPrototypeOf(metadata));
  if (!plain) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `architectureFromMetadata: metadata must be a plain object of strings (a weights file's metadata), got ${metadata === null ? 'null' : typeof metadata}`,
    );
  }
  const text = metadata.architecture;
  if (text === undefined) return null;
  if (typeof text !== 'string') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `architectureFromMetadata: metadata.architecture must be a JSON string, got ${typeof text}`,
    );
  }
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
/** The optional `lossFormula` field: only 'book' is written; 'exact' (the default) is read as absent. */
const isLossFormula = (v: unknown): boolean => v === undefined || v === 'exact' || v === 'book';
const formulaOf = (a: Fields): { lossFormula?: 'book' } => (a.lossFormula === 'book' ? { lossFormula: 'book' } : {});

const isImageDim = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every(isSize);

type Fields = Record<string, unknown>;

function checkMlp(a: Fields): MlpArchitecture | null {
  const { inputSize, hiddenSizes, outputSize, activation, useBatchNorm = false, useDropout = false } = a;
  const { dropoutRatio = 0.5 } = a;
  const ok =
    isSize(inputSize) &&
    isSize(outputSize) &&
    Array.isArray(hiddenSizes) &&
    hiddenSizes.every(isSize) &&
    (activation === 'relu' || activation === 'sigmoid') &&
    typeof useBatchNorm === 'boolean' &&
    typeof useDropout === 'boolean' &&
    isRatio(dropoutRatio) &&
    isLossFormula(a.lossFormula);
  if (!ok) return null;
  const hidden = [...hiddenSizes];
  return {
    type: 'mlp',
    inputSize,
    hiddenSizes: hidden,
    outputSize,
    activation,
    useBatchNorm,
    useDropout,
    dropoutRatio,
    ...formulaOf(a),
  };
}

function checkSimpleConvNet(a: Fields): SimpleConvNetArchitecture | null {
  const { inputDim, filterNum, filterSize, pad, stride, hiddenSize, outputSize } = a;
  const ok =
    isImageDim(inputDim) &&
    isSize(filterNum) &&
    isSize(filterSize) &&
    isCount(pad) &&
    isSize(stride) &&
    isSize(hiddenSize) &&
    isSize(outputSize) &&
    isLossFormula(a.lossFormula);
  if (!ok) return null;
  return {
    type: 'simple-convnet',
    inputDim: [...inputDim],
    filterNum,
    filterSize,
    pad,
    stride,
    hiddenSize,
    outputSize,
    ...formulaOf(a),
  };
}

function checkDeepConvNet(a: Fields): DeepConvNetArchitecture | null {
  const { inputDim, hiddenSize, outputSize, dropoutRatio } = a;
  const ok = isImageDim(inputDim) && isSize(hiddenSize) && isSize(outputSize) && isRatio(dropoutRatio);
  if (!ok || !isLossFormula(a.lossFormula)) return null;
  return { type: 'deep-convnet', inputDim: [...inputDim], hiddenSize, outputSize, dropoutRatio, ...formulaOf(a) };
}

/** Limits on what a file may ask for before any tensor is compared: larger inputs are no sane model. */
const MAX_SIDE = 1 << 16;
const MAX_INPUT = 1 << 26;
const MAX_LAYERS = 1024;
const MAX_CLASSES = 1 << 16;
const LOSS_NAMES: readonly unknown[] = ['softmax-cross-entropy', 'sigmoid-cross-entropy', 'mse'];

const isSide = (v: unknown): boolean => isSize(v) && v <= MAX_SIDE;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isInputShape(v: unknown): v is number[] {
  if (!Array.isArray(v) || (v.length !== 1 && v.length !== 3) || !v.every(isSize)) return false;
  return v.reduce((p: number, d: number) => p * d, 1) <= MAX_INPUT && (v.length === 1 || v.every(isSide));
}

/** Numbers where a layer has them: the Sequential constructor checks the rest when it builds the layer. */
function isLayerSpec(v: unknown): v is LayerSpec {
  if (v === null || typeof v !== 'object') return false;
  const spec = v as Fields;
  if (!LAYER_TYPES.includes(spec.type as LayerSpec['type'])) return false;
  const sizes = ['units', 'filters', 'size', 'stride', 'pad'].map((k) => spec[k]);
  const ratios = ['alpha', 'ratio'].map((k) => spec[k]);
  return (
    sizes.every((s) => s === undefined || (isCount(s) && s <= MAX_SIDE)) &&
    ratios.every((r) => r === undefined || isRatio(r))
  );
}

function isStandardization(v: unknown): v is Standardization {
  if (v === null || typeof v !== 'object') return false;
  const { mean, std } = v as Fields;
  return (
    Array.isArray(mean) &&
    Array.isArray(std) &&
    mean.length === std.length &&
    mean.every(isFiniteNumber) &&
    std.every((s) => isFiniteNumber(s) && s > 0)
  );
}

const isWeightInit = (v: unknown): v is WeightInit =>
  v === 'he' || v === 'xavier' || v === 'relu' || v === 'sigmoid' || (isFiniteNumber(v) && v > 0);

/**
 * Whether the fields a model keeps from its training data (`classes`, `featureNames`,
 * `standardization`; each optional) are well formed in `a`, an object read from a file.
 */
export function isModelDataFields(a: Fields): boolean {
  const { classes, featureNames, standardization } = a;
  const names = (v: unknown): boolean =>
    v === undefined || (Array.isArray(v) && v.length <= MAX_CLASSES && v.every((c) => typeof c === 'string'));
  return names(classes) && names(featureNames) && (standardization === undefined || isStandardization(standardization));
}

function optionalOk(a: Fields): boolean {
  const { weightInit, weightDecayLambda, dtype } = a;
  return (
    isModelDataFields(a) &&
    (weightInit === undefined || isWeightInit(weightInit)) &&
    (weightDecayLambda === undefined || (isFiniteNumber(weightDecayLambda) && weightDecayLambda >= 0)) &&
    (dtype === undefined || dtype === 'float32' || dtype === 'float64') &&
    isLossFormula(a.lossFormula)
  );
}

function checkSequential(a: Fields): SequentialArchitecture | null {
  const { inputShape, layers, loss = 'softmax-cross-entropy' } = a;
  const okLayers =
    Array.isArray(layers) && layers.length > 0 && layers.length <= MAX_LAYERS && layers.every(isLayerSpec);
  if (!(isInputShape(inputShape) && okLayers && LOSS_NAMES.includes(loss) && optionalOk(a))) return null;
  const optional = ['classes', 'featureNames', 'standardization', 'weightInit', 'weightDecayLambda', 'dtype'] as const;
  const arch: SequentialArchitecture = {
    type: 'sequential',
    inputShape: [...inputShape],
    layers: layers.map((spec: LayerSpec) => ({ ...spec })),
    loss: loss as LossName,
    ...formulaOf(a),
  };
  for (const key of optional) if (a[key] !== undefined) Object.assign(arch, { [key]: structuredClone(a[key]) });
  return arch;
}

const CHECKERS: Record<string, (a: Fields) => Architecture | null> = {
  mlp: checkMlp,
  'simple-convnet': checkSimpleConvNet,
  'deep-convnet': checkDeepConvNet,
  sequential: checkSequential,
};

/** Only the known fields, each checked: metadata from a file may carry anything else. */
function checkArchitecture(value: unknown): Architecture {
  const a = value !== null && typeof value === 'object' ? (value as Fields) : {};
  const checker = typeof a.type === 'string' && Object.hasOwn(CHECKERS, a.type) ? CHECKERS[a.type] : undefined;
  const arch = checker?.(a) ?? null;
  if (arch === null) {
    throw new ScratchnetError(
      'BAD_FILE',
      `the weights file's architecture ${JSON.stringify(value)?.slice(0, 300)} is not one scratchnet can build`,
    );
  }
  return arch;
}

/**
 * `arch` if it is an architecture scratchnet can build (`BAD_ARGUMENT` naming `where` otherwise): what
 * the functions that take an architecture from the caller check first.
 */
export function checkArchitectureArgument(arch: unknown, where: string): Architecture {
  const a = arch !== null && typeof arch === 'object' ? (arch as Fields) : {};
  const checker = typeof a.type === 'string' && Object.hasOwn(CHECKERS, a.type) ? CHECKERS[a.type] : undefined;
  if (checker?.(a) == null) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: arch must be an architecture (type ${Object.keys(CHECKERS).join(', ')}, with its fields; see architectureOf), got ${JSON.stringify(arch)?.slice(0, 200) ?? String(arch)}`,
    );
  }
  return arch as Architecture;
}

/** The number of input features (pixels) a network of this architecture takes per sample. */
export function inputSizeOf(arch: Architecture): number {
  checkArchitectureArgument(arch, 'inputSizeOf');
  if (arch.type === 'mlp') return arch.inputSize;
  const shape = arch.type === 'sequential' ? arch.inputShape : arch.inputDim;
  return shape.reduce((p, d) => p * d, 1);
}

/** "784-50-100-10 sigmoid", "sequential 4 dense16,relu,dense3 (softmax-cross-entropy)", "simple-convnet 1×28×28, 30 filters 5×5, 100 hidden, 10 classes". */
export function describe(arch: Architecture): string {
  checkArchitectureArgument(arch, 'describeArchitecture');
  switch (arch.type) {
    case 'mlp':
      return `${[arch.inputSize, ...arch.hiddenSizes, arch.outputSize].join('-')} ${arch.activation}${arch.useBatchNorm ? ' with batch norm' : ''}`;
    case 'simple-convnet':
      return `simple-convnet ${arch.inputDim.join('×')}, ${arch.filterNum} filters ${arch.filterSize}×${arch.filterSize}, ${arch.hiddenSize} hidden, ${arch.outputSize} classes`;
    case 'deep-convnet':
      return `deep-convnet ${arch.inputDim.join('×')}, 6 conv layers (16-16-32-32-64-64), ${arch.hiddenSize} hidden, ${arch.outputSize} classes`;
    case 'sequential':
      return `sequential ${arch.inputShape.join('×')} ${arch.layers.map(describeLayer).join(',')} (${arch.loss})`;
  }
}
