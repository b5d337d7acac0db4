/**
 * Checkpoints of a training run: the Trainer's state (iteration, sampling generator and permutation,
 * running loss, early stopping, history), the network's arrays (parameters and batch norm's running
 * averages), the optimizer's buffers, and the generators inside the network (dropout masks). Restoring
 * all four into a freshly built Trainer makes `fit()` end with the same weights, bit for bit, as the
 * run that was never interrupted. Bytes and files are `io/checkpoint.ts`'s business; this module only
 * gathers and restores.
 */
import { ScratchnetError } from '../errors.js';
import { BatchNormalization } from '../layers/batch-norm.js';
import { Dropout } from '../layers/dropout.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Random, type RandomState } from '../ndarray/random.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import type { Network } from '../nets/types.js';
import type { OptimizerState } from '../optim/types.js';
import { Trainer } from './trainer.js';
import type { TrainerState } from './types.js';

/** Everything needed to resume a run. Arrays are copies, never the live ones. */
export interface Checkpoint {
  /** Identifies the layout. */
  version: 1;
  /** The Trainer's `state()`: iteration, sampling generator, running loss, history. */
  trainer: TrainerState;
  /** The network's parameters by name (W1, b1, ...), plus batch norm's runningMean1, runningVar1, ... */
  tensors: Record<string, NDArray>;
  /** The optimizer's `state()`, or null for an update rule without one. */
  optimizer: OptimizerState | null;
  /** The generators inside the network (one per dropout layer, in layer order). */
  networkRandom: RandomState[];
  /** Free-form strings stored alongside (the CLI keeps its options and the architecture here). */
  metadata: Record<string, string>;
}

interface StatefulOptimizer {
  state(): OptimizerState;
  loadState(state: OptimizerState): void;
}

function statefulOptimizer(optimizer: unknown): StatefulOptimizer | null {
  const o = optimizer as Partial<StatefulOptimizer>;
  return typeof o.state === 'function' && typeof o.loadState === 'function' ? (o as StatefulOptimizer) : null;
}

/** The layers of a layer-based network (TwoLayerNet, MultiLayerNet), or none for any other Network. */
function layersOf(net: Network): readonly unknown[] {
  const layers = (net as { layers?: unknown }).layers;
  return Array.isArray(layers) ? layers : [];
}

/** The live arrays a checkpoint holds for `net`, by name. */
function liveTensors(net: Network): Record<string, NDArray> {
  const out: Record<string, NDArray> = { ...net.params };
  layersOf(net)
    .filter((l): l is BatchNormalization => l instanceof BatchNormalization)
    .forEach((bn, i) => {
      out[`runningMean${i + 1}`] = bn.runningMean;
      out[`runningVar${i + 1}`] = bn.runningVar;
    });
  return out;
}

function dropoutsOf(net: Network): Dropout[] {
  return layersOf(net).filter((l): l is Dropout => l instanceof Dropout);
}

function checkTrainer(trainer: unknown, where: string): void {
  if (!(trainer instanceof Trainer)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: trainer must be a Trainer, got ${trainer === null ? 'null' : typeof trainer}`,
    );
  }
}

/**
 * Captures where `trainer` stands: call it from `onCheckpoint` (or before or after `fit()`), when the
 * network, optimizer and Trainer agree on the iteration. `metadata` is stored as it is.
 *
 * @example
 * new Trainer(net, data, { iterations: 10000, checkpointEvery: 500, seed: 1,
 *   onCheckpoint: () => saveCheckpoint('run/checkpoint.safetensors', captureCheckpoint(trainer)) });
 */
export function captureCheckpoint(trainer: Trainer, metadata: Record<string, string> = {}): Checkpoint {
  checkTrainer(trainer, 'captureCheckpoint');
  const strings =
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    Object.values(metadata).every((v) => typeof v === 'string');
  if (!strings) {
    throw new ScratchnetError('BAD_ARGUMENT', 'captureCheckpoint: metadata must be an object of strings');
  }
  const tensors: Record<string, NDArray> = {};
  for (const [name, array] of Object.entries(liveTensors(trainer.net))) tensors[name] = array.copy();
  return {
    version: 1,
    trainer: trainer.state(),
    tensors,
    optimizer: statefulOptimizer(trainer.optimizer)?.state() ?? null,
    networkRandom: dropoutsOf(trainer.net).map((d) => d.getRandomState()),
    metadata: { ...metadata },
  };
}

/**
 * Puts `checkpoint` into `trainer` (built like the one that wrote it: same architecture, data size,
 * batch size, sampling, length and optimizer): the network's arrays are overwritten, the optimizer's
 * and the dropout generators' states loaded, and the next `fit()` continues from the checkpoint's
 * iteration. Everything is checked before anything changes; a mismatch is a ScratchnetError naming the
 * array, shape or setting (`SHAPE_MISMATCH` or `BAD_ARGUMENT`).
 */
export function restoreCheckpoint(trainer: Trainer, checkpoint: Checkpoint): void {
  const where = 'restoreCheckpoint';
  checkTrainer(trainer, where);
  if (typeof checkpoint !== 'object' || checkpoint === null || checkpoint.version !== 1) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: not a version 1 checkpoint`);
  }
  const live = liveTensors(trainer.net);
  for (const [name, target] of Object.entries(live)) {
    const source = checkpoint.tensors[name];
    if (!(source instanceof NDArray)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: the checkpoint has no array "${name}" (the network needs ${formatShape(target.shape)})`,
      );
    }
    if (!shapesEqual(source.shape, target.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: array "${name}" has shape ${formatShape(source.shape)} in the checkpoint but ${formatShape(target.shape)} in the network`,
      );
    }
  }
  const extra = Object.keys(checkpoint.tensors).filter((k) => !(k in live));
  if (extra.length > 0)
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: the checkpoint has arrays the network does not: ${extra.join(', ')}`,
    );
  const dropouts = dropoutsOf(trainer.net);
  if (!Array.isArray(checkpoint.networkRandom) || checkpoint.networkRandom.length !== dropouts.length) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: the checkpoint has ${String(checkpoint.networkRandom?.length)} network generators, the network has ${dropouts.length} dropout layers`,
    );
  }
  checkpoint.networkRandom.forEach((state, i) => {
    try {
      new Random(0).setState(state);
    } catch (error) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: networkRandom[${i}]: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });

  // The two steps that can still refuse, the second undoing the first if it does.
  const optimizer = statefulOptimizer(trainer.optimizer);
  if (checkpoint.optimizer !== null && optimizer === null) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: the checkpoint holds ${checkpoint.optimizer.name} state, but the Trainer's optimizer has no loadState()`,
    );
  }
  const before = optimizer?.state();
  if (checkpoint.optimizer !== null) optimizer!.loadState(checkpoint.optimizer);
  try {
    trainer.loadState(checkpoint.trainer);
  } catch (error) {
    if (before !== undefined) optimizer!.loadState(before);
    throw error;
  }

  for (const [name, target] of Object.entries(live)) target.data.set(checkpoint.tensors[name]!.data);
  dropouts.forEach((d, i) => d.setRandomState(checkpoint.networkRandom[i]!));
}
