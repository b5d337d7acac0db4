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
import { choiceOption, stringOption, type OptionSpec, type ParsedArgs } from './command.js';

export const MODEL_OPTIONS: Record<string, OptionSpec> = {
  weights: {
    type: 'string',
    value: 'file',
    description: 'weights: scratchnet safetensors, .npz, or a Python pickle of a dict of numpy arrays',
  },
  arch: {
    type: 'string',
    value: 'name',
    description: `architecture for files without one: ${Object.keys(ARCHITECTURES).join(', ')} (default: inferred from the weight shapes)`,
  },
  activation: {
    type: 'string',
    value: 'relu|sigmoid',
    description: 'activation when the architecture is inferred',
    default: 'relu',
  },
};

/** The network described by --weights (and --arch / --activation for files without an architecture). */
export function loadModel(args: ParsedArgs, dtype: FloatDType): { net: SavableNet; arch: Architecture; path: string } {
  const path = stringOption(args, 'weights', '');
  if (path === '') throw new ScratchnetError('BAD_ARGUMENT', '--weights <file> is required');
  const file = loadWeightsFile(path);
  // A training checkpoint is a model file too, once its optimizer and trainer entries are set aside.
  if (isCheckpoint(file.metadata)) file.tensors = modelTensors(file.tensors);
  const archName = args.values.arch;
  let arch: Architecture | null = null;
  if (typeof archName === 'string') {
    arch = ARCHITECTURES[archName] ?? null;
    if (arch === null)
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `--arch must be one of ${Object.keys(ARCHITECTURES).join(', ')}, got "${archName}"`,
      );
  } else {
    arch =
      architectureFromMetadata(file.metadata) ??
      inferArchitecture(file.tensors, choiceOption(args, 'activation', ['relu', 'sigmoid'] as const, 'relu'));
  }
  try {
    return { net: modelFromTensors(file.tensors, arch, dtype), arch, path };
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}
