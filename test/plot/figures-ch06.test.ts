// Chapter 6's figures and the chart pieces they are made of: contour lines, histograms, panel grids,
// markers every n-th point. SVG structure is read back with the strict XML reader; PNGs are decoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import {
  ScratchnetError,
  activationHistograms,
  optimizerPaths,
  type BatchNormCurves,
  type HyperparameterSearchResult,
  type LossComparison,
  type OverfittingRun,
} from '../../src/index.js';
import {
  contourLines,
  contourSeries,
  figureActivationHistograms,
  figureBatchNorm,
  figureHyperparameterSearch,
  figureLossComparison,
  figureOptimizerPaths,
  figureOverfitting,
  histogramChart,
  lineChart,
  panelGrid,
  viridisColor,
} from '../../src/plot/index.js';
import { svgToPng } from '../../src/plot/node.js';
import { allText, byClass, byName, findAll, parseSvg, type XmlNode } from './xml.js';

/** A grid over [-2, 2]² with values f(x, y), row by row. */
function grid(f: (x: number, y: number) => number, n = 41): { x: number[]; y: number[]; z: number[] } {
  const x = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
  const z: number[] = [];
  for (const yv of x) for (const xv of x) z.push(f(xv, yv));
  return { x, y: x, z };
}

test('contourLines: the level set x² + y² = 1 is one closed curve on the unit circle', () => {
  const { x, y, z } = grid((a, b) => a * a + b * b);
  const lines = contourLines(x, y, z, 1);
  assert.equal(lines.length, 1);
  const line = lines[0]!;
  assert.ok(line.length > 40, `${line.length} points`);
  assert.deepEqual(line[0], line.at(-1), 'closed');
  // Linear interpolation on a 0.1 grid stays within a few thousandths of the circle.
  for (const [px, py] of line) assert.ok(Math.abs(Math.hypot(px, py) - 1) < 0.005, `(${px}, ${py})`);
  assert.deepEqual(contourLines(x, y, z, 100), [], 'a level above every value has no line');
});

test('contourLines: two separate bumps give two loops; a line leaving the grid stays open; NaN cells are skipped', () => {
  const bumps = grid((a, b) => Math.exp(-((a - 1) ** 2 + b * b) * 4) + Math.exp(-((a + 1) ** 2 + b * b) * 4));
  assert.equal(contourLines(bumps.x, bumps.y, bumps.z, 0.5).length, 2);
  const plane = grid((a) => a);
  const [open] = contourLines(plane.x, plane.y, plane.z, 0.25);
  assert.equal(open!.length, 41, 'one point per grid row');
  assert.ok(open!.every(([px]) => Math.abs(px - 0.25) < 1e-12));
  assert.notDeepEqual(open![0], open!.at(-1));
  const holed = grid((a, b) => (Math.abs(a) < 0.3 && Math.abs(b) < 0.3 ? Number.NaN : a));
  const pieces = contourLines(holed.x, holed.y, holed.z, 0);
  assert.equal(pieces.length, 2, 'the NaN hole cuts the line in two');
  assert.throws(
    () => contourLines([0, 1], [0, 1], [1, 2, 3], 1),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH',
  );
});

test('contourSeries: one series per level, NaN between curves, viridis from purple to yellow', () => {
  const bumps = grid((a, b) => Math.exp(-((a - 1) ** 2 + b * b) * 4) + Math.exp(-((a + 1) ** 2 + b * b) * 4));
  const series = contourSeries({ ...bumps, levels: [0.2, 0.5, 0.8] });
  assert.equal(series.length, 3);
  assert.equal(series[0]!.color, '#440154');
  assert.equal(series[2]!.color, '#fde725');
  assert.equal(viridisColor(0.5), '#21908d');
  const ys = Array.from(series[1]!.y as ArrayLike<number>);
  assert.equal(ys.filter(Number.isNaN).length, 1, 'two loops, one gap');
});

test('markEvery puts a marker on every n-th point only, and is checked', () => {
  const y = Array.from({ length: 2000 }, (_, i) => Math.exp(-i / 500));
  const root = parseSvg(lineChart({ series: [{ y, marker: true, markEvery: 100, label: 'a' }] }));
  assert.equal(byName(byClass(root, 'markers')[0]!, 'circle').length, 20);
  assert.throws(
    () => lineChart({ series: [{ y, marker: true, markEvery: 0 }] }),
    /markEvery must be a positive integer/,
  );
});

