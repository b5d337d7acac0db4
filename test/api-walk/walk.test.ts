// Every public function and class is walked: each export of the Node entry appears as the first name
// of some spec in specs/ (constructors as `Class`, methods as `Class.method`).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import * as scratchnet from '../../src/index.js';
import { assertWalk, type CallSpec } from './walk.js';

/** Exports that are not called with user values, each with the reason. */
const NOT_WALKED: Record<string, string> = {};

/** The specs of every file in specs/ (or only `specs/<WALK_ONLY>.ts` when that variable is set). */
async function allSpecs(): Promise<CallSpec[]> {
  const dir = new URL('./specs/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && (!process.env.WALK_ONLY || f === `${process.env.WALK_ONLY}.ts`))
    .sort();
  const specs: CallSpec[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { specs: CallSpec[] };
    specs.push(...module.specs);
  }
  return specs;
}

test('every exported function and class of scratchnet is in the wrong-kind walk', async () => {
  const walked = new Set((await allSpecs()).map((s) => s.where.split('.')[0]));
  const missing = Object.entries(scratchnet)
    .filter(([name, value]) => typeof value === 'function' && !walked.has(name) && !(name in NOT_WALKED))
    .map(([name]) => name);
  assert.deepEqual(missing, [], `not walked: ${missing.join(', ')}`);
});

test('wrong-kind values in every argument of every public callable: a ScratchnetError naming it, or the meaning the book gives them', async () => {
  const { callables, calls } = await assertWalk(await allSpecs());
  console.log(`wrong-kind walk: ${callables} functions, constructors and methods, ${calls} calls`);
});
