export { Trainer } from './trainer.js';
export { captureCheckpoint, restoreCheckpoint, type Checkpoint } from './checkpoint.js';
export { formatEpochLine, type EpochLineStyle, type EpochLineInfo, type FormatEpochLineOptions } from './format.js';
export type {
  ParamUpdater,
  Sampling,
  EvaluationTiming,
  BatchEndInfo,
  EpochEndInfo,
  EarlyStoppingMonitor,
  EarlyStoppingOptions,
  TrainerData,
  TrainerOptions,
  TrainerState,
  TrainingHistory,
  CheckpointInfo,
  EarlyStoppingState,
} from './types.js';