test('histogramChart: a bar per non-empty bin, edge to edge, cut off at the y limit', () => {
  const svg = histogramChart({ edges: [0, 0.25, 0.5, 0.75, 1], counts: [5000, 0, 300, 100], yLim: [0, 1000] });
  const bars = byClass(parseSvg(svg), 'bar');
  assert.deepEqual(
    bars.map((b) => b.attrs['data-count']),
    ['5000', '300', '100'],
  );
  assert.deepEqual(
    bars.map((b) => b.attrs['data-edges']),
    ['0 0.25', '0.5 0.75', '0.75 1'],
  );
  // Adjacent bins share an edge: the third bar starts where the second ends (to the rounding of coordinates).
  assert.ok(Math.abs(Number(bars[1]!.attrs.x) + Number(bars[1]!.attrs.width) - Number(bars[2]!.attrs.x)) <= 0.02);
  assert.throws(
    () => histogramChart({ edges: [0, 1], counts: [1, 2] }),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH',
  );
  assert.throws(() => histogramChart({ edges: [0, 2, 1], counts: [1, 2] }), /increasing/);
});

function panels(root: XmlNode): XmlNode[] {
  return byClass(root, 'panel');
}

test('panelGrid: panels placed in a grid, each id made unique, a title and row labels', () => {
  const chart = lineChart({ width: 300, height: 200, series: [{ y: [1, 2, 3] }] });
  const svg = panelGrid({ panels: [chart, chart, chart], columns: 2, title: 'three', rowLabels: ['first', 'second'] });
  const root = parseSvg(svg);
  const ps = panels(root);
  assert.equal(ps.length, 3);
  const left = Number(ps[0]!.attrs.x);
  assert.ok(left > 0, 'room for the row labels');
  assert.deepEqual(
    ps.map((p) => [Number(p.attrs.x) - left, Number(p.attrs.y)]),
    [
      [0, 41],
      [300, 41],
      [0, 241],
    ],
  );
  assert.equal(root.attrs.width, String(left + 600));
  assert.equal(root.attrs.height, '441');
  const ids = findAll(root, (n) => n.attrs.id !== undefined).map((n) => n.attrs.id!);
  assert.equal(ids.length, 3);
  assert.equal(new Set(ids).size, 3, 'identical panels, distinct clip ids');
  for (const p of ps) {
    const id = findAll(p, (n) => n.name === 'clipPath')[0]!.attrs.id!;
    assert.ok(
      findAll(p, (n) => n.attrs['clip-path'] === `url(#${id})`).length > 0,
      'each panel uses its own clip path',
    );
  }
  assert.equal(allText(byClass(root, 'figure-title')[0]!), 'three');
  assert.deepEqual(byClass(root, 'row-label').map(allText), ['first', 'second']);
  assert.throws(() => panelGrid({ panels: ['<svg/>'] }), /not an SVG document made by scratchnet/);
  assert.throws(() => panelGrid({ panels: [] }), /at least one panel/);
});

/** Pixels of a PNG region that are clearly red (the optimizer paths). */
function redPixels(img: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! > 200 && img.data[i + 1]! < 80 && img.data[i + 2]! < 80) n++;
    }
  }
  return n;
}

test('figure 6-8: four panels of contours and a red path of 31 points each; the PNG shows every path', () => {
  const paths = optimizerPaths();
  const svg = figureOptimizerPaths(paths);
  const root = parseSvg(svg);
  const ps = panels(root);
  assert.equal(ps.length, 4);
  assert.deepEqual(
    ps.map((p) => allText(byClass(p, 'title')[0]!)),
    ['SGD (lr 0.95)', 'Momentum (lr 0.1)', 'AdaGrad (lr 1.5)', 'Adam (lr 0.3)'],
  );
  for (const p of ps) {
    const markers = byClass(p, 'markers');
    assert.equal(markers.length, 1);
    assert.equal(markers[0]!.attrs.fill, '#ff0000');
    assert.equal(byName(markers[0]!, 'circle').length, 31);
    // Seven contour levels and the two strokes of the +, under the path.
    assert.ok(byClass(p, 'line').length >= 10);
  }
  assert.match(allText(byClass(root, 'figure-title')[0]!), /30 steps/);
  const img = PNG.sync.read(Buffer.from(svgToPng(svg)));
  assert.equal(img.width, Number(root.attrs.width));
  for (const p of ps) {
    const x = Math.round(Number(p.attrs.x));
    const y = Math.round(Number(p.attrs.y));
    const red = redPixels(img, x, y, x + Number(p.attrs.width), y + Number(p.attrs.height));
    assert.ok(red > 200, `panel at (${x}, ${y}): ${red} red pixels`);
  }
});

