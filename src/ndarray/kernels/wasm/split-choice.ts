// Whether the program runs faster with its products split between the two threads, measured.

/** Products per window: each window runs one way, and its wall time is measured. */
export const WINDOW_PRODUCTS = 64;
/**
 * One window in this many runs the way that is not preferred (a probe); one in `PROBE_RARELY` after
 * a probe that took 1.5x as long as its neighbours or more (a probe then costs more and tells less).
 */
export const PROBE_EVERY = 16;
export const PROBE_RARELY = 64;
/**
 * Probes in a row that must win, each by this margin, before the other way is preferred (with 5%,
 * noise on an idle machine sometimes moved products to one thread).
 */
export const WINS_TO_SWITCH = 2;
const MARGIN = 0.15;
/**
 * A longer pause between two products (ms) means the program did something else (waited, wrote a
 * file, another library ran): the window is not timed, and starts over.
 */
export const PAUSE_MS = 10;

/**
 * Chooses whether products (and mini-batch gathers) are shared with the worker, from the wall time
 * the program takes each way. Time runs in windows of `WINDOW_PRODUCTS` products; a window runs one
 * way and is timed from its first product to the next window's, per unit of work (m·k·n summed over
 * its products); a window with a pause in it (`PAUSE_MS`) is not timed. Windows split at first.
 * Every `PROBE_EVERY` windows (or `PROBE_RARELY`) one runs the other way, and is compared with the
 * mean of the windows just before and just after it, which cancels a steady drift (a process speeds
 * up for its first seconds as V8 optimizes it; another process's load comes and goes). After
 * `WINS_TO_SWITCH` winning probes in a row, the other way is preferred.
 *
 * The windows time everything the program does, not only the products: when another process takes
 * a core, a worker spinning between products costs the main thread more than the split saves, and
 * only whole windows show it. Results do not depend on the choice: products are bitwise the same
 * either way.
 */
export class SplitChoice {
  private preferSplit = true;
  private sharing = true;
  private products = 0;
  private units = 0;
  private start = 0;
  private last = Number.NEGATIVE_INFINITY;
  /** Timed windows since the last probe. */
  private sinceProbe = 0;
  private probeEvery = PROBE_EVERY;
  private wins = 0;
  /** ms per million units of the last timed window, and of the last probe (NaN: none pending). */
  private before = Number.NaN;
  private probe = Number.NaN;

  /** `now` is the clock, in ms (tests pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Counts a product of m·k·n = `units`; whether it (and what follows it) may be split. */
  next(units: number): boolean {
    const now = this.now();
    if (now - this.last > PAUSE_MS) {
      // Nothing before a pause compares with what comes after it.
      this.restartWindow();
      this.before = Number.NaN;
      this.probe = Number.NaN;
    }
    this.last = now;
    if (this.products === WINDOW_PRODUCTS) this.closeWindow(now);
    if (this.products === 0) this.start = now;
    this.products++;
    this.units += units;
    return this.sharing;
  }

  /** Whether calls are shared in the current window. */
  get splitting(): boolean {
    return this.sharing;
  }

  /** Whether windows split unless they probe. */
  get prefersSplit(): boolean {
    return this.preferSplit;
  }

  private restartWindow(): void {
    this.products = 0;
    this.units = 0;
  }

  private closeWindow(now: number): void {
    const rate = ((now - this.start) * 1e6) / Math.max(this.units, 1);
    this.restartWindow();
    if (this.sharing !== this.preferSplit) {
      this.probe = rate;
      this.sharing = this.preferSplit;
      return;
    }
    if (!Number.isNaN(this.probe)) this.judgeProbe((this.before + rate) / 2);
    this.before = rate;
    if (++this.sinceProbe >= this.probeEvery) {
      this.sinceProbe = 0;
      this.sharing = !this.preferSplit;
    }
  }

  /** The probe against `neighbours`, the mean of the windows around it. */
  private judgeProbe(neighbours: number): void {
    const probe = this.probe;
    this.probe = Number.NaN;
    this.probeEvery = probe >= 1.5 * neighbours ? PROBE_RARELY : PROBE_EVERY;
    // A probe right after a pause has no window before it (NaN): it counts as lost.
    this.wins = probe < neighbours * (1 - MARGIN) ? this.wins + 1 : 0;
    if (this.wins < WINS_TO_SWITCH) return;
    this.wins = 0;
    this.preferSplit = !this.preferSplit;
    this.sharing = this.preferSplit;
    this.probeEvery = PROBE_EVERY;
  }
}
