/**
 * The 2-D data page: a small network learns two classes on the plane (or a sine), trained on the
 * main thread in slices of a few milliseconds per animation frame, so the page stays responsive.
 * The output is drawn as a heatmap under the points every few frames, with each hidden unit's own
 * heatmap beside it, and the losses and accuracies as text.
 */
import { type LayerRows, layerRowsFor } from '../editor/layer-rows.js';
import { DENSE_KINDS, layerError } from '../editor/rows-model.js';
import { onLanguageChange, t } from '../i18n/language.js';
import { ready } from '../../../src/core.js';
import { DATASET_NAMES, makeDataset } from './datasets.js';
import { drawOutput, drawUnit, gridPoints } from './draw.js';
import { PLANE_OPTIMIZERS, PlaneModel } from './model.js';
import { PlaneView } from './view.js';

/** Samples per data set (training and test together). */
const SAMPLES = 400;
/** Milliseconds of training steps per animation frame: the page keeps the rest of the frame. */
const DEFAULT_BUDGET_MS = 8;
/** The pictures are drawn again every this many frames (a read-out costs more than a few steps). */
const DRAW_EVERY = 4;

/**
 * The milliseconds of steps per frame: DEFAULT_BUDGET_MS, or `?plane-speed=n` (1 to 40) for a
 * faster run (tests) or a slower one to watch.
 */
function frameBudget(search: string): number {
  const asked = Number(new URLSearchParams(search).get('plane-speed'));
  return Number.isFinite(asked) && asked >= 1 ? Math.min(40, asked) : DEFAULT_BUDGET_MS;
}

/** The network and data of the form's settings; null (with the error shown, at its row too) when they are wrong. */
function buildModel(view: PlaneView, rows: LayerRows): PlaneModel | null {
  const settings = view.settings();
  const dataset = DATASET_NAMES.find((name) => name === settings.dataset);
  const optimizer = PLANE_OPTIMIZERS.find((name) => name === settings.optimizer);
  if (dataset === undefined || optimizer === undefined) return null;
  if (!(settings.lr > 0) || !Number.isFinite(settings.lr)) {
    view.showError(t('plane.badLr'));
    return null;
  }
  const data = makeDataset(dataset, {
    samples: SAMPLES,
    noise: settings.noise,
    trainShare: settings.trainShare,
    seed: settings.seed,
  });
  try {
    const built = new PlaneModel(data, settings.layers, optimizer, settings.lr, settings.seed);
    view.showError('');
    rows.markError(null);
    return built;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    view.showError(t('plane.badLayers', { error: message }));
    const atLayer = layerError(message);
    rows.markError(atLayer.position, atLayer.message);
    return null;
  }
}

/** The grids the pictures are read on, for one input and for two. */
const GRIDS = { 1: gridPoints(1), 2: gridPoints(2) } as const;

/** Draws the output, the hidden units and the scores of `model` now; `lastLoss` is the last step's. */
function showModel(view: PlaneView, model: PlaneModel, lastLoss: number): void {
  const inputs = model.data.inputs === 1 ? 1 : 2;
  const { output, units } = model.readOut(GRIDS[inputs]);
  drawOutput(view.outputCanvas, model.data, output);
  const canvases = view.unitCanvases(units.map((layer) => layer.length));
  units.forEach((layer, l) => {
    let max = 0;
    for (const unit of layer) for (const v of unit) max = Math.max(max, Math.abs(v));
    layer.forEach((unit, u) => drawUnit(canvases[l]![u]!, unit, max, inputs));
  });
  view.showScores(model.steps, model.score(model.data.train), model.score(model.data.test), lastLoss);
}

/** Sets up the 2-D data page. */
export function setUpPlanePage(): void {
  const view = new PlaneView();
  // The hidden layers as rows too; an edit there is a change of the field, which resets the network.
  const rows = layerRowsFor(document.getElementById('plane-layers') as HTMLInputElement, 'plane', {
    kinds: DENSE_KINDS,
    allowEmpty: true,
    newLayer: { type: 'dense', units: 8 },
  });
  const budget = frameBudget(location.search);
  let model: PlaneModel | null = null;
  let running = false;
  let frames = 0;
  let lastLoss = Number.NaN;
  /** Counts runs: a frame of an earlier run (paused, then started again before it came) ends itself. */
  let run = 0;

  function show(): void {
    if (model !== null) showModel(view, model, lastLoss);
  }

  function frame(ofRun: number): void {
    if (!running || model === null || ofRun !== run) return;
    const start = performance.now();
    do lastLoss = model.step();
    while (performance.now() - start < budget);
    if (!Number.isFinite(lastLoss)) {
      running = false;
      view.showRunning(false);
      show();
      view.showState('diverged');
      return;
    }
    if (++frames % DRAW_EVERY === 0) show();
    requestAnimationFrame(() => frame(ofRun));
  }

  function start(): void {
    if (model === null) model = buildModel(view, rows);
    if (model === null || running) return;
    running = true;
    view.showRunning(true);
    view.showState('running');
    const thisRun = ++run;
    requestAnimationFrame(() => frame(thisRun));
  }

  function pause(): void {
    if (!running) return;
    running = false;
    view.showRunning(false);
    show();
    view.showState('paused');
  }

  function reset(): void {
    running = false;
    frames = 0;
    lastLoss = Number.NaN;
    model = buildModel(view, rows);
    view.showRunning(false);
    if (model !== null) show();
    view.showState(model === null ? 'invalid' : 'ready');
  }

  view.onStart(start);
  view.onPause(pause);
  view.onReset(reset);
  view.onSettingsChange(reset);
  onLanguageChange(() => {
    view.relabel();
    show();
  });
  reset();
  // The WebAssembly kernels take over when they are compiled; until then the TypeScript ones train.
  ready().catch(() => undefined);
}
