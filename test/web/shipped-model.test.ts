// The model shipped with the playground is what its page and READMEs say it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { architectureFromMetadata, loadMnist, loadWeightsFile, modelFromTensors } from '../../src/index.js';
import { SHIPPED_MODEL } from '../../web/src/shipped-model.js';

const path = fileURLToPath(new URL('../../web/assets/model.safetensors', import.meta.url));

test('the shipped model is a small 784-100-10 ReLU network with the test accuracy the page shows', () => {
  assert.ok(statSync(path).size < 400_000, 'small enough to ship with the page');
  const file = loadWeightsFile(path);
  assert.equal(file.format, 'safetensors');
  const arch = architectureFromMetadata(file.metadata);
  assert.ok(arch !== null && arch.type === 'mlp');
  assert.deepEqual([arch.inputSize, ...arch.hiddenSizes, arch.outputSize, arch.activation], [784, 100, 10, 'relu']);
  const net = modelFromTensors(file.tensors, arch, 'float32');
  const { test: data } = loadMnist({ dtype: 'float32' });
  assert.equal(net.accuracy(data.x, data.t), SHIPPED_MODEL.testAccuracy);
});

test('the playground docs and the assets README give the command that trained it and its accuracy', () => {
  for (const readme of ['../../docs/playground.md', '../../web/assets/README.md']) {
    const text = readFileSync(fileURLToPath(new URL(readme, import.meta.url)), 'utf8');
    assert.ok(text.includes(SHIPPED_MODEL.command.replace(/^npm run scratchnet -- /, '')), `${readme} has the command`);
    assert.ok(text.includes(String(SHIPPED_MODEL.testAccuracy)), `${readme} has the accuracy`);
  }
});
