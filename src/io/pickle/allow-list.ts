/**
 * The only Python names a pickle may import: the few that numpy pickles use. Each is re-implemented
 * by the reader (see reconstruct.ts); a name not listed here is refused with UNSAFE_PICKLE before
 * anything else happens, so `os.system`, `builtins.eval`, `subprocess.Popen` and the like can
 * never be reached, whatever the `__reduce__` trick that put them in the file.
 */

/** What an allowed global stands for. */
export type GlobalKind = 'reconstruct' | 'ndarray' | 'dtype' | 'frombuffer' | 'scalar' | 'encode' | 'bytes';

/** "module name" -> kind. Exact matches only: no prefixes, no attribute paths. */
const ALLOWED_GLOBALS: ReadonlyMap<string, GlobalKind> = new Map<string, GlobalKind>([
  // numpy 1.x pickles name numpy.core, numpy 2 renamed it numpy._core: both occur in the wild.
  ['numpy.core.multiarray _reconstruct', 'reconstruct'],
  ['numpy._core.multiarray _reconstruct', 'reconstruct'],
  ['numpy ndarray', 'ndarray'],
  ['numpy dtype', 'dtype'],
  ['numpy.core.numeric _frombuffer', 'frombuffer'],
  ['numpy._core.numeric _frombuffer', 'frombuffer'],
  ['numpy.core.multiarray scalar', 'scalar'],
  ['numpy._core.multiarray scalar', 'scalar'],
  // Protocols 0-2 have no bytes opcode, so bytes travel as latin-1 text through codecs.encode.
  ['_codecs encode', 'encode'],
  ['codecs encode', 'encode'],
  // bytes() is how protocols 0-2 write empty bytes (an empty array's data); bytearray(...) a bytearray.
  ['builtins bytes', 'bytes'],
  ['__builtin__ bytes', 'bytes'],
  ['builtins bytearray', 'bytes'],
  ['__builtin__ bytearray', 'bytes'],
]);

/** The kind of an allowed `module.name`, or undefined for every other name. */
export function allowedGlobal(module: string, name: string): GlobalKind | undefined {
  return ALLOWED_GLOBALS.get(`${module} ${name}`);
}

/** A global's name for a message: plain when it is a dotted identifier, else quoted and cut short. */
export function printableName(module: string, name: string): string {
  const text = `${module}.${name}`;
  const shown = /^[\w.]+$/.test(text) ? text : JSON.stringify(text.slice(0, 200));
  return shown.length > 200 ? `${shown.slice(0, 200)}...` : shown;
}
