import { ScratchnetError } from '../errors.js';
import { isCheckpoint, modelTensors } from '../io/checkpoint.js';
import { loadWeightsFile } from '../io/weights-file.js';
import type { FloatDType } from '../ndarray/dtype.js';
import {
  ARCHITECTURES,
  architectureFromMetadata,
  inferArchitecture,
  modelFromTensors,
  type Architecture,
  type SavableNet,
} from '../nets/serialize.js';
import { Sequential } from '../nets/sequential.js';
import { option, type OptionValues } from './options.js';

/** The options that name a trained network: --weights, and --arch / --activation for files without an architecture. */
export const MODEL_OPTIONS = {
  weights: option.string({
    value: 'file',
    description: 'weights: scratchnet safetensors, .npz, or a Python pickle of a dict of numpy arrays',
  }),
  arch: option.choice(Object.keys(ARCHITECTURES), {
    value: 'name',
    description: `architecture for files without one: ${Object.keys(ARCHITECTURES).join(', ')} (default: inferred from the weight shapes)`,
  }),
  activation: option.choice(['relu', 'sigmoid'] as const, {
    description: 'activation when the architecture is inferred',
    default: 'relu',
  }),
};

/** A network read from a weights file, its architecture and the file's path. */
export interface LoadedModel {
  /** The network, with the file's weights. */
  net: SavableNet;
  /** Its architecture: from the file's metadata, from --arch, or inferred from the weight shapes. */
  arch: Architecture;
  /** The file, as --weights gave it. */
  path: string;
}

/** The scores per sample the network gives: its classes, or 1 for a single sigmoid or regression output. */
export function outputCount(net: SavableNet, arch: Architecture): number {
  if (arch.type !== 'sequential') return arch.outputSize;
  return net instanceof Sequential ? (net.outputShape[0] ?? 1) : 1;
}

/**
 * The network described by --weights (and --arch / --activation for files without an architecture).
 * Throws `BAD_ARGUMENT` without --weights, and the reader's error, prefixed with the path, for a bad file.
 */
export function loadModel(options: OptionValues<typeof MODEL_OPTIONS>, dtype: FloatDType): LoadedModel {
  const path = options.weights;
  if (path === undefined || path === '') throw new ScratchnetError('BAD_ARGUMENT', '--weights <file> is required');
  const file = loadWeightsFile(path);
  // A training checkpoint is a model file too, once its optimizer and trainer entries are set aside.
  if (isCheckpoint(file.metadata)) file.tensors = modelTensors(file.tensors);
  const arch =
    options.arch === undefined
      ? (architectureFromMetadata(file.metadata) ?? inferArchitecture(file.tensors, options.activation))
      : ARCHITECTURES[options.arch];
  if (arch === undefined) throw new ScratchnetError('BAD_ARGUMENT', `--arch names no architecture: ${options.arch}`);
  try {
    return { net: modelFromTensors(file.tensors, arch, dtype), arch, path };
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}
