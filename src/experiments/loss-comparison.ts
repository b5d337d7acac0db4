/**
 * Chapter 6's two MNIST loss comparisons, both on the book's 784-100-100-100-100-10 ReLU network
 * with mini-batches of 128 for 2000 iterations: the four optimizers (optimizer_compare_mnist.py,
 * figure 6-9) and three weight initialisations under SGD (weight_init_compare.py, figure 6-15).
 */
import type { Dataset } from '../data/types.js';
import { check } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { MultiLayerNet } from '../nets/multi-layer-net.js';
import type { WeightInit } from '../nets/weight-init.js';
import { createOptimizer } from '../optim/factory.js';
import type { OptimizerName } from '../optim/types.js';
import { trainSideBySide, type SideBySideStep } from './side-by-side.js';
import { smoothCurve } from './smooth.js';
import { checkDataset, checkKnownOptions } from '../validate.js';

/** One curve of a loss comparison. */
export interface LossCurve {
  /** The network's name in the figure (an optimizer or a weight initialisation). */
  label: string;
  /** The mini-batch loss of every iteration. */
  loss: number[];
  /** `loss` through the book's `smooth_curve`, as its figures draw it. */
  smoothed: number[];
}

/** What a loss comparison returns: one curve per network, in the order compared. */
export interface LossComparison {
  /** One curve per network, in the order compared. */
  curves: LossCurve[];
  /** Mini-batches each network trained on. */
  iterations: number;
  /** Samples per mini-batch. */
  batchSize: number;
}

/** Options both comparisons take. */
export interface LossComparisonOptions {
  /** Iterations (default 2000, the book's `max_iterations`). */
  iterations?: number;
  /** Samples per mini-batch (default 128). */
  batchSize?: number;
  /** Hidden layer sizes (default four of 100). */
  hiddenSizes?: readonly number[];
  /**
   * Seeds the batches and the initial weights. Every network is drawn from the same seed, so all of
   * them start from the same random numbers (scaled differently in the weight-init comparison).
   */
  seed?: number;
  /** float32 (default, the fast kernels) or float64 (numpy's default). */
  dtype?: FloatDType;
  /** Called after every iteration with each network's loss. */
  onIteration?(step: SideBySideStep): void;
}

/** One optimizer of the MNIST comparison. */
export interface MnistOptimizer {
  /** Which optimizer class trains the network. */
  name: OptimizerName;
  /** Its name in the figure (e.g. 'Momentum'). */
  label: string;
  /** The learning rate. */
  lr: number;
}

/** The book's optimizers for figure 6-9, each with its class's default learning rate. */
export const BOOK_MNIST_OPTIMIZERS: readonly MnistOptimizer[] = Object.freeze([
  { name: 'sgd', label: 'SGD', lr: 0.01 },
  { name: 'momentum', label: 'Momentum', lr: 0.01 },
  { name: 'adagrad', label: 'AdaGrad', lr: 0.01 },
  { name: 'adam', label: 'Adam', lr: 0.001 },
]);

/** One initialisation of the weight-init comparison. */
export interface WeightInitChoice {
  /** Its name in the figure (e.g. 'Xavier'). */
  label: string;
  /** A standard deviation, 'xavier' (sqrt(1/n)) or 'he' (sqrt(2/n)). */
  weightInit: WeightInit;
}

/** The book's initialisations for figure 6-15. */
export const BOOK_WEIGHT_INITS: readonly WeightInitChoice[] = Object.freeze([
  { label: 'std=0.01', weightInit: 0.01 },
  { label: 'Xavier', weightInit: 'xavier' },
  { label: 'He', weightInit: 'he' },
]);

interface Resolved {
  iterations: number;
  batchSize: number;
  hiddenSizes: number[];
  seed: number;
  dtype: FloatDType;
}

