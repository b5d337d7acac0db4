// The wrong-kind walk over the model files and the kernels' start: encodeModel/decodeModel (core),
// saveModel/loadModel (Node) and ready(). Files are written into a temporary directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeModel, encodeModel, loadModel, ready, saveModel, TwoLayerNet } from '../../../src/index.js';
import type { CallSpec, Kind, Param } from '../walk.js';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-walk-models-'));

const req = (name: string, kinds: Kind[], optional = false): Param => ({ name, kinds, optional });
const NET = req('net', ['object']);
const DATA = req('data', ['options'], true);
const OPTIONS = req('options', ['options'], true);

const net = (): TwoLayerNet => new TwoLayerNet({ inputSize: 3, hiddenSize: 2, outputSize: 2, seed: 1 });
const modelPath = join(dir, 'model.safetensors');
saveModel(modelPath, net());

/** A path the walk gives (the probe 'x') is resolved in the temporary directory, never the working one. */
const inDir = (path: unknown): unknown => (typeof path === 'string' ? resolve(dir, path) : path);

export const specs: CallSpec[] = [
  {
    where: 'encodeModel',
    call: (a) => encodeModel(a[0] as never, a[1] as never),
    valid: () => [net(), { classes: ['a', 'b'] }],
    params: [NET, DATA],
  },
  {
    where: 'decodeModel',
    call: (a) => decodeModel(a[0] as never, a[1] as never),
    valid: () => [encodeModel(net()), { dtype: 'float32' }],
    params: [req('bytes', ['bytes']), OPTIONS],
  },
  {
    where: 'saveModel',
    call: (a) => saveModel(inDir(a[0]) as never, a[1] as never, a[2] as never),
    valid: () => [join(dir, 'saved.safetensors'), net(), {}],
    params: [req('path', ['path']), NET, DATA],
  },
  {
    where: 'loadModel',
    call: (a) => loadModel(inDir(a[0]) as never, a[1] as never),
    valid: () => [modelPath, { dtype: 'float64' }],
    params: [req('path', ['path']), OPTIONS],
  },
  { where: 'ready', call: () => ready(), valid: () => [], params: [] },
];
