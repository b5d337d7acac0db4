/** The Train page's elements, looked up once by their ids in index.html. */
import type { FormFields } from './form.js';

export interface TrainElements {
  readonly fields: FormFields;
  readonly form: HTMLFormElement;
  readonly errorsBox: HTMLElement;
  readonly startButton: HTMLButtonElement;
  readonly pauseButton: HTMLButtonElement;
  readonly resumeButton: HTMLButtonElement;
  readonly stopButton: HTMLButtonElement;
  readonly downloadButton: HTMLButtonElement;
  readonly useButton: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly progressText: HTMLElement;
  readonly lossText: HTMLElement;
  readonly trainAccText: HTMLElement;
  readonly testAccText: HTMLElement;
  readonly kernelsText: HTMLElement;
  readonly lossChart: HTMLElement;
  readonly accChart: HTMLElement;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export function findTrainElements(): TrainElements {
  return {
    fields: {
      hidden: byId('train-hidden'),
      activation: byId('train-activation'),
      optimizer: byId('train-optimizer'),
      lr: byId('train-lr'),
      batchSize: byId('train-batch'),
      epochs: byId('train-epochs'),
    },
    form: byId('train-form'),
    errorsBox: byId('train-errors'),
    startButton: byId('train-start'),
    pauseButton: byId('train-pause'),
    resumeButton: byId('train-resume'),
    stopButton: byId('train-stop'),
    downloadButton: byId('train-download'),
    useButton: byId('train-use'),
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
