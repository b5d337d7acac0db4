// The chart builders: each output must parse as XML and contain what the chart promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { array, ScratchnetError } from '../../src/core.js';
import {
  arrowField,
  barChart,
  heatmap,
  imageGrid,
  lineChart,
  scatterChart,
  encodeGrayPng,
  bluesColor,
  MATPLOTLIB_COLORS,
} from '../../src/plot/index.js';
import { crc32 } from '../../src/plot/png-encode.js';
import { allText, byClass, byName, numbersIn, parseSvg, type XmlNode } from './xml.js';

/** The plot frame and a data-to-pixel map read back from a chart. */
function frame(root: XmlNode): {
  x: (v: number) => number;
  y: (v: number) => number;
  rect: number[];
  xlim: number[];
  ylim: number[];
} {
  const f = byClass(root, 'frame')[0]!;
  const [rx, ry, rw, rh] = ['x', 'y', 'width', 'height'].map((k) => Number(f.attrs[k]));
  const xlim = f.attrs['data-xlim']!.split(' ').map(Number);
  const ylim = f.attrs['data-ylim']!.split(' ').map(Number);
  return {
    rect: [rx!, ry!, rw!, rh!],
    xlim,
    ylim,
    x: (v) => rx! + ((v - xlim[0]!) / (xlim[1]! - xlim[0]!)) * rw!,
    y: (v) => ry! + rh! - ((v - ylim[0]!) / (ylim[1]! - ylim[0]!)) * rh!,
  };
}

function pathPoints(d: string): number[][] {
  const nums = numbersIn(d);
  const pts: number[][] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) pts.push([nums[i]!, nums[i + 1]!]);
  return pts;
}

test('lineChart draws one group per series, solid and dashed, in the matplotlib colour cycle', () => {
  const svg = lineChart({
    series: [
      { x: [0, 1, 2], y: [0, 1, 4], label: 'a' },
      { x: [0, 1, 2], y: [4, 1, 0], label: 'b', dash: true },
      { x: [0, 1, 2], y: [2, 2, 2], label: 'c', dash: 'dotted' },
    ],
    title: 'three',
    xLabel: 'x',
    yLabel: 'y',
  });
  const root = parseSvg(svg);
  const series = byClass(root, 'series');
  assert.deepEqual(
    series.map((s) => s.attrs['data-label']),
    ['a', 'b', 'c'],
  );
  const lines = byClass(root, 'line');
  assert.deepEqual(
    lines.map((l) => l.attrs.stroke),
    MATPLOTLIB_COLORS.slice(0, 3),
  );
  assert.equal(lines[0]!.attrs['stroke-dasharray'], undefined);
  assert.ok(lines[1]!.attrs['stroke-dasharray'] !== undefined);
  assert.notEqual(lines[1]!.attrs['stroke-dasharray'], lines[2]!.attrs['stroke-dasharray']);
  assert.equal(allText(byClass(root, 'title')[0]!), 'three');
  assert.deepEqual(byClass(root, 'axis-label').map(allText), ['x', 'y']);
  // Every series is clipped to the plot area, and the clip path exists.
  const clipId = byName(root, 'clipPath')[0]!.attrs.id!;
  for (const s of series) assert.equal(s.attrs['clip-path'], `url(#${clipId})`);
});

test('lineChart places points where the axes say they are', () => {
  const root = parseSvg(lineChart({ series: [{ x: [1, 2, 3], y: [10, 20, 15] }], xLim: [0, 4], yLim: [0, 25] }));
  const f = frame(root);
  assert.deepEqual(f.xlim, [0, 4]);
  assert.deepEqual(f.ylim, [0, 25]);
  const pts = pathPoints(byClass(root, 'line')[0]!.attrs.d!);
  const expected = [
    [1, 10],
    [2, 20],
    [3, 15],
  ].map(([x, y]) => [f.x(x!), f.y(y!)]);
  pts.forEach((p, i) => {
    assert.ok(Math.abs(p[0]! - expected[i]![0]!) < 0.01 && Math.abs(p[1]! - expected[i]![1]!) < 0.01, `point ${i}`);
  });
  // Tick labels sit at their values: 0 at the bottom of the frame, 25 at the top.
  const yTicks = byClass(byClass(root, 'y-axis')[0]!, 'tick-label');
  assert.deepEqual(yTicks.map(allText), ['0', '5', '10', '15', '20', '25']);
});

test('an explicit colour does not advance the colour cycle (plt.plot(x, y, "k--"))', () => {
  const root = parseSvg(lineChart({ series: [{ y: [1, 2], color: '#000000' }, { y: [2, 1] }] }));
  assert.deepEqual(
    byClass(root, 'line').map((l) => l.attrs.stroke),
    ['#000000', MATPLOTLIB_COLORS[0]],
  );
});

