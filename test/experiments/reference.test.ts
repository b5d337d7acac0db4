// The chapter 6 experiments that need no data, against numpy (test/fixtures/ch06/make_reference.py)
// and against what the book's figures show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  BOOK_WEIGHT_SCALES,
  ScratchnetError,
  activationHistograms,
  histogram,
  kaiserWindow,
  logspace,
  optimizerPaths,
  smoothCurve,
  valleyFunction,
  type SettingActivations,
} from '../../src/index.js';

interface Reference {
  paths: Record<string, { lr: number; x: number[]; y: number[] }>;
  smooth: { input: number[]; output: number[]; window: number[] };
  histogram: { values: number[]; counts: number[]; edges: number[] };
  logspace: number[];
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/ch06/reference.json', import.meta.url), 'utf8')) as Reference;

function assertClose(actual: readonly number[], expected: readonly number[], rtol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= rtol * Math.max(1, Math.abs(e)), `${what}[${i}] = ${a}, numpy ${e}`);
  });
}

test('optimizer paths: every point of all four paths is where numpy puts it (31 points, lrs 0.95, 0.1, 1.5, 0.3)', () => {
  const paths = optimizerPaths();
  assert.deepEqual(
    paths.map((p) => [p.name, p.label, p.lr]),
    [
      ['sgd', 'SGD', 0.95],
      ['momentum', 'Momentum', 0.1],
      ['adagrad', 'AdaGrad', 1.5],
      ['adam', 'Adam', 0.3],
    ],
  );
  for (const p of paths) {
    const expected = ref.paths[p.name]!;
    assert.equal(expected.lr, p.lr);
    assertClose(p.x, expected.x, 1e-12, `${p.name} x`);
    assertClose(p.y, expected.y, 1e-12, `${p.name} y`);
    // Every optimizer ends far below f(-7, 2) = 6.45.
    assert.ok(valleyFunction(p.x.at(-1)!, p.y.at(-1)!) < 6.45 / 50, p.name);
  }
  assert.deepEqual(
    optimizerPaths({ steps: 0 }).map((p) => [p.x, p.y]),
    [
      [[-7], [2]],
      [[-7], [2]],
      [[-7], [2]],
      [[-7], [2]],
    ],
  );
  assert.throws(() => optimizerPaths({ steps: -1 }), ScratchnetError);
  assert.throws(
    () => optimizerPaths({ optimizers: [{ name: 'adamw' as 'adam', label: 'x', lr: 1 }] }),
    /unknown optimizer "adamw"/,
  );
});

test("smoothCurve is the book's smooth_curve: Kaiser window (11, beta 2), reflected ends, same length", () => {
  const w = kaiserWindow(11, 2);
  const total = w.reduce((a, b) => a + b, 0);
  assertClose(
    w.map((v) => v / total),
    ref.smooth.window,
    1e-14,
    'window',
  );
  const out = smoothCurve(ref.smooth.input);
  assertClose(out, ref.smooth.output, 1e-13, 'smooth');
  // Too short to reflect: returned as it is.
  assert.deepEqual(smoothCurve([3, 1, 2]), [3, 1, 2]);
  // A constant stays constant (the weights sum to 1), ends included.
  assertClose(smoothCurve(new Array(30).fill(0.7)), new Array(30).fill(0.7), 1e-15, 'constant');
});

test('histogram counts as np.histogram(values, 30, range=(0, 1)) does, edges included', () => {
  const { counts, edges } = histogram(ref.histogram.values, 30, [0, 1]);
  assert.deepEqual(counts, ref.histogram.counts);
  assertClose(edges, ref.histogram.edges, 0, 'edges');
  assert.deepEqual(histogram([0, 0.5, 1, 1.5, -0.1, Number.NaN], 2, [0, 1]).counts, [1, 2]);
  assert.throws(() => histogram([1], 0, [0, 1]), /bins must be a positive integer/);
  assert.throws(() => histogram([1], 3, [1, 1]), /lo < hi/);
});

test("the batch norm experiment's weight scales are numpy's logspace(0, -4, 16)", () => {
  assertClose(BOOK_WEIGHT_SCALES, ref.logspace, 1e-15, 'logspace');
  assert.equal(BOOK_WEIGHT_SCALES[15], 1e-4);
  assert.deepEqual(logspace(2, 2, 1), [100]);
});

const settings = activationHistograms();
const byLabel = (label: string): SettingActivations => settings.find((s) => s.label === label)!;
/** Bins holding at least 0.25% of a layer's outputs (a flat spread over 30 bins puts 3.3% in each). */
const busyBins = (counts: readonly number[], total: number): number => counts.filter((c) => c >= total / 400).length;

