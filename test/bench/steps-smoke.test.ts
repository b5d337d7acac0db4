// The training-step workloads of `npm run bench` (C1, C2, S1) in quick mode, S1 only: every system
// asked for runs its steps in its own process and lands in the step table with a finite time and
// loss, and the S1 target line is there. No timing is asserted: speed lives in the benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runSuite } from '../../bench/suite.js';
import { formatReport } from '../../bench/report.js';
import { stepGflop } from '../../bench/steps-report.js';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('quick S1 benchmark times a step for scratchnet and numpy and reports the S1 target', {
  timeout: 180_000,
}, async (t) => {
  const report = await runSuite({ only: ['S1'], quick: true, runs: 1, systems: ['numpy-1t'] });
  const text = formatReport(report);
  for (const line of text.split('\n')) t.diagnostic(line);
  const steps = report.steps ?? [];
  assert.deepEqual(
    steps.map((s) => s.workload),
    ['S1'],
  );
  const rows = steps[0]!.rows;
  const expected = hasNumpy ? ['scratchnet', 'numpy-1t'] : ['scratchnet'];
  assert.deepEqual(
    rows.map((r) => r.system),
    expected,
  );
  for (const row of rows) {
    assert.ok(Number.isFinite(row.ms) && row.ms > 0, `${row.label}: a step time`);
    assert.ok(Number.isFinite(row.loss), `${row.label}: a loss`);
  }
  assert.ok(
    report.targets.some((x) => x.text.startsWith('S1 step')),
    'the S1 target is reported',
  );
  assert.match(text, /S1 {2}small MLP training step/);
});

test('the FLOP counts of the step workloads follow their products', () => {
  // SimpleConvNet: the convolution's forward and weight-gradient products, three for each affine layer.
  const simple = 2 * (2 * 30 * 25 * 57600) + 3 * (2 * 100 * 4320 * 100) + 3 * (2 * 100 * 100 * 10);
  assert.equal(Math.round(stepGflop('C1') * 1e9), simple);
  assert.ok(stepGflop('C2') > 5 && stepGflop('C2') < 5.5, `DeepConvNet: ${stepGflop('C2')} GFLOP`);
});
