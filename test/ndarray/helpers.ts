// Assertions shared by the ndarray tests (not a test file itself).
import assert from 'node:assert/strict';
import { ScratchnetError, type DType, type ErrorCode, type NDArray, type NestedArray } from '../../src/index.js';

/**
 * Asserts that `fn` throws a ScratchnetError with `code` whose message contains every fragment
 * (strings literally, regexps by test).
 */
export function assertThrowsCode(fn: () => unknown, code: ErrorCode, ...fragments: (string | RegExp)[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a ScratchnetError ${code}, but nothing was thrown`);
  assert.ok(thrown instanceof ScratchnetError, `expected a ScratchnetError, got ${String(thrown)}`);
  assert.equal(thrown.code, code, `wrong code for "${thrown.message}"`);
  for (const f of fragments) {
    const ok = typeof f === 'string' ? thrown.message.includes(f) : f.test(thrown.message);
    assert.ok(ok, `message "${thrown.message}" should mention ${String(f)}`);
  }
}

/** Asserts shape, dtype and exact elements (NaN equals NaN, -0 equals 0). */
export function assertArray(actual: NDArray, expected: NestedArray, dtype?: DType): void {
  if (dtype !== undefined) assert.equal(actual.dtype, dtype, 'dtype');
  assert.deepEqual(actual.shape, shapeOf(expected), 'shape');
  const flat = flattenNested(expected);
  assert.equal(actual.size, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const e = Number(flat[i]);
    const a = actual.data[i]!;
    assert.ok(a === e || (Number.isNaN(a) && Number.isNaN(e)), `element ${i}: got ${a}, expected ${e}`);
  }
}

/** Asserts shape and elements within |a - e| <= atol + rtol·|e| (NaN and infinities must match). */
export function assertClose(actual: NDArray, expected: NestedArray, rtol = 1e-12, atol = 1e-12): void {
  assert.deepEqual(actual.shape, shapeOf(expected), 'shape');
  const flat = flattenNested(expected);
  for (let i = 0; i < flat.length; i++) {
    const e = Number(flat[i]);
    const a = actual.data[i]!;
    assert.ok(isClose(a, e, rtol, atol), `element ${i}: got ${a}, expected ${e}`);
  }
}

export function isClose(a: number, e: number, rtol: number, atol: number): boolean {
  if (a === e) return true;
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return false;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

function shapeOf(v: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = v;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = (level as readonly NestedArray[])[0]!;
  }
  return shape;
}

function flattenNested(v: NestedArray): (number | boolean)[] {
  if (!Array.isArray(v)) return [v as number | boolean];
  return (v as readonly NestedArray[]).flatMap((x) => flattenNested(x));
}

/** `value` itself, asserted to be an NDArray (for results typed `NDArray | number`, such as `dot`'s). */
export function arrayOf(value: NDArray | number): NDArray {
  assert.ok(typeof value !== 'number', `expected an NDArray, got the number ${value}`);
  return value;
}
