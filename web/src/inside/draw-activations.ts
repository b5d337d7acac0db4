/**
 * The Draw page's view of the inside of its model: every layer's output for the drawn digit,
 * computed on the page (one digit is small work), at most every DRAW_INTERVAL_MS while drawing.
 */
import type { NDArray, Sequential } from '../../../src/core.js';
import { ActivationsView } from './activations-view.js';
import { activationsOf } from './snapshots.js';

/** At most one activations update per this many milliseconds (every layer's output, redrawn, costs more than a prediction). */
const DRAW_INTERVAL_MS = 200;

/** Shows the activations of the drawn digit in `root` (`data-view="activations"`). */
export class DrawActivations {
  private readonly view: ActivationsView;
  private pending: { net: Sequential<object>; x: NDArray } | null = null;
  private timer: number | undefined;
  private last = Number.NEGATIVE_INFINITY;

  constructor(root: HTMLElement) {
    this.view = new ActivationsView(root, 'inside.drawEmpty');
  }

  /** Shows the activations of `x` (the preprocessed drawing) in `net` soon; null: a blank drawing, nothing to show. */
  update(net: Sequential<object> | null, x: NDArray | null): void {
    if (net === null || x === null) {
      window.clearTimeout(this.timer);
      this.timer = undefined;
      this.pending = null;
      this.view.show(null);
      return;
    }
    this.pending = { net, x };
    if (this.timer !== undefined) return;
    const wait = Math.max(0, DRAW_INTERVAL_MS - (performance.now() - this.last));
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      this.last = performance.now();
      const next = this.pending;
      this.pending = null;
      if (next !== null) this.view.show(activationsOf(next.net, next.x.data));
    }, wait);
  }
}
