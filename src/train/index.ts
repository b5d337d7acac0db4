export { Trainer } from './trainer.js';
export { formatEpochLine, type EpochLineStyle, type EpochLineInfo, type FormatEpochLineOptions } from './format.js';
export type {
  ParamUpdater,
  Sampling,
  BatchEndInfo,
  EpochEndInfo,
  EarlyStoppingMonitor,
  EarlyStoppingOptions,
  TrainerOptions,
  TrainingHistory,
} from './types.js';
