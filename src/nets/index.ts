export type { Network, Params, ForwardOptions, TrainFlag, LossFormula, LossAndGradient } from './types.js';
export { LayerNet } from './layer-net.js';
export {
  Sequential,
  type LossName,
  type SequentialConfig,
  type SequentialOptions,
  type SequentialPreset,
} from './sequential.js';
export type { BuiltLayer } from './sequential-layers.js';
export {
  parseLayers,
  formatLayers,
  describeLayer,
  LAYER_TYPES,
  type LayerSpec,
  type DenseSpec,
  type ConvSpec,
  type PoolSpec,
  type LeakyReluSpec,
  type DropoutSpec,
  type PlainSpec,
} from './layer-spec.js';
export { SimpleNet, type SimpleNetOptions } from './simple-net.js';
export { TwoLayerNet, type TwoLayerNetConfig, type TwoLayerNetOptions } from './two-layer-net.js';
export { MultiLayerNet, type MultiLayerNetConfig, type MultiLayerNetOptions } from './multi-layer-net.js';
export { SimpleConvNet, type SimpleConvNetConfig, type SimpleConvNetOptions } from './simple-conv-net.js';
export { DeepConvNet, type DeepConvNetConfig, type DeepConvNetOptions } from './deep-conv-net.js';
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
  type BuiltNet,
  type ModelData,
  type SavableNet,
  type SequentialArchitecture,
  type SimpleConvNetArchitecture,
} from './serialize.js';
