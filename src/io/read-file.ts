/**
 * Reading a whole file safely (Node only). `readFileSync` reads until end of file, so `/dev/zero`, a
 * symlink to it or a FIFO never ends and fills memory, and opening a FIFO blocks until some other
 * process writes to it. Every file reader of scratchnet goes through `readRegularFile` instead: it
 * opens without blocking, refuses anything that is not a regular file (after following symlinks),
 * learns the size from the open descriptor and reads exactly that many bytes, up to a limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ScratchnetError } from '../errors.js';
import { fileErrorText } from './atomic.js';

/** The largest weights, array, dataset or checkpoint file read whole: 4 GiB (what a ZIP archive without zip64 can hold, and the largest Node buffer). */
export const MAX_DATA_FILE_BYTES = 2 ** 32;

/** The largest PNG file read: 256 MiB, far more than any picture within the pixel limit needs (see `MAX_PNG_PIXELS`). */
export const MAX_PNG_FILE_BYTES = 2 ** 28;

/** The largest CSV file read: 512 MiB, about the longest string JavaScript can hold. */
export const MAX_TEXT_FILE_BYTES = 2 ** 29;

/** Options of `readRegularFile`. */
export interface ReadRegularFileOptions {
  /** What the file is, for messages: `safetensors file`, `IDX file`, ... */
  what: string;
  /** The largest size accepted, in bytes (default `MAX_DATA_FILE_BYTES`). */
  maxBytes?: number;
  /** Builds the error message from the reason (default: `cannot read <what> <path>: <reason>`). */
  message?: (reason: string) => string;
}

/** What a file that is not a regular file is, for messages. */
function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'it is a directory';
  if (stat.isFIFO()) return 'it is a FIFO (named pipe), not a regular file';
  if (stat.isCharacterDevice()) return 'it is a character device, not a regular file';
  if (stat.isBlockDevice()) return 'it is a block device, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/**
 * Reads the regular file at `path` (symlinks followed) into a new, plain `Uint8Array` of exactly its
 * size. Throws ScratchnetError `BAD_FILE` naming `path` when it is missing, unreadable, a directory,
 * a FIFO, a device or a socket, or larger than `maxBytes`; never blocks and never reads past the size
 * the file had when it was opened.
 *
 * @example
 * const bytes = readRegularFile('model.safetensors', { what: 'safetensors file' });
 */
export function readRegularFile(path: string, options: ReadRegularFileOptions): Uint8Array {
  const { what, maxBytes = MAX_DATA_FILE_BYTES, message } = options;
  const fail = (reason: string): ScratchnetError =>
    new ScratchnetError('BAD_FILE', message === undefined ? `cannot read ${what} ${path}: ${reason}` : message(reason));
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fail(fileErrorText(error));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(describeKind(stat));
    if (stat.size > maxBytes)
      throw fail(`it holds ${stat.size} bytes, more than the ${maxBytes} bytes scratchnet reads as a ${what}`);
    return readExactly(fd, stat.size, fail);
  } catch (error) {
    if (error instanceof ScratchnetError) throw error;
    throw fail(fileErrorText(error));
  } finally {
    closeSync(fd);
  }
}

/** Reads `size` bytes from the start of `fd`; a file that shrinks meanwhile is refused. */
function readExactly(fd: number, size: number, fail: (reason: string) => ScratchnetError): Uint8Array {
  const out = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, out, filled, size - filled, filled);
    if (n === 0) throw fail(`it shrank from ${size} to ${filled} bytes while being read`);
    filled += n;
  }
  return out;
}
