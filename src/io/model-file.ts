/**
 * A whole model in one safetensors file: its weights (and batch norm's running averages), its
 * architecture and what its training data taught it beyond the weights (class names, feature names,
 * feature scaling), so that one call saves it and one call gives back a network that predicts the
 * same. Works on bytes only, so it runs unchanged in a browser; Node's `saveModel`/`loadModel` add
 * the file (model-files.ts).
 */
import { ScratchnetError } from '../errors.js';
import type { FloatDType } from '../ndarray/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { checkActivation, type ActivationName } from '../nets/activation.js';
import { checkArchitectureArgument, isModelDataFields } from '../nets/architecture.js';
import {
  ARCHITECTURES,
  architectureFromMetadata,
  architectureOf,
  checkModelData,
  checkSavable,
  inferArchitecture,
  modelFromTensors,
  modelToTensors,
  type Architecture,
  type BuiltNet,
  type ModelData,
  type SavableNet,
} from '../nets/serialize.js';
import { checkBytes, checkFinite, checkFloatDType, checkKnownOptions, named } from '../validate.js';
import { isCheckpoint, modelTensors } from './checkpoint.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** A network read back from a model file, with what it needs to be used as it was trained. */
export interface LoadedModel {
  /** The network, with the file's weights (a TwoLayerNet comes back as the equivalent MultiLayerNet). */
  net: BuiltNet;
  /** Class names, feature names and feature scaling saved with it (empty when none were). */
  data: ModelData;
  /** Its architecture: from the file, from `options.architecture`, or inferred from the weight shapes. */
  architecture: Architecture;
}

/** How `decodeModel` and `loadModel` build the network. */
export interface LoadModelOptions {
  /**
   * The element type to compute in. Default: the one it was saved in (float32 weights load as a
   * float32 network, so predictions match the saved network's exactly; anything else as float64).
   */
  dtype?: FloatDType;
  /**
   * The architecture, for files that store none (.npz, pickles, safetensors written by other tools);
   * it also overrides a stored one.
   */
  architecture?: Architecture;
  /**
   * For files that store no architecture and no `architecture` option: infer a fully connected
   * network from the shapes of W1, W2, ... with this activation (it cannot be read off the weights).
   */
  activation?: ActivationName;
}

/** The metadata entry that holds the `ModelData` of one of the book's networks (a Sequential keeps it in its architecture). */
const MODEL_DATA_KEY = 'modelData';

const OPTION_NAMES = ['dtype', 'architecture', 'activation'] as const;

/**
 * The bytes of a safetensors model file of `net`: its parameters and batch norm's running averages,
 * with the architecture and `data` (class names, feature names, feature scaling) in its metadata,
 * and the CRC-32 of every tensor, which `decodeModel` checks. The file is the one `scratchnet
 * train` writes: `scratchnet eval`, `predict` and `summary` read it, and so does any safetensors
 * reader (the weights under W1, b1, ...). The counterpart of Keras's `model.save` and PyTorch's
 * `torch.save(model.state_dict())` plus the model's class, for the networks scratchnet builds.
 *
 * @example
 * const bytes = encodeModel(net, { classes: ['cat', 'dog'] });
 * const { net: again, data } = decodeModel(bytes); // data.classes: ['cat', 'dog']
 */
export function encodeModel(net: SavableNet, data: ModelData = {}): Uint8Array {
  return named('encodeModel', () => {
    checkSavable(net, 'encodeModel');
    checkModelData(data, 'encodeModel');
    const { tensors, metadata } = modelToTensors(net, data);
    // A Sequential's data is part of its architecture (where the command-line tool reads it); the
    // book's networks have no place for it there.
    // (The book's networks are Sequentials too: their architecture's type tells them apart.)
    if (architectureOf(net).type !== 'sequential' && hasModelData(data)) {
      metadata[MODEL_DATA_KEY] = JSON.stringify(data);
    }
    return encodeSafetensors(tensors, metadata);
  });
}

function hasModelData(data: ModelData): boolean {
  return data.classes !== undefined || data.featureNames !== undefined || data.standardization !== undefined;
}

/**
 * The network of a model file held in `bytes` (safetensors, as `encodeModel`, `saveModel`, `scratchnet
 * train` and its checkpoints write it), with the data saved beside it: the counterpart of Keras's
 * `load_model`. Files without an architecture (safetensors from other tools) need
 * `options.architecture` or `options.activation`. Everything is checked before a network is built:
 * throws ScratchnetError `BAD_FILE` (or `SHAPE_MISMATCH`) naming the problem for a damaged or hostile
 * file (bad header, CRC-32 mismatch, NaN weights, an architecture that does not match the tensors),
 * `BAD_ARGUMENT` for bad options.
 *
 * @example
 * const { net, data } = decodeModel(new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer()));
 * net.predict(x).argmax(1);
 */
export function decodeModel(bytes: Uint8Array, options: LoadModelOptions = {}): LoadedModel {
  return named('decodeModel', () => {
    checkBytes(bytes, 'bytes', 'decodeModel');
    checkLoadOptions(options, 'decodeModel');
    const { net, data, architecture } = modelFromWeights(decodeSafetensors(bytes), '<bytes>', options);
    return { net, data, architecture };
  });
}

