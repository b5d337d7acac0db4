// When to stop sharing products with a worker thread that keeps the main thread waiting.

/** A join is late when the wait exceeds this share of the main thread's own work, plus the floor. */
const LATE_SHARE = 0.5;
const LATE_FLOOR_MS = 0.05;
const LATE_IN_A_ROW = 3;
/** Products run on one thread after late joins: from this many, doubling up to the maximum. */
const MIN_STRETCH = 64;
const MAX_STRETCH = 8192;

/**
 * Backs off from splitting products while the worker keeps the main thread waiting. On a machine
 * with more busy threads than cores the worker is descheduled mid-chunk, and each wait for it costs
 * more than the split saves (an epoch can take nearly twice as long on two threads as on one). After
 * a few late joins in a row, products run on one thread for a stretch that doubles each time it is
 * needed again (and halves back after a good one), and the idle worker goes to sleep, freeing its core.
 */
export class SplitPacing {
  private products = 0;
  private resumeAt = 0;
  private stretch = MIN_STRETCH;
  private late = 0;

  /** Whether this product may be split (counts it). */
  allows(): boolean {
    this.products++;
    return this.products >= this.resumeAt;
  }

  /** One split product: time spent on its own chunks, then waiting for the worker's, in milliseconds. */
  record(working: number, waiting: number): void {
    if (waiting > LATE_SHARE * working + LATE_FLOOR_MS) {
      if (++this.late < LATE_IN_A_ROW) return;
      this.late = 0;
      this.resumeAt = this.products + this.stretch + 1;
      this.stretch = Math.min(MAX_STRETCH, this.stretch * 2);
    } else {
      this.late = 0;
      this.stretch = Math.max(MIN_STRETCH, this.stretch >> 1);
    }
  }
}
