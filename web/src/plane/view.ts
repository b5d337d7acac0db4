/**
 * The 2-D data page's elements: the form's settings, the buttons, the scores (as text, in the
 * output canvas's label and, for tests and scripts, in data attributes) and the hidden units' canvases.
 */
import type { MessageKey } from '../i18n/en.js';
import { fixed, integer, percent, t } from '../i18n/language.js';
import type { Score } from './model.js';
import { labelUnit } from './unit-text.js';

/** What the form asks for. */
export interface PlaneSettings {
  readonly dataset: string;
  readonly noise: number;
  readonly trainShare: number;
  readonly seed: number;
  readonly layers: string;
  readonly lr: number;
  readonly optimizer: string;
}

/** What the status line says. */
export type PlaneState = 'ready' | 'running' | 'paused' | 'diverged' | 'invalid';

/** Side in pixels of each hidden unit's canvas. */
const UNIT_SIZE = 64;

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The page's elements, looked up once. */
export class PlaneView {
  readonly outputCanvas = byId<HTMLCanvasElement>('plane-canvas');
  private readonly form = byId<HTMLFormElement>('plane-form');
  private readonly dataset = byId<HTMLSelectElement>('plane-dataset');
  private readonly noise = byId<HTMLInputElement>('plane-noise');
  private readonly noiseValue = byId<HTMLOutputElement>('plane-noise-value');
  private readonly split = byId<HTMLInputElement>('plane-split');
  private readonly splitValue = byId<HTMLOutputElement>('plane-split-value');
  private readonly seed = byId<HTMLInputElement>('plane-seed');
  private readonly layers = byId<HTMLInputElement>('plane-layers');
  private readonly lr = byId<HTMLInputElement>('plane-lr');
  private readonly optimizer = byId<HTMLSelectElement>('plane-optimizer');
  private readonly startButton = byId<HTMLButtonElement>('plane-start');
  private readonly pauseButton = byId<HTMLButtonElement>('plane-pause');
  private readonly resetButton = byId<HTMLButtonElement>('plane-reset');
  private readonly errors = byId<HTMLElement>('plane-errors');
  private readonly status = byId<HTMLElement>('plane-status');
  private readonly metrics = byId<HTMLElement>('plane-metrics');
  private readonly units = byId<HTMLElement>('plane-units');
  private state: PlaneState = 'ready';
  private lastScores: { steps: number; train: Score; test: Score; loss: number } | null = null;

  /** The form's values now (numbers as typed: the page checks them). */
  settings(): PlaneSettings {
    this.showSliders();
    return {
      dataset: this.dataset.value,
      noise: Number(this.noise.value) / 100,
      trainShare: Number(this.split.value) / 100,
      seed: Math.trunc(Number(this.seed.value)) || 0,
      layers: this.layers.value,
      lr: Number(this.lr.value),
      optimizer: this.optimizer.value,
    };
  }

  private showSliders(): void {
    this.noiseValue.textContent = percent(Number(this.noise.value) / 100);
    this.splitValue.textContent = percent(Number(this.split.value) / 100);
  }