test('figures 6-10 to 6-14: a row per setting, a panel per layer, the book y limit of 7000', () => {
  const settings = activationHistograms({ samples: 200 });
  const root = parseSvg(figureActivationHistograms(settings));
  const ps = panels(root);
  assert.equal(ps.length, 30);
  assert.deepEqual(
    byClass(root, 'row-label').map(allText),
    settings.map((s) => s.label),
  );
  assert.deepEqual(
    ps.slice(0, 5).map((p) => allText(byClass(p, 'title')[0]!)),
    ['1-layer', '2-layer', '3-layer', '4-layer', '5-layer'],
  );
  for (const p of ps) assert.equal(byClass(p, 'frame')[0]!.attrs['data-ylim'], '0 7000');
  // ReLU with std 0.01, layer 5: one bar, every output in the first bin.
  const collapsed = byClass(ps[3 * 5 + 4]!, 'bar');
  assert.deepEqual(
    collapsed.map((b) => b.attrs['data-count']),
    ['20000'],
  );
});

const comparison: LossComparison = {
  iterations: 200,
  batchSize: 128,
  curves: ['SGD', 'Adam'].map((label, k) => {
    const loss = Array.from({ length: 200 }, (_, i) => 2.3 * Math.exp(-i / (50 + 100 * (1 - k))) + 0.1);
    return { label, loss, smoothed: loss };
  }),
};

test('figures 6-9 and 6-15: one smoothed curve per network, markers every twentieth, legend, the given y limits', () => {
  const root = parseSvg(figureLossComparison(comparison, { title: 'optimizers', yLim: [0, 1] }));
  assert.equal(byClass(root, 'frame')[0]!.attrs['data-ylim'], '0 1');
  assert.deepEqual(
    byClass(root, 'series').map((s) => s.attrs['data-label']),
    ['SGD', 'Adam'],
  );
  for (const m of byClass(root, 'markers')) assert.equal(byName(m, 'circle').length, 20);
  assert.ok(byClass(root, 'legend').length === 1);
});

test('figure 6-18: a panel per scale with both curves; the legend only in the first', () => {
  const curves: BatchNormCurves[] = [1, 0.01, 0.0001].map((scale) => ({
    scale,
    withBatchNorm: [0.1, 0.5, 0.9],
    withoutBatchNorm: [0.1, 0.1, 0.1],
  }));
  const root = parseSvg(figureBatchNorm(curves));
  const ps = panels(root);
  assert.deepEqual(
    ps.map((p) => allText(byClass(p, 'title')[0]!)),
    ['W: 1', 'W: 0.01', 'W: 0.0001'],
  );
  assert.equal(byClass(ps[0]!, 'legend').length, 1);
  assert.equal(byClass(ps[1]!, 'legend').length, 0);
  assert.ok(byClass(ps[1]!, 'dashed').length === 1, 'without batch norm is dashed');
});

test('figures 6-20 to 6-23 and 6-24: final accuracies in the legends, the best trials first with their settings', () => {
  const runs: OverfittingRun[] = [
    { label: 'none', trainAcc: [0.5, 1], testAcc: [0.4, 0.7] },
    { label: 'decay', weightDecayLambda: 0.1, trainAcc: [0.5, 0.9], testAcc: [0.4, 0.75] },
  ];
  const over = parseSvg(figureOverfitting(runs));
  assert.equal(panels(over).length, 2);
  assert.deepEqual(
    byClass(panels(over)[0]!, 'legend-entry').map((e) => e.attrs['data-label']),
    ['train (1.000)', 'test (0.700)'],
  );
  const trial = (n: number, acc: number): HyperparameterSearchResult['trials'][number] => ({
    trial: n,
    lr: 1.234e-3 * n,
    weightDecay: 5e-7,
    validationAcc: [0.1, acc],
    trainAcc: [0.1, acc + 0.05],
  });
  const trials = [trial(1, 0.3), trial(2, 0.8), trial(3, 0.5)];
  const result: HyperparameterSearchResult = {
    trials,
    best: [trials[1]!, trials[2]!, trials[0]!],
    trainSize: 400,
    validationSize: 100,
  };
  const hp = parseSvg(figureHyperparameterSearch(result, { count: 2 }));
  const ps = panels(hp);
  assert.deepEqual(
    ps.map((p) => allText(byClass(p, 'title')[0]!)),
    ['Best-1 (val acc 0.80)', 'Best-2 (val acc 0.50)'],
  );
  assert.equal(allText(byClass(ps[0]!, 'axis-label')[0]!), 'lr 2.5e-3, decay 5.0e-7');
  assert.match(allText(byClass(hp, 'figure-title')[0]!), /best 2 of 3 trials/);
});
