/**
 * Builds the browser playground (web/) into a folder of static files: the page, its stylesheet,
 * the shipped model, and two esbuild bundles (the app and the training worker). The library is
 * bundled from src/core.ts, the browser-safe entry that dist/browser/scratchnet.js is built from,
 * so the kernels' WebAssembly comes along inside the bundle (base64) and nothing is fetched.
 *
 *   node --import tsx scripts/build-web.ts [outdir]     (default dist/web; npm run build:web)
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The files copied as they are: [source under web/, name in the output]. */
const STATIC_FILES: readonly (readonly [string, string])[] = [
  ['index.html', 'index.html'],
  ['styles.css', 'styles.css'],
  ['assets/model.safetensors', 'model.safetensors'],
];

/** Builds the playground into `outdir` (emptied first) and returns it. */
export async function buildWeb(outdir = join(root, 'dist/web')): Promise<string> {
  const out = resolve(outdir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'web/src/main.ts'), worker: join(root, 'web/src/train/worker.ts') },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const [from, to] of STATIC_FILES) copyFileSync(join(root, 'web', from), join(out, to));
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const out = await buildWeb(process.argv[2]);
  console.log(`built the playground into ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
