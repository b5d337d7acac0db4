/**
 * A run's progress to and from `TrainerState`, the plain-data snapshot that `Trainer.state()` gives
 * and `Trainer.loadState()` takes. Loading checks every field first, since a state may come from a
 * file, and names the field that is wrong.
 */
import { ScratchnetError } from '../errors.js';
import { Random, type RandomState } from '../ndarray/random.js';
import { LossLog, type Progress, type RunLayout, startingBest } from './progress.js';
import type { EarlyStoppingState, TrainerState, TrainingHistory } from './types.js';

/** A run's progress with the sampling generator's state, as `loadState` leaves it for the next `fit()`. */
export type PendingProgress = Progress & { rng: RandomState };

/** The snapshot of `p` (a run of `layout` whose sampling generator is at `rng`); its arrays are copies. */
export function stateOf(layout: RunLayout, p: Progress, rng: RandomState): TrainerState {
  return {
    version: 1,
    iteration: p.iteration,
    totalIterations: layout.totalIterations,
    batchSize: layout.batchSize,
    trainSize: layout.trainSize,
    sampling: layout.sampling,
    rng,
    order: layout.sampling === 'shuffle' ? p.order.slice() : null,
    lossSum: p.lossSum,
    lossCount: p.lossCount,
    firstLoss: Number.isFinite(p.firstLoss) ? p.firstLoss : null,
    earlyStopping: { best: Number.isFinite(p.best) ? p.best : null, bestEpoch: p.bestEpoch, sinceBest: p.sinceBest },
    history: { ...structuredClone(p.history), loss: p.losses.toArray() },
    elapsedMs: p.elapsedMs,
    ...(layout.evaluate === 'epoch-start' ? { evaluate: 'epoch-start' as const } : {}),
  };
}

function bad(message: string): ScratchnetError {
  return new ScratchnetError('BAD_ARGUMENT', `Trainer.loadState: ${message}`);
}

/** The state's version, and the settings that must match this Trainer's. */
function checkSameRun(layout: RunLayout, state: TrainerState): void {
  checkSameLength(layout, state);
  // A history of evaluations at epoch starts cannot go on with evaluations at epoch ends, or back.
  const timing = state.evaluate ?? 'epoch-end';
  if (timing !== layout.evaluate)
    throw bad(`the state is of a run with evaluate '${String(timing)}', this Trainer has '${layout.evaluate}'`);
}

function checkSameLength(layout: RunLayout, state: TrainerState): void {
  if (typeof state !== 'object' || state === null) throw bad('state must be an object from Trainer.state()');
  if (state.version !== 1) throw bad(`unknown state version ${String(state.version)} (expected 1)`);
  for (const [field, mine] of [
    ['totalIterations', layout.totalIterations],
    ['batchSize', layout.batchSize],
    ['trainSize', layout.trainSize],
    ['sampling', layout.sampling],
  ] as const) {
    if (state[field] !== mine)
      throw bad(
        `the state is of a run with ${field} ${JSON.stringify(state[field])}, this Trainer has ${JSON.stringify(mine)}`,
      );
  }
}

function checkIteration(layout: RunLayout, iteration: number): void {
  if (!Number.isSafeInteger(iteration) || iteration < 0 || iteration > layout.totalIterations) {
    throw bad(`iteration must be an integer in [0, ${layout.totalIterations}], got ${String(iteration)}`);
  }
}

function checkRng(rng: RandomState): void {
  try {
    new Random(0).setState(rng);
  } catch (error) {
    throw bad(`rng: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A copy of the state's permutation ('shuffle' sampling), or an empty one. */
function orderOf(layout: RunLayout, state: TrainerState): Int32Array {
  if (layout.sampling !== 'shuffle') return new Int32Array(0);
  const { trainSize } = layout;
  if (!(state.order instanceof Int32Array) || state.order.length !== trainSize)
    throw bad(`order must be an Int32Array of ${trainSize} indices`);
  // At an epoch boundary the next iteration draws a new permutation; mid-epoch it walks this one.
  if (state.iteration % layout.iterationsPerEpoch !== 0) {
    const seen = new Uint8Array(trainSize);
    for (const i of state.order) {
      if (i < 0 || i >= trainSize || seen[i]) throw bad('order is not a permutation of the training samples');
      seen[i] = 1;
    }
  }
  return state.order.slice();
}

function checkCounters(state: TrainerState): void {
  for (const field of ['lossSum', 'lossCount', 'elapsedMs'] as const) {
    if (typeof state[field] !== 'number' || !Number.isFinite(state[field]) || state[field] < 0)
      throw bad(`${field} must be a finite number >= 0`);
  }
  if (state.firstLoss !== null && (typeof state.firstLoss !== 'number' || !Number.isFinite(state.firstLoss)))
    throw bad('firstLoss must be a finite number or null');
}

function checkEarlyStoppingState(es: EarlyStoppingState): void {
  if (
    typeof es !== 'object' ||
    es === null ||
    (es.best !== null && !Number.isFinite(es.best)) ||
    !Number.isFinite(es.bestEpoch) ||
    !Number.isSafeInteger(es.sinceBest)
  ) {
    throw bad('earlyStopping must be { best: number | null, bestEpoch: number, sinceBest: integer }');
  }
}

function checkHistory(layout: RunLayout, history: TrainingHistory, iteration: number): void {
  const lists = ['loss', 'trainAcc', 'testAcc', 'epochs'] as const;
  if (
    typeof history !== 'object' ||
    history === null ||
    lists.some((k) => !Array.isArray(history[k]) || !history[k].every((v) => typeof v === 'number'))
  ) {
    throw bad('history must hold number arrays loss, trainAcc, testAcc and epochs');
  }
  if (history.loss.length !== iteration || history.iterations !== iteration) {
    throw bad(
      `history holds ${history.loss.length} losses and ${String(history.iterations)} iterations, but the state is at iteration ${iteration}`,
    );
  }
  if (layout.hasValidation !== Array.isArray(history.validationAcc)) {
    throw bad(
      `history ${layout.hasValidation ? 'lacks' : 'has'} validationAcc, but this Trainer ${layout.hasValidation ? 'has' : 'has no'} validation split`,
    );
  }
}

/**
 * The progress `state` describes, for a Trainer of `layout`; its arrays are copies. Throws
 * `BAD_ARGUMENT` naming the field of a malformed state or of one from a different run.
 */
export function progressFromState(layout: RunLayout, state: TrainerState): PendingProgress {
  checkSameRun(layout, state);
  const { iteration, history } = state;
  checkIteration(layout, iteration);
  checkRng(state.rng);
  const order = orderOf(layout, state);
  checkCounters(state);
  const es = state.earlyStopping;
  checkEarlyStoppingState(es);
  checkHistory(layout, history, iteration);
  return {
    iteration,
    order,
    lossSum: state.lossSum,
    lossCount: state.lossCount,
    firstLoss: state.firstLoss ?? Infinity,
    best: es.best ?? startingBest(layout.monitor),
    bestEpoch: es.bestEpoch,
    sinceBest: es.sinceBest,
    history: { ...structuredClone(history), loss: [] },
    losses: new LossLog(layout.totalIterations, history.loss),
    elapsedMs: state.elapsedMs,
    rng: { s: [...state.rng.s] as [number, number, number, number], spare: state.rng.spare },
  };
}
