import { ScratchnetError } from '../errors.js';
import { modelFromWeights } from '../io/model-file.js';
import { loadWeightsFile } from '../io/weights-file.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { ARCHITECTURES, type Architecture, type SavableNet } from '../nets/serialize.js';
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
    description:
      "activation when the architecture is inferred (default: sigmoid for the book's chapter 3 weights, else relu)",
  }),
};

/** A network read from a weights file, its architecture and the file's path. */
export interface CliModel {
  /** The network, with the file's weights. */
  net: SavableNet;
  /** Its architecture: from the file's metadata, from --arch, or inferred from the weight shapes. */
  arch: Architecture;
  /** The file, as --weights gave it. */
  path: string;
  /** How the architecture was guessed, for files that do not store one (to print on stderr); else null. */
  guess: string | null;
}

/** The scores per sample the network gives: its classes, or 1 for a single sigmoid or regression output. */
export function outputCount(net: SavableNet, arch: Architecture): number {
  if (arch.type !== 'sequential') return arch.outputSize;
  return net instanceof Sequential ? (net.outputShape[0] ?? 1) : 1;
}

// Kept here for the commands that check a resumed checkpoint's weights.
export { checkFiniteWeights } from '../io/model-file.js';

/**
 * The network described by --weights (and --arch / --activation for files without an architecture).
 * Throws `BAD_ARGUMENT` without --weights, and the reader's error, prefixed with the path, for a bad file.
 * The library's `loadModel` takes the same path (`modelFromWeights`), guessing nothing.
 */
export function loadCliModel(options: OptionValues<typeof MODEL_OPTIONS>, dtype: FloatDType): CliModel {
  const path = options.weights;
  if (path === undefined || path === '') throw new ScratchnetError('BAD_ARGUMENT', '--weights <file> is required');
  const architecture = options.arch === undefined ? undefined : ARCHITECTURES[options.arch];
  if (options.arch !== undefined && architecture === undefined)
    throw new ScratchnetError('BAD_ARGUMENT', `--arch names no architecture: ${options.arch}`);
  const file = loadWeightsFile(path);
  const { activation } = options;
  const loaded = modelFromWeights(file, path, { dtype, architecture, activation, guessArchitecture: true });
  return { net: loaded.net, arch: loaded.architecture, path, guess: loaded.guess };
}
