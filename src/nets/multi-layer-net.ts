import { ScratchnetError } from '../errors.js';
import { Affine } from '../layers/affine.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/types.js';
import { ones, resident, zeros } from '../ndarray/create.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { Random } from '../ndarray/random.js';
import { activationLayer, type ActivationName } from './activation.js';
import { LayerNet } from './layer-net.js';
import { checkSize, initWeights, type WeightInit } from './weight-init.js';
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
}

/**
 * A fully connected network of any depth (the book's MultiLayerNet and MultiLayerNetExtend): for each
 * hidden layer Affine → [BatchNormalization] → activation → [Dropout], then Affine → SoftmaxWithLoss.
 * Parameters are W1, b1, ..., W(L+1), b(L+1), and gamma1, beta1, ... with batch norm.
 */
export class MultiLayerNet extends LayerNet {
  /** The options the network was built with, defaults filled in (enough to build it again). */
  readonly config: {
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
  };

  constructor(options: MultiLayerNetOptions) {
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
    activationLayer(activation, 'MultiLayerNet'); // validates the name even without hidden layers
    const weightInit = options.weightInit ?? (activation === 'sigmoid' ? 'xavier' : 'he');
    const rng = new Random(seed);
    const sizes = [inputSize, ...hiddenSizes, outputSize];
    const layers: Layer[] = [];
    const registrations: [string, Affine | BatchNormalization, string][] = [];
    for (let i = 1; i < sizes.length; i++) {
      const affine = new Affine(
        resident(initWeights(rng, sizes[i - 1]!, sizes[i]!, weightInit, dtype)),
        resident(zeros(sizes[i]!, { dtype })),
      );
      layers.push(affine);
      registrations.push([`W${i}`, affine, 'W'], [`b${i}`, affine, 'b']);
      if (i === sizes.length - 1) break;
      if (useBatchNorm) {
        const bn = new BatchNormalization(resident(ones(sizes[i]!, { dtype })), resident(zeros(sizes[i]!, { dtype })));
        layers.push(bn);
        registrations.push([`gamma${i}`, bn, 'gamma'], [`beta${i}`, bn, 'beta']);
      }
      layers.push(activationLayer(activation, 'MultiLayerNet'));
      if (useDropout) layers.push(new Dropout({ ratio: dropoutRatio, seed: rng.nextUint32() }));
    }
    super(layers, dtype, weightDecayLambda);
    for (const [key, layer, name] of registrations) this.register(key, layer, name);
    this.config = {
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
    };
  }
}
