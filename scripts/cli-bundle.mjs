// The command line as one prebuilt file, dist/cli/scratchnet.mjs: src/cli/main.ts bundled by esbuild
// with the npm dependencies left as imports (--packages=external), keeping main.ts's shebang so that npm's `bin`
// link runs it with no TypeScript tooling installed. `npm run build` writes it for the package;
// scripts/cli.mjs (`npm start`) rewrites it from the current src/ before each run.
//
//   node scripts/cli-bundle.mjs        write dist/cli/scratchnet.mjs

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** In dist/cli/, like the compiled modules, so the paths the CLI finds relative to itself (package.json, dist/web/) resolve the same way. */
export const CLI_BUNDLE = join(root, 'dist/cli/scratchnet.mjs');

/** Bundles src/cli/main.ts into CLI_BUNDLE (written aside and renamed: two runs never import a half-written file). */
export function bundleCli() {
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true });
  const temporary = `${CLI_BUNDLE}.${process.pid}.tmp`;
  // esbuild's own executable: half the time of its JavaScript API, which starts a service first.
  const esbuild = join(dirname(createRequire(import.meta.url).resolve('esbuild/package.json')), 'bin/esbuild');
  execFileSync(
    esbuild,
    [
      join(root, 'src/cli/main.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      '--packages=external',
      `--outfile=${temporary}`,
      '--log-level=warning',
    ],
    { stdio: 'inherit' },
  );
  chmodSync(temporary, 0o755);
  renameSync(temporary, CLI_BUNDLE);
  return CLI_BUNDLE;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) bundleCli();
