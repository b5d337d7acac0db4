import { ScratchnetError } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { type ActivationName, checkActivation } from './activation.js';
import type { LayerSpec } from './layer-spec.js';
import { lossFormulaOf, Sequential } from './sequential.js';
import type { LossFormula } from './types.js';
import { checkSize, type WeightInit } from './weight-init.js';
import { checkFloatDType, checkKnownOptions } from '../validate.js';

const OPTIONS = [
  'inputSize',
  'hiddenSizes',
  'outputSize',
  'activation',
  'weightInit',
  'weightDecayLambda',
  'useDropout',
  'dropoutRatio',
  'useBatchNorm',
  'dtype',
  'seed',
  'lossFormula',
];

/** Options of `new MultiLayerNet()` (the book's MultiLayerNet and MultiLayerNetExtend arguments). */
export interface MultiLayerNetOptions {
  /** Input features per sample (784 for MNIST). */
  inputSize: number;
  /** Sizes of the hidden layers, e.g. [100, 100, 100]. */
  hiddenSizes: readonly number[];
  /** Classes (10 for MNIST). */
  outputSize: number;
  /** The hidden layers' activation (default 'relu'). */
  activation?: ActivationName;
  /** A standard deviation, 'xavier' or 'he' (default: 'he' for relu, 'xavier' for sigmoid). */
  weightInit?: WeightInit;
  /** L2 weight decay λ (default 0). */
  weightDecayLambda?: number;
  /** Put a Dropout layer after each hidden activation (default false). */
  useDropout?: boolean;
  /** The share of units Dropout drops while training, in [0, 1) (default 0.5). */
  dropoutRatio?: number;
  /** Put a BatchNormalization layer after each hidden Affine layer (default false). */
  useBatchNorm?: boolean;
  /** Element type of the parameters (default float64). */
  dtype?: FloatDType;
  /** Seed for the initial weights and the dropout masks (default: a random seed). */
  seed?: number;
  /**
   * 'book' computes the loss with the book's formula, `cross_entropy_error(softmax(y), t)` with 1e-7
   * inside the log, so printed losses match the book's digit for digit; 'exact' (the default) from
   * log-softmax. The gradient is the same with either. See `LossFormula`.
   */
  lossFormula?: LossFormula;
}

/** The options a MultiLayerNet was built with, defaults filled in (enough to build it again). */
export interface MultiLayerNetConfig {
  /** Input features per sample. */
  inputSize: number;
  /** Units in each hidden layer, first to last. */
  hiddenSizes: number[];
  /** Classes. */
  outputSize: number;
  /** The hidden layers' activation. */
  activation: ActivationName;
  /** The initial weights' scale: a standard deviation, 'xavier' or 'he'. */
  weightInit: WeightInit;
  /** L2 weight decay λ. */
  weightDecayLambda: number;
  /** Whether a Dropout layer follows each hidden activation. */
  useDropout: boolean;
  /** The share of units Dropout drops while training. */
  dropoutRatio: number;
  /** Whether a BatchNormalization layer follows each hidden Affine layer. */
  useBatchNorm: boolean;
  /** Element type of the parameters. */
  dtype: FloatDType;
  /** The seed given, if any: the initial weights are reproducible only with one. */
  seed?: number;
  /** Present (as 'book') only when the loss uses the book's formula. */
  lossFormula?: 'book';
}

function checkOptions(options: MultiLayerNetOptions): MultiLayerNetConfig {
  checkKnownOptions(options, OPTIONS, 'MultiLayerNet');
  const inputSize = checkSize('inputSize', options.inputSize, 'MultiLayerNet');
  const outputSize = checkSize('outputSize', options.outputSize, 'MultiLayerNet');
  if (!Array.isArray(options.hiddenSizes))
    throw new ScratchnetError('BAD_ARGUMENT', 'MultiLayerNet: hiddenSizes must be an array of positive integers');
  const hiddenSizes = options.hiddenSizes.map((h, i) => checkSize(`hiddenSizes[${i}]`, h, 'MultiLayerNet'));
  const {
    activation = 'relu',
    weightDecayLambda = 0,
    useDropout = false,
    dropoutRatio = 0.5,
    useBatchNorm = false,
    dtype = 'float64',
    seed,
  } = options;
  checkFloatDType(dtype, 'dtype', 'MultiLayerNet');
  checkActivation(activation, 'MultiLayerNet');
  const weightInit = options.weightInit ?? (activation === 'sigmoid' ? 'xavier' : 'he');
  return {
    inputSize,
    hiddenSizes,
    outputSize,
    activation,
    weightInit,
    weightDecayLambda,
    useDropout,
    dropoutRatio,
    useBatchNorm,
    dtype,
    ...(seed === undefined ? {} : { seed }),
    ...(lossFormulaOf(options.lossFormula, 'softmax-cross-entropy', 'MultiLayerNet') === 'book'
      ? { lossFormula: 'book' as const }
      : {}),
  };
}

/** For each hidden layer dense → [batchnorm] → activation → [dropout], then the output dense. */
function layersOf(config: MultiLayerNetConfig): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (const units of config.hiddenSizes) {
    layers.push({ type: 'dense', units });
    if (config.useBatchNorm) layers.push({ type: 'batchnorm' });
    layers.push({ type: config.activation });
    if (config.useDropout) layers.push({ type: 'dropout', ratio: config.dropoutRatio });
  }
  layers.push({ type: 'dense', units: config.outputSize });
  return layers;
}

/**
 * A fully connected network of any depth (the book's MultiLayerNet and MultiLayerNetExtend): for each
 * hidden layer Affine → [BatchNormalization] → activation → [Dropout], then Affine → SoftmaxWithLoss.
 * Parameters are W1, b1, ..., W(L+1), b(L+1), and gamma1, beta1, ... with batch norm. A preset of
 * Sequential.
 */
export class MultiLayerNet extends Sequential<MultiLayerNetConfig> {
  /**
   * Throws `BAD_ARGUMENT` for an unknown option, a size that is not a positive integer, an unknown
   * activation or weight init, a negative weight decay, or (with dropout) a ratio outside [0, 1).
   */
  constructor(options: MultiLayerNetOptions) {
    const config = checkOptions(options);
    const { inputSize, weightInit, weightDecayLambda, dtype, seed } = config;
    super(
      {
        inputShape: [inputSize],
        layers: layersOf(config),
        weightInit,
        weightDecayLambda,
        dtype,
        ...(seed === undefined ? {} : { seed }),
        ...(config.lossFormula === undefined ? {} : { lossFormula: config.lossFormula }),
      },
      { config },
    );
  }

  protected override get netName(): string {
    return 'MultiLayerNet';
  }

  /** Any batch, as the book's network takes it: the first Affine layer checks its width. */
  protected override asInput(x: NDArray, _where: string): NDArray {
    return x;
  }
}
