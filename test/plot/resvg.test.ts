// The PNG renderer is an optional dependency, loaded on the first PNG: without it, the error says
// which package to install, and nothing else of the library needs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScratchnetError } from '../../src/errors.js';
import { loadResvg, pngRendererAvailable, RESVG_PACKAGE } from '../../src/plot/resvg.js';

test('a missing renderer is a BAD_FILE ScratchnetError that names the package and how to install it', () => {
  const missing = () => {
    throw Object.assign(new Error(`Cannot find module '${RESVG_PACKAGE}'\nRequire stack: ...`), {
      code: 'MODULE_NOT_FOUND',
    });
  };
  assert.throws(
    () => loadResvg(missing),
    (error: unknown) =>
      error instanceof ScratchnetError &&
      error.code === 'BAD_FILE' &&
      error.message.includes('npm install @resvg/resvg-js') &&
      error.message.includes(`Cannot find module '${RESVG_PACKAGE}')`),
  );
});

test('a stand-in loader is not kept: the real renderer still loads afterwards', () => {
  const fake = { Resvg: class {} };
  assert.equal(loadResvg(() => fake) as unknown, fake);
  assert.equal(pngRendererAvailable(), true);
  assert.equal(typeof loadResvg().Resvg, 'function');
  assert.notEqual(loadResvg() as unknown, fake);
});
