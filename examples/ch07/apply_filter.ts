// Book section 7.6.1 (ch07/apply_filter.py, figure 7-26): the first 16 filters of a trained
// SimpleConvNet's first layer, each applied alone to an image with `new Convolution(w, 0)` exactly as
// the book does (b = 0), to show which edges and blobs each one answers to. The book loads its trained
// params.pkl and lena_gray.png; here a SimpleConvNet is trained briefly (100 Adam iterations on 2000
// images, seeded, float32: a few seconds) and applied to an MNIST test digit. Prints each filter's
// output shape and range, and the 16 outputs as text (darker characters for larger values, as the
// book's gray_r colour map shows them).
// Run: node --import tsx examples/ch07/apply_filter.ts [--iterations 100] [--train-size 2000] [--digit 0]
import { Adam, Convolution, type NDArray, SimpleConvNet, Trainer, loadMnist } from '../../src/index.js';
import { numberArg } from '../args.js';

const iterations = numberArg('iterations', 100);
const trainSize = numberArg('train-size', 2000);
const digit = numberArg('digit', 0);

const mnist = loadMnist({ dtype: 'float32' });
const network = new SimpleConvNet({ dtype: 'float32', seed: 1 });
const train = { x: mnist.train.x.slice(0, trainSize), t: mnist.train.t.slice(0, trainSize) };
const history = await new Trainer(
  network,
  { train, test: { x: mnist.test.x.slice(0, 1000), t: mnist.test.t.slice(0, 1000) } },
  { iterations, batchSize: 100, optimizer: new Adam({ lr: 0.001 }), sampling: 'shuffle', seed: 1 },
).fit();
console.log(
  `SimpleConvNet after ${iterations} iterations: test accuracy ${history.testAcc.at(-1)} (first 1000 images)`,
);

// The book: img.reshape(1, 1, *img.shape); here one MNIST test digit, (1, 1, 28, 28).
const img = mnist.test.x.slice(digit, digit + 1).reshape(1, 1, 28, 28);
console.log(`image: test digit ${digit} (label ${mnist.test.t.data[digit]}), shape (1, 1, 28, 28)`);

const W1 = network.params.W1!;
const outputs: NDArray[] = [];
for (let i = 0; i < 16; i++) {
  const w = W1.slice(i, i + 1); // the book's w.reshape(1, *w.shape): (1, 1, 5, 5)
  const b = 0; // the book's b = 0 (network.params['b1'][i] left out)
  const convLayer = new Convolution(w, b);
  const out = convLayer.forward(img);
  const plane = out.reshape(out.shape[2]!, out.shape[3]!);
  outputs.push(plane);
  console.log(
    `filter ${String(i).padStart(2)}: output (${out.shape.join(', ')}), min ${plane.min().toFixed(4)}, max ${plane.max().toFixed(4)}`,
  );
}

/** Darker characters for larger values, each plane scaled to its own range (imshow does the same). */
const SHADES = ' .:-=+*#%@';

/** One plane as text lines, every second row (characters are about twice as tall as wide). */
function render(plane: NDArray): string[] {
  const [height, width] = plane.shape as [number, number];
  const low = plane.min();
  const span = plane.max() - low || 1;
  const lines: string[] = [];
  for (let y = 0; y < height; y += 2) {
    let line = '';
    for (let x = 0; x < width; x++) {
      const v = (plane.data[y * width + x]! - low) / span;
      line += SHADES[Math.min(SHADES.length - 1, Math.floor(v * SHADES.length))];
    }
    lines.push(line);
  }
  return lines;
}

// The book's 4×4 figure: four outputs side by side per row.
for (let row = 0; row < 4; row++) {
  const planes = outputs.slice(row * 4, row * 4 + 4).map(render);
  console.log(`\nfilters ${row * 4}-${row * 4 + 3}`);
  for (let line = 0; line < planes[0]!.length; line++) console.log(planes.map((p) => p[line]).join('  '));
}
