// The book's figures and the training, evaluation and prediction charts the CLI writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, zeros } from '../../src/core.js';
import {
  FIGURES,
  FIGURE_DESCRIPTIONS,
  figureGradientDescent,
  figureGradientField,
  figureMnistGrid,
  figureTangent,
  trainingAccuracyChart,
  trainingLossChart,
  confusionMatrixChart,
  classAccuracyChart,
  probabilityChart,
  gradientDescentPath,
  gradientFieldData,
  MATPLOTLIB_COLORS,
} from '../../src/plot/index.js';
import { allText, byClass, byName, numbersIn, parseSvg, type XmlNode } from './xml.js';

function frameRect(root: XmlNode): { x: number; y: number; w: number; h: number; xlim: number[]; ylim: number[] } {
  const f = byClass(root, 'frame')[0]!;
  return {
    x: Number(f.attrs.x),
    y: Number(f.attrs.y),
    w: Number(f.attrs.width),
    h: Number(f.attrs.height),
    xlim: f.attrs['data-xlim']!.split(' ').map(Number),
    ylim: f.attrs['data-ylim']!.split(' ').map(Number),
  };
}

const history = {
  loss: Array.from({ length: 600 }, (_, i) => 2.3 * Math.exp(-i / 100) + 0.1),
  trainAcc: [0.11, 0.78, 0.87, 0.9, 0.91],
  testAcc: [0.1, 0.79, 0.88, 0.9, 0.905],
  epochs: [0, 1, 2, 3, 4],
};

test('every registered figure is well-formed SVG of the requested size, with a description', () => {
  assert.deepEqual(Object.keys(FIGURES).sort(), [
    'gradient-descent',
    'gradient-field',
    'relu',
    'sigmoid',
    'sigmoid-vs-step',
    'step',
    'tangent',
  ]);
  for (const [name, draw] of Object.entries(FIGURES)) {
    const root = parseSvg(draw!());
    assert.equal(root.attrs.width, '640', name);
    const small = parseSvg(draw!({ width: 400, height: 300 }));
    assert.equal(small.attrs.height, '300', name);
    assert.ok(byClass(root, 'frame').length === 1, `${name} has axes`);
    assert.ok(FIGURE_DESCRIPTIONS[name as keyof typeof FIGURE_DESCRIPTIONS] !== undefined, `${name} has a description`);
  }
  assert.equal(FIGURES['no-such-figure'], undefined);
});

test('step, sigmoid and relu use the book x range and y limits', () => {
  for (const [name, ylim] of [
    ['step', [-0.1, 1.1]],
    ['sigmoid', [-0.1, 1.1]],
    ['relu', [-1, 5.5]],
    ['sigmoid-vs-step', [-0.1, 1.1]],
  ] as const) {
    const root = parseSvg(FIGURES[name]());
    assert.deepEqual(frameRect(root).ylim, ylim, name);
    const xTicks = byClass(byClass(root, 'x-axis')[0]!, 'tick-label').map(allText);
    assert.deepEqual(xTicks, ['\u22124', '\u22122', '0', '2', '4'], name);
  }
  const both = parseSvg(FIGURES['sigmoid-vs-step']());
  const lines = byClass(both, 'line');
  assert.equal(lines.length, 2);
  assert.equal(lines[1]!.attrs.stroke, '#000000');
  assert.ok(
    lines[1]!.attrs['stroke-dasharray'] !== undefined,
    'the step function is dashed black, as the book\'s "k--"',
  );
});

test('tangent: the line touches f at x = 5 with the numerical slope ~0.2', () => {
  const svg = figureTangent();
  const root = parseSvg(svg);
  assert.match(allText(byClass(root, 'title')[0]!), /x = 5: 0\.19999999999/);
  const [curve, tangent] = byClass(root, 'line').map((l) => numbersIn(l.attrs.d!));
  // Same x grid, so the two paths meet (to the pixel) at the sample x = 5.0, the 51st point.
  const i = 50 * 2;
  assert.ok(Math.abs(curve![i]! - tangent![i]!) < 0.01 && Math.abs(curve![i + 1]! - tangent![i + 1]!) < 0.01);
  assert.ok(
    Math.abs(curve![0]! - tangent![0]!) < 0.01 && curve![1]! < tangent![1]!,
    'the tangent lies under the convex curve elsewhere',
  );
});