/** `options` of `decodeModel`/`loadModel`: known names, each of its type. */
export function checkLoadOptions(options: unknown, where: string): asserts options is LoadModelOptions {
  checkKnownOptions(options, OPTION_NAMES, where);
  const { dtype, architecture, activation } = options as Record<string, unknown>;
  if (dtype !== undefined) checkFloatDType(dtype, 'options.dtype', where);
  if (architecture !== undefined) checkArchitectureArgument(architecture, where);
  if (activation !== undefined) checkActivation(activation, where);
}

/** What `modelFromWeights` reads: a weights file's tensors and (safetensors) metadata. */
export interface WeightsAndMetadata {
  tensors: Record<string, NDArray>;
  metadata: Record<string, string>;
}

/** `LoadModelOptions`, and whether to guess an architecture the file does not store (the command line does, and says so). */
export interface ModelFromWeightsOptions extends LoadModelOptions {
  guessArchitecture?: boolean;
}

/**
 * The one path from a weights file's contents to a network, for `decodeModel`, `loadModel` and the
 * command line: checkpoint entries set aside, weights checked finite, the architecture found
 * (`guess` says how, when it was guessed), the network built and `data` read. Errors name `name`.
 */
export function modelFromWeights(
  file: WeightsAndMetadata,
  name: string,
  options: ModelFromWeightsOptions,
): LoadedModel & { guess: string | null } {
  // A training checkpoint is a model file too, once its optimizer and trainer entries are set aside.
  const tensors = isCheckpoint(file.metadata) ? modelTensors(file.tensors) : file.tensors;
  checkFiniteWeights(tensors, name);
  const saved = options.architecture ?? architectureFromMetadata(file.metadata);
  const { architecture, guess } = saved
    ? { architecture: saved, guess: null }
    : unsavedArchitecture(tensors, name, options);
  const dtype = options.dtype ?? savedDType(architecture, tensors);
  let net: BuiltNet;
  try {
    net = modelFromTensors(tensors, architecture, dtype);
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${name}: ${error.message}`);
    throw error;
  }
  return { net, data: modelDataOf(architecture, file.metadata, name), architecture, guess };
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

/** The dtype a network was saved in: a Sequential's own, else float32 when every weight is float32. */
function savedDType(arch: Architecture, tensors: Record<string, NDArray>): FloatDType {
  if (arch.type === 'sequential' && arch.dtype !== undefined) return arch.dtype;
  const all = Object.values(tensors);
  return all.length > 0 && all.every((t) => t.dtype === 'float32') ? 'float32' : 'float64';
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

/**
 * The architecture of a file that stores none: inferred from the shapes with `options.activation`;
 * without it, guessed (the command line) or refused (the library, which never guesses silently).
 */
function unsavedArchitecture(
  tensors: Record<string, NDArray>,
  name: string,
  options: ModelFromWeightsOptions,
): { architecture: Architecture; guess: string | null } {
  const { activation } = options;
  if (activation === undefined && !options.guessArchitecture) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${name}: the file stores no architecture: pass options.architecture (e.g. ARCHITECTURES['book-ch03']) or options.activation ('relu' or 'sigmoid') to infer a fully connected network from the weight shapes`,
    );
  }
  if (activation === undefined && isBookChapter3(tensors)) {
    return {
      architecture: ARCHITECTURES['book-ch03']!,
      guess: "the book's chapter 3 network (784-50-100-10, sigmoid); --arch or --activation to say otherwise",
    };
  }
  let architecture: Architecture;
  try {
    architecture = inferArchitecture(tensors, activation ?? 'relu');
  } catch (error) {
    if (error instanceof ScratchnetError) throw new ScratchnetError(error.code, `${name}: ${error.message}`);
    throw error;
  }
  const how =
    activation === undefined ? 'relu assumed: --activation sigmoid if it was trained with sigmoid' : activation;
  return { architecture, guess: options.guessArchitecture ? `inferred from the weight shapes (${how})` : null };
}

/** The saved `ModelData`: a Sequential's from its architecture, the book's networks' from their own entry. */
function modelDataOf(arch: Architecture, metadata: Record<string, string>, name: string): ModelData {
  const source: Record<string, unknown> =
    arch.type === 'sequential' ? { ...arch } : (parseModelData(metadata[MODEL_DATA_KEY], name) ?? {});
  const data: ModelData = {};
  if (Array.isArray(source.classes)) data.classes = [...(source.classes as string[])];
  if (Array.isArray(source.featureNames)) data.featureNames = [...(source.featureNames as string[])];
  const scaling = source.standardization as ModelData['standardization'];
  if (scaling !== undefined) data.standardization = { mean: [...scaling.mean], std: [...scaling.std] };
  return data;
}

/** The JSON of the `modelData` entry, checked field by field (a file may hold anything); null when absent. */
function parseModelData(text: string | undefined, name: string): Record<string, unknown> | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const ok =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    isModelDataFields(parsed as Record<string, unknown>);
  if (!ok) {
    throw new ScratchnetError(
      'BAD_FILE',
      `${name}: the "${MODEL_DATA_KEY}" metadata is not { classes?, featureNames?, standardization? } as encodeModel writes it`,
    );
  }
  return parsed as Record<string, unknown>;
}
