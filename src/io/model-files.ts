/**
 * Model files (Node only): `encodeModel`'s bytes written atomically, and any weights file scratchnet
 * reads turned back into a network, by the same path the command line takes.
 */
import type { ModelData, SavableNet } from '../nets/serialize.js';
import { checkString, named } from '../validate.js';
import { writeFileAtomic } from './atomic.js';
import {
  checkLoadOptions,
  encodeModel,
  modelFromWeights,
  type LoadedModel,
  type LoadModelOptions,
} from './model-file.js';
import { loadWeightsFile } from './weights-file.js';

/**
 * Saves `net` with its architecture and `data` (class names, feature names, feature scaling) as one
 * safetensors file (see `encodeModel`), written atomically: a crash or a full disk leaves the old file
 * whole. The counterpart of Keras's `model.save(path)`. Throws `BAD_FILE` naming `path` when it
 * cannot be written, `BAD_ARGUMENT` for a network scratchnet cannot save.
 *
 * @example
 * saveModel('model.safetensors', net, { classes: ['setosa', 'versicolor', 'virginica'] });
 */
export function saveModel(path: string, net: SavableNet, data: ModelData = {}): void {
  checkString(path, 'path', 'saveModel');
  named('saveModel', () => {
    writeFileAtomic(path, encodeModel(net, data));
  });
}

/**
 * Reads a model file back into a network that predicts as the saved one did, with the data saved
 * beside it: the counterpart of Keras's `load_model(path)`. Reads every file `scratchnet eval`
 * reads: safetensors from `saveModel`, `scratchnet train` or a checkpoint, and, given
 * `options.architecture` or `options.activation`, weights without an architecture (.npz, .npy,
 * a Python pickle of numpy arrays). Only regular files within the size limits are read. Throws
 * ScratchnetError `BAD_FILE` naming `path` for a missing, damaged or hostile file.
 *
 * @example
 * const { net, data } = loadModel('model.safetensors');
 * net.predict(x).argmax(1); // data.classes[k] names class k
 */
export function loadModel(path: string, options: LoadModelOptions = {}): LoadedModel {
  checkString(path, 'path', 'loadModel');
  checkLoadOptions(options, 'loadModel');
  return named('loadModel', () => {
    const { net, data, architecture } = modelFromWeights(loadWeightsFile(path), path, options);
    return { net, data, architecture };
  });
}
