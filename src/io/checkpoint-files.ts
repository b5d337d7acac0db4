/**
 * Checkpoint files (Node only): one safetensors file (see `encodeCheckpoint`), replaced atomically, so
 * a crash or a kill at any moment leaves the previous checkpoint whole.
 */
import { readFileSync } from 'node:fs';
import { ScratchnetError } from '../errors.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { fileErrorText, writeFileAtomic } from './atomic.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { checkString, named } from '../validate.js';

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
    let buffer: Buffer;
    try {
      buffer = readFileSync(path);
    } catch (error) {
      throw new ScratchnetError('BAD_FILE', `cannot read checkpoint ${path}: ${fileErrorText(error)}`);
    }
    return decodeCheckpoint(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), path);
  });
}
