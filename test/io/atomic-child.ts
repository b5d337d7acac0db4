// Child process for the atomic-write test in node.test.ts: starts an atomic write of 64 KiB of 'n',
// says "half" once the first chunk is in the temporary file, then stalls until the parent kills it.
import { writeSync } from 'node:fs';
import { writeFileAtomic } from '../../src/io/atomic.js';

function* chunks(): Generator<Uint8Array> {
  yield new Uint8Array(1 << 16).fill(0x6e);
  writeSync(1, 'half\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  yield new Uint8Array(1 << 16).fill(0x6e);
}

writeFileAtomic(process.argv[2]!, chunks());
