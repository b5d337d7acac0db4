import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { resident, zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import { checkKnownOptions } from '../validate.js';
import { asImages } from './image-input.js';
import { LayerNet, predictChunkFor } from './layer-net.js';
import type { ForwardOptions } from './types.js';
import { checkSize, scaledNormal, type WeightInit } from './weight-init.js';

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
}

/**
 * The book's chapter 7 network: Convolution → ReLU → 2×2 max pooling (stride 2) → Affine → ReLU →
 * Affine → SoftmaxWithLoss, with parameters W1, b1 (the filters), W2, b2, W3, b3. Input is NCHW
 * images, or rows of C·H·W pixels (as the Trainer and `loadMnist` give them), which are viewed as
 * images without a copy.
 */
export class SimpleConvNet extends LayerNet {
  /** The options the network was built with, defaults filled in (enough to build it again). */
  readonly config: Required<Omit<SimpleConvNetOptions, 'seed'>> & {
    /** The seed given, if any: the initial weights are reproducible only with one. */
    seed?: number;
  };

  constructor(options: SimpleConvNetOptions = {}) {
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
    const [channels, height, width] = inputDim.map((d, i) => checkSize(`inputDim[${i}]`, d)) as [
      number,
      number,
      number,
    ];
    checkSize('filterNum', filterNum);
    checkSize('filterSize', filterSize);
    checkSize('hiddenSize', hiddenSize);
    checkSize('outputSize', outputSize);
    const rng = new Random(seed);
    const randn = (shape: number[], fanIn: number): NDArray =>
      resident(scaledNormal(rng, shape, fanIn, weightInit, dtype));
    const conv = new Convolution(
      randn([filterNum, channels, filterSize, filterSize], channels * filterSize * filterSize),
      resident(zeros(filterNum, { dtype })),
      { stride, pad },
    );
    const [, , convHeight, convWidth] = conv.outputShape([1, channels, height, width]);
    const pool = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 });
    const [, , poolHeight, poolWidth] = pool.outputShape([1, filterNum, convHeight, convWidth]);
    const pooled = filterNum * poolHeight * poolWidth;
    const affine1 = new Affine(randn([pooled, hiddenSize], pooled), resident(zeros(hiddenSize, { dtype })));
    const affine2 = new Affine(randn([hiddenSize, outputSize], hiddenSize), resident(zeros(outputSize, { dtype })));
    const perSample = conv.bufferElementsPerSample([1, channels, height, width]);
    super([conv, new Relu(), pool, affine1, new Relu(), affine2], dtype, weightDecayLambda, predictChunkFor(perSample));
    this.register('W1', conv, 'W');
    this.register('b1', conv, 'b');
    this.register('W2', affine1, 'W');
    this.register('b2', affine1, 'b');
    this.register('W3', affine2, 'W');
    this.register('b3', affine2, 'b');
    this.config = {
      inputDim: [channels, height, width],
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
    };
  }

  override predict(x: NDArray, options: ForwardOptions = {}): NDArray {
    return super.predict(asImages(x, this.config.inputDim, 'SimpleConvNet'), options);
  }
}
