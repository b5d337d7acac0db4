// Packing the built package and installing it into throwaway projects, as a user would, with npm.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a command printed and how it ended. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of the commands: this process's, less what `npm test` exports about the project it
 * runs in (its prefix, its package's fields, its lifecycle), which would make npm act on the
 * repository instead of the throwaway project. npm's own settings (registry, cache, certificates)
 * are kept, so that what `npm ci` fetched is installed from the same cache.
 */
function commandEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const project = /^npm_(package|lifecycle)_|^npm_config_local_prefix$|^INIT_CWD$/i.test(key);
    if (!project) env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1' };
}

/** Runs a command in `cwd` (never through a shell) and resolves with its outcome, failed or not. */
export function run(command: string, args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: commandEnvironment(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; a failure rejects with everything it printed. */
export async function succeed(command: string, args: readonly string[], cwd: string): Promise<Outcome> {
  const outcome = await run(command, args, cwd);
  if (outcome.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${outcome.code}\n${outcome.stdout}\n${outcome.stderr}`);
  }
  return outcome;
}

/** Installs packages into the project at `cwd` from npm's cache where it has them (never from elsewhere than the registry). */
export function npmInstall(cwd: string, specs: readonly string[], extra: readonly string[] = []): Promise<Outcome> {
  return succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...extra, ...specs], cwd);
}

/** The newest modification time under `dir`, in milliseconds. */
function newestUnder(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

/**
 * Why the built dist/ cannot be packed, or null: it must exist and be newer than src/ and web/.
 * The test packs the build that `npm run build` left (CI builds before it tests): building again
 * here would empty dist/ under the feet of the other test files.
 */
export function staleBuild(): string | null {
  const built = join(ROOT, 'dist/index.js');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return 'dist/index.js is missing: run `npm run build` before this test';
  }
  for (const dir of ['src', 'web']) {
    const newest = newestUnder(join(ROOT, dir));
    if (newest.mtimeMs > builtAt) return `${newest.path} is newer than dist/: run \`npm run build\` before this test`;
  }
  return null;
}

/** The version of a package in the repository's lockfile (so that installing it is served from npm's cache). */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/** `npm pack --ignore-scripts` of the repository into `dir`: the tarball's path and the files it holds. */
export async function packInto(dir: string): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await succeed('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** Starts the installed `scratchnet serve --port 0` in `cwd`; resolves with its URL once it listens. */
export function servePlayground(
  cwd: string,
): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const bin = join(cwd, 'node_modules/.bin/scratchnet');
  const child = spawn(bin, ['serve', '--port', '0'], {
    cwd,
    env: commandEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/\S+) /.exec(output)?.[1];
      if (url !== undefined) resolve({ url, output: () => output, stop });
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(() => reject(new Error(`scratchnet serve exited before it listened:\n${output}`)));
  });
}
