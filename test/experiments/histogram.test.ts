// Histogram counts and curve smoothing read their values as numpy does: an NDArray of any shape
// (flattened), a JS list of numbers or a typed array; anything else is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, histogram, smoothCurve } from '../../src/index.js';
import { throwsWith } from '../helpers/throws.js';

test('histogram counts an NDArray, flattened whatever its shape, as np.histogram does', () => {
  assert.deepEqual(histogram(array([0.1, 0.5, 0.9]), 2, [0, 1]).counts, [1, 2]);
  assert.deepEqual(
    histogram(
      array([
        [0.1, 0.5],
        [0.9, 0.2],
      ]),
      2,
      [0, 1],
    ).counts,
    [2, 2],
  );
  assert.deepEqual(histogram(array([0.25, 0.75], { dtype: 'float32' }), 2, [0, 1]).counts, [1, 1]);
});

test('histogram counts JS lists and typed arrays alike', () => {
  assert.deepEqual(histogram([0.1, 0.5, 0.9], 2, [0, 1]).counts, [1, 2]);
  assert.deepEqual(histogram(new Float32Array([0.1, 0.5, 0.9]), 2, [0, 1]).counts, [1, 2]);
  assert.deepEqual(histogram(new Uint8Array([0, 1, 1]), 2, [0, 1]).counts, [1, 2]);
});

test('histogram refuses values that are not a list of numbers, and a bad range, by name', () => {
  throwsWith(() => histogram(3 as never, 2, [0, 1]), 'BAD_ARGUMENT', /^histogram: values must be/);
  throwsWith(() => histogram(['a'] as never, 2, [0, 1]), 'BAD_ARGUMENT', /^histogram: values/, /element 0/);
  throwsWith(() => histogram({ length: 2 } as never, 2, [0, 1]), 'BAD_ARGUMENT', /^histogram: values/);
  throwsWith(() => histogram([1], 2, 1 as never), 'BAD_ARGUMENT', /^histogram: range/);
  throwsWith(() => histogram([1], 2, null as never), 'BAD_ARGUMENT', /^histogram: range/);
});

test('smoothCurve smooths an NDArray like the same values in a list', () => {
  const values = Array.from({ length: 20 }, (_, i) => (i % 3) + i / 10);
  assert.deepEqual(smoothCurve(array(values)), smoothCurve(values));
  assert.equal(smoothCurve(array(values)).length, 20);
  throwsWith(() => smoothCurve('abc' as never), 'BAD_ARGUMENT', /^smoothCurve: values/);
});