test('gradient-field: 18 × 18 arrows from np.arange(-2, 2.5, 0.25), all pointing toward the origin', () => {
  const data = gradientFieldData();
  assert.equal(data.x.length, 18 * 18);
  data.x.forEach((x, i) => {
    assert.ok(
      Math.abs(data.u[i]! + 2 * x) < 1e-6 && Math.abs(data.v[i]! + 2 * data.y[i]!) < 1e-6,
      'u, v = -grad = -2x',
    );
  });
  const root = parseSvg(figureGradientField());
  const f = frameRect(root);
  assert.deepEqual(f.xlim, [-2, 2]);
  const ox = f.x + f.w / 2;
  const oy = f.y + f.h / 2;
  const arrows = byClass(root, 'arrow');
  assert.equal(arrows.length + byClass(root, 'arrow-dot').length, 18 * 18);
  // Vectors shorter than the shaft is wide (the origin and its four neighbours) are dots, as in matplotlib.
  const dots = byClass(root, 'arrow-dot');
  assert.ok(dots.length >= 1 && dots.length <= 5);
  for (const d of dots)
    assert.ok(Math.hypot(Number(d.attrs.cx) - ox, Number(d.attrs.cy) - oy) < f.w * 0.07, 'dots only near the minimum');
  for (const a of arrows) {
    const [tx, ty, deg] = numbersIn(a.attrs.transform!);
    const rad = (deg! * Math.PI) / 180;
    const toOrigin = [ox - tx!, oy - ty!];
    const cos = (Math.cos(rad) * toOrigin[0]! + Math.sin(rad) * toOrigin[1]!) / Math.hypot(toOrigin[0]!, toOrigin[1]!);
    assert.ok(cos > 0.99, `arrow at (${tx}, ${ty}) points ${deg}°, not at the origin`);
  }
  // Longer arrows far from the minimum: the gradient grows with the distance.
  const lengthOf = (a: XmlNode): number => Math.max(...numbersIn(a.attrs.d!).filter((_, i) => i % 2 === 0));
  const far = arrows.map((a) => {
    const [tx, ty] = numbersIn(a.attrs.transform!);
    return { d: Math.hypot(tx! - ox, ty! - oy), len: lengthOf(a) };
  });
  far.sort((p, q) => p.d - q.d);
  assert.ok(far[far.length - 1]!.len > 3 * far[0]!.len);
});

test('gradient-descent: 21 points from (-3, 4) toward the origin on dashed axes', () => {
  const path = gradientDescentPath();
  assert.equal(path.x.length, 21);
  assert.deepEqual([path.x[0], path.y[0]], [-3, 4]);
  // Each step multiplies x by (1 - 2·lr) = 0.8.
  assert.ok(Math.abs(path.x[20]! - -3 * 0.8 ** 20) < 1e-6 && Math.abs(path.y[20]! - 4 * 0.8 ** 20) < 1e-6);
  const root = parseSvg(figureGradientDescent());
  assert.deepEqual(frameRect(root).xlim, [-3.5, 3.5]);
  assert.deepEqual(frameRect(root).ylim, [-4.5, 4.5]);
  const groups = byClass(root, 'series');
  const points = byName(groups[2]!, 'circle');
  assert.equal(points.length, 21);
  const axes = byClass(root, 'line');
  assert.equal(axes.length, 2);
  for (const l of axes) assert.ok(l.attrs['stroke-dasharray'] !== undefined);
  const f = frameRect(root);
  const first = points[0]!;
  assert.ok(Math.abs(Number(first.attrs.cx) - (f.x + (0.5 / 7) * f.w)) < 0.02, 'first point at x0 = -3');
  assert.deepEqual(byClass(root, 'axis-label').map(allText), ['X0', 'X1']);
});

