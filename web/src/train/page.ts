/**
 * The Train page: a form for the network and the optimizer, and the live state of a training run
 * in the worker (loss curve, accuracy curves, progress), with pause, resume, stop, download and
 * "use on the Draw page". The page only draws: all the numbers come from the worker.
 */
import { onLanguageChange, t } from '../i18n/language.js';
import { InsidePanel } from '../inside/train-panel.js';
import type { ModelStore } from '../model-store.js';
import { findTrainElements, type TrainElements } from './elements.js';
import { checkForm, fillDefaultLr, listFormErrors } from './form.js';
import { handleWorkerMessage } from './messages.js';
import { setUpSpecField } from './spec-field.js';
import { syncFormWithUrl } from './url-sync.js';
import { TrainView } from './view.js';
import { TrainingWorker } from './worker-client.js';

/** Pause, resume, stop, download and use: each a request to the worker, answered by a message. */
function wireRunButtons(el: TrainElements, view: TrainView, worker: TrainingWorker): void {
  el.pauseButton.addEventListener('click', () => {
    view.showRequest(el.pauseButton, () => t('train.pausing'));
    worker.send({ type: 'pause' });
  });
  el.resumeButton.addEventListener('click', () => worker.send({ type: 'resume' }));
  el.stopButton.addEventListener('click', () => {
    view.showRequest(el.stopButton, () => t('train.stopping'));
    worker.send({ type: 'stop' });
  });
  el.downloadButton.addEventListener('click', () => worker.send({ type: 'export', purpose: 'download' }));
  el.useButton.addEventListener('click', () => worker.send({ type: 'export', purpose: 'use' }));
  el.onnxButton.addEventListener('click', () => worker.send({ type: 'export', purpose: 'onnx' }));
}

/** Sets up the Train page; `openPage` opens another page (the Draw page, for a trained network). */
export function setUpTrainPage(store: ModelStore, openPage: (name: string) => void): void {
  const el = findTrainElements();
  const view = new TrainView(el);
  const inside = new InsidePanel((message) => worker.send(message));
  const worker = new TrainingWorker(
    (message) => handleWorkerMessage({ view, store, openPage, inside }, message),
    (details) => view.setState('error', () => t('train.workerFailed', { details })),
  );

  // The form's problems are listed again in the new language (without moving the focus).
  let formChecked = false;
  onLanguageChange(() => {
    if (formChecked) listFormErrors(el.fields, el.errorsBox);
  });
  el.fields.optimizer.addEventListener('change', () => fillDefaultLr(el.fields));
  // After the optimizer's listener, so the URL gets the learning rate it filled in.
  const autostart = syncFormWithUrl(el.fields);
  const specField = setUpSpecField(el, view);
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const config = checkForm(el.fields, el.errorsBox);
    formChecked = true;
    if (config === null) return;
    view.reset();
    inside.reset();
    worker.start();
    view.setState('loading', () => t('train.starting'));
    worker.send({ type: 'start', config });
  });
  wireRunButtons(el, view, worker);

  view.setState('idle', () => t('train.ready'));
  specField.check();
  view.drawCharts();
  if (autostart) el.form.requestSubmit();
}
