/**
 * scratchnet's core: everything that runs unchanged in Node and in a browser (no file system).
 * The Node entry (`index.ts`) adds file loading on top of this.
 */
export * from './ndarray/index.js';
export { ScratchnetError, type ErrorCode } from './errors.js';
export * from './functions/index.js';
export * from './gradient/index.js';
export * from './layers/index.js';
export * from './nets/index.js';
export * from './optim/index.js';
export * from './data/index.js';
export * from './train/index.js';
export * from './experiments/index.js';
export * from './io/index.js';
export * from './io/pickle-index.js';
export * from './plot/index.js';
export * from './export/index.js';
export { ready } from './ndarray/kernels/ready.js';
export { encodeModel, decodeModel, type LoadedModel, type LoadModelOptions } from './io/model-file.js';

import { startReadyInBrowsers } from './ndarray/kernels/ready.js';

// In browsers the WebAssembly kernels compile in the background from import on (see `ready`).
startReadyInBrowsers();
