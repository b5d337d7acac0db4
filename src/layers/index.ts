export type { Layer, ParamLayer } from './types.js';
export { hasParams } from './types.js';
export { MulLayer, AddLayer } from './scalar.js';
export { Relu } from './relu.js';
export { Sigmoid } from './sigmoid.js';
export { Affine } from './affine.js';
export { SoftmaxWithLoss } from './softmax-with-loss.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { BatchNormalization, type BatchNormOptions } from './batch-norm.js';
