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

export interface MultiLayerNetOptions {
  inputSize: number;
  /** Sizes of the hidden layers, e.g. [100, 100, 100]. */
  hiddenSizes: readonly number[];
  outputSize: number;
  activation?: ActivationName;
  /** A standard deviation, 'xavier' or 'he' (default: 'he' for relu, 'xavier' for sigmoid). */
  weightInit?: WeightInit;
  /** L2 weight decay λ (default 0). */
  weightDecayLambda?: number;
  useDropout?: boolean;
  dropoutRatio?: number;
  useBatchNorm?: boolean;
  dtype?: FloatDType;
  seed?: number;
}

/**
 * A fully connected network of any depth (the book's MultiLayerNet and MultiLayerNetExtend): for each
 * hidden layer Affine → [BatchNormalization] → activation → [Dropout], then Affine → SoftmaxWithLoss.
 * Parameters are W1, b1, ..., W(L+1), b(L+1), and gamma1, beta1, ... with batch norm.
 */
export class MultiLayerNet extends LayerNet {
  readonly config: {
    inputSize: number;
    hiddenSizes: number[];
    outputSize: number;
    activation: ActivationName;
    weightInit: WeightInit;
    weightDecayLambda: number;
    useDropout: boolean;
    dropoutRatio: number;
    useBatchNorm: boolean;
    dtype: FloatDType;
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
