/** The network a `scratchnet train` run's settings describe. */
import { ScratchnetError } from '../errors.js';
import { parseLayers } from '../nets/layer-spec.js';
import { Sequential, type SequentialConfig } from '../nets/sequential.js';
import { buildNetwork, type Architecture, type SavableNet } from '../nets/serialize.js';
import type { TrainSettings } from './train-settings.js';

/** Convolutional networks read each sample as one square grayscale image (MNIST: 784 = 28×28 pixels). */
function squareImage(features: number, model: string): [number, number, number] {
  const side = Math.round(Math.sqrt(features));
  if (side * side !== features) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${model.startsWith('--') ? model : `--model ${model}`} needs square grayscale images, but the data has ${features} features per sample`,
    );
  }
  return [1, side, side];
}

/**
 * One sample's shape for a --layers network: images keep theirs ([C, H, W] after the batch axis);
 * flat rows become one square grayscale image when the layers start with a convolution or pooling.
 */
export function sequentialInputShape(layers: string, sampleShape: readonly number[]): number[] {
  if (sampleShape.length === 3) return [...sampleShape];
  const features = sampleShape.reduce((p, d) => p * d, 1);
  const first = parseLayers(layers)[0]?.type;
  const spatial = first === 'conv' || first === 'maxpool' || first === 'avgpool';
  return spatial ? squareImage(features, `--layers ${layers}`) : [features];
}

/**
 * The network the settings describe, for samples of `features` values and `classes` classes; a
 * --layers network takes samples of `sampleShape` (default: `features` values in a row).
 */
export function networkFor(
  settings: TrainSettings,
  features: number,
  classes: number,
  sampleShape: readonly number[] = [features],
): SavableNet {
  if (settings.layers !== null) {
    return new Sequential<SequentialConfig>({
      inputShape: sequentialInputShape(settings.layers, sampleShape),
      layers: settings.layers,
      loss: settings.loss,
      weightInit: settings.weightInit,
      weightDecayLambda: settings.weightDecay,
      dtype: settings.dtype,
      seed: settings.seed,
    });
  }
  let arch: Architecture;
  switch (settings.model) {
    case 'mlp':
      arch = {
        type: 'mlp',
        inputSize: features,
        hiddenSizes: settings.hiddenSizes,
        outputSize: classes,
        activation: settings.activation,
        useBatchNorm: settings.batchnorm,
        useDropout: settings.dropout > 0,
        dropoutRatio: settings.dropout || 0.5,
      };
      break;
    case 'simple-convnet':
      arch = {
        type: 'simple-convnet',
        inputDim: squareImage(features, settings.model),
        filterNum: 30,
        filterSize: 5,
        pad: 0,
        stride: 1,
        hiddenSize: onlyHiddenSize(settings),
        outputSize: classes,
      };
      break;
    case 'deep-convnet':
      arch = {
        type: 'deep-convnet',
        inputDim: squareImage(features, settings.model),
        hiddenSize: onlyHiddenSize(settings),
        outputSize: classes,
        dropoutRatio: settings.dropout,
      };
      break;
  }
  const weightInit =
    settings.weightInit === 'sigmoid' ? 'xavier' : settings.weightInit === 'relu' ? 'he' : settings.weightInit;
  return buildNetwork(arch, settings.dtype, settings.seed, { weightInit, weightDecayLambda: settings.weightDecay });
}

/** The one hidden affine layer's size of a convolutional network (its settings hold exactly one). */
function onlyHiddenSize(settings: TrainSettings): number {
  const [size] = settings.hiddenSizes;
  if (size === undefined)
    throw new ScratchnetError('BAD_ARGUMENT', `--model ${settings.model} needs one --hidden size`);
  return size;
}
