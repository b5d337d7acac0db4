// Shared by the io tests: bit-exact array comparison, and the numpy fixtures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NDArray, type DType } from '../../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'io');

/** What make_fixtures.py records for one array; NaN, ±Infinity and -0 are spelled as strings. */
export interface Expected {
  dtype: DType;
  shape: number[];
  values: (number | boolean | string)[];
}

export interface ExpectedFile {
  npy: Record<string, Expected>;
  npz: Record<string, Record<string, Expected>>;
  safetensors: Record<string, { metadata: Record<string, string>; tensors: Record<string, Expected> }>;
}

export const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as ExpectedFile;

function decodeValue(v: number | boolean | string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };
  assert.ok(v in special, `unknown special value ${v}`);
  return special[v]!;
}

/** Asserts dtype, shape and every element identical (Object.is: -0 is not 0, NaN is NaN). */
export function assertSame(actual: NDArray, expected: Expected | NDArray, label = ''): void {
  const values = expected instanceof NDArray ? [...expected.data] : expected.values.map(decodeValue);
  assert.equal(actual.dtype, expected.dtype, `${label} dtype`);
  assert.deepEqual(actual.shape, [...expected.shape], `${label} shape`);
  assert.equal(actual.size, values.length, `${label} size`);
  for (let i = 0; i < values.length; i++) {
    assert.ok(
      Object.is(actual.data[i], values[i]),
      `${label} element ${i}: got ${actual.data[i]}, expected ${values[i]}`,
    );
  }
}

/** One array per dtype scratchnet writes, with the values that go wrong first (extremes, NaN, -0). */
export function sampleArray(dtype: DType, shape: readonly number[]): NDArray {
  const a = NDArray.empty(shape, dtype);
  const pools: Record<DType, number[]> = {
    float64: [1.5, -2.25, 0.1, 1.7976931348623157e308, 5e-324, Infinity, -Infinity, NaN, -0, 1 / 3],
    float32: [
      1.5,
      -2.25,
      Math.fround(0.1),
      3.4028234663852886e38,
      1.401298464324817e-45,
      Infinity,
      -Infinity,
      NaN,
      -0,
      Math.fround(1 / 3),
    ],
    float16: [1.5, -2.25, 0.0999755859375, 65504, 2 ** -24, Infinity, -Infinity, NaN, -0, 0.333251953125],
    int32: [-2147483648, 2147483647, 0, -1, 1, 65536, -70000, 7],
    uint8: [0, 255, 128, 1, 42],
    bool: [1, 0, 0, 1, 1],
  };
  const pool = pools[dtype];
  for (let i = 0; i < a.size; i++) a.data[i] = pool[(i * 7 + 3) % pool.length]!;
  return a;
}

export const DTYPES: DType[] = ['float64', 'float32', 'float16', 'int32', 'uint8', 'bool'];
export const SHAPES: number[][] = [[], [0], [1], [5], [2, 3], [3, 2], [2, 0, 3], [2, 3, 4], [1, 1, 1, 2]];
