// A data set saved by numpy in float16 (x and one-hot t as '<f2') loads as floats of the chosen dtype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, loadNpzDataset, saveNpz } from '../../src/index.js';

test('loadNpzDataset reads float16 x and one-hot float16 t as float targets, not as labels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-half-'));
  try {
    const path = join(dir, 'half.npz');
    const x = array(
      [
        [0.1, 0.5],
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float16' },
    );
    const t = array(
      [
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
      ],
      { dtype: 'float16' },
    );
    saveNpz(path, { x, t, x_test: x, t_test: t });
    const data = loadNpzDataset(path, { dtype: 'float32' });
    assert.equal(data.train.x.dtype, 'float32');
    assert.deepEqual([...data.train.x.data.slice(0, 2)], [0.0999755859375, 0.5]);
    assert.equal(data.test.t.dtype, 'float32');
    assert.deepEqual(data.test.t.shape, [4, 2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