  onStart(listener: () => void): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      listener();
    });
  }

  onPause(listener: () => void): void {
    this.pauseButton.addEventListener('click', listener);
  }

  onReset(listener: () => void): void {
    this.resetButton.addEventListener('click', listener);
  }

  /** Any setting changed: sliders as they move, fields when left or confirmed. */
  onSettingsChange(listener: () => void): void {
    for (const el of [this.noise, this.split]) el.addEventListener('input', listener);
    for (const el of [this.dataset, this.seed, this.layers, this.lr, this.optimizer])
      el.addEventListener('change', listener);
  }

  showError(text: string): void {
    this.errors.textContent = text;
  }

  /** Enables Start or Pause; a button that had the focus hands it to the other one, so the keyboard goes on from there. */
  showRunning(running: boolean): void {
    const focused = document.activeElement;
    this.startButton.disabled = running;
    this.pauseButton.disabled = !running;
    if (running && focused === this.startButton) this.pauseButton.focus();
    if (!running && focused === this.pauseButton) this.startButton.focus();
  }

  /** The status line; every state but 'running' says the scores, so a screen reader hears them. */
  showState(state: PlaneState): void {
    this.state = state;
    this.status.dataset.state = state;
    const s = this.lastScores;
    const scores =
      s === null || state === 'running' || state === 'invalid'
        ? ''
        : ` ${this.scoreSentence(s.steps, s.train, s.test)}`;
    this.status.textContent = `${t(`plane.state.${state}` as MessageKey)}${scores}`;
  }

  private scoreSentence(steps: number, train: Score, test: Score): string {
    if (train.accuracy === null || test.accuracy === null)
      return t('plane.lossSentence', { steps: integer(steps), train: fixed(train.loss, 4), test: fixed(test.loss, 4) });
    return t('plane.accSentence', {
      steps: integer(steps),
      train: percent(train.accuracy),
      test: percent(test.accuracy),
    });
  }

  /** The step count, losses and accuracies, as text, in the canvas's label and in `#plane-metrics`'s data. */
  showScores(steps: number, train: Score, test: Score, loss: number): void {
    this.lastScores = { steps, train, test, loss };
    const show = (id: string, text: string): void => {
      byId(id).textContent = text;
    };
    show('plane-steps', integer(steps));
    show('plane-train-loss', Number.isFinite(train.loss) ? fixed(train.loss, 4) : '–');
    show('plane-test-loss', Number.isFinite(test.loss) ? fixed(test.loss, 4) : '–');
    show('plane-train-acc', train.accuracy === null ? '–' : percent(train.accuracy));
    show('plane-test-acc', test.accuracy === null ? '–' : percent(test.accuracy));
    Object.assign(this.metrics.dataset, {
      steps: String(steps),
      trainLoss: String(train.loss),
      testLoss: String(test.loss),
      trainAcc: train.accuracy === null ? '' : String(train.accuracy),
      testAcc: test.accuracy === null ? '' : String(test.accuracy),
    });
    this.outputCanvas.setAttribute(
      'aria-label',
      t(train.accuracy === null ? 'plane.curveLabel' : 'plane.canvasLabel', {
        scores: this.scoreSentence(steps, train, test),
      }),
    );
  }

  /** One canvas per unit of each hidden layer (`sizes[layer]` units), made again only when the sizes change. */
  unitCanvases(sizes: readonly number[]): HTMLCanvasElement[][] {
    const rows = [...this.units.querySelectorAll<HTMLElement>('.plane-layer')];
    const same =
      rows.length === sizes.length && rows.every((row, l) => row.querySelectorAll('canvas').length === sizes[l]);
    if (!same) this.units.replaceChildren(...sizes.map((size, l) => this.layerRow(l, size)));
    this.units.dataset.layers = String(sizes.length);
    if (sizes.length === 0) this.units.textContent = t('plane.noUnits');
    return [...this.units.querySelectorAll<HTMLElement>('.plane-layer')].map((row) => [
      ...row.querySelectorAll('canvas'),
    ]);
  }

  private layerRow(layer: number, size: number): HTMLElement {
    const row = document.createElement('div');
    row.className = 'plane-layer';
    const heading = document.createElement('h3');
    heading.dataset.layer = String(layer + 1);
    heading.textContent = t('plane.layerHeading', { layer: layer + 1, units: size });
    row.append(heading);
    const cells = document.createElement('div');
    cells.className = 'plane-unit-row';
    for (let u = 0; u < size; u++) {
      const canvas = document.createElement('canvas');
      canvas.width = UNIT_SIZE;
      canvas.height = UNIT_SIZE;
      canvas.className = 'plane-unit';
      canvas.setAttribute('role', 'img');
      canvas.dataset.unit = String(u + 1);
      canvas.setAttribute('aria-label', t('plane.unitLabel', { layer: layer + 1, unit: u + 1 }));
      cells.append(canvas);
    }
    row.append(cells);
    return row;
  }

  /** Texts made here, in the page's new language. */
  relabel(): void {
    this.showSliders();
    for (const heading of this.units.querySelectorAll<HTMLElement>('h3')) {
      const row = heading.parentElement!;
      heading.textContent = t('plane.layerHeading', {
        layer: Number(heading.dataset.layer),
        units: row.querySelectorAll('canvas').length,
      });
      for (const canvas of row.querySelectorAll<HTMLCanvasElement>('canvas')) labelUnit(canvas);
    }
    if (this.units.dataset.layers === '0') this.units.textContent = t('plane.noUnits');
    this.showState(this.state);
  }
}
