import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkKnownOptions } from '../validate.js';
import { asImages } from './image-input.js';
import type { LayerSpec } from './layer-spec.js';
import { lossFormulaOf, Sequential } from './sequential.js';
import type { LossFormula } from './types.js';
import { checkSize, type WeightInit } from './weight-init.js';

const OPTIONS = [
  'inputDim',
  'filterNum',
  'filterSize',
  'pad',
  'stride',
  'hiddenSize',
  'outputSize',
  'weightInit',
  'weightDecayLambda',
  'dtype',
  'seed',
  'lossFormula',
];

/** Options of `new SimpleConvNet()`. */
export interface SimpleConvNetOptions {
  /** (channels, height, width) of one input image (default [1, 28, 28], MNIST). */
  inputDim?: readonly [number, number, number];
  /** Number of filters (default 30). */
  filterNum?: number;
  /** Side of the square filters (default 5). */
  filterSize?: number;
  /** Zero padding of the convolution (default 0). */
  pad?: number;
  /** Stride of the convolution (default 1). */
  stride?: number;
  /** Units of the hidden affine layer (default 100). */
  hiddenSize?: number;
  /** Classes (default 10). */
  outputSize?: number;
  /** Initial weight scale (default 0.01, the book's). */
  weightInit?: WeightInit;
  /** L2 weight decay λ on the filters and affine weights (default 0). */
  weightDecayLambda?: number;
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

/** The options a SimpleConvNet was built with, defaults filled in (enough to build it again). */
export type SimpleConvNetConfig = Required<Omit<SimpleConvNetOptions, 'seed' | 'lossFormula'>> & {
  /** The seed given, if any: the initial weights are reproducible only with one. */
  seed?: number;
  /** Present (as 'book') only when the loss uses the book's formula. */
  lossFormula?: 'book';
};

function checkOptions(options: SimpleConvNetOptions): SimpleConvNetConfig {
  checkKnownOptions(options, OPTIONS, 'SimpleConvNet');
  const {
    inputDim = [1, 28, 28],
    filterNum = 30,
    filterSize = 5,
    pad = 0,
    stride = 1,
    hiddenSize = 100,
    outputSize = 10,
    weightInit = 0.01,
    weightDecayLambda = 0,
    dtype = 'float64',
    seed,
  } = options;
  const dims = inputDim.map((d, i) => checkSize(`inputDim[${i}]`, d)) as [number, number, number];
  checkSize('filterNum', filterNum);
  checkSize('filterSize', filterSize);
  checkSize('hiddenSize', hiddenSize);
  checkSize('outputSize', outputSize);
  return {
    inputDim: dims,
    filterNum,
    filterSize,
    pad,
    stride,
    hiddenSize,
    outputSize,
    weightInit,
    weightDecayLambda,
    dtype,
    ...(seed === undefined ? {} : { seed }),
    ...(lossFormulaOf(options.lossFormula, 'softmax-cross-entropy', 'SimpleConvNet') === 'book'
      ? { lossFormula: 'book' as const }
      : {}),
  };
}

/**
 * The book's chapter 7 network: Convolution → ReLU → 2×2 max pooling (stride 2) → Affine → ReLU →
 * Affine → SoftmaxWithLoss, with parameters W1, b1 (the filters), W2, b2, W3, b3. Input is NCHW
 * images, or rows of C·H·W pixels (as the Trainer and `loadMnist` give them), which are viewed as
 * images without a copy. A preset of Sequential: `conv30x5,relu,pool2,dense100,relu,dense10` by default.
 */
export class SimpleConvNet extends Sequential<SimpleConvNetConfig> {
  /**
   * Throws `BAD_ARGUMENT` for an unknown option or a size that is not a positive integer, and
   * `SHAPE_MISMATCH` for a filter or pooling window that does not fit the image.
   */
  constructor(options: SimpleConvNetOptions = {}) {
    const config = checkOptions(options);
    const { inputDim, filterNum, filterSize, pad, stride, hiddenSize, outputSize, weightInit } = config;
    const layers: LayerSpec[] = [
      { type: 'conv', filters: filterNum, size: filterSize, stride, pad },
      { type: 'relu' },
      { type: 'maxpool', size: 2, stride: 2 },
      { type: 'dense', units: hiddenSize },
      { type: 'relu' },
      { type: 'dense', units: outputSize },
    ];
    const { weightDecayLambda, dtype, seed } = config;
    const seeded = seed === undefined ? {} : { seed };
    const formula = config.lossFormula === undefined ? {} : { lossFormula: config.lossFormula };
    super(
      { inputShape: [...inputDim], layers, weightInit, weightDecayLambda, dtype, ...seeded, ...formula },
      { config },
    );
  }

  protected override get netName(): string {
    return 'SimpleConvNet';
  }

  /** NCHW images of `inputDim`, or rows of C·H·W pixels viewed as such; throws `SHAPE_MISMATCH` otherwise. */
  protected override asInput(x: NDArray, where: string): NDArray {
    return asImages(x, this.config.inputDim, where);
  }
}
