// `npm start` and `npm run scratchnet -- ...`: the command line from src/, bundled into one file
// first and then run in this process: one esbuild bundle builds and starts several times faster
// than the same modules loaded one by one through tsx's loader.
// The bundle is rebuilt on every run, so it is never older than src/.

import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// In dist/cli/, like the compiled main.js, so the paths the CLI finds relative to itself (package.json,
// dist/web/) resolve the same way.
const bundle = join(root, 'dist/cli/scratchnet.mjs');

mkdirSync(dirname(bundle), { recursive: true });
// Written aside and renamed: two runs started together never import a half-written file.
const temporary = `${bundle}.${process.pid}.tmp`;
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
renameSync(temporary, bundle);
await import(pathToFileURL(bundle).href);