function resolve(options: LossComparisonOptions, who: string): Resolved {
  const {
    iterations = 2000,
    batchSize = 128,
    hiddenSizes = [100, 100, 100, 100],
    seed = 1,
    dtype = 'float32',
  } = options;
  check(
    Number.isInteger(iterations) && iterations >= 1,
    `${who}: iterations must be a positive integer, got ${iterations}`,
  );
  check(Number.isInteger(seed) && seed >= 0, `${who}: seed must be a non-negative integer, got ${seed}`);
  return { iterations, batchSize, hiddenSizes: [...hiddenSizes], seed, dtype };
}

function mnistNet(train: Dataset, r: Resolved, weightInit: WeightInit | undefined): MultiLayerNet {
  return new MultiLayerNet({
    inputSize: train.x.size / train.x.shape[0]!,
    hiddenSizes: r.hiddenSizes,
    outputSize: 10,
    activation: 'relu',
    ...(weightInit === undefined ? {} : { weightInit }),
    dtype: r.dtype,
    seed: r.seed,
  });
}

function finish(labels: readonly string[], losses: number[][], r: Resolved): LossComparison {
  return {
    curves: labels.map((label, i) => ({ label, loss: losses[i]!, smoothed: smoothCurve(losses[i]!) })),
    iterations: r.iterations,
    batchSize: r.batchSize,
  };
}

/**
 * Figure 6-9: SGD, Momentum, AdaGrad and Adam, each training its own copy of the network (He
 * initialisation, the book's MultiLayerNet default) on the same batches. `train` holds MNIST's
 * training images as rows of 784 and its labels (indices or one-hot).
 *
 * @example
 * const { curves } = await compareOptimizers(loadMnist({ dtype: 'float32' }).train, { iterations: 500 });
 */
export async function compareOptimizers(
  train: Dataset,
  options: LossComparisonOptions & { optimizers?: readonly MnistOptimizer[] } = {},
): Promise<LossComparison> {
  checkDataset(train, 'train', 'compareOptimizers');
  checkKnownOptions(
    options,
    ['iterations', 'batchSize', 'hiddenSizes', 'seed', 'dtype', 'onIteration', 'optimizers'],
    'compareOptimizers',
  );
  const r = resolve(options, 'compareOptimizers');
  const choices = options.optimizers ?? BOOK_MNIST_OPTIMIZERS;
  const runs = choices.map((o) => ({
    label: o.label,
    net: mnistNet(train, r, undefined),
    optimizer: createOptimizer(o.name, { lr: o.lr }),
  }));
  const losses = await trainSideBySide(runs, train, {
    iterations: r.iterations,
    batchSize: r.batchSize,
    seed: r.seed,
    onIteration: options.onIteration,
  });
  return finish(
    choices.map((o) => o.label),
    losses,
    r,
  );
}

/**
 * Figure 6-15: the same network started from weights of standard deviation 0.01, Xavier's
 * sqrt(1/n) and He's sqrt(2/n), trained with SGD at lr 0.01 (default) on the same batches.
 */
export async function compareWeightInits(
  train: Dataset,
  options: LossComparisonOptions & { inits?: readonly WeightInitChoice[]; lr?: number } = {},
): Promise<LossComparison> {
  checkDataset(train, 'train', 'compareWeightInits');
  checkKnownOptions(
    options,
    ['iterations', 'batchSize', 'hiddenSizes', 'seed', 'dtype', 'onIteration', 'inits', 'lr'],
    'compareWeightInits',
  );
  const r = resolve(options, 'compareWeightInits');
  const choices = options.inits ?? BOOK_WEIGHT_INITS;
  const lr = options.lr ?? 0.01;
  const runs = choices.map((c) => ({
    label: c.label,
    net: mnistNet(train, r, c.weightInit),
    optimizer: createOptimizer('sgd', { lr }),
  }));
  const losses = await trainSideBySide(runs, train, {
    iterations: r.iterations,
    batchSize: r.batchSize,
    seed: r.seed,
    onIteration: options.onIteration,
  });
  return finish(
    choices.map((c) => c.label),
    losses,
    r,
  );
}
