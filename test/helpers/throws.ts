// The one error assertion the tests share: a ScratchnetError with the expected code and message.
import assert from 'node:assert/strict';
import { ScratchnetError } from '../../src/index.js';

/** Asserts that `fn` throws a ScratchnetError with `code` whose message matches every pattern. */
export function throwsWith(fn: () => unknown, code: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ScratchnetError, `expected a ScratchnetError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}
