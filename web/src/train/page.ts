/**
 * The Train page: a form for the network and the optimizer, and the live state of a training run
 * in the worker (loss curve, accuracy curves, progress), with pause, resume, stop, download and
 * "use on the Draw page". The page only draws: all the numbers come from the worker.
 */
import { lineChart, trainingAccuracyChart } from '../../../src/core.js';
import { modelFromSafetensors, type ModelStore } from '../model-store.js';
import { showSvg } from '../svg-host.js';
import { DEFAULT_LR, readForm, type FormFields } from './form.js';
import type { FromWorker, ToWorker } from './protocol.js';

type State = 'idle' | 'loading' | 'training' | 'paused' | 'finished' | 'stopped' | 'error';

/** Redraw the charts at most this often: an SVG of a few thousand points costs a few milliseconds. */
const CHART_INTERVAL_MS = 250;
/** The loss curve shows at most this many points (means of consecutive batches beyond that). */
const MAX_LOSS_POINTS = 600;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function formatAcc(v: number): string {
  return v.toFixed(4);
}

/** Means of consecutive runs of `values`, at most `max` of them, with the iteration each ends at. */
function downsample(values: readonly number[], max: number): { x: number[]; y: number[] } {
  const group = Math.max(1, Math.ceil(values.length / max));
  const x: number[] = [];
  const y: number[] = [];
  for (let start = 0; start < values.length; start += group) {
    const end = Math.min(values.length, start + group);
    let s = 0;
    for (let i = start; i < end; i++) s += values[i]!;
    x.push(end);
    y.push(s / (end - start));
  }
  return { x, y };
}

