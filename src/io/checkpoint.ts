/**
 * A training checkpoint as one safetensors file, so that replacing it is one atomic rename: the
 * network's arrays under their own names (W1, b1, ..., so `scratchnet eval` reads the file as a
 * model), the optimizer's buffers as `optimizer.<param>.<buffer>`, the shuffle permutation as
 * `trainer.order`, and everything else (Trainer state, history, generators) as JSON in the metadata
 * entry `scratchnet.checkpoint`. Other metadata entries are the caller's. Works on bytes only.
 */
import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { RandomState } from '../ndarray/random.js';
import type { OptimizerState, SerializedBuffer } from '../optim/types.js';
import type { Checkpoint } from '../train/checkpoint.js';
import type { TrainerState } from '../train/types.js';
import { setOwn } from './elements.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { checkObject, checkString, named } from '../validate.js';

/** The metadata entry that marks a safetensors file as a checkpoint and holds its state. */
export const CHECKPOINT_KEY = 'scratchnet.checkpoint';
const OPTIMIZER_PREFIX = 'optimizer.';
const ORDER_NAME = 'trainer.order';

/** What the JSON entry holds: the checkpoint minus its arrays. */
interface StoredState {
  version: 1;
  trainer: Omit<TrainerState, 'order'>;
  optimizer: (Omit<OptimizerState, 'buffers'> & { buffers: Record<string, string[]> }) | null;
  networkRandom: RandomState[];
}

/**
 * The bytes of `checkpoint` (see the module comment for the layout). Throws `BAD_ARGUMENT` when a
 * metadata key is the reserved one or a parameter name holds a '.'.
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  return named('encodeCheckpoint', () => {
    if (
      typeof checkpoint !== 'object' ||
      checkpoint === null ||
      typeof checkpoint.tensors !== 'object' ||
      typeof checkpoint.trainer !== 'object'
    ) {
      throw new ScratchnetError('BAD_ARGUMENT', 'encodeCheckpoint: checkpoint must come from captureCheckpoint()');
    }
    const tensors: Record<string, NDArray> = {};
    for (const [name, array] of Object.entries(checkpoint.tensors)) {
      if (name.includes('.'))
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `encodeCheckpoint: array name "${name}" may not contain '.' (reserved for optimizer and trainer entries)`,
        );
      setOwn(tensors, name, array);
    }
    let optimizer: StoredState['optimizer'] = null;
    if (checkpoint.optimizer !== null) {
      const { buffers, ...rest } = checkpoint.optimizer;
      const names: Record<string, string[]> = {};
      for (const [param, entry] of Object.entries(buffers)) {
        names[param] = Object.keys(entry);
        for (const [buffer, b] of Object.entries(entry)) {
          setOwn(
            tensors,
            `${OPTIMIZER_PREFIX}${param}.${buffer}`,
            new NDArray(
              b.dtype === 'float32' ? Float32Array.from(b.data) : Float64Array.from(b.data),
              b.shape,
              b.dtype,
            ),
          );
        }
      }
      optimizer = { ...rest, buffers: names };
    }
    const { order, ...trainer } = checkpoint.trainer;
    if (order !== null) setOwn(tensors, ORDER_NAME, new NDArray(order.slice(), [order.length], 'int32'));
    if (CHECKPOINT_KEY in checkpoint.metadata)
      throw new ScratchnetError('BAD_ARGUMENT', `encodeCheckpoint: metadata key "${CHECKPOINT_KEY}" is reserved`);
    const stored: StoredState = { version: 1, trainer, optimizer, networkRandom: checkpoint.networkRandom };
    return encodeSafetensors(tensors, { ...checkpoint.metadata, [CHECKPOINT_KEY]: JSON.stringify(stored) });
  });
}

/** True when safetensors metadata marks the file as a checkpoint. */
export function isCheckpoint(metadata: Record<string, string>): boolean {
  return named('isCheckpoint', () => {
    checkObject(metadata, 'metadata', 'isCheckpoint');
    return Object.hasOwn(metadata, CHECKPOINT_KEY);
  });
}

