export type { Network, Params, ForwardOptions, LossAndGradient } from './types.js';
export { LayerNet } from './layer-net.js';
export { SimpleNet, type SimpleNetOptions } from './simple-net.js';
export { TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js';
export { MultiLayerNet, type MultiLayerNetOptions } from './multi-layer-net.js';
export { SimpleConvNet, type SimpleConvNetOptions } from './simple-conv-net.js';
export { DeepConvNet, type DeepConvNetOptions } from './deep-conv-net.js';
export { gradientCheck, type GradientDifference, type GradientCheckable } from './gradient-check.js';
export { weightScale, type WeightInit } from './weight-init.js';
export type { ActivationName } from './activation.js';
export {
  ARCHITECTURES,
  architectureOf,
  architectureFromMetadata,
  buildNetwork,
  inferArchitecture,
  inputSizeOf,
  modelFromTensors,
  modelToTensors,
  describe as describeArchitecture,
  type Architecture,
  type DeepConvNetArchitecture,
  type MlpArchitecture,
  type SavableNet,
  type SimpleConvNetArchitecture,
} from './serialize.js';
