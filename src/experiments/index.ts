/**
 * The book's chapter 6 experiments as functions that return their numbers (the CLI's `scratchnet
 * plot` draws them, the examples print them): optimizer paths, loss comparisons on MNIST, activation
 * histograms, batch normalization, overfitting and a random hyperparameter search.
 */
export { smoothCurve, kaiserWindow } from './smooth.js';
export { histogram, type Histogram } from './histogram.js';
export {
  optimizerPaths,
  valleyFunction,
  valleyGradient,
  BOOK_PATH_OPTIMIZERS,
  type OptimizerPath,
  type OptimizerPathsOptions,
  type PathOptimizer,
} from './optimizer-paths.js';
export { trainSideBySide, type SideBySideRun, type SideBySideOptions, type SideBySideStep } from './side-by-side.js';
export {
  compareOptimizers,
  compareWeightInits,
  BOOK_MNIST_OPTIMIZERS,
  BOOK_WEIGHT_INITS,
  type LossComparison,
  type LossComparisonOptions,
  type LossCurve,
  type MnistOptimizer,
  type WeightInitChoice,
} from './loss-comparison.js';
export {
  activationHistograms,
  BOOK_ACTIVATION_SETTINGS,
  type ActivationSetting,
  type ActivationHistogramOptions,
  type HistogramActivation,
  type LayerActivations,
  type SettingActivations,
} from './activation-histograms.js';
export {
  compareBatchNorm,
  logspace,
  BOOK_WEIGHT_SCALES,
  type BatchNormCurves,
  type BatchNormComparisonOptions,
} from './batch-norm.js';
export {
  overfittingStudy,
  BOOK_REGULARISATION_SETTINGS,
  type OverfittingOptions,
  type OverfittingRun,
  type RegularisationSetting,
} from './overfitting.js';
export {
  hyperparameterSearch,
  type HyperparameterSearchOptions,
  type HyperparameterSearchResult,
  type HyperparameterTrial,
} from './hyperparameter-search.js';
