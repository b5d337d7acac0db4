import type { NDArray } from '../ndarray/ndarray.js';

/** Inputs and targets: x has one row (or one image) per sample; t has labels or one-hot rows. */
export interface Dataset {
  x: NDArray;
  t: NDArray;
}

/** What `loadMnist` returns and what the Trainer takes. */
export interface DataSplits {
  train: Dataset;
  test: Dataset;
  /** Present when a validation split was carved out of the training data. */
  validation?: Dataset;
}
