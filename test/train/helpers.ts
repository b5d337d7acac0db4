// Stand-ins for the networks, optimizers and data that other modules provide, so the Trainer's
// tests depend only on the ndarray API.
import { type NDArray, Random, softmax, crossEntropyError, zeros, type Network, type Params } from '../../src/index.js';

/** Integer labels from labels (n) or one-hot rows (n, classes). */
function labelsOf(t: NDArray): Int32Array {
  const n = t.shape[0]!;
  const out = new Int32Array(n);
  if (t.ndim === 1) {
    for (let i = 0; i < n; i++) out[i] = t.data[i]!;
  } else {
    const argmax = t.argmax(1);
    for (let i = 0; i < n; i++) out[i] = argmax.data[i]!;
  }
  return out;
}

/** Softmax regression: scores = x·W + b, cross-entropy loss; gradients written out by hand. */
export class SoftmaxRegression implements Network {
  readonly params: Params;

  constructor(inputSize: number, classes: number) {
    this.params = { W: zeros([inputSize, classes]), b: zeros([classes]) };
  }

  predict(x: NDArray): NDArray {
    return x.matmul(this.params.W!).add(this.params.b!);
  }

  loss(x: NDArray, t: NDArray): number {
    return crossEntropyError(softmax(this.predict(x)), t);
  }

  accuracy(x: NDArray, t: NDArray): number {
    const y = this.predict(x).argmax(1);
    const labels = labelsOf(t);
    let hits = 0;
    for (let i = 0; i < labels.length; i++) if (y.data[i] === labels[i]) hits++;
    return hits / labels.length;
  }

  gradient(x: NDArray, t: NDArray): Params {
    return this.lossAndGradient(x, t).grads;
  }

  lossAndGradient(x: NDArray, t: NDArray): { loss: number; grads: Params } {
    const y = softmax(this.predict(x));
    const loss = crossEntropyError(y, t);
    const batch = x.shape[0]!;
    const classes = y.shape[1]!;
    // ∂L/∂scores = (softmax − one-hot) / batch.
    const dy = y.copy();
    const labels = labelsOf(t);
    for (let i = 0; i < batch; i++) dy.data[i * classes + labels[i]!]! -= 1;
    dy.idiv(batch);
    return { loss, grads: { W: x.T.matmul(dy), b: dy.sum(0) } };
  }
}

/** Plain SGD, typed structurally as the Trainer's optimizer. */
export class SgdStub {
  constructor(readonly lr: number) {}

  update(params: Params, grads: Params): void {
    for (const key of Object.keys(params)) params[key]!.isub(grads[key]!.mul(this.lr));
  }
}

/** An optimizer that does nothing (for the spy networks, which have no parameters). */
export const noopOptimizer = { update(): void {} };

/**
 * `n` points in 2-D from `classes` well separated Gaussian blobs; labels, or one-hot targets when
 * `oneHot` is set.
 */
export function blobs(
  n: number,
  seed: number,
  options: { classes?: number; oneHot?: boolean } = {},
): { x: NDArray; t: NDArray } {
  const classes = options.classes ?? 3;
  const rng = new Random(seed);
  const x = zeros([n, 2]);
  const t = options.oneHot ? zeros([n, classes]) : zeros([n], { dtype: 'int32' });
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const angle = (2 * Math.PI * c) / classes;
    x.data[2 * i] = 4 * Math.cos(angle) + 0.5 * rng.normal();
    x.data[2 * i + 1] = 4 * Math.sin(angle) + 0.5 * rng.normal();
    if (options.oneHot) t.data[i * classes + c] = 1;
    else t.data[i] = c;
  }
  return { x, t };
}

/**
 * A dataset whose sample i carries its own index: x row i is filled with i, so a spy network can
 * tell which samples a batch holds; t is i % classes as labels or one-hot.
 */
export function indexed(
  n: number,
  rowShape: number[] = [2],
  options: { oneHot?: boolean; classes?: number } = {},
): { x: NDArray; t: NDArray } {
  const classes = options.classes ?? 3;
  const x = zeros([n, ...rowShape]);
  const run = x.size / n;
  for (let i = 0; i < n; i++) x.data.fill(i, i * run, (i + 1) * run);
  const t = options.oneHot ? zeros([n, classes]) : zeros([n], { dtype: 'int32' });
  for (let i = 0; i < n; i++) {
    if (options.oneHot) t.data[i * classes + (i % classes)] = 1;
    else t.data[i] = i % classes;
  }
  return { x, t };
}

/**
 * Records the sample indices of every batch (read from `indexed` data) and returns scripted losses
 * and accuracies. It has no parameters, so it never learns.
 */
export class SpyNet implements Network {
  readonly params: Params = {};
  /** The sample indices of each batch, in order. */
  readonly batches: number[][] = [];
  /** Label of each sample as received, to check x and t rows stay paired. */
  readonly labels: number[][] = [];
  /** Batch shapes as received. */
  readonly shapes: number[][] = [];
  /** Row counts passed to accuracy(). */
  readonly evaluatedRows: number[] = [];

  constructor(
    private readonly lossAt: (iteration: number) => number = () => 1,
    /** Gets the 1-based number of the accuracy() call (train, test, validation per evaluation). */
    private readonly accuracyAt: (call: number) => number = () => 0.5,
  ) {}

  predict(x: NDArray): NDArray {
    return zeros([x.shape[0]!, 3]);
  }

  loss(): number {
    return 1;
  }

  accuracy(x: NDArray): number {
    this.evaluatedRows.push(x.shape[0]!);
    return this.accuracyAt(this.evaluatedRows.length);
  }

  gradient(): Params {
    return {};
  }

  lossAndGradient(x: NDArray, t: NDArray): { loss: number; grads: Params } {
    const n = x.shape[0]!;
    const run = x.size / n;
    this.shapes.push([...x.shape]);
    const ids: number[] = [];
    for (let j = 0; j < n; j++) ids.push(x.data[j * run]!);
    this.batches.push(ids);
    this.labels.push(Array.from(labelsOf(t)));
    return { loss: this.lossAt(this.batches.length), grads: {} };
  }
}
