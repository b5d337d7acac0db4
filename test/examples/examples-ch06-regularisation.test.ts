// The chapter 6 examples of sections 6.3 to 6.5 (batch normalization, overfitting, hyperparameter
// search) run as a reader runs them, in short versions, checking that they print what the book's
// scripts print, in the book's format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleLines, PRINTED_FLOAT as FLOAT } from '../helpers/run-example.js';

async function lines(file: string, ...args: string[]): Promise<string[]> {
  return exampleLines(`examples/ch06/${file}`, ...args);
}

describe('chapter 6 examples: batch norm, regularisation, hyperparameter search', { concurrency: 2 }, () => {
  test('batch_norm_test.ts', async () => {
    const out = await lines('batch_norm_test.ts', '--epochs', '3', '--scales', '0.01,0.001');
    assert.equal(out.length, 8);
    assert.equal(out[0], '============== 1/2 ==============');
    assert.equal(out[4], '============== 2/2 ==============');
    for (const l of [...out.slice(1, 4), ...out.slice(5)])
      assert.match(l, new RegExp(`^epoch:\\d \\| ${FLOAT} - ${FLOAT}$`));
    assert.deepEqual(
      out.slice(1, 4).map((l) => l.slice(0, 7)),
      ['epoch:0', 'epoch:1', 'epoch:2'],
    );
  });

  test('overfit_weight_decay.ts', async () => {
    const out = await lines('overfit_weight_decay.ts', '--epochs', '3', '--test-size', '200');
    assert.deepEqual(
      out.map((l) => l.split(',')[0]),
      ['epoch:0', 'epoch:1', 'epoch:2'],
    );
    for (const l of out) assert.match(l, new RegExp(`^epoch:\\d, train acc:${FLOAT}, test acc:${FLOAT}$`));
  });

  test('overfit_dropout.ts', async () => {
    const out = await lines('overfit_dropout.ts', '--epochs', '2', '--test-size', '200');
    assert.equal(out.length, 4);
    assert.match(out[0]!, /^=== epoch:1, train acc:\d\.\d{4}, test acc:\d\.\d{4} ===$/);
    assert.equal(out[2], '=============== Final Test Accuracy ===============');
    assert.match(out[3]!, new RegExp(`^test acc:${FLOAT}$`));
  });

  test('hyperparameter_optimization.ts', async () => {
    const out = await lines('hyperparameter_optimization.ts', '--trials', '3', '--epochs', '2');
    assert.equal(out.length, 7);
    const trial = new RegExp(`^val acc:${FLOAT} \\| lr:${FLOAT}, weight decay:${FLOAT}$`);
    for (const l of out.slice(0, 3)) assert.match(l, trial);
    assert.equal(out[3], '=========== Hyper-Parameter Optimization Result ===========');
    const best = out.slice(4).map((l) => {
      const m = new RegExp(`^Best-(\\d)\\(val acc:${FLOAT}\\) \\| (lr:.*)$`).exec(l);
      assert.ok(m, l);
      return m;
    });
    assert.deepEqual(
      best.map((m) => Number(m[1])),
      [1, 2, 3],
    );
    assert.deepEqual(
      best.map((m) => Number(m[2])),
      best.map((m) => Number(m[2])).sort((a, b) => b - a),
    );
    // The same three trials, best first.
    assert.deepEqual(
      best.map((m) => m[3]).sort(),
      out
        .slice(0, 3)
        .map((l) => l.split(' | ')[1])
        .sort(),
    );
  });
});
