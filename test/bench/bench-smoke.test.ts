// `npm run bench`'s quick mode, W3 only, one run: every system starts, answers, and lands in the
// report's rows. No timing is asserted: speed targets are measured by the benchmark, never by tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runSuite } from '../../bench/suite.js';
import { formatReport, SYSTEM_IDS } from '../../bench/report.js';
import { MATMUL_SHAPES } from '../../bench/workloads.js';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('quick W3 benchmark reports a GFLOP/s cell per shape for scratchnet and every anchor that started', {
  timeout: 120_000,
}, async (t) => {
  const report = await runSuite({ only: ['W3'], quick: true, runs: 1 });
  const text = formatReport(report);
  for (const line of text.split('\n')) t.diagnostic(line);

  assert.deepEqual(
    report.systems.map((s) => s.id),
    [...SYSTEM_IDS],
  );
  assert.equal(report.mlp.length, 0, 'only W3 was asked for');
  const matmul = report.matmul;
  assert.ok(matmul !== null, 'the report has a W3 section');
  assert.deepEqual(
    matmul.rows.map((r) => r.shape),
    MATMUL_SHAPES.map((s) => [...s]),
  );

  for (const status of report.systems) {
    if (status.skipped !== null) {
      // Anchors may be missing on a machine (no python3, a wasm backend that will not start): say why.
      assert.notEqual(status.id, 'scratchnet', `scratchnet must always run, but: ${status.skipped}`);
      t.diagnostic(`${status.label} skipped: ${status.skipped}`);
      continue;
    }
    assert.ok(status.detail !== null && status.detail.length > 0, `${status.label} describes what ran`);
    if (matmul.failed.some((f) => f.label === status.label)) continue;
    for (const row of matmul.rows) {
      const cell = row.cells.find((c) => c.system === status.id);
      assert.ok(cell !== undefined, `${status.label} has a cell for (${row.shape.join(', ')})`);
      assert.ok(
        Number.isFinite(cell.gflops) && cell.gflops > 0,
        `${status.label} (${row.shape.join(', ')}): ${cell.gflops} GFLOP/s`,
      );
      assert.ok(
        cell.checksumOk,
        `${status.label} computed the same product as the others for (${row.shape.join(', ')})`,
      );
      assert.equal(cell.ratio === null, status.id === 'scratchnet', 'every anchor has a ratio against scratchnet');
    }
  }
  assert.equal(
    matmul.failed.find((f) => f.label === 'scratchnet'),
    undefined,
    'scratchnet did not fail',
  );
  if (hasNumpy)
    assert.equal(report.systems.find((s) => s.id === 'numpy-1t')?.skipped, null, 'python3 has numpy, so numpy runs');

  for (const shape of MATMUL_SHAPES) assert.match(text, new RegExp(`^\\(${shape.join(', ')}\\) `, 'm'));
  assert.match(text, /^W3 {2}float32 matrix products/m);
  assert.match(text, /^check: every product sums/m);
  assert.match(text, /W3 \(128, 784, 256\): >= 35 GFLOP\/s/);
});
