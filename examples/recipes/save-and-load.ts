/**
 * Recipe: save a trained network to a safetensors file and load it back. The file carries the
 * architecture as metadata, so loading needs nothing but the file.
 *
 *   node --import tsx examples/recipes/save-and-load.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam,
  architectureFromMetadata,
  array,
  arrayEqual,
  loadSafetensors,
  modelFromTensors,
  modelToTensors,
  MultiLayerNet,
  saveSafetensors,
  ScratchnetError,
} from '../../src/index.js';

const x = array([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const t = array([0, 1, 1, 0], { dtype: 'int32' });

const net = new MultiLayerNet({ inputSize: 2, hiddenSizes: [8], outputSize: 2, seed: 1 });
const optimizer = new Adam({ lr: 0.05 });
for (let step = 0; step < 200; step++) optimizer.update(net.params, net.lossAndGradient(x, t).grads);

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-recipe-'));
try {
  const file = join(dir, 'xor.safetensors');
  const { tensors, metadata } = modelToTensors(net);
  saveSafetensors(file, tensors, metadata);

  const loaded = loadSafetensors(file);
  const arch = architectureFromMetadata(loaded.metadata);
  if (arch === null) throw new ScratchnetError('BAD_FILE', `${file} has no architecture metadata`);
  const restored = modelFromTensors(loaded.tensors, arch);

  const before = net.predict(x);
  const after = restored.predict(x);
  console.log(`saved:  ${Array.from(before.data).join(' ')}`);
  console.log(`loaded: ${Array.from(after.data).join(' ')}`);
  console.log(`identical: ${arrayEqual(before, after)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
