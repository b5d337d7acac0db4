/**
 * Chapter 6's overfitting study (overfit_weight_decay.py and overfit_dropout.py, figures 6-20,
 * 6-21 and 6-23): a 784-[100×6]-10 network has far more weights than 300 training images need, so
 * it learns them by heart (train accuracy 1.0) while test accuracy stays well below. Weight decay
 * and dropout narrow that gap.
 */
import type { DataSplits } from '../data/types.js';
import { check } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { MultiLayerNet } from '../nets/multi-layer-net.js';
import { SGD } from '../optim/sgd.js';
import { Trainer } from '../train/trainer.js';
import { checkDataset, checkKnownOptions, checkObject } from '../validate.js';

/** One run of the study: what regularisation, if any. */
export interface RegularisationSetting {
  /** Its name in the figure (e.g. 'weight decay 0.1'). */
  label: string;
  /** L2 weight decay λ (default 0). */
  weightDecayLambda?: number;
  /** Dropout after every hidden layer with this ratio (default none). */
  dropoutRatio?: number;
}

/** The book's three runs: none, weight decay λ = 0.1 (figure 6-21), dropout 0.15 (figure 6-23). */
export const BOOK_REGULARISATION_SETTINGS: readonly RegularisationSetting[] = Object.freeze([
  { label: 'no regularisation' },
  { label: 'weight decay 0.1', weightDecayLambda: 0.1 },
  { label: 'dropout 0.15', dropoutRatio: 0.15 },
]);

/** One run's accuracies, one value per epoch. */
export interface OverfittingRun extends RegularisationSetting {
  /** Accuracy on the training samples after each epoch (0..1). */
  trainAcc: number[];
  /** Accuracy on the test samples after each epoch (0..1). */
  testAcc: number[];
}

/** Options of `overfittingStudy`. */
export interface OverfittingOptions {
  /** The runs (default `BOOK_REGULARISATION_SETTINGS`, the book's three). */
  settings?: readonly RegularisationSetting[];
  /** Training samples, the first of `data.train` (default 300). */
  trainSize?: number;
  /** Epochs (default 201, the book's `max_epochs`). */
  epochs?: number;
  /** Samples per mini-batch (default 100; at most the training samples). */
  batchSize?: number;
  /** SGD's learning rate (default 0.01). */
  lr?: number;
  /** Hidden layer sizes (default six of 100). */
  hiddenSizes?: readonly number[];
  /**
   * Seeds the weights, the dropout masks and the batches. Runs without dropout start from the same
   * weights and see the same batches; dropout's mask seeds are drawn between the layers' weights.
   */
  seed?: number;
  /** float32 (default, the fast kernels) or float64 (numpy's default). */
  dtype?: FloatDType;
  /** Called after every epoch of every run. */
  onEpoch?(info: { run: number; epoch: number; trainAcc: number; testAcc: number }): void;
}

/**
 * Trains the network once per setting with the Trainer (SGD, batches drawn with replacement) and
 * records accuracy on all training samples and on `data.test` after every epoch. The test set is
 * used whole: cut it beforehand for a quicker, noisier curve.
 */
export async function overfittingStudy(data: DataSplits, options: OverfittingOptions = {}): Promise<OverfittingRun[]> {
  checkObject(data, 'data', 'overfittingStudy');
  checkDataset(data.train, 'data.train', 'overfittingStudy');
  checkDataset(data.test, 'data.test', 'overfittingStudy');
  checkKnownOptions(
    options,
    ['settings', 'trainSize', 'epochs', 'batchSize', 'lr', 'hiddenSizes', 'seed', 'dtype', 'onEpoch'],
    'overfittingStudy',
  );
  const {
    settings = BOOK_REGULARISATION_SETTINGS,
    trainSize = 300,
    epochs = 201,
    batchSize = 100,
    lr = 0.01,
    hiddenSizes = [100, 100, 100, 100, 100, 100],
    seed = 1,
    dtype = 'float32',
    onEpoch,
  } = options;
  check(
    Number.isInteger(trainSize) && trainSize >= 1,
    `overfittingStudy: trainSize must be a positive integer, got ${trainSize}`,
  );
  check(Number.isInteger(epochs) && epochs >= 1, `overfittingStudy: epochs must be a positive integer, got ${epochs}`);
  const train = { x: data.train.x.slice(0, trainSize), t: data.train.t.slice(0, trainSize) };
  const runs: OverfittingRun[] = [];
  for (const [run, setting] of settings.entries()) {
    const { weightDecayLambda = 0, dropoutRatio } = setting;
    const net = new MultiLayerNet({
      inputSize: train.x.size / train.x.shape[0]!,
      hiddenSizes,
      outputSize: 10,
      activation: 'relu',
      weightDecayLambda,
      useDropout: dropoutRatio !== undefined,
      ...(dropoutRatio === undefined ? {} : { dropoutRatio }),
      dtype,
      seed,
    });
    const history = await new Trainer(
      net,
      { train, test: data.test },
      {
        epochs,
        batchSize: Math.min(batchSize, train.x.shape[0]!),
        optimizer: new SGD({ lr }),
        sampling: 'with-replacement',
        seed,
        onEpochEnd: (e) => onEpoch?.({ run, epoch: e.epoch, trainAcc: e.trainAcc, testAcc: e.testAcc }),
      },
    ).fit();
    runs.push({ ...setting, trainAcc: history.trainAcc, testAcc: history.testAcc });
  }
  return runs;
}
