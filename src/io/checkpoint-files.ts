/**
 * Checkpoint files (Node only): one safetensors file (see `encodeCheckpoint`), replaced atomically, so
 * a crash or a kill at any moment leaves the previous checkpoint whole.
 */
import type { Checkpoint } from '../train/checkpoint.js';
import { writeFileAtomic } from './atomic.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { checkString, named } from '../validate.js';
import { readRegularFile } from './read-file.js';

/**
 * Writes `checkpoint` to `path` atomically (see `writeFileAtomic`): the old file stays whole until the
 * new one is complete on disk. Throws `BAD_FILE` naming `path` when it cannot be written.
 *
 * @example
 * saveCheckpoint('run/checkpoint.safetensors', captureCheckpoint(trainer, { note: 'lr 0.1' }));
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  checkString(path, 'path', 'saveCheckpoint');
  named('saveCheckpoint', () => {
    writeFileAtomic(path, encodeCheckpoint(checkpoint));
  });
}

/** Reads a checkpoint file written by `saveCheckpoint`. Throws `BAD_FILE` naming `path` when it is missing or not a checkpoint. */
export function loadCheckpoint(path: string): Checkpoint {
  return named('loadCheckpoint', () => {
    return decodeCheckpoint(readRegularFile(path, { what: 'checkpoint' }), path);
  });
}
