// The chapter 6 examples of sections 6.1 and 6.2 (optimizers, weight initialisation) run as a reader
// runs them (short versions of the MNIST ones), checking that they print what the book's scripts
// print, in the book's format. Sections 6.3 to 6.5: examples-ch06-regularisation.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { exampleLines, PRINTED_FLOAT as FLOAT } from '../helpers/run-example.js';

async function lines(file: string, ...args: string[]): Promise<string[]> {
  return exampleLines(`examples/ch06/${file}`, ...args);
}

const tested = new Set<string>();
function example(name: string, body: () => Promise<void>): void {
  tested.add(name);
  test(name, body);
}

describe('chapter 6 examples: optimizers and weight initialisation', { concurrency: 2 }, () => {
  example('optimizer_compare_naive.ts', async () => {
    assert.deepEqual(await lines('optimizer_compare_naive.ts'), [
      'SGD: -0.3503929957523197 0.0847823165504322 f=0.013326803773271945',
      'Momentum: 0.896413858493733 0.08808560171506971 f=0.047936963514487015',
      'AdaGrad: -0.12016232231416045 2.486389893984459e-17 f=0.0007219491851966091',
      // numpy ends at (0.13600685239498186, 0.31824537553721943): the last digits differ, not the path.
      'Adam: 0.13600685239498153 0.31824537553721954 f=0.10220501224574542',
    ]);
  });

  example('weight_init_activation_histogram.ts', async () => {
    const out = await lines('weight_init_activation_histogram.ts');
    assert.equal(out.length, 6 * 6);
    const headers = out.filter((l) => !l.startsWith('  '));
    assert.deepEqual(headers, [
      'sigmoid, std 1 (weights std 1):',
      'sigmoid, std 0.01 (weights std 0.01):',
      'sigmoid, Xavier (weights std 0.1):',
      'ReLU, std 0.01 (weights std 0.01):',
      'ReLU, Xavier (weights std 0.1):',
      'ReLU, He (weights std 0.1414):',
    ]);
    const layer = /^ {2}(\d)-layer: mean (\S+), std (\S+), first bin ([\d.]+)%, last bin ([\d.]+)%$/;
    const rows = out
      .filter((l) => l.startsWith('  '))
      .map((l) => {
        const m = layer.exec(l);
        assert.ok(m, l);
        return m.slice(2).map(Number);
      });
    // Sigmoid with std 1: a third of all outputs in each end bin; ReLU with std 0.01: all in the first bin by layer 2.
    assert.ok(rows[0]![2]! > 30 && rows[0]![3]! > 30);
    assert.equal(rows[3 * 5 + 4]![2], 100);
    // He: layer 5 as spread as layer 1.
    assert.ok(Math.abs(rows[5 * 5 + 4]![1]! / rows[5 * 5]![1]! - 1) < 0.2);
  });

  // One iteration each: the loss orderings are checked on longer runs in test/experiments/.
  example('optimizer_compare_mnist.ts', async () => {
    const out = await lines('optimizer_compare_mnist.ts', '--iterations', '1');
    assert.equal(out.length, 9);
    assert.equal(out[0], '===========iteration:0===========');
    assert.deepEqual(
      out.slice(1, 5).map((l) => l.split(':')[0]),
      ['SGD', 'Momentum', 'AdaGrad', 'Adam'],
    );
    // The same network and batch for all four, so the same loss before the first update: about ln 10.
    const losses = out.slice(1, 5).map((l) => Number(l.split(':')[1]));
    assert.ok(
      losses.every((v) => v === losses[0] && Math.abs(v - Math.log(10)) < 0.3),
      out.join('\n'),
    );
    for (const l of out.slice(5)) assert.match(l, new RegExp(`^\\w+ smoothed final loss: ${FLOAT}$`));
  });

  example('weight_init_compare.ts', async () => {
    const out = await lines('weight_init_compare.ts', '--iterations', '1');
    assert.equal(out.length, 7);
    assert.equal(out[0], '===========iteration:0===========');
    assert.deepEqual(
      out.slice(1, 4).map((l) => l.split(':')[0]),
      ['std=0.01', 'Xavier', 'He'],
    );
    // Tiny weights score every class alike: a loss of ln 10 to three decimals.
    assert.ok(Math.abs(Number(out[1]!.split(':')[1]) - Math.log(10)) < 1e-3, out[1]);
  });
});

/** Run by examples-ch06-regularisation.test.ts (split so that each file stays short). */
const testedElsewhere = [
  'batch_norm_test.ts',
  'overfit_weight_decay.ts',
  'overfit_dropout.ts',
  'hyperparameter_optimization.ts',
];

test('every example in examples/ch06 is run here or in examples-ch06-regularisation.test.ts', () => {
  const found = readdirSync(new URL('../../examples/ch06/', import.meta.url)).filter((n) => n.endsWith('.ts'));
  assert.deepEqual(found.sort(), [...tested, ...testedElsewhere].sort());
});
