/**
 * The training worker: loads MNIST once, trains with the library's Trainer on the WebAssembly
 * kernels, and reports progress to the Train page. Pausing holds the Trainer inside its batch
 * callback (the worker keeps answering messages meanwhile); stopping aborts it through its signal.
 */
import {
  createOptimizer,
  describeArchitecture,
  architectureOf,
  encodeSafetensors,
  exportOnnx,
  formatLayers,
  modelToTensors,
  ready,
  Sequential,
  setThreads,
  threadCount,
  Trainer,
  wasmKernelInfo,
  type DataSplits,
} from '../../../src/core.js';
import { InsideReporter } from '../inside/worker-reporter.js';
import { fetchMnist } from './mnist-fetch.js';
import type { ExportPurpose, FromWorker, ToWorker, TrainConfig } from './protocol.js';

/** The slice of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * Accuracy is measured on the whole test set and on this many training images (all 60000 would
 * cost a few hundred milliseconds per epoch and say little more).
 */
const EVAL_TRAIN_SIZE = 10000;
/**
 * Between epochs, test accuracy is measured on the first this many test images, about every
 * SAMPLES_PER_EPOCH-th of an epoch: a one-epoch run then has a curve, not a line between two points.
 * A forward pass over 1000 images costs a millisecond or two, a few dozen times an epoch.
 */
const SAMPLE_TEST_SIZE = 1000;
/** How many sample accuracies an epoch gets (at least every MIN_SAMPLE_EVERY iterations apart). */
const SAMPLES_PER_EPOCH = 20;
/** The fewest iterations between two sample accuracies, for tiny epochs (large batches). */
const MIN_SAMPLE_EVERY = 10;
/** Losses are sent in groups, at least this many milliseconds apart: a message per batch would flood the page. */
const LOSS_INTERVAL_MS = 100;
/** Iterations between the Trainer's yields to the event loop, when pause and stop messages arrive. */
const YIELD_EVERY = 10;

let data: DataSplits | null = null;
/** The WebAssembly kernels' name; null while the TypeScript kernels run. */
let kernelsName: string | null = null;

/** The training run in progress. */
interface Run {
  /** Aborts the Trainer (stop). */
  readonly controller: AbortController;
  readonly net: Sequential;
  /** Asked to pause: the Trainer waits at the end of its next batch. */
  paused: boolean;
  /** Lets a paused Trainer go on; null unless it waits. */
  resume: (() => void) | null;
  /** Test accuracy after the last epoch, null before the first. */
  lastTestAcc: number | null;
  /** Epochs completed. */
  epochs: number;
}
let run: Run | null = null;
/** From 'start' until training ends, the loading of MNIST included. */
let busy = false;
/** A stop that came while MNIST was loading, before there was a Trainer to abort. */
let stopBeforeStart = false;
/** A network with its test accuracy and epochs trained, as exported. */
interface TrainedNet {
  net: Sequential;
  testAcc: number | null;
  epochs: number;
}
/** The network of the last run that ended, for export between runs. */
let lastNet: TrainedNet | null = null;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** The first layer's weights, one digit's activations and the confusion matrix, for the page's views of the inside. */
const inside = new InsideReporter(post);

async function prepare(): Promise<DataSplits> {
  if (data !== null) return data;
  post({ type: 'status', step: 'compiling' });
  // Installs the SIMD kernels for float32 work; where WebAssembly SIMD is missing the TypeScript
  // kernels stay, slower but the same numbers.
  if ((await ready()) !== 'js') {
    // A second kernel thread spins on a core of its own, and the page and the browser need one too:
    // with fewer than 4 cores one thread trains faster than two.
    if (navigator.hardwareConcurrency < 4) setThreads(1);
    kernelsName = `WebAssembly ${wasmKernelInfo() ?? ''}`.trim();
  }
  post({ type: 'status', step: 'loading' });
  data = await fetchMnist();
  return data;
}

/** Mini-batch losses gathered between messages, sent at least LOSS_INTERVAL_MS apart. */
class LossReporter {
  private pending: number[] = [];
  private lastSent = performance.now();

  /** Records the loss of the batch at `iteration`, and sends what has gathered if the interval is over. */
  add(iteration: number, loss: number): void {
    this.pending.push(loss);
    if (performance.now() - this.lastSent >= LOSS_INTERVAL_MS) this.flush(iteration);
  }

