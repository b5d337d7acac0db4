/**
 * The training worker's side of the "inside the network" views: weight snapshots and the chosen
 * digit's activations a few times per second at most (by the clock, not by iterations: a fast
 * network would flood the page, a slow one would never update), and the confusion matrix after
 * each epoch. Every array is a copy, transferred, so the page gets it without another copy.
 */
import type { Dataset, Sequential } from '../../../src/core.js';
import type { InsideFromWorker } from './protocol.js';
import { activationsOf, confusionOf, firstLayerWeights } from './snapshots.js';

/** Snapshots are sent at least this many milliseconds apart. */
export const SNAPSHOT_INTERVAL_MS = 300;
/** Test digits in the picker's strip. */
const STRIP_SIZE = 10;

type Post = (message: InsideFromWorker, transfer: Transferable[]) => void;

/** Reports the inside of a network to the page through `post`. */
export class InsideReporter {
  /** The test digit whose activations are shown. */
  private index = 0;
  private lastSent = Number.NEGATIVE_INFINITY;
  private test: Dataset | null = null;

  constructor(private readonly post: Post) {}

  /** The test set the digits come from; the page gets its size and first digits for the picker. */
  setTest(test: Dataset): void {
    if (this.test === test) return;
    this.test = test;
    const images = new Float32Array(test.x.data.subarray(0, STRIP_SIZE * 784));
    const labels = Array.from({ length: STRIP_SIZE }, (_, i) => this.labelOf(i));
    this.post({ type: 'digits', testSize: test.x.shape[0]!, images, labels }, [images.buffer]);
  }

  /** Sends a snapshot when SNAPSHOT_INTERVAL_MS have passed since the last one. */
  maybeSend(net: Sequential<object>): void {
    if (performance.now() - this.lastSent >= SNAPSHOT_INTERVAL_MS) this.send(net);
  }

  /** Sends the first layer's weights and the chosen digit's activations now. */
  send(net: Sequential<object>): void {
    this.lastSent = performance.now();
    const snapshot = firstLayerWeights(net);
    this.post({ type: 'filters', snapshot }, snapshot === null ? [] : [snapshot.values.buffer as ArrayBuffer]);
    this.sendActivations(net);
  }

  /** Chooses test digit `index` and, when there is a network, sends its activations now. */
  inspect(net: Sequential<object> | null, index: number): void {
    const size = this.test?.x.shape[0] ?? 0;
    if (!Number.isInteger(index) || index < 0 || (size > 0 && index >= size)) return;
    this.index = index;
    if (net !== null) this.sendActivations(net);
  }

  /** Sends the confusion matrix of `net` on the test set after `epoch`. */
  sendConfusion(net: Sequential<object>, epoch: number): void {
    if (this.test === null) return;
    const report = confusionOf(net, this.test, epoch);
    this.post(
      { type: 'confusion', report },
      report.misclassified.map((d) => d.image.buffer as ArrayBuffer),
    );
  }

  private sendActivations(net: Sequential<object>): void {
    const { test, index } = this;
    if (test === null) return;
    const x = test.x.data.subarray(index * 784, (index + 1) * 784);
    const report = activationsOf(net, x, { index, label: this.labelOf(index) });
    const buffers = [report.image.buffer, ...report.layers.map((l) => l.values.buffer)] as ArrayBuffer[];
    this.post({ type: 'activations', report }, buffers);
  }

  private labelOf(i: number): number {
    const t = this.test!.t;
    if (t.ndim === 1) return t.data[i]!;
    const row = Array.from(t.data.subarray(i * 10, i * 10 + 10));
    return row.indexOf(Math.max(...row));
  }
}
