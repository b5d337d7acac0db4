// The kernel timing scripts of bench/kernels run under both builds and print well-formed results.
// Nothing here depends on how fast the machine is: the figures themselves are read by people
// (docs/performance.md), never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The flags of each build: a flagless Node 20 runs plain SIMD, the flag gives the relaxed (FMA) build. */
const BUILDS = [
  { flags: [] as string[], variant: 'simd' },
  { flags: ['--experimental-wasm-relaxed-simd'], variant: 'relaxed-simd' },
];

/** Runs a script of bench/kernels in a fresh Node and parses its JSON lines. */
function runScript(flags: readonly string[], script: string, shapes: readonly string[]): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', `bench/kernels/${script}`, ...shapes], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function assertRate(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', what);
  assert.ok(Number.isFinite(value) && (value as number) > 0, `${what}: a positive GFLOP/s`);
}

test('matmul-timing.ts prints one result per shape, from the build the flags select', { timeout: 60_000 }, () => {
  for (const { flags, variant } of BUILDS) {
    const lines = runScript(flags, 'matmul-timing.ts', ['32,64,16', '8,8,8']);
    assert.deepEqual(
      lines.map(({ variant, m, k, n }) => ({ variant, m, k, n })),
      [
        { variant, m: 32, k: 64, n: 16 },
        { variant, m: 8, k: 8, n: 8 },
      ],
    );
    for (const line of lines) assertRate(line.gflops, `${variant} gflops`);
  }
});

test('threads-timing.ts prints one and two threads per shape and layout', { timeout: 120_000 }, () => {
  for (const { flags, variant } of BUILDS) {
    const lines = runScript(flags, 'threads-timing.ts', ['64,64,64', '64,32,48,ATB', '48,32,64,ABT']);
    assert.deepEqual(
      lines.map(({ variant, layout, m, k, n }) => ({ variant, layout, m, k, n })),
      [
        { variant, layout: 'AB', m: 64, k: 64, n: 64 },
        { variant, layout: 'ATB', m: 64, k: 32, n: 48 },
        { variant, layout: 'ABT', m: 48, k: 32, n: 64 },
      ],
    );
    for (const line of lines) {
      assertRate(line.one, `${variant} one thread`);
      assertRate(line.two, `${variant} two threads`);
    }
  }
});

test('matmul64-timing.ts prints one result per build and shape, both builds in one process', {
  timeout: 60_000,
}, () => {
  const lines = runScript([], 'matmul64-timing.ts', ['8,8,8', '9,5,7,ATB']);
  assert.deepEqual(
    lines.map(({ variant, m, k, n, transA }) => ({ variant, m, k, n, transA })),
    [
      { variant: 'simd', m: 8, k: 8, n: 8, transA: 0 },
      { variant: 'simd', m: 9, k: 5, n: 7, transA: 1 },
      { variant: 'relaxed-simd', m: 8, k: 8, n: 8, transA: 0 },
      { variant: 'relaxed-simd', m: 9, k: 5, n: 7, transA: 1 },
    ],
  );
  for (const line of lines) {
    assertRate(line.gflops, `${line.variant}: median`);
    assert.ok((line.low as number) <= (line.gflops as number) && (line.gflops as number) <= (line.high as number));
  }
});
