import { Affine } from '../layers/affine.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { resident, zeros } from '../ndarray/create.js';
import { Random } from '../ndarray/random.js';
import { activationLayer, type ActivationName } from './activation.js';
import { LayerNet } from './layer-net.js';
import { checkSize, initWeights } from './weight-init.js';
import { checkFloatDType, checkKnownOptions } from '../validate.js';

const OPTIONS = ['inputSize', 'hiddenSize', 'outputSize', 'weightInitStd', 'activation', 'dtype', 'seed'];

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
}

/**
 * The book's two-layer network: Affine → activation → Affine → SoftmaxWithLoss, with parameters W1,
 * b1, W2, b2. With `activation: 'sigmoid'` it is chapter 4's network (whose analytic gradient the
 * layers compute exactly); with 'relu' chapter 5's. `numericalGradient` gives chapter 4's slow check.
 */
export class TwoLayerNet extends LayerNet {
  /** The options the network was built with, defaults filled in (enough to build it again). */
  readonly config: Required<Omit<TwoLayerNetOptions, 'seed'>> & {
    /** The seed given, if any: the initial weights are reproducible only with one. */
    seed?: number;
  };

  constructor(options: TwoLayerNetOptions) {
    checkKnownOptions(options, OPTIONS, 'TwoLayerNet');
    const inputSize = checkSize('inputSize', options.inputSize, 'TwoLayerNet');
    const hiddenSize = checkSize('hiddenSize', options.hiddenSize, 'TwoLayerNet');
    const outputSize = checkSize('outputSize', options.outputSize, 'TwoLayerNet');
    const { weightInitStd = 0.01, activation = 'relu', dtype = 'float64', seed } = options;
    checkFloatDType(dtype, 'dtype', 'TwoLayerNet');
    activationLayer(activation, 'TwoLayerNet'); // validates the name before any weights are drawn
    const rng = new Random(seed);
    const affine1 = new Affine(
      resident(initWeights(rng, inputSize, hiddenSize, weightInitStd, dtype)),
      resident(zeros(hiddenSize, { dtype })),
    );
    const affine2 = new Affine(
      resident(initWeights(rng, hiddenSize, outputSize, weightInitStd, dtype)),
      resident(zeros(outputSize, { dtype })),
    );
    super([affine1, activationLayer(activation, 'TwoLayerNet'), affine2], dtype);
    this.register('W1', affine1, 'W');
    this.register('b1', affine1, 'b');
    this.register('W2', affine2, 'W');
    this.register('b2', affine2, 'b');
    this.config = {
      inputSize,
      hiddenSize,
      outputSize,
      weightInitStd,
      activation,
      dtype,
      ...(seed === undefined ? {} : { seed }),
    };
  }
}
