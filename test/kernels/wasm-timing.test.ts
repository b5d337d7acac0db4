// Prints (does not assert) the single-thread GFLOP/s of the WebAssembly product on (128,784,256),
// and one against two threads on the network's products (threads-timing.ts):
// the plain SIMD build that a flagless `node` runs, and the relaxed-SIMD (FMA) build that
// `node --experimental-wasm-relaxed-simd` runs. Timings on these machines swing 2-3x: read them as
// a rough check; bench/ measures properly.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('matmul (128,784,256) single-thread GFLOP/s, plain and relaxed SIMD (printed, not asserted)', {
  timeout: 60_000,
}, (t) => {
  for (const flags of [[], ['--experimental-wasm-relaxed-simd']]) {
    const out = execFileSync(
      process.execPath,
      [...flags, '--import', 'tsx', 'test/kernels/matmul-timing.ts', '128,784,256'],
      { cwd: root, encoding: 'utf8' },
    );
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as { variant: string; m: number; k: number; n: number; gflops: number };
      t.diagnostic(`matmul (${r.m},${r.k},${r.n}) ${r.variant}: ${r.gflops.toFixed(1)} GFLOP/s`);
    }
  }
});

test("matmul GFLOP/s on one thread and on two, the network's and larger shapes (printed, not asserted)", {
  timeout: 120_000,
}, (t) => {
  for (const flags of [[], ['--experimental-wasm-relaxed-simd']]) {
    const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', 'test/kernels/threads-timing.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as {
        variant: string;
        layout: string;
        m: number;
        k: number;
        n: number;
        one: number;
        two: number;
      };
      const product = r.layout === 'ATB' ? 'Aᵀ·B' : r.layout === 'ABT' ? 'A·Bᵀ' : 'A·B';
      t.diagnostic(
        `${product} (${r.m},${r.k},${r.n}) ${r.variant}: ${r.one.toFixed(1)} GFLOP/s on one thread, ${r.two.toFixed(1)} on two (${(r.two / r.one).toFixed(2)}x)`,
      );
    }
  }
});
