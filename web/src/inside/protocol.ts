/** The worker's messages about the inside of the network, part of the Train page's worker protocol. */
import type { ActivationsReport, ConfusionReport, FiltersSnapshot } from './types.js';

/** Worker → page: what the "inside the network" views show. */
export type InsideFromWorker =
  /** The first layer's weights now (null: no layer whose weights make images). */
  | { type: 'filters'; snapshot: FiltersSnapshot | null }
  /** Every layer's output for the chosen test digit, on the weights now. */
  | { type: 'activations'; report: ActivationsReport }
  /** The confusion matrix and the misclassified digits after an epoch. */
  | { type: 'confusion'; report: ConfusionReport }
  /** The test set's size and its first digits, for the digit picker. */
  | { type: 'digits'; testSize: number; images: Float32Array; labels: number[] };

/** Page → worker: show the activations of test digit `index` (now, and with each later snapshot). */
export type InsideToWorker = { type: 'inspect'; index: number };