test('activation histograms: five layers of 1000 x 100 outputs, 30 bins over [0, 1], for the six settings of figures 6-10 to 6-14', () => {
  assert.deepEqual(
    settings.map((s) => s.label),
    ['sigmoid, std 1', 'sigmoid, std 0.01', 'sigmoid, Xavier', 'ReLU, std 0.01', 'ReLU, Xavier', 'ReLU, He'],
  );
  for (const s of settings) {
    assert.equal(s.layers.length, 5);
    for (const l of s.layers) {
      assert.equal(l.total, 100_000);
      assert.equal(l.counts.length, 30);
      assert.equal(l.edges[30], 1);
    }
  }
  assert.equal(byLabel('ReLU, He').scale, Math.sqrt(2 / 100));
  assert.equal(byLabel('sigmoid, Xavier').scale, Math.sqrt(1 / 100));
});

test('std 1 with sigmoid saturates: most outputs in the first and last bins (figure 6-10)', () => {
  for (const l of byLabel('sigmoid, std 1').layers) {
    const ends = l.counts[0]! + l.counts[29]!;
    assert.ok(ends > 0.5 * l.total, `layer ${l.layer}: ${ends} of ${l.total} in the end bins`);
  }
});

test('std 0.01 collapses: sigmoid outputs all near 0.5, ReLU outputs shrink ~15x per layer to nothing (figures 6-11, 6-14)', () => {
  for (const l of byLabel('sigmoid, std 0.01').layers) {
    assert.ok(Math.abs(l.mean - 0.5) < 0.01 && l.std < 0.03, `layer ${l.layer}: mean ${l.mean}, std ${l.std}`);
    const middle = l.counts[13]! + l.counts[14]! + l.counts[15]! + l.counts[16]!;
    assert.ok(middle > 0.95 * l.total, `layer ${l.layer}: ${middle} of ${l.total} in the four middle bins`);
  }
  const relu = byLabel('ReLU, std 0.01').layers;
  for (let i = 1; i < 5; i++)
    assert.ok(relu[i]!.std < relu[i - 1]!.std / 10, `layer ${i + 1}: std ${relu[i]!.std} after ${relu[i - 1]!.std}`);
  assert.ok(relu[4]!.std < 1e-5, `layer 5 std ${relu[4]!.std}`);
  assert.equal(relu[4]!.counts[0], relu[4]!.total, 'every layer-5 output is in the first bin');
});

test('He keeps ReLU outputs spread through all five layers, where Xavier lets them shrink (figure 6-14)', () => {
  const he = byLabel('ReLU, He').layers;
  const xavier = byLabel('ReLU, Xavier').layers;
  for (const l of he) {
    assert.ok(
      l.std > 0.6 * he[0]!.std && l.std < 1.5 * he[0]!.std,
      `He layer ${l.layer}: std ${l.std}, layer 1 ${he[0]!.std}`,
    );
    assert.ok(busyBins(l.counts, l.total) === 30, `He layer ${l.layer}: ${busyBins(l.counts, l.total)} busy bins`);
  }
  // Xavier's sqrt(1/n) halves the variance each layer under ReLU: std falls by about 1/sqrt(2).
  assert.ok(xavier[4]!.std < 0.4 * xavier[0]!.std, `Xavier layer 5 std ${xavier[4]!.std}, layer 1 ${xavier[0]!.std}`);
  assert.ok(he[4]!.std > 3 * xavier[4]!.std);
  // Xavier with sigmoid stays spread too (figure 6-13), unlike std 0.01.
  for (const l of byLabel('sigmoid, Xavier').layers)
    assert.ok(busyBins(l.counts, l.total) >= 10 && l.std > 0.08, `sigmoid Xavier layer ${l.layer}`);
});

test('activation histograms are seeded and check their options', () => {
  const a = activationHistograms({
    samples: 50,
    seed: 3,
    settings: [{ label: 'he', activation: 'relu', weightInit: 'he' }],
  });
  const b = activationHistograms({
    samples: 50,
    seed: 3,
    settings: [{ label: 'he', activation: 'relu', weightInit: 'he' }],
  });
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    activationHistograms({ samples: 50, seed: 4, settings: a }).map((s) => s.layers[0]!.mean),
    a.map((s) => s.layers[0]!.mean),
  );
  assert.throws(() => activationHistograms({ layers: 0 }), /layers must be an integer/);
  assert.throws(
    () => activationHistograms({ settings: [{ label: 'x', activation: 'softplus' as 'relu', weightInit: 1 }] }),
    /activation must be/,
  );
});