  /** Sends the losses gathered so far, the last of them at `iteration`. */
  flush(iteration: number): void {
    if (this.pending.length === 0) return;
    post({ type: 'losses', iteration, losses: this.pending });
    this.pending = [];
    this.lastSent = performance.now();
  }
}

function createNet(config: TrainConfig): Sequential {
  return new Sequential({ inputShape: config.inputShape, layers: config.layers, dtype: 'float32', seed: config.seed });
}

/** The first `trainSize` training images (all 60000 when it is that many); the test set stays whole. */
function withTrainSize(splits: DataSplits, trainSize: number): DataSplits {
  if (trainSize >= splits.train.x.shape[0]!) return splits;
  return { ...splits, train: { x: splits.train.x.slice(0, trainSize), t: splits.train.t.slice(0, trainSize) } };
}

/** Holds the Trainer in its batch callback until 'resume' or 'stop' calls `current.resume`. */
async function waitWhilePaused(current: Run, iteration: number, losses: LossReporter): Promise<void> {
  losses.flush(iteration);
  post({ type: 'paused', iteration });
  await new Promise<void>((resolve) => {
    current.resume = resolve;
  });
  current.resume = null;
}

/** Test accuracy on the first SAMPLE_TEST_SIZE test images, sent with the losses so far (they come first on the chart). */
function postSampleAccuracy(
  net: Sequential,
  sample: DataSplits['test'],
  iteration: number,
  losses: LossReporter,
): void {
  losses.flush(iteration);
  post({ type: 'sample', iteration, testAcc: net.accuracy(sample.x, sample.t), size: sample.x.shape[0]! });
}

/** A Trainer for `config` that reports losses and accuracies to the page and obeys pause and stop. */
function createTrainer(config: TrainConfig, splits: DataSplits, current: Run, losses: LossReporter): Trainer {
  const { net, controller } = current;
  const sample = { x: splits.test.x.slice(0, SAMPLE_TEST_SIZE), t: splits.test.t.slice(0, SAMPLE_TEST_SIZE) };
  // Known once the Trainer exists; its callbacks run only later, in fit().
  let perEpoch = 1;
  let sampleEvery = MIN_SAMPLE_EVERY;
  const trainer = new Trainer(net, splits, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer: createOptimizer(config.optimizer, { lr: config.lr }),
    sampling: 'shuffle',
    seed: config.seed,
    evalSampleSize: EVAL_TRAIN_SIZE,
    signal: controller.signal,
    yieldEvery: YIELD_EVERY,
    onBatchEnd: async ({ iteration, loss }) => {
      losses.add(iteration, loss);
      inside.maybeSend(net);
      // Epoch ends get the full evaluation instead.
      if (iteration % sampleEvery === 0 && iteration % perEpoch !== 0)
        postSampleAccuracy(net, sample, iteration, losses);
      if (current.paused && !controller.signal.aborted) await waitWhilePaused(current, iteration, losses);
    },
    onEpochEnd: (info) => {
      losses.flush(info.iteration);
      current.lastTestAcc = info.testAcc;
      current.epochs = info.epoch;
      post({
        type: 'epoch',
        epoch: info.epoch,
        iteration: info.iteration,
        trainAcc: info.trainAcc,
        testAcc: info.testAcc,
        elapsedMs: info.elapsedMs,
        threads: threadCount(),
      });
      inside.sendConfusion(net, info.epoch);
      inside.send(net);
    },
  });
  perEpoch = trainer.iterationsPerEpoch;
  sampleEvery = Math.max(MIN_SAMPLE_EVERY, Math.round(perEpoch / SAMPLES_PER_EPOCH));
  return trainer;
}

function postStarted(trainer: Trainer, splits: DataSplits, net: Sequential, loadMs: number): void {
  post({
    type: 'started',
    architecture: describeArchitecture(architectureOf(net)),
    totalIterations: trainer.totalIterations,
    iterationsPerEpoch: trainer.iterationsPerEpoch,
    trainSize: trainer.trainSize,
    testSize: splits.test.x.shape[0]!,
    evalTrainSize: Math.min(EVAL_TRAIN_SIZE, trainer.trainSize),
    kernels: kernelsName,
    loadMs,
  });
}

