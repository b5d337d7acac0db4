// `npm start` and `npm run scratchnet -- ...`: the command line from src/, bundled into one file
// first and then run in this process: one esbuild bundle builds and starts several times faster
// than the same modules loaded one by one through tsx's loader.
// The bundle is rebuilt on every run, so it is never older than src/; it is the same file that
// `npm run build` writes for the package's `scratchnet` command (scripts/cli-bundle.mjs).

import { pathToFileURL } from 'node:url';
import { bundleCli } from './cli-bundle.mjs';

await import(pathToFileURL(bundleCli()).href);
