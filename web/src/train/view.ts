/**
 * What the Train page shows of a run: its state (and which buttons that enables), the progress bar,
 * the latest loss and accuracies, and the charts. It keeps the numbers the worker reported so far;
 * `messages.ts` feeds it.
 */
import { type AccuracyCurves, drawAccuracyChart, drawLossChart } from './charts.js';
import type { TrainElements } from './elements.js';
import { formatAcc } from './format.js';

/** Where a run stands; also the status line's `data-state`. */
export type TrainState = 'idle' | 'loading' | 'training' | 'paused' | 'finished' | 'stopped' | 'error';

/** Redraw the charts at most this often: an SVG of a few thousand points costs a few milliseconds. */
const CHART_INTERVAL_MS = 250;

/** The Train page's display of a run, and the numbers the worker reported for it. */
export class TrainView {
  /** Where the run stands. */
  state: TrainState = 'idle';
  /** Whether the worker holds a network to download or use (from the first run's start on). */
  hasNetwork = false;
  /** Every mini-batch loss of the current run, in order. */
  losses: number[] = [];
  /** The accuracy after each evaluation so far. */
  curves: AccuracyCurves = { epochs: [], trainAcc: [], testAcc: [] };
  /** The run's length in mini-batches. */
  totalIterations = 0;
  /** Mini-batches per epoch. */
  iterationsPerEpoch = 1;
  /** The iteration the last message reported. */
  iteration = 0;
  /** When the worker reported the start (performance.now() milliseconds): the it/s rate counts from here. */
  startedAt = 0;
  /** The network, the data and the kernels of the current run, before the thread count is known. */
  kernelsBase = '';
  private chartTimer: number | undefined;

  /** @param el the page's elements, drawn into. */
  constructor(readonly el: TrainElements) {}

  /** Shows `text` as the status and enables the buttons and fields that make sense in `next`. */
  setState(next: TrainState, text: string): void {
    const { el } = this;
    this.state = next;
    el.status.dataset.state = next;
    el.status.textContent = text;
    const running = next === 'training' || next === 'paused' || next === 'loading';
    el.startButton.disabled = running;
    el.pauseButton.disabled = next !== 'training';
    el.resumeButton.disabled = next !== 'paused';
    el.stopButton.disabled = !running;
    el.downloadButton.disabled = !this.hasNetwork;
    el.useButton.disabled = !this.hasNetwork;
    for (const field of Object.values(el.fields)) field.disabled = running;
  }

  /** Disables `button` and says what was asked (the state changes when the worker answers). */
  showRequest(button: HTMLButtonElement, text: string): void {
    button.disabled = true;
    this.el.status.textContent = text;
  }

  /** Forgets the previous run's numbers and blanks its figures, for a new run. */
  reset(): void {
    const { el } = this;
    this.losses = [];
    this.curves = { epochs: [], trainAcc: [], testAcc: [] };
    this.iteration = 0;
    this.totalIterations = 0;
    for (const text of [el.lossText, el.trainAccText, el.testAccText]) {
      text.textContent = '–';
      delete text.dataset.value;
    }
    delete el.testAccText.dataset.epoch;
    this.drawCharts();
  }

  /** Redraws both charts now. */
  drawCharts(): void {
    this.chartTimer = undefined;
    drawLossChart(this.el.lossChart, this.losses, this.totalIterations);
    drawAccuracyChart(this.el.accChart, this.curves);
  }

  /** Redraws the charts soon, at most every CHART_INTERVAL_MS however many messages arrive. */
  scheduleCharts(): void {
    this.chartTimer ??= window.setTimeout(() => this.drawCharts(), CHART_INTERVAL_MS);
  }

  /** Shows the progress bar and its text: iteration, epoch and iterations per second. */
  showProgress(): void {
    const { el, iteration, totalIterations, iterationsPerEpoch } = this;
    el.progress.max = Math.max(1, totalIterations);
    el.progress.value = iteration;
    const epoch = Math.min(
      Math.ceil(iteration / iterationsPerEpoch) || 1,
      Math.ceil(totalIterations / iterationsPerEpoch),
    );
    const seconds = (performance.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(iteration / seconds) : 0;
    el.progressText.textContent = `iteration ${iteration} of ${totalIterations} (epoch ${epoch} of ${Math.round(totalIterations / iterationsPerEpoch)}, ${rate} it/s)`;
  }

  /** Shows the loss of the last mini-batch. */
  showLoss(loss: number): void {
    this.el.lossText.textContent = loss.toFixed(4);
  }

  /** Shows the accuracies after `epoch` epochs, as text and, for tests and tools, as data attributes. */
  showAccuracy(epoch: number, trainAcc: number, testAcc: number): void {
    const { trainAccText, testAccText } = this.el;
    trainAccText.textContent = formatAcc(trainAcc);
    trainAccText.dataset.value = String(trainAcc);
    testAccText.textContent = formatAcc(testAcc);
    testAccText.dataset.value = String(testAcc);
    testAccText.dataset.epoch = String(epoch);
  }

  /** Shows what the run trains on (network, data, kernels). */
  showKernels(text: string): void {
    this.el.kernelsText.textContent = text;
  }
}
