/** scratchnet for Node: the whole core plus file loading and PNG output, with the WASM kernels on. */
import { installDefaultKernels } from './kernels-default.js';

export * from './core.js';
export * from './data/node.js';
export * from './io/node.js';
export * from './plot/node.js';
export { saveOnnx } from './export/node.js';
export { saveCheckpoint, loadCheckpoint } from './io/checkpoint-files.js';
export { saveModel, loadModel } from './io/model-files.js';
export { decodePng, readPng, readPngHeader, MAX_PNG_PIXELS, type PngHeader, type PngOptions } from './io/png.js';
export {
  loadWeightsFile,
  decodeWeightsFile,
  detectWeightsFormat,
  type WeightsFile,
  type WeightsFormat,
} from './io/weights-file.js';

installDefaultKernels();
