/** The Train page's elements, looked up once by their ids in index.html. */
import type { FormFields } from './form.js';

/** The Train page's elements, each named as it reads on the page. */
export interface TrainElements {
  /** The form's settings. */
  readonly fields: FormFields;
  /** The settings form; submitting it starts a run. */
  readonly form: HTMLFormElement;
  /** Where the form's problems are listed. */
  readonly errorsBox: HTMLElement;
  /** Start (the form's submit button). */
  readonly startButton: HTMLButtonElement;
  /** Pause. */
  readonly pauseButton: HTMLButtonElement;
  /** Resume. */
  readonly resumeButton: HTMLButtonElement;
  /** Stop. */
  readonly stopButton: HTMLButtonElement;
  /** Download weights (.safetensors). */
  readonly downloadButton: HTMLButtonElement;
  /** Download the network as ONNX. */
  readonly onnxButton: HTMLButtonElement;
  /** The summary of the spec: one row per layer, or the layer at fault. */
  readonly summaryTable: HTMLTableElement;
  /** Why the spec does not build, next to the summary. */
  readonly specError: HTMLElement;
  /** Use on the Draw page. */
  readonly useButton: HTMLButtonElement;
  /** The status line, with the run's state as `data-state`. */
  readonly status: HTMLElement;
  /** The progress bar, in iterations. */
  readonly progress: HTMLProgressElement;
  /** The progress in words: iteration, epoch, speed. */
  readonly progressText: HTMLElement;
  /** The loss of the last mini-batch. */
  readonly lossText: HTMLElement;
  /** The last training accuracy. */
  readonly trainAccText: HTMLElement;
  /** The last test accuracy. */
  readonly testAccText: HTMLElement;
  /** The network, the data and the kernels of the run. */
  readonly kernelsText: HTMLElement;
  /** The loss chart's container. */
  readonly lossChart: HTMLElement;
  /** The accuracy chart's container. */
  readonly accChart: HTMLElement;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Looks up the Train page's elements in the document. */
export function findTrainElements(): TrainElements {
  return {
    fields: {
      layers: byId('train-layers'),
      preset: byId('train-preset'),
      optimizer: byId('train-optimizer'),
      lr: byId('train-lr'),
      batchSize: byId('train-batch'),
      epochs: byId('train-epochs'),
      trainSize: byId('train-size'),
    },
    form: byId('train-form'),
    errorsBox: byId('train-errors'),
    startButton: byId('train-start'),
    pauseButton: byId('train-pause'),
    resumeButton: byId('train-resume'),
    stopButton: byId('train-stop'),
    downloadButton: byId('train-download'),
    useButton: byId('train-use'),
    onnxButton: byId('train-onnx'),
    summaryTable: byId('train-summary'),
    specError: byId('train-spec-error'),
    status: byId('train-status'),
    progress: byId('train-progress'),
    progressText: byId('train-progress-text'),
    lossText: byId('train-loss'),
    trainAccText: byId('train-train-acc'),
    testAccText: byId('train-test-acc'),
    kernelsText: byId('train-kernels'),
    lossChart: byId('train-loss-chart'),
    accChart: byId('train-acc-chart'),
  };
}