/** The model's own arrays of a checkpoint file's tensors (without the optimizer's and the trainer's). */
export function modelTensors(tensors: Record<string, NDArray>): Record<string, NDArray> {
  return named('modelTensors', () => {
    checkObject(tensors, 'tensors', 'modelTensors');
    const out: Record<string, NDArray> = {};
    for (const [name, array] of Object.entries(tensors)) if (!name.includes('.')) setOwn(out, name, array);
    return out;
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a checkpoint written by `encodeCheckpoint`. Throws ScratchnetError `BAD_FILE` naming `name`
 * and the entry for anything that is not one: a malformed safetensors file, a missing or malformed
 * state entry, optimizer buffers that are missing or not float. Whether the state fits a Trainer is
 * checked by `restoreCheckpoint`.
 */
export function decodeCheckpoint(bytes: Uint8Array, name = '<bytes>'): Checkpoint {
  return named('decodeCheckpoint', () => {
    checkString(name, 'name', 'decodeCheckpoint');
    const { tensors: all, metadata } = decodeSafetensors(bytes, name);
    const bad = (problem: string): ScratchnetError =>
      new ScratchnetError('BAD_FILE', `${name}: not a valid scratchnet checkpoint: ${problem}`);
    if (!isCheckpoint(metadata)) throw bad(`no "${CHECKPOINT_KEY}" metadata entry (a model file, not a checkpoint?)`);
    let stored: unknown;
    try {
      stored = JSON.parse(metadata[CHECKPOINT_KEY]!);
    } catch {
      throw bad(`the "${CHECKPOINT_KEY}" entry is not valid JSON`);
    }
    if (!isObject(stored) || stored.version !== 1) throw bad('unknown checkpoint version');
    const { trainer, optimizer, networkRandom } = stored;
    if (
      !isObject(trainer) ||
      !isObject(trainer.history) ||
      !isObject(trainer.rng) ||
      !isObject(trainer.earlyStopping)
    ) {
      throw bad('the trainer state is missing or malformed');
    }
    if (!Array.isArray(networkRandom) || !networkRandom.every(isObject))
      throw bad('networkRandom is not a list of generator states');

    let optimizerState: OptimizerState | null = null;
    if (optimizer !== null) {
      if (!isObject(optimizer) || !isObject(optimizer.buffers)) throw bad('the optimizer state is malformed');
      const buffers: Record<string, Record<string, SerializedBuffer>> = {};
      for (const [param, names] of Object.entries(optimizer.buffers)) {
        if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
          throw bad(`optimizer buffers of "${param}" are not a list of names`);
        const entry: Record<string, SerializedBuffer> = {};
        for (const buffer of names as string[]) {
          const array = all[`${OPTIMIZER_PREFIX}${param}.${buffer}`];
          if (array === undefined || (array.dtype !== 'float32' && array.dtype !== 'float64')) {
            throw bad(`optimizer buffer "${OPTIMIZER_PREFIX}${param}.${buffer}" is missing or not float32/float64`);
          }
          setOwn(entry, buffer, { shape: [...array.shape], dtype: array.dtype, data: Array.from(array.data) });
        }
        setOwn(buffers, param, entry);
      }
      optimizerState = { ...(optimizer as unknown as OptimizerState), buffers };
    }

    const order = all[ORDER_NAME];
    if (order !== undefined && (order.dtype !== 'int32' || order.ndim !== 1))
      throw bad(`"${ORDER_NAME}" must be a 1-D int32 array`);
    const userMetadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(metadata)) if (k !== CHECKPOINT_KEY) setOwn(userMetadata, k, v);
    return {
      version: 1,
      trainer: {
        ...(trainer as unknown as Omit<TrainerState, 'order'>),
        order: order === undefined ? null : (order.data as Int32Array),
      },
      tensors: modelTensors(all),
      optimizer: optimizerState,
      networkRandom: networkRandom as unknown as RandomState[],
      metadata: userMetadata,
    };
  });
}
