import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { type ActivationName, checkActivation } from './activation.js';
import { lossFormulaOf, Sequential } from './sequential.js';
import type { LossFormula } from './types.js';
import { checkSize } from './weight-init.js';
import { checkFloatDType, checkKnownOptions } from '../validate.js';

const OPTIONS = [
  'inputSize',
  'hiddenSize',
  'outputSize',
  'weightInitStd',
  'activation',
  'dtype',
  'seed',
  'lossFormula',
];

/** Options of `new TwoLayerNet()`. */
export interface TwoLayerNetOptions {
  /** Input features per sample (784 for MNIST). */
  inputSize: number;
  /** Units of the hidden layer (the book's 50). */
  hiddenSize: number;
  /** Classes (10 for MNIST). */
  outputSize: number;
  /** Standard deviation of the initial weights (default 0.01, as in the book). */
  weightInitStd?: number;
  /** 'relu' (chapter 5, the default) or 'sigmoid' (chapter 4). */
  activation?: ActivationName;
  /** Element type of the parameters (default float64). */
  dtype?: FloatDType;
  /** Seed for the initial weights. */
  seed?: number;
  /**
   * 'book' computes the loss with the book's formula, `cross_entropy_error(softmax(y), t)` with 1e-7
   * inside the log, so printed losses match the book's digit for digit; 'exact' (the default) from
   * log-softmax. The gradient is the same with either. See `LossFormula`.
   */
  lossFormula?: LossFormula;
}

/** The options a TwoLayerNet was built with, defaults filled in (enough to build it again). */
export type TwoLayerNetConfig = Required<Omit<TwoLayerNetOptions, 'seed' | 'lossFormula'>> & {
  /** The seed given, if any: the initial weights are reproducible only with one. */
  seed?: number;
  /** Present (as 'book') only when the loss uses the book's formula. */
  lossFormula?: 'book';
};

function checkOptions(options: TwoLayerNetOptions): TwoLayerNetConfig {
  checkKnownOptions(options, OPTIONS, 'TwoLayerNet');
  const inputSize = checkSize('inputSize', options.inputSize, 'TwoLayerNet');
  const hiddenSize = checkSize('hiddenSize', options.hiddenSize, 'TwoLayerNet');
  const outputSize = checkSize('outputSize', options.outputSize, 'TwoLayerNet');
  const { weightInitStd = 0.01, activation = 'relu', dtype = 'float64', seed } = options;
  checkFloatDType(dtype, 'dtype', 'TwoLayerNet');
  checkActivation(activation, 'TwoLayerNet');
  return {
    inputSize,
    hiddenSize,
    outputSize,
    weightInitStd,
    activation,
    dtype,
    ...(seed === undefined ? {} : { seed }),
    ...(lossFormulaOf(options.lossFormula, 'softmax-cross-entropy', 'TwoLayerNet') === 'book'
      ? { lossFormula: 'book' as const }
      : {}),
  };
}

/**
 * The book's two-layer network: Affine → activation → Affine → SoftmaxWithLoss, with parameters W1,
 * b1, W2, b2. With `activation: 'sigmoid'` it is chapter 4's network (whose analytic gradient the
 * layers compute exactly); with 'relu' chapter 5's. `numericalGradient` gives chapter 4's slow check.
 * A preset of Sequential: `dense<hidden>,<activation>,dense<output>` with weights of std `weightInitStd`.
 */
export class TwoLayerNet extends Sequential<TwoLayerNetConfig> {
  /** Throws `BAD_ARGUMENT` for an unknown option, a size that is not a positive integer or an unknown activation. */
  constructor(options: TwoLayerNetOptions) {
    const config = checkOptions(options);
    const { inputSize, hiddenSize, outputSize, weightInitStd, activation, dtype, seed } = config;
    super(
      {
        inputShape: [inputSize],
        layers: [{ type: 'dense', units: hiddenSize }, { type: activation }, { type: 'dense', units: outputSize }],
        weightInit: weightInitStd,
        dtype,
        ...(seed === undefined ? {} : { seed }),
        ...(config.lossFormula === undefined ? {} : { lossFormula: config.lossFormula }),
      },
      { config },
    );
  }

  protected override get netName(): string {
    return 'TwoLayerNet';
  }

  /** Any batch, as the book's network takes it: the first Affine layer checks its width. */
  protected override asInput(x: NDArray, _where: string): NDArray {
    return x;
  }
}
