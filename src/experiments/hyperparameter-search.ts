/**
 * Chapter 6's random search for the learning rate and weight decay (hyperparameter_optimization.py,
 * figure 6-24): each trial draws both on a log scale, trains the 784-[100×6]-10 network for 50
 * epochs on 400 MNIST images, and scores it on 100 held-out validation images (never the test set,
 * which would then no longer measure generalisation).
 */
import type { Dataset } from '../data/types.js';
import { splitValidation } from '../data/prepare.js';
import { check } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { Random } from '../ndarray/random.js';
import { MultiLayerNet } from '../nets/multi-layer-net.js';
import { SGD } from '../optim/sgd.js';
import { Trainer } from '../train/trainer.js';
import { checkDataset, checkKnownOptions } from '../validate.js';

/** One trial: the settings drawn and the accuracies per epoch. */
export interface HyperparameterTrial {
  /** 1 for the first trial run. */
  trial: number;
  /** The learning rate drawn, 10 to a uniform power in `lrRange`. */
  lr: number;
  /** The weight decay λ drawn, 10 to a uniform power in `weightDecayRange`. */
  weightDecay: number;
  /** Accuracy on the validation samples after each epoch (0..1). */
  validationAcc: number[];
  /** Accuracy on the training samples after each epoch (0..1). */
  trainAcc: number[];
}

/** Options of `hyperparameterSearch`. */
export interface HyperparameterSearchOptions {
  /** Trials (default 100, the book's `optimization_trial`). */
  trials?: number;
  /** Epochs per trial (default 50). */
  epochs?: number;
  /** Samples used, the first of `train` (default 500), of which `validationRatio` are held out. */
  trainSize?: number;
  /** Fraction held out for validation (default 0.2, the book's `validation_rate`). */
  validationRatio?: number;
  /** log10 range of the learning rate (default [−6, −2]). */
  lrRange?: readonly [number, number];
  /** log10 range of the weight decay λ (default [−8, −4]). */
  weightDecayRange?: readonly [number, number];
  /** Samples per mini-batch (default 100; at most the training samples). */
  batchSize?: number;
  /** Hidden layer sizes (default six of 100). */
  hiddenSizes?: readonly number[];
  /** Seeds the split, the draws, the weights and the batches: the same seed repeats the search. */
  seed?: number;
  /** float32 (default, the fast kernels) or float64 (numpy's default). */
  dtype?: FloatDType;
  /** Called after each trial. */
  onTrial?(trial: HyperparameterTrial): void;
}

/** What the search found: every trial in the order run, and the same trials best first. */
export interface HyperparameterSearchResult {
  /** Every trial, in the order run. */
  trials: HyperparameterTrial[];
  /** Sorted by final validation accuracy, highest first (ties in the order run). */
  best: HyperparameterTrial[];
  /** Samples the networks trained on (what the split left for training). */
  trainSize: number;
  /** Samples held out to score the trials. */
  validationSize: number;
}

function checkRange(range: readonly [number, number], name: string): void {
  check(
    Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] <= range[1],
    `hyperparameterSearch: ${name} must be [lo, hi] with lo <= hi (powers of ten), got ${JSON.stringify(range)}`,
  );
}

const SEARCH_OPTIONS = [
  ...['trials', 'epochs', 'trainSize', 'validationRatio', 'lrRange'],
  ...['weightDecayRange', 'batchSize', 'hiddenSizes', 'seed', 'dtype', 'onTrial'],
];

/**
 * Runs the book's random search. Like the book, the validation split is a shuffled 20% of the
 * first 500 training images, and the Trainer scores the validation images where it would score
 * test images (`testAcc` of its history is the validation accuracy here).
 */
export async function hyperparameterSearch(
  train: Dataset,
  options: HyperparameterSearchOptions = {},
): Promise<HyperparameterSearchResult> {
  checkDataset(train, 'train', 'hyperparameterSearch');
  checkKnownOptions(options, SEARCH_OPTIONS, 'hyperparameterSearch');
  const {
    trials = 100,
    epochs = 50,
    trainSize = 500,
    validationRatio = 0.2,
    lrRange = [-6, -2],
    weightDecayRange = [-8, -4],
    batchSize = 100,
    hiddenSizes = [100, 100, 100, 100, 100, 100],
    seed = 1,
    dtype = 'float32',
    onTrial,
  } = options;
  check(
    Number.isInteger(trials) && trials >= 1,
    `hyperparameterSearch: trials must be a positive integer, got ${trials}`,
  );
  check(
    Number.isInteger(epochs) && epochs >= 1,
    `hyperparameterSearch: epochs must be a positive integer, got ${epochs}`,
  );
  check(
    Number.isInteger(trainSize) && trainSize >= 2,
    `hyperparameterSearch: trainSize must be an integer >= 2, got ${trainSize}`,
  );
  checkRange(lrRange, 'lrRange');
  checkRange(weightDecayRange, 'weightDecayRange');
  const n = Math.min(trainSize, train.x.shape[0]!);
  const split = splitValidation({ x: train.x.slice(0, n), t: train.t.slice(0, n) }, { ratio: validationRatio, seed });
  const rng = new Random(seed);
  const done: HyperparameterTrial[] = [];
  for (let i = 1; i <= trials; i++) {
    // The book draws the weight decay first, then the learning rate.
    const weightDecay = 10 ** (weightDecayRange[0] + (weightDecayRange[1] - weightDecayRange[0]) * rng.random());
    const lr = 10 ** (lrRange[0] + (lrRange[1] - lrRange[0]) * rng.random());
    const trialSeed = rng.nextUint32();
    const net = new MultiLayerNet({
      inputSize: split.train.x.size / split.train.x.shape[0]!,
      hiddenSizes,
      outputSize: 10,
      activation: 'relu',
      weightDecayLambda: weightDecay,
      dtype,
      seed: trialSeed,
    });
    const history = await new Trainer(
      net,
      { train: split.train, test: split.validation },
      {
        epochs,
        batchSize: Math.min(batchSize, split.train.x.shape[0]!),
        optimizer: new SGD({ lr }),
        sampling: 'with-replacement',
        seed: trialSeed,
      },
    ).fit();
    const trial: HyperparameterTrial = {
      trial: i,
      lr,
      weightDecay,
      validationAcc: history.testAcc,
      trainAcc: history.trainAcc,
    };
    done.push(trial);
    onTrial?.(trial);
  }
  const last = (t: HyperparameterTrial): number => t.validationAcc[t.validationAcc.length - 1]!;
  const best = [...done].sort((a, b) => last(b) - last(a));
  return { trials: done, best, trainSize: split.train.x.shape[0]!, validationSize: split.validation.x.shape[0]! };
}
