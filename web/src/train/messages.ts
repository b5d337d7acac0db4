/** The Train page's side of the worker protocol: what each message from the training worker changes on the page. */
import type { InsidePanel } from '../inside/train-panel.js';
import { modelFromSafetensors, type ModelStore } from '../model-store.js';
import { saveFile } from './download.js';
import { fixed, integer, plural, t } from '../i18n/language.js';
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
  /** The views of the inside of the network (filters, activations, confusion matrix). */
  readonly inside?: InsidePanel;
}

type Message<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

function onStarted(view: TrainView, message: Message<'started'>): void {
  view.totalIterations = message.totalIterations;
  view.iterationsPerEpoch = message.iterationsPerEpoch;
  view.hasNetwork = true;
  view.startedAt = performance.now();
  const base = (): string =>
    t('train.kernels', {
      architecture: message.architecture,
      trainSize: integer(message.trainSize),
      testSize: integer(message.testSize),
      seconds: fixed(message.loadMs / 1000, 1),
      kernels: message.kernels ?? t('train.kernelsTs'),
    });
  view.showKernels(() => `${base()}.`);
  view.setState('training', () => t('train.training', { architecture: message.architecture }));
  view.showProgress();
  // The kernels' second thread starts with the first large product, so the count is known from the first epoch.
  view.kernelsWithThreads = (threads) => () =>
    `${base()}, ${threads === 2 ? t('train.twoThreads') : t('train.oneThread')}.`;
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
  if (message.epoch > 0) view.showKernels(view.kernelsWithThreads(message.threads));
  view.scheduleCharts();
}

function onSample(view: TrainView, message: Message<'sample'>): void {
  view.curves.sampleEpochs.push(message.iteration / view.iterationsPerEpoch);
  view.curves.sampleTestAcc.push(message.testAcc);
  view.scheduleCharts();
}

function onPaused(view: TrainView, message: Message<'paused'>): void {
  view.iteration = message.iteration;
  view.showProgress();
  view.setState('paused', () => t('train.paused', { iteration: integer(message.iteration) }));
}

function onFinished(view: TrainView, message: Message<'finished'>): void {
  const last = view.curves.testAcc[view.curves.testAcc.length - 1];
  const lastEpoch = view.curves.epochs[view.curves.epochs.length - 1];
  const done = message.reason === 'done';
  view.setState(done ? 'finished' : 'stopped', () => {
    const acc =
      last === undefined
        ? ''
        : t(lastEpoch === 0 ? 'train.finalAccUntrained' : 'train.finalAcc', { acc: formatAcc(last) });
    return t(done ? 'train.finished' : 'train.stopped', {
      iterations: integer(message.iterations),
      seconds: fixed(message.elapsedMs / 1000, 1),
      acc,
    });
  });
  view.drawCharts();
}

function onError(view: TrainView, message: Message<'error'>): void {
  const { state } = view;
  // An error ends a run in progress; one answering a request between runs (an export) leaves the state.
  const running = state === 'training' || state === 'loading' || state === 'paused';
  const reason = (): string =>
    message.reason === 'no-network'
      ? t('train.noNetwork')
      : message.reason === 'already-running'
        ? t('train.alreadyRunning')
        : message.message;
  view.setState(running ? 'error' : state, () => t('train.error', { message: reason() }));
}

/** Saves the exported weights as a file, or hands them to the Draw page and opens it. */
function onModel(target: MessageTarget, message: Message<'model'>): void {
  const base = message.fileStem;
  const name = `${base}.safetensors`;
  if (message.purpose === 'download' || message.purpose === 'onnx') {
    saveFile(message.bytes, message.purpose === 'onnx' ? `${base}.onnx` : name);
    return;
  }
  const { net, description } = modelFromSafetensors(message.bytes, name);
  const { testAcc, epochs } = message;
  target.store.set({
    net,
    label: () =>
      t('model.trained', {
        architecture: description,
        epochs: plural('model.epochs', epochs),
        acc: testAcc === null ? t('model.notEvaluated') : t('model.testAcc', { acc: formatAcc(testAcc) }),
      }),
    source: 'trained',
  });
  target.openPage('draw');
}

/** Shows what `message` from the training worker reports. */
export function handleWorkerMessage(target: MessageTarget, message: FromWorker): void {
  const { view } = target;
  switch (message.type) {
    case 'status':
      view.setState('loading', () => t(message.step === 'compiling' ? 'train.compiling' : 'train.loadingMnist'));
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
    case 'sample':
      onSample(view, message);
      break;
    case 'paused':
      onPaused(view, message);
      break;
    case 'resumed':
      view.setState('training', () => t('train.trainingResumed'));
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
    case 'filters':
    case 'activations':
    case 'confusion':
    case 'digits':
      target.inside?.receive(message);
      break;
  }
}
