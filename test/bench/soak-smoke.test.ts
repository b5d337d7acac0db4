// `npm run soak`'s quick mode: the script trains, prints one row of memory figures per epoch and the
// growth after epoch 1 per figure. Only that it runs and reports is asserted; the figures themselves
// are measured by the full run (README, Robustness), never by tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('npm run soak -- --quick reports heap, external, ArrayBuffer and RSS figures per epoch and their growth', {
  timeout: 120_000,
}, (t) => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak.ts', '--quick'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  for (const line of r.stdout.trim().split('\n')) t.diagnostic(line);
  const rows = [...r.stdout.matchAll(/^ +(\d+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +(0\.\d{4}) +[\d.]+s$/gm)];
  assert.deepEqual(
    rows.map((m) => Number(m[1])),
    [1, 2, 3],
  );
  for (const m of rows) for (const i of [2, 3, 4, 5]) assert.ok(Number(m[i]) > 0, m[0]);
  for (const figure of ['heapUsed', 'external', 'arrayBuffers', 'rss']) {
    assert.match(r.stdout, new RegExp(`^growth after epoch 1, ${figure}: max -?[\\d.]+%, final -?[\\d.]+%$`, 'm'));
  }
  assert.doesNotMatch(r.stdout, /no --expose-gc/);
});
