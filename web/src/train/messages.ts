/** The Train page's side of the worker protocol: what each message from the training worker changes on the page. */
import { modelFromSafetensors, type ModelStore } from '../model-store.js';
import { saveFile } from './download.js';
import { formatAcc } from './format.js';
import type { FromWorker } from './protocol.js';
import type { TrainView } from './view.js';

/** What the messages act on: the page's view of the run, and for a trained model, the Draw page. */
export interface MessageTarget {
  /** The Train page's display of the run. */
  readonly view: TrainView;
  /** The Draw page's model, replaced by a network trained here. */
  readonly store: ModelStore;
  /** Opens a page by name (draw, train, learn). */
  readonly openPage: (name: string) => void;
}

type Message<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

function onStarted(view: TrainView, message: Message<'started'>): void {
  view.totalIterations = message.totalIterations;
  view.iterationsPerEpoch = message.iterationsPerEpoch;
  view.hasNetwork = true;
  view.startedAt = performance.now();
  view.kernelsBase =
    `Network ${message.architecture}; ${message.trainSize} training and ${message.testSize} test images ` +
    `(loaded in ${(message.loadMs / 1000).toFixed(1)} s); kernels: ${message.kernels}`;
  view.showKernels(`${view.kernelsBase}.`);
  view.setState('training', `Training ${message.architecture}…`);
  view.showProgress();
}

function onLosses(view: TrainView, message: Message<'losses'>): void {
  view.losses.push(...message.losses);
  view.iteration = message.iteration;
  view.showLoss(message.losses[message.losses.length - 1]!);
  view.showProgress();
  view.scheduleCharts();
}

function onEpoch(view: TrainView, message: Message<'epoch'>): void {
  view.curves.epochs.push(message.epoch);
  view.curves.trainAcc.push(message.trainAcc);
  view.curves.testAcc.push(message.testAcc);
  view.showAccuracy(message.epoch, message.trainAcc, message.testAcc);
  // The kernels' second thread starts with the first large product, so the count is known from the first epoch.
  if (message.epoch > 0)
    view.showKernels(`${view.kernelsBase}, ${message.threads === 2 ? 'two threads' : 'one thread'}.`);
  view.scheduleCharts();
}

function onPaused(view: TrainView, message: Message<'paused'>): void {
  view.iteration = message.iteration;
  view.showProgress();
  view.setState('paused', `Paused at iteration ${message.iteration}.`);
}

function onFinished(view: TrainView, message: Message<'finished'>): void {
  const last = view.curves.testAcc[view.curves.testAcc.length - 1];
  const lastEpoch = view.curves.epochs[view.curves.epochs.length - 1];
  const acc =
    last === undefined ? '' : `, test accuracy ${formatAcc(last)}${lastEpoch === 0 ? ' (before training)' : ''}`;
  const seconds = (message.elapsedMs / 1000).toFixed(1);
  const done = message.reason === 'done';
  view.setState(
    done ? 'finished' : 'stopped',
    `${done ? 'Finished' : 'Stopped'} after ${message.iterations} iterations in ${seconds} s${acc}.`,
  );
  view.drawCharts();
}

function onError(view: TrainView, message: Message<'error'>): void {
  const { state } = view;
  // An error ends a run in progress; one answering a request between runs (an export) leaves the state.
  const running = state === 'training' || state === 'loading' || state === 'paused';
  view.setState(running ? 'error' : state, `Error: ${message.message}`);
}

/** Saves the exported weights as a file, or hands them to the Draw page and opens it. */
function onModel(target: MessageTarget, message: Message<'model'>): void {
  const name = `scratchnet-${message.description.split(' ')[0]}.safetensors`;
  if (message.purpose === 'download') {
    saveFile(message.bytes, name);
    return;
  }
  const { net, description } = modelFromSafetensors(message.bytes, name);
  const acc = message.testAcc === null ? 'not evaluated yet' : `test accuracy ${formatAcc(message.testAcc)}`;
  target.store.set({
    net,
    label: `${description}, trained here for ${message.epochs} epoch${message.epochs === 1 ? '' : 's'} (${acc})`,
    source: 'trained',
  });
  target.openPage('draw');
}

/** Shows what `message` from the training worker reports. */
export function handleWorkerMessage(target: MessageTarget, message: FromWorker): void {
  const { view } = target;
  switch (message.type) {
    case 'status':
      view.setState('loading', message.text);
      break;
    case 'started':
      onStarted(view, message);
      break;
    case 'losses':
      onLosses(view, message);
      break;
    case 'epoch':
      onEpoch(view, message);
      break;
    case 'paused':
      onPaused(view, message);
      break;
    case 'resumed':
      view.setState('training', 'Training…');
      break;
    case 'finished':
      onFinished(view, message);
      break;
    case 'error':
      onError(view, message);
      break;
    case 'model':
      onModel(target, message);
      break;
  }
}
