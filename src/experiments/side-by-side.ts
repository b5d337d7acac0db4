/**
 * The training loop of the book's chapter 6 comparisons (optimizer_compare_mnist.py,
 * weight_init_compare.py, batch_norm_test.py): several networks trained in lockstep, each iteration
 * drawing one mini-batch that every network then learns from. Sharing the batches means the curves
 * differ only by what is being compared, not by the luck of the draw.
 */
import type { Dataset } from '../data/types.js';
import { check } from '../errors.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Random } from '../ndarray/random.js';
import type { Network } from '../nets/types.js';
import { RowGatherer } from '../train/batch.js';
import type { ParamUpdater } from '../train/types.js';
import { checkDataset, checkKnownOptions, checkList, checkObjectList } from '../validate.js';

/** One network of a side-by-side run, with the optimizer that updates it. */
export interface SideBySideRun {
  /** Names the run in the results. */
  label: string;
  /** The network trained. */
  net: Network;
  /** Updates `net`'s parameters after every mini-batch. */
  optimizer: ParamUpdater;
}

/** What `trainSideBySide` hands `onIteration` after every iteration. */
export interface SideBySideStep {
  /** Iterations done, counting from 1. */
  iteration: number;
  /** This iteration's mini-batch loss of each run, in the order of the runs. */
  losses: readonly number[];
}

/** Options of `trainSideBySide`. */
export interface SideBySideOptions {
  /** Iterations (mini-batches) in all. */
  iterations: number;
  /** Samples per mini-batch (default 100). */
  batchSize?: number;
  /** Seeds the batch sampling, so the same seed draws the same batches. */
  seed?: number;
  /** Called after every iteration, when every run has been updated. */
  onIteration?(step: SideBySideStep): void;
  /**
   * Iterations between yields to the event loop (default 50; 0 never yields), as the Trainer does:
   * a page stays responsive, and the arrays of finished networks, which live in the kernels' memory
   * and are handed back by a FinalizationRegistry, can be reclaimed during a long run.
   */
  yieldEvery?: number;
}

function yieldToEventLoop(): Promise<void> {
  // A macrotask: finalization callbacks and a browser's repaints run only between tasks.
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Trains every run on the same mini-batches, drawn with replacement as the book's
 * `np.random.choice(train_size, batch_size)` draws them, and returns each run's loss per iteration
 * (the loss of the batch before that iteration's update, which one forward pass gives together with
 * the gradient; the book computes it again after the update, one more forward pass).
 */
export async function trainSideBySide(
  runs: readonly SideBySideRun[],
  train: Dataset,
  options: SideBySideOptions,
): Promise<number[][]> {
  checkObjectList(runs, ['net', 'optimizer'], 'runs', 'trainSideBySide');
  checkList(runs, 'runs', 'trainSideBySide');
  checkDataset(train, 'train', 'trainSideBySide');
  checkKnownOptions(options, ['iterations', 'batchSize', 'seed', 'onIteration', 'yieldEvery'], 'trainSideBySide');
  const { iterations, batchSize = 100, seed, onIteration, yieldEvery = 50 } = options;
  check(runs.length > 0, 'trainSideBySide: give at least one run');
  check(
    Number.isInteger(iterations) && iterations >= 1,
    `trainSideBySide: iterations must be a positive integer, got ${iterations}`,
  );
  check(
    Number.isInteger(batchSize) && batchSize >= 1,
    `trainSideBySide: batchSize must be a positive integer, got ${batchSize}`,
  );
  check(
    Number.isInteger(yieldEvery) && yieldEvery >= 0,
    `trainSideBySide: yieldEvery must be a non-negative integer, got ${yieldEvery}`,
  );
  const rows = train.x.shape[0] ?? 0;
  check(
    rows >= 1 && train.t.shape[0] === rows,
    `trainSideBySide: train.x and train.t must hold the same number (>= 1) of samples, got ${rows} and ${train.t.shape[0]}`,
  );
  const rng = new Random(seed);
  const xs = new RowGatherer(train.x, batchSize);
  const ts = new RowGatherer(train.t, batchSize);
  const losses = runs.map(() => new Array<number>(iterations));
  const indices = new Int32Array(batchSize);
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < batchSize; j++) indices[j] = rng.int(rows);
    const x: NDArray = xs.gather(indices, batchSize);
    const t: NDArray = ts.gather(indices, batchSize);
    const step: number[] = [];
    runs.forEach((run, k) => {
      const { loss, grads } = run.net.lossAndGradient(x, t);
      run.optimizer.update(run.net.params, grads);
      losses[k]![i] = loss;
      step.push(loss);
    });
    onIteration?.({ iteration: i + 1, losses: step });
    if (yieldEvery > 0 && (i + 1) % yieldEvery === 0) await yieldToEventLoop();
  }
  return losses;
}
