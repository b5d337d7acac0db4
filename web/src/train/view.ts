/**
 * What the Train page shows of a run: its state (and which buttons that enables), the progress bar,
 * the latest loss and accuracies, and the charts. It keeps the numbers the worker reported so far;
 * `messages.ts` feeds it.
 */
import { onRedraw } from '../chart-size.js';
import { type AccuracyCurves, drawAccuracyChart, drawLossChart } from './charts.js';
import type { TrainElements } from './elements.js';
import { fixed, integer, t } from '../i18n/language.js';
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
  /** Whether the architecture field holds a spec that builds (Start is disabled otherwise). */
  specValid = true;
  /** Every mini-batch loss of the current run, in order. */
  losses: number[] = [];
  /** The accuracy after each evaluation so far. */
  curves: AccuracyCurves = { epochs: [], trainAcc: [], testAcc: [], sampleEpochs: [], sampleTestAcc: [] };
  /** The run's length in mini-batches. */
  totalIterations = 0;
  /** Mini-batches per epoch. */
  iterationsPerEpoch = 1;
  /** The iteration the last message reported. */
  iteration = 0;
  /** When the worker reported the start (performance.now() milliseconds): the it/s rate counts from here. */
  startedAt = 0;
  /** The network, the data and the kernels of the current run, in the page's language; '' before a run. */
  kernels: () => string = () => '';
  /** The kernels' text once the thread count is known (set when a run starts). */
  kernelsWithThreads: (threads: number) => () => string = () => () => '';
  private statusText: () => string = () => '';
  private chartTimer: number | undefined;
  /** Iterations per second, as last measured. */
  private rate = 0;

  /** @param el the page's elements, drawn into; every text is shown again when the language changes. */
  constructor(readonly el: TrainElements) {
    onRedraw(() => this.showAgain());
  }

  /**
   * Shows `text()` as the status and enables the buttons and fields that make sense in `next`; `text`
   * is asked again when the language changes.
   */
  setState(next: TrainState, text: () => string): void {
    const { el } = this;
    this.state = next;
    this.statusText = text;
    el.status.dataset.state = next;
    el.status.textContent = text();
    const running = next === 'training' || next === 'paused' || next === 'loading';
    el.startButton.disabled = running || !this.specValid;
    el.pauseButton.disabled = next !== 'training';
    el.resumeButton.disabled = next !== 'paused';
    el.stopButton.disabled = !running;
    el.downloadButton.disabled = !this.hasNetwork;
    el.useButton.disabled = !this.hasNetwork;
    el.onnxButton.disabled = !this.hasNetwork;
    for (const field of Object.values(el.fields)) field.disabled = running;
  }

  /** Records whether the spec builds, enabling Start only when it does (and no run is going on). */
  setSpecValid(valid: boolean): void {
    this.specValid = valid;
    const running = this.state === 'training' || this.state === 'paused' || this.state === 'loading';
    this.el.startButton.disabled = running || !valid;
  }

  /** Disables `button` and says what was asked (the state changes when the worker answers). */
  showRequest(button: HTMLButtonElement, text: () => string): void {
    button.disabled = true;
    this.statusText = text;
    this.el.status.textContent = text();
  }

  /** Forgets the previous run's numbers and blanks its figures, for a new run. */
  reset(): void {
    const { el } = this;
    this.losses = [];
    this.curves = { epochs: [], trainAcc: [], testAcc: [], sampleEpochs: [], sampleTestAcc: [] };
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
    drawAccuracyChart(this.el.accChart, this.curves, Math.round(this.totalIterations / this.iterationsPerEpoch));
  }

  /** Redraws the charts soon, at most every CHART_INTERVAL_MS however many messages arrive. */
  scheduleCharts(): void {
    this.chartTimer ??= window.setTimeout(() => this.drawCharts(), CHART_INTERVAL_MS);
  }

  /** Shows the progress bar and its text: iteration, epoch and iterations per second (measured again if `recount`). */
  showProgress(recount = true): void {
    const { el, iteration, totalIterations, iterationsPerEpoch } = this;
    el.progress.max = Math.max(1, totalIterations);
    el.progress.value = iteration;
    const epoch = Math.min(
      Math.ceil(iteration / iterationsPerEpoch) || 1,
      Math.ceil(totalIterations / iterationsPerEpoch),
    );
    if (recount) {
      const seconds = (performance.now() - this.startedAt) / 1000;
      this.rate = seconds > 0 ? Math.round(iteration / seconds) : 0;
    }
    const { rate } = this;
    el.progressText.textContent = t('train.progress', {
      iteration: integer(iteration),
      total: integer(totalIterations),
      epoch: integer(epoch),
      epochs: integer(Math.round(totalIterations / iterationsPerEpoch)),
      rate: integer(rate),
    });
  }

  /** Shows the loss of the last mini-batch. */
  showLoss(loss: number): void {
    this.el.lossText.textContent = fixed(loss, 4);
    this.el.lossText.dataset.value = String(loss);
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

  /** Shows what the run trains on (network, data, kernels); `text` is asked again when the language changes. */
  showKernels(text: () => string): void {
    this.kernels = text;
    this.el.kernelsText.textContent = text();
  }

  /** Shows every text of the run again, in the page's language now. */
  private showAgain(): void {
    const { el } = this;
    el.status.textContent = this.statusText();
    el.kernelsText.textContent = this.kernels();
    if (this.totalIterations > 0) this.showProgress(false);
    for (const text of [el.lossText, el.trainAccText, el.testAccText]) {
      const value = text.dataset.value;
      if (value !== undefined)
        text.textContent = text === el.lossText ? fixed(Number(value), 4) : formatAcc(Number(value));
    }
    this.drawCharts();
  }
}
