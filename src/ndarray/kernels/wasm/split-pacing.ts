// When to share products with the worker thread: only while the measured two-thread time beats the
// one-thread time, so that a worker which is descheduled (more busy threads than cores) costs a
// few products, not the rest of an epoch.

/**
 * Two threads keep splitting while they take at most one thread's time. Not less: a split in which
 * the worker computes nothing costs about what one thread does (the main thread takes every
 * chunk), while stopping puts the worker to sleep, and a sleeping worker on a loaded machine is
 * woken too late to help the next probe. Only a worker that keeps the main thread waiting costs.
 */
const STOP_RATIO = 1;
/** A probe after a rest must do better than this to resume splitting (the hysteresis: 0.95 < 1). */
const RESUME_RATIO = 0.95;
/** Split products a probe measures before it decides. */
const PROBE_SPLITS = 6;
/** Weight of each new split product in the running averages of the splitting state. */
const ALPHA = 1 / 8;
/** Below this share of the work done on the main thread, its rate says nothing of one thread's: not counted. */
const MIN_SHARE = 0.05;
/**
 * Products run on one thread after a failed probe or a stop: from this many, doubling up to the
 * maximum. A failed probe costs little (the main thread computes the chunks the worker does not
 * take), so the rests stay short enough to notice within a fraction of an epoch that the load is gone.
 */
const MIN_STRETCH = 64;
const MAX_STRETCH = 1024;
/**
 * The worker is woken this many products before a probe: waking takes 30-100 µs or more, longer
 * than a product of the book's network, so a probe that woke it with its first job would see the
 * main thread compute everything and judge a worker that was only asleep.
 */
const WAKE_AHEAD = 3;

/** What a split product cost, from the main thread's side. */
export interface SplitTiming {
  /** Milliseconds the main thread spent computing chunks. */
  readonly working: number;
  /** Milliseconds it then waited for the worker's chunks. */
  readonly waiting: number;
  /** The share of the product's work (0 to 1) that the main thread computed. */
  readonly share: number;
}

/** Where the pacing stands: sharing products, resting on one thread, or probing whether to share again. */
export type PacingState = 'splitting' | 'resting' | 'probing';

/**
 * Decides per product whether the second thread pays, from the products it split. The main thread
 * computes a known share of each split product in a measured time, so `working / share` is what
 * the whole product would have cost on one thread under the same load, and `working + waiting`
 * what it cost on two. Splitting goes on while a running average of the two-thread times stays at
 * most the one-thread estimates. A worker that is descheduled mid-chunk makes one join cost
 * milliseconds, which lifts that average over the bound at once: products then run on one thread
 * for a rest of 64 products (the idle worker goes to sleep and frees its core), after which a probe
 * of 6 split products must reach 0.95 to resume. A failed probe doubles the rest (up to 1024), a
 * successful one halves it; the worker is woken a few products before each probe. Feed it `allows`
 * before each product and `record` after each split.
 */
export class SplitPacing {
  private products = 0;
  private resumeAt = 0;
  private stretch = MIN_STRETCH;
  private mode: PacingState = 'probing';
  /** Sums over the current probe, or running averages while splitting: two-thread and one-thread milliseconds. */
  private two = 0;
  private one = 0;
  private samples = 0;
  private restCount = 0;

  /** How many times splitting stopped for a rest. */
  get rests(): number {
    return this.restCount;
  }

  /** Whether the pacing shares products now. */
  get state(): PacingState {
    return this.mode;
  }

  /** Two-thread time over the one-thread estimate, as the pacing sees it now (NaN before any sample). */
  get ratio(): number {
    return this.two / this.one;
  }

  /** Whether a sleeping worker should be woken now: a probe is near. */
  get probeNear(): boolean {
    return this.mode === 'resting' && this.products + WAKE_AHEAD >= this.resumeAt;
  }

  /** Whether this product may be split (counts it). */
  allows(): boolean {
    this.products++;
    if (this.mode !== 'resting') return true;
    if (this.products < this.resumeAt) return false;
    this.startProbe();
    return true;
  }

  /** One split product's timing. */
  record({ working, waiting, share }: SplitTiming): void {
    if (this.mode === 'resting' || !(share >= MIN_SHARE)) return;
    const two = working + waiting;
    const one = working / Math.min(1, share);
    if (this.mode === 'probing') {
      this.two += two;
      this.one += one;
      if (++this.samples < PROBE_SPLITS) return;
      if (this.ratio <= RESUME_RATIO) {
        this.mode = 'splitting';
        this.two /= this.samples;
        this.one /= this.samples;
        this.stretch = Math.max(MIN_STRETCH, this.stretch >> 1);
      } else this.rest();
      return;
    }
    this.two += ALPHA * (two - this.two);
    this.one += ALPHA * (one - this.one);
    if (this.ratio > STOP_RATIO) this.rest();
  }

  private rest(): void {
    this.mode = 'resting';
    this.restCount++;
    this.resumeAt = this.products + this.stretch + 1;
    this.stretch = Math.min(MAX_STRETCH, this.stretch * 2);
  }

  private startProbe(): void {
    this.mode = 'probing';
    this.two = 0;
    this.one = 0;
    this.samples = 0;
  }
}
