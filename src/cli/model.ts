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
import type { NDArray } from '../ndarray/ndarray.js';
import { checkFinite } from '../validate.js';
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
    description:
      "activation when the architecture is inferred (default: sigmoid for the book's chapter 3 weights, else relu)",
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
  /** How the architecture was guessed, for files that do not store one (to print on stderr); else null. */
  guess: string | null;
}

/** The book's chapter 3 weights (sample_weight.pkl): 784-50-100-10, trained with sigmoid. */
function isBookChapter3(tensors: Record<string, NDArray>): boolean {
  const shapes: Record<string, number[]> = {
    W1: [784, 50],
    b1: [50],
    W2: [50, 100],
    b2: [100],
    W3: [100, 10],
    b3: [10],
  };
  const names = Object.keys(tensors);
  return (
    names.length === 6 &&
    names.every((n) => shapes[n] !== undefined && tensors[n]?.shape.join(',') === shapes[n].join(','))
  );
}

/** The architecture for a file that stores none: --arch, else inferred from the shapes (and --activation). */
function guessArchitecture(
  tensors: Record<string, NDArray>,
  activation: 'relu' | 'sigmoid' | undefined,
): { arch: Architecture; guess: string } {
  if (activation === undefined && isBookChapter3(tensors)) {
    return {
      arch: ARCHITECTURES['book-ch03']!,
      guess: "the book's chapter 3 network (784-50-100-10, sigmoid); --arch or --activation to say otherwise",
    };
  }
  const arch = inferArchitecture(tensors, activation ?? 'relu');
  const how =
    activation === undefined ? 'relu assumed: --activation sigmoid if it was trained with sigmoid' : activation;
  return { arch, guess: `inferred from the weight shapes (${how})` };
}

/** The scores per sample the network gives: its classes, or 1 for a single sigmoid or regression output. */
export function outputCount(net: SavableNet, arch: Architecture): number {
  if (arch.type !== 'sequential') return arch.outputSize;
  return net instanceof Sequential ? (net.outputShape[0] ?? 1) : 1;
}

/** A model whose weights hold NaN or infinity predicts nonsense: refuse it, naming the tensor. */
export function checkFiniteWeights(tensors: Record<string, NDArray>, path: string): void {
  for (const [name, tensor] of Object.entries(tensors)) {
    try {
      checkFinite(tensor, name, path);
    } catch (error) {
      if (!(error instanceof ScratchnetError)) throw error;
      throw new ScratchnetError(
        'BAD_FILE',
        `${error.message.replace(/; inputs must be finite numbers$/, '')}: the weights are unusable (damaged, or saved from a run that diverged)`,
      );
    }
  }
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
  checkFiniteWeights(file.tensors, path);
  const saved = options.arch === undefined ? architectureFromMetadata(file.metadata) : ARCHITECTURES[options.arch];
  if (options.arch !== undefined && saved === undefined)
    throw new ScratchnetError('BAD_ARGUMENT', `--arch names no architecture: ${options.arch}`);
  const { arch, guess } = saved ? { arch: saved, guess: null } : guessArchitecture(file.tensors, options.activation);
  try {
    return { net: modelFromTensors(file.tensors, arch, dtype), arch, path, guess };
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}
