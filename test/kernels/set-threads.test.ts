// setThreads rejects anything but the number 1 or 2 with a ScratchnetError that names the function
// and the argument, on a backend and on the process-wide kernels alike, and changes nothing then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScratchnetError } from '../../src/errors.js';
import {
  createWasmBackend,
  loadWasmKernelModule,
  setThreads,
  threadCount,
  WasmHeap,
} from '../../src/ndarray/kernels/wasm/index.js';

const BAD_COUNTS: readonly { readonly count: unknown; readonly shown: RegExp }[] = [
  { count: 3, shown: /got 3$/ },
  { count: '2', shown: /got "2"$/ },
  { count: 0, shown: /got 0$/ },
  { count: 1.5, shown: /got 1\.5$/ },
  { count: undefined, shown: /got undefined$/ },
];

function assertBadCount(call: () => void, shown: RegExp): void {
  assert.throws(call, (error: unknown) => {
    assert.ok(error instanceof ScratchnetError, 'a ScratchnetError');
    assert.equal(error.code, 'BAD_ARGUMENT');
    assert.match(error.message, /^setThreads: count must be the number 1 or 2/);
    assert.match(error.message, shown);
    return true;
  });
}

test('a backend refuses thread counts other than 1 or 2 and keeps its count', () => {
  const module = loadWasmKernelModule({ shared: true });
  assert.ok(module, 'Node has WebAssembly SIMD');
  const backend = createWasmBackend(module, new WasmHeap(module.memory, module.exports.heapBase()), undefined, {
    threadSupport: null,
  });
  for (const { count, shown } of BAD_COUNTS) {
    assertBadCount(() => backend.setThreads(count as 2), shown);
    assert.equal(backend.threadCount(), 1, `${String(count)}: still one thread`);
  }
});

test('the process-wide setThreads refuses them too, before loading anything', () => {
  const before = threadCount();
  for (const { count, shown } of BAD_COUNTS) {
    assertBadCount(() => setThreads(count as 2), shown);
    assert.equal(threadCount(), before, `${String(count)}: thread count unchanged`);
  }
  setThreads(1);
  assert.equal(threadCount(), 1);
});
