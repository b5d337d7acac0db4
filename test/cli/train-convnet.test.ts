// `scratchnet train --model simple-convnet | deep-convnet`: short runs on MNIST subsets write a model
// that eval reads back as a convolutional network, and pictures of the first layer's filters; options
// a convolutional network cannot honour are refused by name; `plot filters` draws a model's filters.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectureFromMetadata, loadWeightsFile } from '../../src/index.js';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-convnet-'));

function assertPicture(path: string): void {
  assert.deepEqual([...readFileSync(`${path}.png`).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${path}.png is a PNG`);
  assert.match(readFileSync(`${path}.svg`, 'utf8').trimEnd(), /<\/svg>$/);
}

describe('scratchnet train --model', { concurrency: true }, () => {
  test('simple-convnet trains, saves its architecture, draws its filters, and eval reads it back', async () => {
    const out = join(tmp, 'simple');
    const r = await cli(
      'train',
      '--model',
      'simple-convnet',
      '--train-size',
      '1000',
      '--test-size',
      '300',
      '--iterations',
      '60',
      '--batch-size',
      '50',
      '--optimizer',
      'adam',
      '--lr',
      '0.001',
      '--seed',
      '2',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /training simple-convnet 1×28×28, 30 filters 5×5, 100 hidden, 10 classes/);
    const test = Number(/final test accuracy ([0-9.]+)/.exec(r.stdout)![1]);
    assert.ok(test > 0.6, `60 Adam steps reach ${test} (chance: 0.1)`);
    const file = loadWeightsFile(join(out, 'model.safetensors'));
    assert.deepEqual(architectureFromMetadata(file.metadata), {
      type: 'simple-convnet',
      inputDim: [1, 28, 28],
      filterNum: 30,
      filterSize: 5,
      pad: 0,
      stride: 1,
      hiddenSize: 100,
      outputSize: 10,
    });
    assert.deepEqual(file.tensors.W1!.shape, [30, 1, 5, 5]);
    assertPicture(join(out, 'filters'));
    assertPicture(join(out, 'filters-initial'));
    assert.notEqual(
      readFileSync(join(out, 'filters.svg'), 'utf8'),
      readFileSync(join(out, 'filters-initial.svg'), 'utf8'),
      'training changed the filters',
    );
    const evaluated = await cli('eval', '--weights', join(out, 'model.safetensors'));
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stderr, /simple-convnet/);
    assert.ok(Number(/Accuracy:([0-9.]+)/.exec(evaluated.stdout)![1]) > 0.6, evaluated.stdout);
    const digit = join(out, 'digit.png');
    assert.equal((await cli('show', '0', '--split', 'test', '--out', digit)).code, 0);
    const predicted = await cli('predict', '--weights', join(out, 'model.safetensors'), digit);
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.match(predicted.stdout, /digit\.png: \d \(p=[0-9.]+\)( +\d:[0-9.]+){10}/);
    const plotted = await cli(
      'plot',
      'filters',
      '--weights',
      join(out, 'model.safetensors'),
      '--out',
      join(out, 'plots'),
    );
    assert.equal(plotted.code, 0, plotted.stderr);
    assertPicture(join(out, 'plots', 'filters'));
    assert.equal(
      (readFileSync(join(out, 'plots', 'filters.svg'), 'utf8').match(/<image /g) ?? []).length,
      30,
      'one picture per filter',
    );
    const fullyConnected = await cli(
      'plot',
      'filters',
      '--weights',
      join(root, 'web/assets/model.safetensors'),
      '--out',
      join(out, 'plots'),
    );
    assert.equal(fullyConnected.code, 1);
    assert.match(fullyConnected.stderr, /needs a convolutional model/);
  });

  test("deep-convnet trains with the book's layers (He init, dropout 0.5) and saves them", async () => {
    const out = join(tmp, 'deep');
    const r = await cli(
      'train',
      '--model',
      'deep-convnet',
      '--train-size',
      '100',
      '--test-size',
      '50',
      '--iterations',
      '4',
      '--batch-size',
      '25',
      '--optimizer',
      'adam',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    const file = loadWeightsFile(join(out, 'model.safetensors'));
    assert.deepEqual(architectureFromMetadata(file.metadata), {
      type: 'deep-convnet',
      inputDim: [1, 28, 28],
      hiddenSize: 50,
      outputSize: 10,
      dropoutRatio: 0.5,
    });
    assert.deepEqual(Object.keys(file.tensors).sort(), [
      'W1',
      'W2',
      'W3',
      'W4',
      'W5',
      'W6',
      'W7',
      'W8',
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
      'b6',
      'b7',
      'b8',
    ]);
    assertPicture(join(out, 'filters'));
  });

  test('options a convolutional network cannot honour are refused, naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['--model', 'deep-convnet', '--batchnorm'], /--batchnorm does not apply to --model deep-convnet/],
      [['--model', 'simple-convnet', '--dropout', '0.5'], /--dropout does not apply to --model simple-convnet/],
      [['--model', 'deep-convnet', '--hidden', '50,50'], /--hidden does not apply to --model deep-convnet: .*one size/],
      [['--model', 'deep-convnet', '--weight-init', '0.01'], /--weight-init does not apply to --model deep-convnet/],
      [['--model', 'simple-convnet', '--activation', 'sigmoid'], /--activation does not apply/],
      [['--model', 'lenet'], /--model must be one of mlp, simple-convnet, deep-convnet/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('train', ...args, '--out', join(tmp, 'refused'));
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});