/** The starting point of the accuracy curves: an untrained network guesses (about 0.1). */
function postUntrainedAccuracy(net: Sequential, splits: DataSplits): void {
  const evalTrain = splits.train.x.slice(0, EVAL_TRAIN_SIZE);
  const evalTrainT = splits.train.t.slice(0, EVAL_TRAIN_SIZE);
  post({
    type: 'epoch',
    epoch: 0,
    iteration: 0,
    trainAcc: net.accuracy(evalTrain, evalTrainT),
    testAcc: net.accuracy(splits.test.x, splits.test.t),
    elapsedMs: 0,
    threads: threadCount(),
  });
}

async function train(config: TrainConfig): Promise<void> {
  const loadStart = performance.now();
  stopBeforeStart = false;
  const splits = withTrainSize(await prepare(), config.trainSize);
  const loadMs = performance.now() - loadStart;
  if (stopBeforeStart) {
    post({ type: 'finished', reason: 'stopped', iterations: 0, elapsedMs: 0 });
    return;
  }
  const net = createNet(config);
  inside.setTest(splits.test);
  const current: Run = {
    controller: new AbortController(),
    net,
    paused: false,
    resume: null,
    lastTestAcc: null,
    epochs: 0,
  };
  run = current;
  lastNet = null;
  const losses = new LossReporter();
  const trainer = createTrainer(config, splits, current, losses);
  postStarted(trainer, splits, net, loadMs);
  postUntrainedAccuracy(net, splits);
  inside.send(net);
  const started = performance.now();
  try {
    const history = await trainer.fit();
    losses.flush(history.iterations);
    post({
      type: 'finished',
      reason: history.stoppedEarly === undefined ? 'done' : 'stopped',
      iterations: history.iterations,
      elapsedMs: performance.now() - started,
    });
  } finally {
    lastNet = { net, testAcc: current.lastTestAcc, epochs: current.epochs };
    run = null;
  }
}

function safetensorsOf({ net, testAcc, epochs }: TrainedNet): Uint8Array {
  const { tensors, metadata } = modelToTensors(net);
  return encodeSafetensors(tensors, {
    ...metadata,
    ...(testAcc === null ? {} : { testAccuracy: String(testAcc) }),
    epochs: String(epochs),
  });
}

function exportModel(purpose: ExportPurpose): void {
  const source: TrainedNet | null =
    run !== null ? { net: run.net, testAcc: run.lastTestAcc, epochs: run.epochs } : lastNet;
  if (source === null) {
    post({ type: 'error', reason: 'no-network', message: 'there is no trained network yet' });
    return;
  }
  const { net, testAcc, epochs } = source;
  const bytes = purpose === 'onnx' ? exportOnnx(net) : safetensorsOf(source);
  post(
    {
      type: 'model',
      purpose,
      bytes,
      description: describeArchitecture(architectureOf(net)),
      fileStem: `scratchnet-${formatLayers(net.sequentialConfig.layers).replaceAll(',', '-')}`,
      testAcc,
      epochs,
    },
    bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [],
  );
}

/** Trains in the background; a failure is reported to the page as an 'error' message. */
function startTraining(config: TrainConfig): void {
  if (busy) {
    post({ type: 'error', reason: 'already-running', message: 'training is already running' });
    return;
  }
  busy = true;
  train(config).then(
    () => {
      busy = false;
    },
    (error: unknown) => {
      busy = false;
      run = null;
      post({ type: 'error', reason: 'failed', message: error instanceof Error ? error.message : String(error) });
    },
  );
}

function stopTraining(): void {
  if (run === null && busy) stopBeforeStart = true;
  if (run !== null) {
    run.controller.abort();
    // A paused Trainer is waiting in its batch callback: let it go on to see the abort.
    run.paused = false;
    run.resume?.();
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      startTraining(message.config);
      return;
    case 'pause':
      if (run !== null) run.paused = true;
      return;
    case 'resume':
      if (run !== null) {
        run.paused = false;
        run.resume?.();
        post({ type: 'resumed' });
      }
      return;
    case 'stop':
      stopTraining();
      return;
    case 'export':
      exportModel(message.purpose);
      return;
    case 'inspect':
      inside.inspect(run?.net ?? lastNet?.net ?? null, message.index);
      return;
  }
});
