export {
  OPTIMIZER_NAMES,
  isOptimizerName,
  type Optimizer,
  type OptimizerName,
  type OptimizerState,
  type OptimizerParams,
  type OptimizerOptions,
  type SerializedBuffer,
  type SGDOptions,
  type MomentumOptions,
  type AdaGradOptions,
  type RMSpropOptions,
  type AdamOptions,
} from './types.js';
export { SGD } from './sgd.js';
export { Momentum } from './momentum.js';
export { Nesterov } from './nesterov.js';
export { AdaGrad } from './adagrad.js';
export { RMSprop } from './rmsprop.js';
export { Adam } from './adam.js';
export { createOptimizer, type OptimizerClasses, type OptimizerOptionsByName } from './factory.js';
