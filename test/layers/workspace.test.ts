// Workspace: the scratch arrays a layer keeps between training steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../src/layers/workspace.js';
import '../../src/index.js'; // the WASM kernels, whose resident memory this is about

for (const dtype of ['float32', 'float64'] as const) {
  test(`${dtype}: a smaller shape reuses the storage of a larger one; a larger one gets new storage`, () => {
    const ws = new Workspace();
    ws.enabled = true;
    const big = ws.get('out', [400, 100], dtype);
    assert.equal(ws.get('out', [400, 100], dtype), big, 'the same shape gives the same array');
    const small = ws.get('out', [100, 100], dtype);
    assert.deepEqual(small.shape, [100, 100]);
    assert.equal(small.data.buffer, big.data.buffer);
    assert.equal(small.data.byteOffset, big.data.byteOffset, 'a view of the start of the same storage');
    // Switching back and forth (train and validation accuracy, epoch after epoch) allocates nothing.
    for (let i = 0; i < 20; i++) {
      const again = ws.get('out', i % 2 === 0 ? [400, 100] : [100, 100], dtype);
      assert.equal(again.data.byteOffset, big.data.byteOffset);
      assert.equal(again.size, i % 2 === 0 ? 40000 : 10000);
    }
    const bigger = ws.get('out', [401, 100], dtype);
    assert.equal(bigger.size, 40100);
    assert.ok(
      bigger.data !== big.data &&
        (bigger.data.buffer !== big.data.buffer || bigger.data.byteOffset !== big.data.byteOffset),
      'new storage',
    );
    // Other names and dtypes never share storage.
    bigger.data.fill(1);
    ws.get('dx', [100, 100], dtype).data.fill(2);
    const otherType = ws.get('out', [10, 10], dtype === 'float32' ? 'float64' : 'float32');
    assert.equal(otherType.dtype, dtype === 'float32' ? 'float64' : 'float32');
    otherType.data.fill(3);
    assert.ok(
      bigger.data.every((v) => v === 1),
      'bigger was not written through another name or dtype',
    );
  });
}

test('a disabled workspace allocates a new array every time', () => {
  const ws = new Workspace();
  const a = ws.get('out', [2, 3], 'float32');
  const b = ws.get('out', [2, 3], 'float32');
  assert.notEqual(a, b);
  assert.notEqual(a.data, b.data);
});
