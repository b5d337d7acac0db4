/**
 * Atomic file replacement (Node only): write a temporary file beside the target, flush it to disk,
 * then rename it over the target. rename(2) within one directory is atomic, so a reader, a crash or
 * a full disk sees either the old file or the new one, never a truncated mix, and a failed save
 * never destroys the weights that were there before.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ScratchnetError } from '../errors.js';
import { readRegularFile } from './read-file.js';
import { checkString, named } from '../validate.js';

/** A short reason for a file-system error: the common ones in words, the rest with their code. */
export function fileErrorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EISDIR') return 'it is a directory';
    if (code === 'ENOTDIR') return 'a parent is not a directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ENOSPC') return 'no space left on the device';
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}

/**
 * The bytes of the file at `path` as a plain Uint8Array (a Buffer's own slice() returns views, which
 * the decoders must not meet); `BAD_FILE` naming the path and `what` it should be when unreadable.
 */
export function readFileBytes(path: string, what: string): Uint8Array {
  // Only regular files, read with their size known: never a device, a FIFO or a directory.
  return readRegularFile(path, { what: `${what} file` });
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** The data to write: bytes, or a list (any iterable but a string) of byte chunks. */
function checkChunks(data: unknown): void {
  if (data instanceof Uint8Array) return;
  const iterable = typeof data === 'object' && data !== null && Symbol.iterator in data;
  const chunks = Array.isArray(data) ? data : [];
  if (!iterable || !chunks.every((c) => c instanceof Uint8Array)) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      'writeFileAtomic: data must be a Uint8Array or a list of Uint8Array chunks',
    );
  }
}

/** The file a path names, through symlinks, so that saving through a link replaces its target. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function existingMode(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` to `path` atomically: into a uniquely named temporary file in the same directory
 * (`.<name>.<pid>.<random>.tmp`), fsynced, then renamed over `path`, then the directory fsynced
 * where the platform allows. An existing file keeps its permission bits; a symlink keeps pointing
 * at the replaced file. `data` may be one buffer or an iterable of chunks, so a large file can be
 * produced piecewise.
 *
 * On any error (including one thrown by the iterable) the temporary file is removed, the target is
 * left exactly as it was, and the error is rethrown: file-system errors as ScratchnetError
 * `BAD_FILE` naming `path`, anything else unchanged.
 *
 * @example
 * writeFileAtomic('params.safetensors', encodeSafetensors(net.params));
 */
export function writeFileAtomic(path: string, data: Uint8Array | Iterable<Uint8Array>): void {
  checkString(path, 'path', 'writeFileAtomic');
  checkChunks(data);
  named('writeFileAtomic', () => {
    const target = realTarget(path);
    const directory = dirname(target);
    const temp = join(directory, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      // 'wx' fails rather than write into a file that somebody else created under the same name.
      fd = openSync(temp, 'wx', 0o666);
      const mode = existingMode(target);
      if (mode !== undefined) fchmodSync(fd, mode);
      for (const chunk of data instanceof Uint8Array ? [data] : data) {
        for (let written = 0; written < chunk.length; ) {
          written += writeSync(fd, chunk, written, chunk.length - written);
        }
      }
      // Flush before the rename: otherwise a power cut can leave the new name on empty blocks.
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, target);
    } catch (error) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // Already failing; the original error is the one worth reporting.
        }
      }
      try {
        unlinkSync(temp);
      } catch {
        // The temporary file was never created, or is already gone.
      }
      if (isSystemError(error)) throw new ScratchnetError('BAD_FILE', `cannot write ${path}: ${fileErrorText(error)}`);
      throw error;
    }
    syncDirectory(directory);
  });
}

/** Makes the rename itself durable. Windows cannot open a directory, and some file systems refuse. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the data is already safe in the renamed file.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
