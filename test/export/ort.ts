// Runs exported models in ONNX Runtime and computes what scratchnet predicts for the same input.
import * as ort from 'onnxruntime-node';
import { NDArray, Random, type Sequential, sigmoid, softmax } from '../../src/index.js';
import { BatchNormalization } from '../../src/layers/batch-norm.js';

/** A session for the model bytes. */
export function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}

/** The model's `output` for `x` (float32, any shape with the batch first). */
export async function runOnnx(s: ort.InferenceSession, x: NDArray): Promise<{ data: Float32Array; dims: number[] }> {
  const input = new ort.Tensor('float32', Float32Array.from(x.data as ArrayLike<number>), [...x.shape]);
  const result = await s.run({ input });
  const output = result.output!;
  return { data: output.data as Float32Array, dims: [...output.dims] };
}

/** What the exported model should give: scratchnet's scores through the loss's output function. */
export function expected(net: Sequential<object>, x: NDArray): NDArray {
  const scores = net.predict(x);
  switch (net.sequentialConfig.loss) {
    case 'softmax-cross-entropy':
      return softmax(scores);
    case 'sigmoid-cross-entropy':
      return sigmoid(scores);
    case 'mse':
      return scores;
  }
}

/** The largest difference between the two, relative to 1 or to the value where that is larger. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(1, Math.abs(b[i]!));
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  }
  return worst;
}

/**
 * Every parameter of `net` filled with random values, and batch norm's running averages with ones far
 * from their starting values (variance in [0.5, 1.5]), so that an export which ignored them, or used
 * the batch's statistics, would show.
 */
export function randomize(net: Sequential<object>, seed: number): void {
  const rng = new Random(seed);
  for (const p of Object.values(net.params)) for (let i = 0; i < p.size; i++) p.data[i] = rng.normal() * 0.5;
  for (const layer of net.layers) {
    if (!(layer instanceof BatchNormalization)) continue;
    for (let i = 0; i < layer.runningMean.size; i++) {
      layer.runningMean.data[i] = rng.normal() * 0.5;
      layer.runningVar.data[i] = 0.5 + rng.random();
    }
  }
}

/** A batch of `rows` samples of `shape`, values in [-1, 1). */
export function randomInput(shape: readonly number[], rows: number, seed: number): NDArray {
  const rng = new Random(seed);
  const size = shape.reduce((p, d) => p * d, rows);
  const data = new Float64Array(size).map(() => rng.random() * 2 - 1);
  return new NDArray(data, [rows, ...shape], 'float64');
}
