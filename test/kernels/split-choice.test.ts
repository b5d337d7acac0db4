// SplitChoice: whether products are shared with the worker, chosen from timed windows of the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PAUSE_MS,
  PROBE_EVERY,
  PROBE_RARELY,
  SplitChoice,
  WINDOW_PRODUCTS,
} from '../../src/ndarray/kernels/wasm/split-choice.js';

/** How long one product (and what follows it) takes: shared or not, in window `w` (from 0). */
type Cost = (sharing: boolean, w: number) => number;

/** A SplitChoice on a clock that the test moves by `cost` per product. */
function driven(cost: Cost): { choice: SplitChoice; run: (windows: number) => boolean[] } {
  let clock = 0;
  let w = 0;
  const choice = new SplitChoice(() => clock);
  /** Runs `windows` windows; how each ran (true: shared). */
  const run = (windows: number): boolean[] => {
    const ways: boolean[] = [];
    for (let i = 0; i < windows; i++, w++) {
      let way: boolean | undefined;
      for (let p = 0; p < WINDOW_PRODUCTS; p++) {
        const sharing = choice.next(1000);
        assert.ok(way === undefined || way === sharing, 'a window runs one way throughout');
        way = sharing;
        clock += cost(sharing, w);
      }
      ways.push(way ?? true);
    }
    return ways;
  };
  return { choice, run };
}

const count = (ways: boolean[], way: boolean): number => ways.filter((x) => x === way).length;

test('products are shared at first; while sharing is as fast, one window in PROBE_EVERY + 1 probes running alone', () => {
  const { choice, run } = driven(() => 0.1);
  const ways = run(4 * (PROBE_EVERY + 1));
  assert.equal(ways[0], true);
  assert.equal(count(ways, false), 4);
  assert.equal(choice.prefersSplit, true);
});

test('when running alone is faster, products run alone after two winning probes; sharing is then probed rarely', () => {
  const { choice, run } = driven((sharing) => (sharing ? 0.3 : 0.1));
  run(2 * (PROBE_EVERY + 1) + 2);
  assert.equal(choice.prefersSplit, false);
  const later = run(4 * (PROBE_RARELY + 1));
  assert.ok(count(later, true) <= 5, `${count(later, true)} shared windows of ${later.length}`);
});

test('when sharing pays again, the probes see it and products are shared again', () => {
  let sharingCost = 0.3;
  const { choice, run } = driven((sharing) => (sharing ? sharingCost : 0.1));
  run(2 * (PROBE_EVERY + 1) + 2);
  assert.equal(choice.prefersSplit, false);
  sharingCost = 0.05;
  run(2 * (PROBE_RARELY + 1) + PROBE_EVERY + 2);
  assert.equal(choice.prefersSplit, true);
});

test('a steady speed-up (a process warming up) does not make the probes look faster', () => {
  // Both ways cost the same, and less every window: a later window beats an earlier one either way.
  const { choice, run } = driven((_, w) => 0.3 * (1 - w / 400));
  const ways = run(300);
  assert.equal(choice.prefersSplit, true);
  assert.ok(count(ways, false) <= Math.ceil(300 / (PROBE_EVERY + 1)), 'only probes ran alone');
});

test('a probe with a pause in or around it is not judged', () => {
  let clock = 0;
  const choice = new SplitChoice(() => clock);
  for (let w = 0; w < 10 * (PROBE_EVERY + 1); w++) {
    let sharing = true;
    for (let p = 0; p < WINDOW_PRODUCTS; p++) {
      sharing = choice.next(1000);
      // Alone is three times faster, but every probe window has a long pause in it.
      clock += sharing ? 0.3 : 0.1;
      if (!sharing && p === WINDOW_PRODUCTS >> 1) clock += PAUSE_MS + 1;
    }
  }
  assert.equal(choice.prefersSplit, true);
});
