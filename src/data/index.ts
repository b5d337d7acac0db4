export type { Dataset, DataSplits } from './types.js';
export { readIdx, readIdxHeader, writeIdx, type IdxType, type IdxHeader, type WriteIdxOptions } from './idx.js';
export {
  toOneHot,
  normalizeImages,
  flattenImages,
  splitValidation,
  prepareIdxDataset,
  type SplitOptions,
  type ValidationSplit,
  type PrepareOptions,
} from './prepare.js';
export { preprocessDigit, type RawImage } from './digit.js';
export { parseCsvRecords, type CsvRecord } from './csv-records.js';
export { parseCsvFeatures, type CsvFeatureOptions, type CsvFeatures } from './csv-features.js';
export { parseCsv, type CsvOptions, type CsvSplits, type CsvTask } from './csv.js';
export { splitTrainTest, type TrainTestOptions, type LabeledSplits } from './split.js';
export { fitStandardization, applyStandardization, type Standardization } from './standardize.js';
export { resizeImage, imageChannels } from './resize.js';
