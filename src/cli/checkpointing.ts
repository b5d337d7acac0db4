/**
 * Where `scratchnet train` keeps its checkpoint (`<out>/checkpoint/checkpoint.safetensors`, one file
 * replaced atomically) and how it writes it. A test hook can stretch a write out so that a test can
 * kill the process in the middle of one.
 */
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { encodeCheckpoint } from '../io/checkpoint.js';
import type { Checkpoint } from '../train/checkpoint.js';

const DIR = 'checkpoint';
const FILE = 'checkpoint.safetensors';

/**
 * Milliseconds to stall halfway through each checkpoint write, announcing the write on stderr: for
 * tests only (test/cli/kill.test.ts kills the process inside the stall).
 */
const STALL_ENV = 'SCRATCHNET_TEST_CHECKPOINT_STALL_MS';

/** The checkpoint file of a run writing its outputs to `outDir`. */
export function checkpointPath(outDir: string): string {
  return join(outDir, DIR, FILE);
}

/**
 * The checkpoint file `--resume <path>` means: the file itself, or a run's output folder, or its
 * checkpoint folder. Returns the file and the run's output folder.
 */
export function resolveResume(path: string): { file: string; outDir: string } {
  if (existsSync(path) && statSync(path).isFile()) return { file: path, outDir: dirname(dirname(path)) };
  if (existsSync(join(path, FILE))) return { file: join(path, FILE), outDir: dirname(path) };
  return { file: checkpointPath(path), outDir: path };
}

/**
 * Removes temporary files that an interrupted checkpoint write left beside `file` (a kill between
 * creating the temporary file and renaming it leaves one; the checkpoint itself is always whole).
 */
export function removeStaleTemporaries(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) return;
  const prefix = `.${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) unlinkSync(join(dir, name));
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes `checkpoint` to `file` atomically (creating its folder). */
export function writeCheckpoint(file: string, checkpoint: Checkpoint, stderr: NodeJS.WritableStream): void {
  mkdirSync(dirname(file), { recursive: true });
  const bytes = encodeCheckpoint(checkpoint);
  const stall = Number(process.env[STALL_ENV] ?? 0);
  if (!(stall > 0)) {
    writeFileAtomic(file, bytes);
    return;
  }
  const iteration = checkpoint.trainer.iteration;
  function* halves(): Generator<Uint8Array> {
    stderr.write(`checkpoint: writing iteration ${iteration}\n`);
    yield bytes.subarray(0, bytes.length >> 1);
    sleep(stall);
    yield bytes.subarray(bytes.length >> 1);
  }
  writeFileAtomic(file, halves());
  stderr.write(`checkpoint: wrote iteration ${iteration}\n`);
}