test('NaN breaks a line into pieces; a lone point gets a marker', () => {
  const root = parseSvg(lineChart({ series: [{ y: [1, 2, NaN, 3, 4] }, { x: [1], y: [2] }] }));
  const d = byClass(root, 'line')[0]!.attrs.d!;
  assert.equal(d.split('M').length - 1, 2);
  assert.equal(byName(byClass(root, 'series')[1]!, 'circle').length, 1);
});

test('a long series with increasing x is thinned per pixel column but keeps its extremes', () => {
  const y = Array.from({ length: 20000 }, (_, i) => Math.sin(i) + (i === 12345 ? 10 : 0));
  const root = parseSvg(lineChart({ series: [{ y }], width: 640, height: 480 }));
  const pts = pathPoints(byClass(root, 'line')[0]!.attrs.d!);
  assert.ok(pts.length < 4 * 640, `${pts.length} points kept`);
  const f = frame(root);
  const top = Math.min(...pts.map((p) => p[1]!));
  assert.ok(Math.abs(top - f.y(10 + Math.sin(12345))) < 0.02, 'the spike survives thinning');
});

test('the legend lists labelled series with their styles, at the requested corner', () => {
  const root = parseSvg(
    lineChart({
      series: [{ y: [0, 1], label: 'train acc' }, { y: [0, 0.9], label: 'test acc', dash: true }, { y: [0.5, 0.5] }],
      legend: 'lower right',
    }),
  );
  const legend = byClass(root, 'legend')[0]!;
  assert.equal(legend.attrs['data-location'], 'lower right');
  const entries = byClass(legend, 'legend-entry');
  assert.deepEqual(entries.map(allText), ['train acc', 'test acc']);
  assert.equal(byName(entries[0]!, 'path')[0]!.attrs['stroke-dasharray'], undefined);
  assert.ok(byName(entries[1]!, 'path')[0]!.attrs['stroke-dasharray'] !== undefined);
  // Lower right: the legend box ends near the frame's bottom-right corner.
  const [fx, fy, fw, fh] = frame(root).rect;
  const box = byClass(legend, 'legend-frame')[0]!;
  const right = Number(box.attrs.x) + Number(box.attrs.width);
  const bottom = Number(box.attrs.y) + Number(box.attrs.height);
  assert.ok(fx! + fw! - right < 10 && right < fx! + fw!);
  assert.ok(fy! + fh! - bottom < 10 && bottom < fy! + fh!);
});

test("legend 'best' moves out of the data's way; legend false draws none", () => {
  // Data crowding the top right and top left: the best spot is lower.
  const y = Array.from({ length: 50 }, (_, i) => (i < 25 ? 10 - i * 0.01 : 10 - (49 - i) * 0.01));
  y[25] = 0;
  const best = byClass(parseSvg(lineChart({ series: [{ y, label: 'v' }] })), 'legend')[0]!;
  assert.ok(
    best.attrs['data-location']!.startsWith('lower') || best.attrs['data-location']!.startsWith('center'),
    best.attrs['data-location'],
  );
  assert.equal(byClass(parseSvg(lineChart({ series: [{ y, label: 'v' }], legend: false })), 'legend').length, 0);
});

test('lineChart accepts NDArrays and typed arrays; mismatched lengths and bad sizes throw', () => {
  const svg = lineChart({ series: [{ x: array([0, 1, 2]), y: new Float32Array([1, 2, 3]) }] });
  assert.equal(pathPoints(byClass(parseSvg(svg), 'line')[0]!.attrs.d!).length, 3);
  assert.throws(
    () => lineChart({ series: [{ x: [1, 2], y: [1] }] }),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'SHAPE_MISMATCH',
  );
  assert.throws(() => lineChart({ series: [], width: 0 }), ScratchnetError);
  parseSvg(lineChart({ series: [] })); // empty axes still render
});

test('equal charts give identical output; different charts get different clip ids', () => {
  const a = lineChart({ series: [{ y: [1, 2] }] });
  assert.equal(a, lineChart({ series: [{ y: [1, 2] }] }));
  const idOf = (svg: string): string => byName(parseSvg(svg), 'clipPath')[0]!.attrs.id!;
  assert.notEqual(idOf(a), idOf(lineChart({ series: [{ y: [2, 1] }] })));
});

test('scatterChart draws circles and no connecting line; extra lines go underneath', () => {
  const root = parseSvg(
    scatterChart({
      series: [{ x: [1, 2, 3], y: [3, 1, 2], label: 'pts' }],
      lines: [{ x: [0, 4], y: [0, 0], dash: true }],
    }),
  );
  const series = byClass(root, 'series');
  assert.equal(series.length, 2);
  assert.equal(byClass(series[1]!, 'line').length, 0);
  assert.equal(byName(series[1]!, 'circle').length, 3);
  assert.equal(byName(byClass(root, 'legend')[0]!, 'circle').length, 1);
});

