// W1F64, W1 in float64: the same network, batches and initial weights as W1, in float64 for every
// system that has it, with its own target against numpy in float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bookNetwork } from '../../bench/fixture.js';
import { targets } from '../../bench/sections.js';
import { MLP_SPECS, W1, WORKLOAD_IDS } from '../../bench/workloads.js';

test('W1F64 is W1 in float64, and its network is built in float64', () => {
  const spec = MLP_SPECS.W1F64;
  assert.ok(WORKLOAD_IDS.includes('W1F64'));
  assert.equal(spec.dtype, 'float64');
  assert.deepEqual({ ...spec, id: 'W1', title: W1.title, dtype: undefined }, { ...W1, dtype: undefined });
  const net = bookNetwork(spec.sizes, spec.activation, 0, spec.dtype);
  for (const p of Object.values(net.params)) assert.equal(p.dtype, 'float64');
});

test('W1F64 has a target against numpy in float64 on one thread', () => {
  const row = { system: 'scratchnet', trainRatio: 1 } as const;
  const numpy = { system: 'numpy-1t', trainRatio: 0.8 } as const;
  const mlp = [{ workload: 'W1F64', rows: [row, numpy] }] as unknown as Parameters<typeof targets>[0];
  const found = targets(mlp, null).find((t) => t.text.startsWith('W1 in float64'));
  assert.ok(found, 'a W1F64 target');
  assert.equal(found.met, true);
});
