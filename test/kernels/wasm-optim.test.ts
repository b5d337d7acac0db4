// The Adam kernel against the TypeScript loop: bitwise equal parameters and running means over
// several steps, for lengths around the SIMD width and gradients of every size, zero included.
import { describe, test } from 'node:test';
import { adamStep } from '../../src/ndarray/kernels/optim-js.js';
import { Arena, assertSameValues, loadableBuilds, rng, uniform } from './helpers.js';

for (const { label, module, heap } of loadableBuilds()) {
  const ex = module.exports;
  describe(`optimizer kernels (${label})`, () => {
    test('adamStep equals the TypeScript loop bitwise over several steps', () => {
      for (const n of [1, 3, 4, 5, 17, 64, 1001]) {
        const rand = rng(n);
        const p = uniform(rand, n);
        const m = new Float32Array(n);
        const v = new Float32Array(n);
        const arena = new Arena(heap);
        try {
          const pp = arena.f32(p, 1);
          const mp = arena.f32(m, 2);
          const vp = arena.f32(v, 3);
          for (let step = 1; step <= 4; step++) {
            const g = uniform(rand, n, -3, 3).map((x, i) => (i % 7 === 0 ? 0 : x * 10 ** ((i % 5) - 2)));
            const gp = arena.f32(g);
            const lrT = (0.001 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
            adamStep(p, g, m, v, lrT, 1 - 0.9, 1 - 0.999, 1e-7);
            ex.adamStep(pp.ptr, gp.ptr, mp.ptr, vp.ptr, n, lrT, 1 - 0.9, 1 - 0.999, 1e-7);
            const what = `n ${n}, step ${step}`;
            assertSameValues(mp.view(), m, `m, ${what}`);
            assertSameValues(vp.view(), v, `v, ${what}`);
            assertSameValues(pp.view(), p, `p, ${what}`);
          }
          arena.checkGuards(`n ${n}`);
        } finally {
          arena.free();
        }
      }
    });
  });
}
