/**
 * A progress bar for long loops, on stderr so stdout stays clean for results. On a terminal it
 * redraws one line (at most ten times a second); otherwise (a log file, CI) it prints a plain line
 * every tenth of the way, so logs stay short and readable.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = -Infinity;
  private lastDecile = 0;
  private drawn = false;

  /**
   * A bar for `total` steps named `label`, drawn on `stream`; `first` is where counting starts (a
   * resumed run), so the rate counts only the steps done here.
   */
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly total: number,
    private readonly label = 'iteration',
    private readonly first = 0,
  ) {}

  /** Reports `done` steps of `total`, with `detail` (such as the current loss) after the count. */
  update(done: number, detail: string): void {
    const now = performance.now();
    const rate = (done - this.first) / Math.max(1e-9, (now - this.started) / 1000);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const stats = `${this.label} ${done}/${this.total}  ${detail}  ${rate.toFixed(0)} it/s  ETA ${formatSeconds(eta)}`;
    if (this.stream.isTTY) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const width = 24;
      const filled = Math.round((done / this.total) * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}`;
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor((done / this.total) * 10);
    if (decile > this.lastDecile || done === this.total) {
      this.lastDecile = decile;
      this.stream.write(`${stats}\n`);
    }
  }

  /** Clears the bar's line so a result line can be printed; the next update redraws it. */
  clear(): void {
    if (this.stream.isTTY && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** A duration for people: `4.2s`, `37s`, `12m05s`; `?` when it is not finite (an unknown ETA). */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}
