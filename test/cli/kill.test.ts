// The kill test: `scratchnet train --checkpoint-every` killed with SIGKILL at seeded random moments
// (during start-up, during training, and inside checkpoint writes, which a test hook stretches out)
// always leaves a checkpoint that loads, never goes backwards, and `--resume` finally ends with the
// same weights, byte for byte, and the same loss history as a run that was never interrupted.
// The run is long (25 checkpoints) so that eight kills always land before it could finish, however
// fast the machine: a kill at a random moment can let the run get up to ~2.7 s further.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint, loadSafetensors } from '../../src/index.js';
import { FuzzRandom } from '../fuzz/engine.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'src/cli/main.ts');
const EVERY = 40;
const STALL_MS = 250;
const RUN = [
  '--train-size',
  '2000',
  '--test-size',
  '500',
  '--hidden',
  '20',
  '--iterations',
  '1000',
  '--sampling',
  'shuffle',
  '--optimizer',
  'adam',
  '--lr',
  '0.005',
  '--dropout',
  '0.1',
  '--seed',
  '3',
];

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Why the test killed it, if it did. */
  killed?: string;
}

/**
 * Runs `scratchnet train` with `args`; `killer` may decide, from the stderr seen so far, when to send
 * SIGKILL (it returns the delay in ms and a description, or null to let it run on).
 */
function train(
  args: string[],
  env: NodeJS.ProcessEnv,
  killer?: (stderr: string, elapsedMs: number) => { afterMs: number; why: string } | null,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'train', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    const started = performance.now();
    let stderr = '';
    let killed: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const consider = (): void => {
      if (killer === undefined || killed !== undefined || timer !== undefined) return;
      const plan = killer(stderr, performance.now() - started);
      if (plan === null) return;
      timer = setTimeout(() => {
        killed = plan.why;
        child.kill('SIGKILL');
      }, plan.afterMs);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      consider();
    });
    child.stdout.resume();
    consider();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ...(killed === undefined ? {} : { killed }) });
    });
  });
}

/** The raw tensor bytes of a model file (its data section), which must match exactly. */
function modelData(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes.subarray(8 + bytes.readUInt32LE(0));
}

test("SIGKILL at random moments (inside checkpoint writes too) always leaves a loadable checkpoint, and resuming ends with the uninterrupted run's exact weights", {
  timeout: 180_000,
}, async (t) => {
  const started = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'scratchnet-kill-'));
  const reference = join(tmp, 'reference');
  const straight = await train([...RUN, '--out', reference], {});
  assert.equal(straight.code, 0, straight.stderr);

  const out = join(tmp, 'interrupted');
  const file = join(out, 'checkpoint', 'checkpoint.safetensors');
  const rng = new FuzzRandom(0x6b111);
  const kills: string[] = [];
  let lastIteration = 0;
  let finished: Outcome | null = null;
  for (let round = 0; round < 40 && finished === null; round++) {
    const resume = existsSync(file);
    const args = resume ? ['--resume', out] : [...RUN, '--out', out, '--checkpoint-every', String(EVERY)];
    // Every third round kills at a random moment; the others wait for a checkpoint write to start and
    // kill inside it. After eight kills, the run is let finish.
    const mode = kills.length >= 8 ? 'none' : round % 3 === 2 ? 'anytime' : 'in-write';
    // The stretched writes are only needed while kills are planned; the last round runs at full speed.
    const env = mode === 'none' ? {} : { SCRATCHNET_TEST_CHECKPOINT_STALL_MS: String(STALL_MS) };
    const outcome = await train(args, env, (stderr, elapsed) => {
      if (mode === 'anytime') return { afterMs: 200 + rng.int(2500), why: `at a random moment (round ${round})` };
      if (mode === 'in-write') {
        const writes = stderr.match(/checkpoint: writing iteration \d+/g) ?? [];
        // Skip a random number of writes so that kills land at different iterations.
        if (writes.length === 0 || writes.length < 1 + (round % 2)) return null;
        return {
          afterMs: rng.int(STALL_MS - 50),
          why: `inside the write of ${writes[writes.length - 1]!.replace('checkpoint: writing ', '')} (round ${round}, ${elapsed.toFixed(0)} ms)`,
        };
      }
      return null;
    });
    if (outcome.killed === undefined || outcome.code === 0) {
      assert.equal(outcome.code, 0, `round ${round} failed: ${outcome.stderr}`);
      finished = outcome;
      break;
    }
    assert.equal(outcome.signal, 'SIGKILL');
    kills.push(outcome.killed);
    if (existsSync(file)) {
      // Whatever the moment of the kill, the checkpoint on disk is whole and not older than before.
      const checkpoint = loadCheckpoint(file);
      const { iteration } = checkpoint.trainer;
      assert.equal(iteration % EVERY, 0, `checkpoint at iteration ${iteration}`);
      assert.ok(iteration >= lastIteration, `the checkpoint went back from ${lastIteration} to ${iteration}`);
      assert.equal(checkpoint.trainer.history.loss.length, iteration);
      lastIteration = iteration;
    }
  }
  assert.ok(finished !== null, 'the run never finished');
  assert.ok(kills.length >= 8, `only ${kills.length} kills`);
  assert.ok(
    kills.filter((k) => k.startsWith('inside')).length >= 4,
    `too few kills inside a write: ${kills.join('; ')}`,
  );

  assert.ok(
    modelData(join(out, 'model.safetensors')).equals(modelData(join(reference, 'model.safetensors'))),
    'final weights differ from the uninterrupted run',
  );
  const history = (dir: string): { loss: number[]; testAcc: number[] } =>
    JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8'));
  assert.deepEqual(history(out).loss, history(reference).loss);
  assert.deepEqual(history(out).testAcc, history(reference).testAcc);
  assert.deepEqual(
    Object.keys(loadSafetensors(join(out, 'model.safetensors')).tensors),
    Object.keys(loadSafetensors(join(reference, 'model.safetensors')).tensors),
  );
  assert.deepEqual(
    readdirSync(join(out, 'checkpoint')),
    ['checkpoint.safetensors'],
    'no temporary files are left behind',
  );
  t.diagnostic(
    `${kills.length} SIGKILLs in ${((performance.now() - started) / 1000).toFixed(1)} s: ${kills.join('; ')}`,
  );
});
