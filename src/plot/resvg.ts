/**
 * Loads `@resvg/resvg-js`, the PNG renderer, only when a PNG is asked for. It is an optional
 * dependency: a prebuilt native binary that npm installs by default but skips on a platform it has
 * no binary for (or with `--omit=optional`). Loading it lazily keeps `import 'scratchnet'` and every
 * SVG chart working without it, and spares the start-up cost of a native module that most programs
 * never use.
 */
import { createRequire } from 'node:module';
import { ScratchnetError } from '../errors.js';

/** The package that renders PNGs, named in the error when it is missing. */
export const RESVG_PACKAGE = '@resvg/resvg-js';

/** The part of `@resvg/resvg-js` that scratchnet uses. */
export type ResvgModule = typeof import('@resvg/resvg-js');

/** Loads a module by name the way Node's `require` does (replaced in tests). */
export type ModuleLoader = (id: string) => unknown;

let cached: ResvgModule | undefined;

/** The message of the error thrown when the renderer cannot be loaded. */
export function missingResvgMessage(cause: unknown): string {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return `PNG output needs the optional package ${RESVG_PACKAGE}, which is not installed or has no binary for this platform (${reason}); install it with \`npm install ${RESVG_PACKAGE}\`, or write SVG instead`;
}

/**
 * The renderer module, loaded on first use. Throws ScratchnetError `BAD_FILE` naming the package and
 * how to install it when it cannot be loaded. `load` replaces Node's `require` (for tests).
 */
export function loadResvg(load?: ModuleLoader): ResvgModule {
  if (load === undefined && cached !== undefined) return cached;
  let loaded: ResvgModule;
  try {
    loaded = (load ?? createRequire(import.meta.url))(RESVG_PACKAGE) as ResvgModule;
  } catch (error) {
    throw new ScratchnetError('BAD_FILE', missingResvgMessage(error));
  }
  // Only the real module is kept: a test's stand-in must not replace the renderer for later calls.
  if (load === undefined) cached = loaded;
  return loaded;
}

/** Whether PNGs can be rendered here (the renderer loads). */
export function pngRendererAvailable(): boolean {
  try {
    loadResvg();
    return true;
  } catch {
    return false;
  }
}
