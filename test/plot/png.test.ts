// PNG output through resvg (Node only): size, signature, and text that actually renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { ScratchnetError, array } from '../../src/core.js';
import {
  FIGURES,
  lineChart,
  figureMnistGrid,
  trainingAccuracyChart,
  confusionMatrixChart,
  probabilityChart,
} from '../../src/plot/index.js';
import { svgDocument, textElement } from '../../src/plot/svg.js';
import { svgToPng } from '../../src/plot/node.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** Pixels darker than mid-grey inside a rectangle. */
function darkPixels(img: PNG, x0 = 0, y0 = 0, x1 = img.width, y1 = img.height): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! + img.data[i + 1]! + img.data[i + 2]! < 3 * 128) n++;
    }
  }
  return n;
}

test('svgToPng returns PNG bytes of the SVG size, or of the requested width', () => {
  const svg = lineChart({ series: [{ y: [0, 1, 0.5] }] });
  const png = svgToPng(svg);
  assert.ok(png instanceof Uint8Array);
  assert.deepEqual([...png.subarray(0, 8)], SIGNATURE);
  const img = decode(png);
  assert.deepEqual([img.width, img.height], [640, 480]);
  const big = decode(svgToPng(svg, { width: 1280 }));
  assert.deepEqual([big.width, big.height], [1280, 960]);
});

test('text renders: a chart title leaves dark pixels where it is written', () => {
  const words = svgDocument(200, 60, textElement('Accuracy 0.98', { x: 10, y: 40, 'font-size': 24 }));
  const blank = svgDocument(200, 60, '');
  assert.ok(
    darkPixels(decode(svgToPng(words))) > 200,
    'the text was not drawn: is a font installed (fonts-dejavu-core)?',
  );
  assert.equal(darkPixels(decode(svgToPng(blank))), 0);
  // The title band of a real chart (above the plot frame) holds only the title's glyphs.
  const chart = decode(svgToPng(lineChart({ series: [{ y: [0, 1] }], title: 'training accuracy' })));
  assert.ok(darkPixels(chart, 200, 5, 440, 30) > 100);
});

test('the minus sign, superscripts and tick labels of the book figures render (no missing-glyph boxes needed)', () => {
  // A glyph missing from the font would draw nothing: each string must leave ink of its own.
  for (const s of ['\u22124', 'x0\u00b2', '0.0']) {
    const img = decode(svgToPng(svgDocument(120, 40, textElement(s, { x: 5, y: 30, 'font-size': 24 }))));
    assert.ok(darkPixels(img) > 30, `"${s}" rendered ${darkPixels(img)} dark pixels`);
  }
});

test('every figure and chart renders to a PNG of its SVG size', () => {
  const svgs: string[] = Object.values(FIGURES).map((draw) => draw!());
  svgs.push(
    figureMnistGrid(
      array(Array.from({ length: 4 }, () => Array.from({ length: 784 }, (_, i) => (i % 29) / 28))),
      [1, 2, 3, 4],
    ),
    trainingAccuracyChart({ loss: [1], trainAcc: [0.5, 0.9], testAcc: [0.4, 0.85], epochs: [1, 2] }),
    confusionMatrixChart([
      [5, 1],
      [2, 7],
    ]),
    probabilityChart([0.1, 0.9]),
  );
  for (const svg of svgs) {
    const width = Number(/width="([\d.]+)"/.exec(svg)![1]);
    const img = decode(svgToPng(svg));
    assert.equal(img.width, Math.round(width));
    assert.ok(darkPixels(img) > 500, 'something was drawn');
  }
});

test('svgToPng rejects invalid SVG and bad widths with a ScratchnetError', () => {
  assert.throws(() => svgToPng('<svg'), ScratchnetError);
  assert.throws(() => svgToPng('not svg at all'), ScratchnetError);
  assert.throws(() => svgToPng(svgDocument(10, 10, ''), { width: 0 }), ScratchnetError);
  assert.throws(() => svgToPng(svgDocument(10, 10, ''), { width: 1.5 }), ScratchnetError);
  assert.throws(
    () => svgToPng(svgDocument(10, 10, ''), { fontFiles: ['/no/such/font.ttf'] }),
    (e: unknown) => e instanceof ScratchnetError && e.code === 'BAD_FILE',
  );
});