test('arrowField points each arrow along (u, v) and draws zero vectors as dots', () => {
  const root = parseSvg(
    arrowField({ x: [0, 1, 0, 1], y: [0, 0, 1, 1], u: [1, 0, -1, 0], v: [0, 1, 0, 0], xLim: [-1, 2], yLim: [-1, 2] }),
  );
  const arrows = byClass(root, 'arrow');
  assert.equal(arrows.length, 3);
  assert.equal(byClass(root, 'arrow-dot').length, 1);
  // rotate(0) points right, rotate(-90) up (SVG y grows downward), rotate(±180) left.
  const angles = arrows.map((a) => numbersIn(a.attrs.transform!)[2]!);
  assert.deepEqual(
    angles.map((a) => Math.round(Math.abs(a) === 180 ? 180 : a)),
    [0, -90, 180],
  );
});

test('barChart: one rect per value, highlight, zero baseline, value labels, length check', () => {
  const root = parseSvg(
    barChart({ categories: ['a', 'b', 'c'], values: [0.2, 0.5, 0.3], highlight: 1, valueLabels: true }),
  );
  const bars = byClass(root, 'bar');
  assert.equal(bars.length, 3);
  assert.deepEqual(
    bars.map((b) => b.attrs.fill),
    [MATPLOTLIB_COLORS[0], MATPLOTLIB_COLORS[1], MATPLOTLIB_COLORS[0]],
  );
  assert.equal(frame(root).ylim[0], 0);
  const f = frame(root);
  for (const b of bars)
    assert.ok(Math.abs(Number(b.attrs.y) + Number(b.attrs.height) - f.y(0)) < 0.02, 'bars stand on 0');
  assert.deepEqual(byClass(root, 'value-label').map(allText), ['0.2', '0.5', '0.3']);
  assert.deepEqual(byClass(byClass(root, 'x-axis')[0]!, 'tick-label').map(allText), ['a', 'b', 'c']);
  assert.throws(() => barChart({ categories: ['a'], values: [1, 2] }), ScratchnetError);
});

test('heatmap: a cell per entry with its count, white text on dark cells, row 0 at the top', () => {
  const root = parseSvg(
    heatmap({
      values: [
        [50, 0],
        [5, 45],
      ],
    }),
  );
  const cells = byClass(root, 'cell');
  assert.equal(cells.length, 4);
  assert.deepEqual(
    cells.map((c) => c.attrs['data-value']),
    ['50', '0', '5', '45'],
  );
  assert.ok(Number(cells[0]!.attrs.y) < Number(cells[2]!.attrs.y));
  const texts = byName(byClass(root, 'annotations')[0]!, 'text');
  assert.deepEqual(texts.map(allText), ['50', '0', '5', '45']);
  assert.equal(texts[0]!.attrs.fill, '#ffffff');
  assert.equal(texts[1]!.attrs.fill, '#000000');
  assert.equal(byClass(root, 'colorbar').length, 1);
  assert.equal(bluesColor(0), '#f7fbff');
  assert.equal(bluesColor(1), '#08306b');
  assert.throws(() => heatmap({ values: [[1, 2], [3]] }), ScratchnetError);
});

test('imageGrid embeds each image as a PNG holding exactly its pixels', () => {
  const images = array([
    [
      [0, 0.5],
      [1, 0.25],
    ],
    [
      [1, 1],
      [0, 0],
    ],
    [
      [0.1, 0.2],
      [0.3, 0.4],
    ],
  ]);
  const root = parseSvg(imageGrid({ images, captions: ['a', 'b', 'c'], columns: 2 }));
  const imgs = byName(root, 'image');
  assert.equal(imgs.length, 3);
  assert.deepEqual(byClass(root, 'caption').map(allText), ['a', 'b', 'c']);
  const url = imgs[0]!.attrs.href!;
  assert.ok(url.startsWith('data:image/png;base64,'));
  const png = PNG.sync.read(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));
  assert.equal(png.width, 2);
  assert.equal(png.height, 2);
  // pngjs expands gray to RGBA: read the red channel.
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => png.data[i * 4]),
    [0, 128, 255, 64],
  );
  // Columns: image 2 starts a second row.
  assert.ok(Number(imgs[2]!.attrs.y) > Number(imgs[0]!.attrs.y));
  assert.equal(imgs[2]!.attrs.x, imgs[0]!.attrs.x);
  assert.throws(() => imageGrid({ images: array([[1, 2, 3]]) }), ScratchnetError); // 3 values: not square
});

test('encodeGrayPng writes a valid PNG (checked by pngjs) across several stored blocks', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  const w = 300;
  const h = 250; // 75 250 bytes of scanlines: two stored deflate blocks
  const pixels = new Uint8Array(w * h).map((_, i) => (i * 7) % 256);
  const png = PNG.sync.read(Buffer.from(encodeGrayPng(pixels, w, h)));
  assert.equal(png.width, w);
  assert.equal(png.height, h);
  for (const i of [0, 1, 12345, w * h - 1]) assert.equal(png.data[i * 4], pixels[i]);
  assert.throws(() => encodeGrayPng(new Uint8Array(3), 2, 2), ScratchnetError);
});