export function setUpTrainPage(store: ModelStore, openPage: (name: string) => void): void {
  const fields: FormFields = {
    hidden: byId('train-hidden'),
    activation: byId('train-activation'),
    optimizer: byId('train-optimizer'),
    lr: byId('train-lr'),
    batchSize: byId('train-batch'),
    epochs: byId('train-epochs'),
  };
  const form = byId<HTMLFormElement>('train-form');
  const errorsBox = byId<HTMLElement>('train-errors');
  const startButton = byId<HTMLButtonElement>('train-start');
  const pauseButton = byId<HTMLButtonElement>('train-pause');
  const resumeButton = byId<HTMLButtonElement>('train-resume');
  const stopButton = byId<HTMLButtonElement>('train-stop');
  const downloadButton = byId<HTMLButtonElement>('train-download');
  const useButton = byId<HTMLButtonElement>('train-use');
  const status = byId<HTMLElement>('train-status');
  const progress = byId<HTMLProgressElement>('train-progress');
  const progressText = byId<HTMLElement>('train-progress-text');
  const lossText = byId<HTMLElement>('train-loss');
  const trainAccText = byId<HTMLElement>('train-train-acc');
  const testAccText = byId<HTMLElement>('train-test-acc');
  const kernelsText = byId<HTMLElement>('train-kernels');
  const lossChart = byId<HTMLElement>('train-loss-chart');
  const accChart = byId<HTMLElement>('train-acc-chart');

  let worker: Worker | null = null;
  let state: State = 'idle';
  let hasNetwork = false;
  let losses: number[] = [];
  let curves = { epochs: [] as number[], trainAcc: [] as number[], testAcc: [] as number[] };
  let totalIterations = 0;
  let iterationsPerEpoch = 1;
  let iteration = 0;
  // biome-ignore lint/correctness/noUnusedVariables: read by the ??= that schedules a redraw
  let chartTimer: number | undefined;
  let startedAt = 0;
  let kernelsBase = '';

  function setState(next: State, text: string): void {
    state = next;
    status.dataset.state = next;
    status.textContent = text;
    const running = next === 'training' || next === 'paused' || next === 'loading';
    startButton.disabled = running;
    pauseButton.disabled = next !== 'training';
    resumeButton.disabled = next !== 'paused';
    stopButton.disabled = !running;
    downloadButton.disabled = !hasNetwork;
    useButton.disabled = !hasNetwork;
    for (const field of Object.values(fields)) field.disabled = running;
  }

  function drawCharts(): void {
    chartTimer = undefined;
    const { x, y } = downsample(losses, MAX_LOSS_POINTS);
    showSvg(
      lossChart,
      lineChart({
        width: 560,
        height: 320,
        title: 'training loss',
        xLabel: 'iteration',
        yLabel: 'loss',
        legend: false,
        series: [{ x: x.length > 0 ? x : [0], y: y.length > 0 ? y : [NaN] }],
        xLim: [0, Math.max(1, totalIterations)],
      }),
      `training loss over ${losses.length} iterations${losses.length > 0 ? `, last ${losses[losses.length - 1]!.toFixed(4)}` : ''}`,
    );
    showSvg(
      accChart,
      trainingAccuracyChart({ loss: [], ...curves }, { width: 560, height: 320 }),
      curves.testAcc.length > 0
        ? `accuracy after epoch ${curves.epochs[curves.epochs.length - 1]}: test ${formatAcc(curves.testAcc[curves.testAcc.length - 1]!)}`
        : 'accuracy: no evaluation yet',
    );
  }

  function scheduleCharts(): void {
    chartTimer ??= window.setTimeout(drawCharts, CHART_INTERVAL_MS);
  }

  function showProgress(): void {
    progress.max = Math.max(1, totalIterations);
    progress.value = iteration;
    const epoch = Math.min(
      Math.ceil(iteration / iterationsPerEpoch) || 1,
      Math.ceil(totalIterations / iterationsPerEpoch),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(iteration / seconds) : 0;
    progressText.textContent = `iteration ${iteration} of ${totalIterations} (epoch ${epoch} of ${Math.round(totalIterations / iterationsPerEpoch)}, ${rate} it/s)`;
  }

  function send(message: ToWorker): void {
    worker?.postMessage(message);
  }

  function onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'status':
        setState('loading', message.text);
        break;
      case 'started':
        totalIterations = message.totalIterations;
        iterationsPerEpoch = message.iterationsPerEpoch;
        hasNetwork = true;
        startedAt = performance.now();
        kernelsBase =
          `Network ${message.architecture}; ${message.trainSize} training and ${message.testSize} test images ` +
          `(loaded in ${(message.loadMs / 1000).toFixed(1)} s); kernels: ${message.kernels}`;
        kernelsText.textContent = `${kernelsBase}.`;
        setState('training', `Training ${message.architecture}…`);
        showProgress();
        break;
      case 'losses':
        losses.push(...message.losses);
        iteration = message.iteration;
        lossText.textContent = message.losses[message.losses.length - 1]!.toFixed(4);
        showProgress();
        scheduleCharts();
        break;
      case 'epoch':
        curves.epochs.push(message.epoch);
        curves.trainAcc.push(message.trainAcc);
        curves.testAcc.push(message.testAcc);
        trainAccText.textContent = formatAcc(message.trainAcc);
        trainAccText.dataset.value = String(message.trainAcc);
        testAccText.textContent = formatAcc(message.testAcc);
        testAccText.dataset.value = String(message.testAcc);
        testAccText.dataset.epoch = String(message.epoch);
        // The kernels' second thread starts with the first large product, so the count is known from the first epoch.
        if (message.epoch > 0)
          kernelsText.textContent = `${kernelsBase}, ${message.threads === 2 ? 'two threads' : 'one thread'}.`;
        scheduleCharts();
        break;
      case 'paused':
        iteration = message.iteration;
        showProgress();
        setState('paused', `Paused at iteration ${message.iteration}.`);
        break;
      case 'resumed':
        setState('training', 'Training…');
        break;
      case 'finished': {
        const last = curves.testAcc[curves.testAcc.length - 1];
        const lastEpoch = curves.epochs[curves.epochs.length - 1];
        const acc =
          last === undefined ? '' : `, test accuracy ${formatAcc(last)}${lastEpoch === 0 ? ' (before training)' : ''}`;
        const seconds = (message.elapsedMs / 1000).toFixed(1);
        setState(
          message.reason === 'done' ? 'finished' : 'stopped',
          `${message.reason === 'done' ? 'Finished' : 'Stopped'} after ${message.iterations} iterations in ${seconds} s${acc}.`,
        );
        drawCharts();
        break;
      }
      case 'error':
        setState(
          state === 'training' || state === 'loading' || state === 'paused' ? 'error' : state,
          `Error: ${message.message}`,
        );
        break;
      case 'model': {
        const name = `scratchnet-${message.description.split(' ')[0]}.safetensors`;
        if (message.purpose === 'download') {
          const url = URL.createObjectURL(
            new Blob([message.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
          );
          const link = document.createElement('a');
          link.href = url;
          link.download = name;
          document.body.append(link);
          link.click();
          link.remove();
          window.setTimeout(() => URL.revokeObjectURL(url), 10000);
        } else {
          const { net, description } = modelFromSafetensors(message.bytes, name);
          const acc = message.testAcc === null ? 'not evaluated yet' : `test accuracy ${formatAcc(message.testAcc)}`;
          store.set({
            net,
            label: `${description}, trained here for ${message.epochs} epoch${message.epochs === 1 ? '' : 's'} (${acc})`,
            source: 'trained',
          });
          openPage('draw');
        }
        break;
      }
    }
  }

  function ensureWorker(): Worker {
    if (worker === null) {
      // A module worker: the bundle is ES modules. It lives as long as the page, so MNIST is fetched
      // and parsed once however many networks are trained.
      worker = new Worker('worker.js', { type: 'module' });
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
      worker.addEventListener('error', (event) =>
        setState('error', `Error: the training worker failed (${event.message || 'no details'})`),
      );
    }
    return worker;
  }

  fields.optimizer.addEventListener('change', () => {
    fields.lr.value = String(DEFAULT_LR[fields.optimizer.value as keyof typeof DEFAULT_LR] ?? fields.lr.value);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const field of Object.values(fields)) field.removeAttribute('aria-invalid');
    const result = readForm(fields);
    if (!result.ok) {
      errorsBox.textContent = result.errors.map((e) => e.message).join(' ');
      for (const e of result.errors) e.field.setAttribute('aria-invalid', 'true');
      result.errors[0]!.field.focus();
      return;
    }
    errorsBox.textContent = '';
    losses = [];
    curves = { epochs: [], trainAcc: [], testAcc: [] };
    iteration = 0;
    totalIterations = 0;
    for (const el of [lossText, trainAccText, testAccText]) {
      el.textContent = '–';
      delete el.dataset.value;
    }
    delete testAccText.dataset.epoch;
    drawCharts();
    ensureWorker();
    setState('loading', 'Starting…');
    send({ type: 'start', config: result.config });
  });
  pauseButton.addEventListener('click', () => {
    pauseButton.disabled = true;
    status.textContent = 'Pausing…';
    send({ type: 'pause' });
  });
  resumeButton.addEventListener('click', () => send({ type: 'resume' }));
  stopButton.addEventListener('click', () => {
    stopButton.disabled = true;
    status.textContent = 'Stopping…';
    send({ type: 'stop' });
  });
  downloadButton.addEventListener('click', () => send({ type: 'export', purpose: 'download' }));
  useButton.addEventListener('click', () => send({ type: 'export', purpose: 'use' }));

  setState('idle', 'Ready: choose the settings and press Start.');
  drawCharts();
}
