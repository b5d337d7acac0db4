/**
 * A page that uses scratchnet as the README shows: `await ready()`, then a network trained in the
 * page. Bundled by esbuild from the browser entry (what `import ... from 'scratchnet'` resolves to
 * in a browser bundle). What it did goes into `window.consumer`; the query string picks the case:
 *   (none)      await ready(), then train
 *   ?forget     train without ever calling ready(), then wait for the kernels started at import
 *   ?js         setKernels(jsKernels) at once: ready() and the import's start must keep it
 *   ?tools      nothing (the tools only)
 * and `window.consumerTools` holds the model-file round trips and the timing of one training run.
 */
import {
  decodeModel,
  encodeModel,
  initWasmKernels,
  jsKernels,
  kernels,
  NDArray,
  Random,
  ready,
  setKernels,
  SGD,
  TwoLayerNet,
} from '../../../src/core.js';
import { modelZoo, sameBits } from '../../helpers/model-zoo.js';

const FEATURES = 784;
const CLASSES = 10;

/** Random images, each with a brighter band of 78 pixels where its class says: learnable, and no download. */
function syntheticDigits(count: number, seed: number): { x: NDArray; t: NDArray } {
  const random = new Random(seed);
  const x = random.rand([count, FEATURES], { dtype: 'float32' });
  const t = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    t[i] = random.int(CLASSES);
    const band = i * FEATURES + t[i]! * 78;
    for (let p = band; p < band + 78; p++) x.data[p] = x.data[p]! + 1;
  }
  return { x, t: new NDArray(t, [count], 'int32') };
}

/** A 784-100-10 float32 network trained for `epochs` over `count` images in batches of `batch`; the losses of the first and last batch. */
function train(count: number, epochs: number, batch: number): { first: number; last: number } {
  const { x, t } = syntheticDigits(count, 1);
  const net = new TwoLayerNet({ inputSize: FEATURES, hiddenSize: 100, outputSize: CLASSES, dtype: 'float32', seed: 1 });
  const optimizer = new SGD({ lr: 0.1 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < count; start += batch) {
      const step = net.lossAndGradient(x.slice(start, start + batch), t.slice(start, start + batch));
      optimizer.update(net.params, step.grads);
      losses.push(step.loss);
    }
  }
  return { first: losses[0] ?? Number.NaN, last: losses[losses.length - 1] ?? Number.NaN };
}

/** What a case reports. */
interface Outcome {
  /** What ready() resolved to (null where the case never calls it). */
  ready: string | null;
  /** kernels().name while the network trained. */
  trainedWith: string;
  /** kernels().name at the end. */
  finally: string;
  loss: { first: number; last: number };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function readmeCase(): Promise<Outcome> {
  const name = await ready();
  const trainedWith = kernels().name;
  // 300 steps of 20 images: "a few hundred steps".
  const loss = train(6000, 1, 20);
  return { ready: name, trainedWith, finally: kernels().name, loss };
}

async function forgetCase(): Promise<Outcome> {
  const trainedWith = kernels().name;
  const loss = train(200, 1, 20);
  // Never ready(): only the compile started at import can install the WebAssembly kernels.
  for (let i = 0; i < 500 && kernels().name === 'js'; i++) await nextTask();
  return { ready: null, trainedWith, finally: kernels().name, loss };
}

async function jsCase(): Promise<Outcome> {
  setKernels(jsKernels);
  const name = await ready();
  // Let the compile started at import finish: it must not replace the kernels chosen here.
  await initWasmKernels();
  await nextTask();
  const trainedWith = kernels().name;
  return { ready: name, trainedWith, finally: kernels().name, loss: train(200, 1, 20) };
}

/** Each network type saved with encodeModel and read back with decodeModel: same predictions, same data. */
function roundTrips(): { name: string; identical: boolean; sameData: boolean }[] {
  return modelZoo().map((model) => {
    const { net, data } = decodeModel(encodeModel(model.net, model.data));
    return {
      name: model.name,
      identical: sameBits(net.predict(model.x), model.net.predict(model.x)),
      sameData: JSON.stringify(data) === JSON.stringify(model.data),
    };
  });
}

/** Milliseconds to train 784-100-10 for 3 epochs over 6000 images (batches of 100) on `which` kernels. */
async function timeTraining(which: 'js' | 'wasm'): Promise<{ kernels: string; ms: number }> {
  const wasm = await initWasmKernels();
  setKernels(which === 'wasm' && wasm !== null ? wasm : jsKernels);
  const start = performance.now();
  train(6000, 3, 100);
  return { kernels: kernels().name, ms: performance.now() - start };
}

const cases: Record<string, () => Promise<Outcome>> = { '': readmeCase, '?forget': forgetCase, '?js': jsCase };
const scope = window as unknown as Record<string, unknown>;
scope.consumerTools = { roundTrips, timeTraining };
const run = cases[location.search];
scope.consumer = run === undefined ? {} : await run().catch((error: unknown) => ({ error: String(error) }));
