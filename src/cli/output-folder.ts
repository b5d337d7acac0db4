/**
 * A command's output folder (`--out`): checked and locked before any work starts, so that an
 * unusable folder fails in the first second rather than after hours of training, and written as a
 * set at the end, so that a full disk leaves the previous run's files, never a mix of old and new.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ScratchnetError } from '../errors.js';
import { fileErrorText } from '../io/atomic.js';

/** The lock file that marks a folder as in use by a running command; it holds the owner's PID. */
export const LOCK_NAME = '.scratchnet.lock';

function folderError(dir: string, what: string, error: unknown): ScratchnetError {
  return new ScratchnetError('BAD_FILE', `--out ${dir}: ${what}: ${fileErrorText(error)}`);
}

/**
 * Creates `dir` (and its parents) if needed: `BAD_FILE` naming it when a file is in the way or
 * permission is missing, instead of a raw file-system error. `option` names the flag in the message.
 */
export function makeFolder(dir: string, option = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ScratchnetError('BAD_FILE', `${option} ${dir}: it is not a folder`);
    }
    throw new ScratchnetError('BAD_FILE', `${option} ${dir}: cannot create the folder: ${fileErrorText(error)}`);
  }
  if (!statSync(dir).isDirectory()) throw new ScratchnetError('BAD_FILE', `${option} ${dir}: it is not a folder`);
}

/** Whether a process with this PID is running (another user's process counts as running). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID a lock file names, or null when it is unreadable or malformed (a stale lock). */
function lockOwner(lock: string): number | null {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Creates the lock file holding our PID; throws naming the owner if a live process holds it. */
function takeLock(dir: string): string {
  const lock = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderError(dir, 'cannot write into it', error);
      const owner = lockOwner(lock);
      if (owner !== null && owner !== process.pid && processAlive(owner)) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `--out ${dir}: another scratchnet run (PID ${owner}) is writing into this folder; ` +
            `wait for it to finish, or choose another --out (the lock is ${lock})`,
        );
      }
      // The run that left it has ended (killed, or power lost): the lock is stale.
      rmSync(lock, { force: true });
    }
  }
  throw new ScratchnetError('BAD_FILE', `--out ${dir}: cannot take the lock ${lock}`);
}

/** One file of an output set: its name in the folder, and how to write it to a given path. */
export interface OutputFile {
  name: string;
  write: (path: string) => void;
}

/** An output folder, created, checked writable and locked by `OutputFolder.open`. */
export class OutputFolder {
  private lock: string | null;

  private constructor(
    /** The folder (absolute). */
    readonly dir: string,
    lock: string,
  ) {
    this.lock = lock;
    process.once('exit', () => this.release());
  }

  /**
   * Creates `dir` if needed, checks that files can be written in it, and locks it for this
   * process. Throws `BAD_FILE` (a file in the way, no permission, a read-only disk) or
   * `BAD_ARGUMENT` (another live run holds the lock), naming the folder.
   */
  static open(dir: string): OutputFolder {
    makeFolder(dir);
    return new OutputFolder(dir, takeLock(dir));
  }

  /**
   * Writes every file into a fresh hidden staging folder inside `dir`, then moves them into `dir`
   * one rename each. A failed write removes the staging folder and leaves `dir` as it was (the
   * error says which files were kept); a rename replaces a symlink in `dir` itself, never the file
   * it points to. Returns the final paths.
   */
  writeSet(files: readonly OutputFile[]): string[] {
    const staging = join(this.dir, `.staging-${process.pid}-${Date.now().toString(36)}`);
    try {
      mkdirSync(staging);
      for (const file of files) file.write(join(staging, file.name));
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      const kept = files.map((f) => f.name).join(', ');
      const why = error instanceof ScratchnetError ? error.message : fileErrorText(error);
      throw new ScratchnetError('BAD_FILE', `${why}; nothing was written: ${this.dir} keeps its previous ${kept}`);
    }
    const paths = files.map((file) => {
      const path = join(this.dir, file.name);
      renameSync(join(staging, file.name), path);
      return path;
    });
    rmSync(staging, { recursive: true, force: true });
    return paths;
  }

  /** Removes the lock (also done when the process exits). */
  release(): void {
    if (this.lock === null) return;
    try {
      if (lockOwner(this.lock) === process.pid) unlinkSync(this.lock);
    } catch {
      // Already gone: nothing to release.
    }
    this.lock = null;
  }
}
