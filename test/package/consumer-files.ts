// The files of the projects that use the packed package: each one what a user would write, importing
// `scratchnet` by its package name only. Each script prints one JSON line that the test reads.

/** A plain Node ES module: the library, the missing-MNIST message and SVG charts without the PNG renderer. */
export const ESM_SCRIPT = `import { array, kernels, lineChart, loadMnist, ScratchnetError, Sequential, svgToPng } from 'scratchnet';

const net = new Sequential({ inputShape: [4], layers: 'dense3,relu,dense2', seed: 1 });
const out = net.predict(array([[1, 2, 3, 4]]));
const caught = (fn) => {
  try {
    fn();
    return null;
  } catch (error) {
    return { scratchnet: error instanceof ScratchnetError, message: error.message };
  }
};
const svg = lineChart({ series: [{ x: [0, 1, 2], y: [3, 1, 2], label: 'loss' }] });
console.log(JSON.stringify({
  shape: out.shape,
  kernels: kernels().name,
  mnist: caught(() => loadMnist()),
  png: caught(() => svgToPng(svg)),
  svg: svg.startsWith('<svg'),
}));
`;

/** CommonJS: \`require()\` of the ES module package (Node 20.19 and later load it synchronously). */
export const CJS_SCRIPT = `const scratchnet = require('scratchnet');
const core = require('scratchnet/core');
const sum = scratchnet.array([[1, 2], [3, 4]]).sum();
console.log(JSON.stringify({
  sum,
  node: typeof scratchnet.loadMnist,
  core: typeof core.loadMnist,
  sameClass: core.NDArray === scratchnet.NDArray,
}));
`;

/** A strict TypeScript consumer: the shipped declarations must type-check with the package's exports. */
export const TS_SOURCE = `import { Adam, array, loadMnist, MultiLayerNet, ScratchnetError, type DataSplits } from 'scratchnet';
import { softmax, type NDArray } from 'scratchnet/core';

const x: NDArray = array([[0, 1], [1, 0]], { dtype: 'float32' });
const net = new MultiLayerNet({ inputSize: 2, hiddenSizes: [4], outputSize: 2, dtype: 'float32', seed: 1 });
const optimizer = new Adam({ lr: 0.01 });
const { grads, loss } = net.lossAndGradient(x, array([0, 1], { dtype: 'int32' }));
optimizer.update(net.params, grads);
const probabilities: NDArray = softmax(net.predict(x));
export const load = (): DataSplits => loadMnist({ dtype: 'float32' });
export const result: [number, readonly number[], boolean] = [loss, probabilities.shape, new Error() instanceof ScratchnetError];
`;

/**
 * tsconfig.json of the TypeScript consumer, for one module resolution. The node16 one also checks
 * every shipped declaration file (skipLibCheck off), which must need nothing the package lacks.
 */
export function tsconfig(resolution: 'node16' | 'bundler', file: string): string {
  const module = resolution === 'node16' ? 'node16' : 'esnext';
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      module,
      moduleResolution: resolution,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      types: [],
      skipLibCheck: resolution !== 'node16',
    },
    files: [file],
  });
}

/**
 * The page script of the browser consumer: turns on the WebAssembly kernels where the package can
 * (`await ready()`, as the README shows), trains a float32 network on XOR, and leaves the outcome in `window.result`.
 */
export const BROWSER_SCRIPT = `import * as scratchnet from 'scratchnet';

async function main() {
  const { Adam, array, kernels, MultiLayerNet } = scratchnet;
  const ready = await scratchnet.ready();
  const x = array([[0, 0], [0, 1], [1, 0], [1, 1]], { dtype: 'float32' });
  const t = array([0, 1, 1, 0], { dtype: 'int32' });
  const net = new MultiLayerNet({ inputSize: 2, hiddenSizes: [8], outputSize: 2, dtype: 'float32', seed: 1 });
  const optimizer = new Adam({ lr: 0.05 });
  let first = Number.NaN;
  let last = Number.NaN;
  for (let step = 0; step < 500; step++) {
    const { loss, grads } = net.lossAndGradient(x, t);
    optimizer.update(net.params, grads);
    if (step === 0) first = loss;
    last = loss;
  }
  const predicted = Array.from(net.predict(x).argmax(1).data);
  return { ready, kernels: kernels().name, first, last, predicted, hasLoadMnist: 'loadMnist' in scratchnet };
}

main().then(
  (result) => { window.result = result; },
  (error) => { window.result = { error: String(error && error.stack || error) }; },
);
`;

/** The page that runs BROWSER_SCRIPT (Vite builds from it; the esbuild page links the bundle instead). */
export function browserPage(script: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>scratchnet consumer</title></head>
<body><script type="module" src="${script}"></script></body></html>
`;
}
