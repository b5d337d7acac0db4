export { stepFunction, sigmoid, sigmoidGrad, relu, reluGrad, identity, softmax } from './activations.js';
export { sumSquaredError, meanSquaredError, crossEntropyError, checkLabels, CROSS_ENTROPY_DELTA } from './losses.js';