test('accuracy chart: train solid, test dashed, legend lower right, y from 0 to 1, x in epochs', () => {
  const root = parseSvg(trainingAccuracyChart(history));
  const lines = byClass(root, 'line');
  assert.equal(lines.length, 2);
  assert.equal(byClass(root, 'solid').length, 1);
  assert.equal(byClass(root, 'dashed').length, 1);
  assert.equal(byClass(root, 'solid')[0]!.attrs.stroke, MATPLOTLIB_COLORS[0]);
  const legend = byClass(root, 'legend')[0]!;
  assert.equal(legend.attrs['data-location'], 'lower right');
  assert.deepEqual(byClass(legend, 'legend-entry').map(allText), ['train acc', 'test acc']);
  const f = frameRect(root);
  assert.deepEqual(f.ylim, [0, 1]);
  const yTicks = byClass(byClass(root, 'y-axis')[0]!, 'tick-label');
  assert.deepEqual(yTicks.map(allText), ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  const xTicks = byClass(byClass(root, 'x-axis')[0]!, 'tick-label');
  assert.deepEqual(xTicks.map(allText), ['0', '1', '2', '3', '4']);
  assert.deepEqual(byClass(root, 'axis-label').map(allText), ['epochs', 'accuracy']);
  // The legend sits below the curves (accuracies ≥ 0.78 after the first epoch).
  const box = byClass(legend, 'legend-frame')[0]!;
  assert.ok(Number(box.attrs.y) > f.y + f.h * (1 - 0.7));
});

test('accuracy chart draws a validation curve when the history has one', () => {
  const root = parseSvg(trainingAccuracyChart({ ...history, validationAcc: [0.1, 0.7, 0.8, 0.85, 0.86] }));
  assert.deepEqual(byClass(byClass(root, 'legend')[0]!, 'legend-entry').map(allText), [
    'train acc',
    'test acc',
    'val acc',
  ]);
});

test('loss chart: one line over all iterations, labelled axes', () => {
  const root = parseSvg(trainingLossChart(history));
  assert.equal(byClass(root, 'line').length, 1);
  assert.deepEqual(byClass(root, 'axis-label').map(allText), ['iteration', 'loss']);
  assert.equal(byClass(root, 'legend').length, 0);
  const f = frameRect(root);
  assert.ok(f.xlim[0]! < 1 && f.xlim[1]! > 600);
});

test('confusion matrix: 10 × 10 cells with counts, true labels down, predictions across', () => {
  const m = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 900 + r : r + c)));
  const root = parseSvg(confusionMatrixChart(m));
  assert.equal(byClass(root, 'cell').length, 100);
  const texts = byName(byClass(root, 'annotations')[0]!, 'text').map(allText);
  assert.equal(texts[0], '900');
  assert.equal(texts[11], '901');
  assert.equal(texts[1], '1');
  assert.deepEqual(byClass(root, 'axis-label').map(allText), ['predicted label', 'true label']);
  parseSvg(confusionMatrixChart(zeros([10, 10]), { colorBy: 'value' })); // all zero: no division by zero
});

test('per-class accuracy: a bar per class with its percentage; probability chart highlights the argmax', () => {
  const acc = parseSvg(classAccuracyChart([0.98, 0.95, 0.9], { overall: 0.94 }));
  assert.equal(byClass(acc, 'bar').length, 3);
  assert.deepEqual(byClass(acc, 'value-label').map(allText), ['98.0%', '95.0%', '90.0%']);
  assert.match(allText(byClass(acc, 'title')[0]!), /94\.00%/);
  assert.equal(byClass(acc, 'reference-line').length, 1);

  const probs = parseSvg(probabilityChart(array([0.05, 0.05, 0.8, 0.1]), { trueLabel: 2 }));
  const bars = byClass(probs, 'bar');
  assert.equal(bars.length, 4);
  assert.deepEqual(
    byClass(probs, 'highlight').map((b) => b.attrs['data-index']),
    ['2'],
  );
  assert.deepEqual(frameRect(probs).ylim, [0, 1]);
  assert.match(allText(byClass(probs, 'title')[0]!), /prediction: 2 \(80\.0%\), true label: 2/);
});

test('MNIST grid: one image per digit captioned with its label; predictions colour the captions', () => {
  const images = zeros([12, 784]);
  images.data[5] = 1;
  const labels = array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6]);
  const root = parseSvg(figureMnistGrid(images, labels, { count: 12, columns: 6 }));
  assert.equal(byName(root, 'image').length, 12);
  assert.deepEqual(byClass(root, 'caption').map(allText), ['7', '2', '1', '0', '4', '1', '4', '9', '5', '9', '0', '6']);
  // One-hot labels and predictions: a wrong prediction shows the truth in brackets, in red.
  const oneHot = zeros([3, 10]);
  [7, 2, 1].forEach((c, i) => {
    oneHot.data[i * 10 + c] = 1;
  });
  const pred = parseSvg(figureMnistGrid(zeros([3, 28, 28]), oneHot, { predictions: [7, 3, 1] }));
  const captions = byClass(pred, 'caption');
  assert.deepEqual(captions.map(allText), ['7', '3 (2)', '1']);
  assert.equal(captions[1]!.attrs.fill, MATPLOTLIB_COLORS[3]);
  assert.equal(captions[0]!.attrs.fill, MATPLOTLIB_COLORS[2]);
});
