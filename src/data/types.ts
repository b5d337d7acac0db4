import type { NDArray } from '../ndarray/ndarray.js';

/** Inputs and targets: x has one row (or one image) per sample; t has labels or one-hot rows. */
export interface Dataset {
  /** Inputs, samples along axis 0: rows (n, features) or images (n, channels, height, width). */
  x: NDArray;
  /** Targets, one per sample: int labels of shape (n,) or one-hot rows of shape (n, classes). */
  t: NDArray;
}

/** What `loadMnist` returns and what the Trainer takes. */
export interface DataSplits {
  /** The samples trained on. */
  train: Dataset;
  /** Held-out samples, used only to measure accuracy. */
  test: Dataset;
  /** Present when a validation split was carved out of the training data. */
  validation?: Dataset;
}
