/**
 * What the "inside the network" views show, as plain data: the worker computes it on the current
 * weights and posts it to the Train page; the Draw page computes the same on its own model.
 */

/** The first weighted layer's weights, one small image per filter or hidden unit. */
export interface FiltersSnapshot {
  /** A convolution's filters (grey), or a dense layer's weights per hidden unit (diverging colours). */
  readonly kind: 'conv' | 'dense';
  /** The layer's spec token (`conv8x5`, `dense100`). */
  readonly token: string;
  /** How many images `values` holds. */
  readonly count: number;
  /** How many filters or units the layer has (more than `count` when only the first are shown). */
  readonly total: number;
  /** Each image's width and height in pixels. */
  readonly width: number;
  readonly height: number;
  /** `count` images of `width` × `height` values, one after the other, row by row. */
  readonly values: Float32Array;
}

/** One layer's output for one digit, cut to what the view shows. */
export interface LayerActivation {
  /** The layer's spec token (`relu`, `pool2`), or `softmax` for the final probabilities. */
  readonly token: string;
  /** The layer's whole output shape for one sample: (channels, height, width) or (units). */
  readonly shape: readonly number[];
  /** Feature maps (one image per channel) for 3-D outputs, bars for flat ones. */
  readonly kind: 'maps' | 'bars' | 'probabilities';
  /** How many maps or bars `values` holds (the first ones of the layer's output). */
  readonly shown: number;
  /** The values shown: `shown` maps of height × width values, or `shown` bar heights. */
  readonly values: Float32Array;
}

/** Every layer's output for one digit. */
export interface ActivationsReport {
  /** The test digit's index, or null for a drawn digit. */
  readonly index: number | null;
  /** The test digit's true label, or null for a drawn digit. */
  readonly label: number | null;
  /** The network's 28×28 input, values in [0, 1]. */
  readonly image: Float32Array;
  /** The layers in order, the softmax probabilities last. */
  readonly layers: readonly LayerActivation[];
}

/** A test digit the network got wrong, with the probability it gave its wrong answer. */
export interface MisclassifiedDigit {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  readonly probability: number;
  /** The 28×28 digit, values in [0, 1]. */
  readonly image: Float32Array;
}

/** The test set's confusion matrix after an epoch, and the most confidently misclassified digits. */
export interface ConfusionReport {
  readonly epoch: number;
  /** 100 counts: row = true class, column = predicted class. */
  readonly matrix: readonly number[];
  /** The digits counted (the whole test set). */
  readonly total: number;
  /** Up to MISCLASSIFIED_SHOWN wrong answers, the most confident first. */
  readonly misclassified: readonly MisclassifiedDigit[];
}
