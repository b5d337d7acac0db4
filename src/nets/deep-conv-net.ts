import { Affine } from '../layers/affine.js';
import { Convolution } from '../layers/convolution.js';
import { Dropout } from '../layers/dropout.js';
import { Pooling } from '../layers/pooling.js';
import { Relu } from '../layers/relu.js';
import type { Layer } from '../layers/types.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { resident, zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import { checkKnownOptions } from '../validate.js';
import { asImages } from './image-input.js';
import { LayerNet, predictChunkFor } from './layer-net.js';
import type { ForwardOptions } from './types.js';
import { checkSize, scaledNormal } from './weight-init.js';

const OPTIONS = ['inputDim', 'hiddenSize', 'outputSize', 'dropoutRatio', 'weightDecayLambda', 'dtype', 'seed'];

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
}

/**
 * The book's chapter 8 network: three pairs of 3×3 convolutions (16, 16, 32, 32, 64, 64 filters, each
 * followed by ReLU) with 2×2 max pooling after each pair, then Affine (hidden 50) → ReLU → Dropout →
 * Affine → Dropout → SoftmaxWithLoss; He initialisation throughout. Parameters W1..W8, b1..b8. The
 * fourth convolution pads by 2, as the book's does, so 28×28 MNIST images pool to 14, 8 and 4.
 * Input is NCHW images, or rows of C·H·W pixels viewed as images without a copy.
 */
export class DeepConvNet extends LayerNet {
  /** The options the network was built with, defaults filled in (enough to build it again). */
  readonly config: Required<Omit<DeepConvNetOptions, 'seed'>> & {
    /** The seed given, if any: the initial weights are reproducible only with one. */
    seed?: number;
  };

  constructor(options: DeepConvNetOptions = {}) {
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
    const rng = new Random(seed);
    const heNormal = (shape: number[], fanIn: number): NDArray =>
      resident(scaledNormal(rng, shape, fanIn, 'he', dtype));
    const layers: Layer[] = [];
    const weighted: (Convolution | Affine)[] = [];
    let shape: readonly number[] = [1, ...dims];
    let largestPerSample = 0;
    CONV_LAYERS.forEach(({ filters, pad }, i) => {
      const channels = shape[1]!;
      const conv = new Convolution(
        heNormal([filters, channels, 3, 3], channels * 9),
        resident(zeros(filters, { dtype })),
        { stride: 1, pad },
      );
      largestPerSample = Math.max(largestPerSample, conv.bufferElementsPerSample(shape));
      shape = conv.outputShape(shape);
      layers.push(conv, new Relu());
      weighted.push(conv);
      if (i % 2 === 1) {
        const pool = new Pooling({ poolHeight: 2, poolWidth: 2, stride: 2 });
        shape = pool.outputShape(shape);
        layers.push(pool);
      }
    });
    const flat = shape[1]! * shape[2]! * shape[3]!;
    const hidden = new Affine(heNormal([flat, hiddenSize], flat), resident(zeros(hiddenSize, { dtype })));
    const output = new Affine(heNormal([hiddenSize, outputSize], hiddenSize), resident(zeros(outputSize, { dtype })));
    layers.push(
      hidden,
      new Relu(),
      new Dropout({ ratio: dropoutRatio, seed: rng.nextUint32() }),
      output,
      new Dropout({ ratio: dropoutRatio, seed: rng.nextUint32() }),
    );
    weighted.push(hidden, output);
    super(layers, dtype, weightDecayLambda, predictChunkFor(largestPerSample));
    weighted.forEach((layer, i) => {
      this.register(`W${i + 1}`, layer, 'W');
      this.register(`b${i + 1}`, layer, 'b');
    });
    this.config = {
      inputDim: dims,
      hiddenSize,
      outputSize,
      dropoutRatio,
      weightDecayLambda,
      dtype,
      ...(seed === undefined ? {} : { seed }),
    };
  }

  override predict(x: NDArray, options: ForwardOptions = {}): NDArray {
    return super.predict(asImages(x, this.config.inputDim, 'DeepConvNet'), options);
  }
}
