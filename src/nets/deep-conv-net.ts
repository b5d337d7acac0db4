import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkKnownOptions } from '../validate.js';
import { asImages } from './image-input.js';
import type { LayerSpec } from './layer-spec.js';
import { lossFormulaOf, Sequential } from './sequential.js';
import type { LossFormula } from './types.js';
import { checkSize } from './weight-init.js';

const OPTIONS = [
  'inputDim',
  'hiddenSize',
  'outputSize',
  'dropoutRatio',
  'weightDecayLambda',
  'dtype',
  'seed',
  'lossFormula',
];

/** Filters and zero padding of the six 3×3 convolutions, as in the book's deep_convnet.py. */
const CONV_LAYERS: readonly { filters: number; pad: number }[] = [
  { filters: 16, pad: 1 },
  { filters: 16, pad: 1 },
  { filters: 32, pad: 1 },
  { filters: 32, pad: 2 },
  { filters: 64, pad: 1 },
  { filters: 64, pad: 1 },
];

/** Options of `new DeepConvNet()`. */
export interface DeepConvNetOptions {
  /** (channels, height, width) of one input image (default [1, 28, 28], MNIST). */
  inputDim?: readonly [number, number, number];
  /** Units of the hidden affine layer (default 50). */
  hiddenSize?: number;
  /** Classes (default 10). */
  outputSize?: number;
  /** Dropout ratio after each affine layer (default 0.5, the book's). */
  dropoutRatio?: number;
  /** L2 weight decay λ on the filters and affine weights (default 0). */
  weightDecayLambda?: number;
  /** Element type of the parameters (default float64). */
  dtype?: FloatDType;
  /** Seed for the initial weights and the dropout masks. */
  seed?: number;
  /**
   * 'book' computes the loss with the book's formula, `cross_entropy_error(softmax(y), t)` with 1e-7
   * inside the log, so printed losses match the book's digit for digit; 'exact' (the default) from
   * log-softmax. The gradient is the same with either. See `LossFormula`.
   */
  lossFormula?: LossFormula;
}

/** The options a DeepConvNet was built with, defaults filled in (enough to build it again). */
export type DeepConvNetConfig = Required<Omit<DeepConvNetOptions, 'seed' | 'lossFormula'>> & {
  /** The seed given, if any: the initial weights are reproducible only with one. */
  seed?: number;
  /** Present (as 'book') only when the loss uses the book's formula. */
  lossFormula?: 'book';
};

function checkOptions(options: DeepConvNetOptions): DeepConvNetConfig {
  checkKnownOptions(options, OPTIONS, 'DeepConvNet');
  const {
    inputDim = [1, 28, 28],
    hiddenSize = 50,
    outputSize = 10,
    dropoutRatio = 0.5,
    weightDecayLambda = 0,
    dtype = 'float64',
    seed,
  } = options;
  const dims = inputDim.map((d, i) => checkSize(`inputDim[${i}]`, d, 'DeepConvNet')) as [number, number, number];
  checkSize('hiddenSize', hiddenSize, 'DeepConvNet');
  checkSize('outputSize', outputSize, 'DeepConvNet');
  return {
    inputDim: dims,
    hiddenSize,
    outputSize,
    dropoutRatio,
    weightDecayLambda,
    dtype,
    ...(seed === undefined ? {} : { seed }),
    ...(lossFormulaOf(options.lossFormula, 'softmax-cross-entropy', 'DeepConvNet') === 'book'
      ? { lossFormula: 'book' as const }
      : {}),
  };
}

/** The six convolutions, each followed by ReLU, with 2×2 max pooling after each pair; then the classifier. */
function layersOf(config: DeepConvNetConfig): LayerSpec[] {
  const layers: LayerSpec[] = [];
  CONV_LAYERS.forEach(({ filters, pad }, i) => {
    layers.push({ type: 'conv', filters, size: 3, stride: 1, pad }, { type: 'relu' });
    if (i % 2 === 1) layers.push({ type: 'maxpool', size: 2, stride: 2 });
  });
  const ratio = config.dropoutRatio;
  layers.push(
    { type: 'dense', units: config.hiddenSize },
    { type: 'relu' },
    { type: 'dropout', ratio },
    { type: 'dense', units: config.outputSize },
    { type: 'dropout', ratio },
  );
  return layers;
}

/**
 * The book's chapter 8 network: three pairs of 3×3 convolutions (16, 16, 32, 32, 64, 64 filters, each
 * followed by ReLU) with 2×2 max pooling after each pair, then Affine (hidden 50) → ReLU → Dropout →
 * Affine → Dropout → SoftmaxWithLoss; He initialisation throughout. Parameters W1..W8, b1..b8. The
 * fourth convolution pads by 2, as the book's does, so 28×28 MNIST images pool to 14, 8 and 4.
 * Input is NCHW images, or rows of C·H·W pixels viewed as images without a copy. A preset of
 * Sequential whose dropout seeds are drawn after all the weights, as the original class drew them.
 */
export class DeepConvNet extends Sequential<DeepConvNetConfig> {
  /**
   * Throws `BAD_ARGUMENT` for an unknown option or a size that is not a positive integer, and
   * `SHAPE_MISMATCH` for an image too small for the three poolings.
   */
  constructor(options: DeepConvNetOptions = {}) {
    const config = checkOptions(options);
    const { inputDim, weightDecayLambda, dtype, seed } = config;
    super(
      {
        inputShape: [...inputDim],
        layers: layersOf(config),
        weightInit: 'he',
        weightDecayLambda,
        dtype,
        ...(seed === undefined ? {} : { seed }),
        ...(config.lossFormula === undefined ? {} : { lossFormula: config.lossFormula }),
      },
      { config, dropoutSeedsLast: true },
    );
  }

  protected override get netName(): string {
    return 'DeepConvNet';
  }

  /** NCHW images of `inputDim`, or rows of C·H·W pixels viewed as such; throws `SHAPE_MISMATCH` otherwise. */
  protected override asInput(x: NDArray, where: string): NDArray {
    return asImages(x, this.config.inputDim, where);
  }
}
