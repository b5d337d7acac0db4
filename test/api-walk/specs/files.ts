// The wrong-kind walk over files, data, plots and the chapter 6 studies: every export of src/io,
// src/data, src/plot, src/experiments and the Node-only loaders, and ScratchnetError. Studies that
// train are called with options that make the valid call tiny; files are written into a temporary
// directory that is removed when the process exits.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  activationHistograms,
  applyStandardization,
  arange,
  array,
  arrowField,
  autoLimits,
  barChart,
  bluesColor,
  classAccuracyChart,
  compareBatchNorm,
  compareOptimizers,
  compareWeightInits,
  confusionMatrixChart,
  contourLines,
  contourSeries,
  crc32,
  decodeCheckpoint,
  decodeNpy,
  decodeNpz,
  decodePng,
  decodeSafetensors,
  decodeWeightsFile,
  decodeZip,
  detectWeightsFormat,
  encodeCheckpoint,
  encodeGrayPng,
  encodeNpy,
  encodeNpz,
  encodeSafetensors,
  encodeZip,
  escapeXml,
  figureActivationHistograms,
  figureBatchNorm,
  figureGradientDescent,
  figureGradientField,
  figureHyperparameterSearch,
  figureLossComparison,
  figureMnistGrid,
  figureOptimizerPaths,
  figureOverfitting,
  figureRelu,
  figureSigmoid,
  figureSigmoidVsStep,
  figureStep,
  figureTangent,
  filterChart,
  fitStandardization,
  flattenImages,
  formatTicks,
  gradientDescentPath,
  gradientFieldData,
  grayPngDataUrl,
  heatmap,
  histogram,
  histogramChart,
  hyperparameterSearch,
  imageChannels,
  imageGrid,
  isCheckpoint,
  kaiserWindow,
  lineChart,
  linearScale,
  loadCheckpoint,
  loadCsv,
  loadCsvFeatures,
  loadIdxDataset,
  loadImageFolder,
  loadMnist,
  loadNpy,
  loadNpz,
  loadNpzDataset,
  loadPickleArrays,
  loadSafetensors,
  loadWeightsFile,
  logspace,
  mnistDir,
  modelTensors,
  NDArray,
  niceTicks,
  normalizeImages,
  optimizerPaths,
  overfittingStudy,
  panelGrid,
  parseCsv,
  parseCsvFeatures,
  parseCsvRecords,
  prepareIdxDataset,
  preprocessDigit,
  probabilityChart,
  readIdx,
  readIdxFile,
  readIdxHeader,
  readNpyHeader,
  readPickle,
  readPng,
  readPngHeader,
  resizeImage,
  saveCheckpoint,
  saveNpy,
  saveNpz,
  saveSafetensors,
  scatterChart,
  ScratchnetError,
  smoothCurve,
  splitTrainTest,
  splitValidation,
  svgToPng,
  toOneHot,
  trainingAccuracyChart,
  trainingLossChart,
  trainSideBySide,
  valleyFunction,
  valleyGradient,
  viridisColor,
  writeFileAtomic,
  writeIdx,
  MultiLayerNet,
  SGD,
  Trainer,
  captureCheckpoint,
  type Dataset,
} from '../../../src/index.js';
import type { CallSpec, Kind, Param } from '../walk.js';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-walk-files-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const PICKLE = join(fixtures, 'pickle', 'arrays_p4.pkl');

// ---- valid values, made fresh for each call ----

function bytesOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

const req = (p: Param['name'], kinds: Kind[], optional = false): Param => ({ name: p, kinds, optional });
const opt = (p: string, kinds: Kind[]): Param => req(p, kinds, true);
const OPTIONS = opt('options', ['options']);
const NAME = opt('name', ['string']);
const BYTES = req('bytes', ['bytes']);
const PATH = req('path', ['path']);
const NUMBER = (name: string): Param => req(name, ['number']);
const INT = (name: string): Param => req(name, ['int']);

/** A tiny classification set: 12 samples of 4 features, 3 classes. */
function tiny(): Dataset {
  const x = arange(48).reshape(12, 4).div(48);
  const t = new NDArray(new Int32Array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]), [12], 'int32');
  return { x, t };
}

/** Ten-class labels, for the studies that build MNIST-shaped (10-output) networks. */
function tiny10(): Dataset {
  const x = arange(80).reshape(20, 4).div(80);
  const t = new NDArray(
    Int32Array.from({ length: 20 }, (_, i) => i % 10),
    [20],
    'int32',
  );
  return { x, t };
}

function gray(width = 4, height = 4): { data: Uint8Array; width: number; height: number; channels: 1 } {
  return { data: new Uint8Array(width * height).fill(128), width, height, channels: 1 };
}

/** A dark stroke on white paper, as a photo of a written digit. */
function digit(): ReturnType<typeof gray> {
  const image = gray(28, 28);
  image.data.fill(255);
  for (let y = 6; y < 22; y++) image.data[y * 28 + 14] = 0;
  return image;
}

function pngBytes(): Uint8Array {
  return encodeGrayPng(new Uint8Array(16).fill(200), 4, 4);
}

const npyBytes = (): Uint8Array => encodeNpy(array([1, 2]));
const npzBytes = (): Uint8Array => encodeNpz({ a: array([1, 2]) });
const safetensorsBytes = (): Uint8Array => encodeSafetensors({ W1: array([[1, 2]]) });
const zipBytes = (): Uint8Array => encodeZip([{ name: 'a.txt', data: new Uint8Array([1]) }]);
const idxBytes = (): Uint8Array => writeIdx(new NDArray(new Uint8Array([1, 2, 3]), [3], 'uint8'));

function checkpoint(): ReturnType<typeof captureCheckpoint> {
  const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 3, seed: 1 });
  const trainer = new Trainer(net, { train: tiny() }, { epochs: 1, batchSize: 4, optimizer: new SGD() });
  return captureCheckpoint(trainer);
}

const checkpointBytes = (): Uint8Array => encodeCheckpoint(checkpoint());

const svg = (): string => lineChart({ series: [{ y: [1, 2] }] });

function filePath(name: string, write?: (path: string) => void): string {
  const path = join(dir, name);
  write?.(path);
  return path;
}

const npyFile = filePath('a.npy', (p) => saveNpy(p, array([1, 2])));
const npzFile = filePath('a.npz', (p) => saveNpz(p, { a: array([1]) }));
const datasetFile = filePath('d.npz', (p) => saveNpz(p, { x: arange(8).reshape(4, 2), t: array([0, 1, 0, 1]) }));
const safetensorsFile = filePath('a.safetensors', (p) => saveSafetensors(p, { W1: array([[1]]) }));
const checkpointFile = filePath('c.safetensors', (p) => saveCheckpoint(p, checkpoint()));
const pngFile = filePath('a.png', (p) => writeFileSync(p, pngBytes()));
const idxFile = filePath('a.idx', (p) => writeFileSync(p, idxBytes()));
const csvFile = filePath('a.csv', (p) => writeFileSync(p, 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n'));

function idxFolder(): string {
  const root = join(dir, 'idx');
  mkdirSync(root, { recursive: true });
  const images = new NDArray(new Uint8Array(4 * 4), [4, 2, 2], 'uint8');
  const labels = new NDArray(new Uint8Array([0, 1, 0, 1]), [4], 'uint8');
  for (const [name, array] of [
    ['train-images-idx3-ubyte', images],
    ['train-labels-idx1-ubyte', labels],
    ['t10k-images-idx3-ubyte', images],
    ['t10k-labels-idx1-ubyte', labels],
  ] as const)
    writeFileSync(join(root, name), writeIdx(array));
  return root;
}
const idxDir = idxFolder();

function imageFolder(): string {
  const root = join(dir, 'images');
  for (const name of ['a', 'b']) {
    mkdirSync(join(root, name), { recursive: true });
    for (const i of [1, 2]) writeFileSync(join(root, name, `${i}.png`), pngBytes());
  }
  return root;
}
const imagesDir = imageFolder();

// ---- the specs ----

/** A path the walk gives (the probe 'x') is resolved in the temporary directory, never the working one. */
function inDir(path: unknown): unknown {
  return typeof path === 'string' ? resolve(dir, path) : path;
}

/** A spec for a writer `f(path, ...rest)`, its path resolved by `inDir`. */
function writer(where: string, f: (...args: never[]) => unknown, valid: () => unknown[], params: Param[]): CallSpec {
  return fn(
    where,
    (...args: unknown[]) => (f as (...a: unknown[]) => unknown)(inDir(args[0]), ...args.slice(1)),
    valid,
    params,
  );
}

/** A spec for `fn(...args)` named `where`. */
function fn(where: string, f: (...args: never[]) => unknown, valid: () => unknown[], params: Param[]): CallSpec {
  return { where, call: (args) => (f as (...a: unknown[]) => unknown)(...args), valid, params };
}

const ioSpecs: CallSpec[] = [
  fn('decodePng', decodePng, () => [pngBytes()], [BYTES, NAME]),
  fn('readPngHeader', readPngHeader, () => [pngBytes()], [BYTES, NAME]),
  fn('readPng', readPng, () => [pngFile], [PATH]),
  fn('decodeWeightsFile', decodeWeightsFile, () => [safetensorsBytes()], [BYTES, NAME]),
  fn('detectWeightsFormat', detectWeightsFormat, () => [npyBytes()], [BYTES]),
  fn('loadWeightsFile', loadWeightsFile, () => [npyFile], [PATH]),
  writer('saveCheckpoint', saveCheckpoint, () => [join(dir, 'c2.safetensors'), checkpoint()], [
    PATH,
    req('checkpoint', ['object']),
  ]),
  fn('loadCheckpoint', loadCheckpoint, () => [checkpointFile], [PATH]),
  fn('encodeCheckpoint', encodeCheckpoint, () => [checkpoint()], [req('checkpoint', ['object'])]),
  fn('decodeCheckpoint', decodeCheckpoint, () => [checkpointBytes()], [BYTES, NAME]),
  fn('isCheckpoint', isCheckpoint, () => [{ a: 'b' }], [req('metadata', ['options', 'object'])]),
  fn('modelTensors', modelTensors, () => [{ W1: array([1]) }], [req('tensors', ['options', 'object'])]),
  fn('crc32', crc32, () => [new Uint8Array([1, 2])], [BYTES, opt('crc', ['int'])]),
  fn('encodeZip', encodeZip, () => [[{ name: 'a', data: new Uint8Array(1) }]], [req('entries', ['list']), OPTIONS]),
  fn('decodeZip', decodeZip, () => [zipBytes()], [BYTES, NAME, opt('inflateRaw', ['function'])]),
  fn('encodeNpy', encodeNpy, () => [array([1])], [req('array', ['ndarray'])]),
  fn('decodeNpy', decodeNpy, () => [npyBytes()], [BYTES, NAME]),
  fn('readNpyHeader', readNpyHeader, () => [npyBytes()], [BYTES, NAME]),
  fn('encodeNpz', encodeNpz, () => [{ a: array([1]) }], [
    req('arrays', ['options', 'object']),
    OPTIONS,
    opt('deflateRaw', ['function']),
  ]),
  fn('decodeNpz', decodeNpz, () => [npzBytes()], [BYTES, NAME, opt('inflateRaw', ['function'])]),
  fn('encodeSafetensors', encodeSafetensors, () => [{ W1: array([1]) }], [
    req('tensors', ['options', 'object']),
    opt('metadata', ['options', 'object']),
  ]),
  fn('decodeSafetensors', decodeSafetensors, () => [safetensorsBytes()], [BYTES, NAME]),
  fn('readPickle', readPickle, () => [bytesOf(PICKLE)], [BYTES, NAME]),
  fn('loadPickleArrays', loadPickleArrays, () => [bytesOf(PICKLE)], [BYTES, NAME]),
  writer('saveNpy', saveNpy, () => [join(dir, 'b.npy'), array([1])], [PATH, req('array', ['ndarray'])]),
  fn('loadNpy', loadNpy, () => [npyFile], [PATH]),
  writer('saveNpz', saveNpz, () => [join(dir, 'b.npz'), { a: array([1]) }], [
    PATH,
    req('arrays', ['options', 'object']),
    OPTIONS,
  ]),
  fn('loadNpz', loadNpz, () => [npzFile], [PATH]),
  writer('saveSafetensors', saveSafetensors, () => [join(dir, 'b.safetensors'), { W1: array([1]) }], [
    PATH,
    req('tensors', ['options', 'object']),
    opt('metadata', ['options', 'object']),
  ]),
  fn('loadSafetensors', loadSafetensors, () => [safetensorsFile], [PATH]),
  writer('writeFileAtomic', writeFileAtomic, () => [join(dir, 'w.bin'), new Uint8Array(2)], [
    PATH,
    req('data', ['bytes', 'list']),
  ]),
];

const dataSpecs: CallSpec[] = [
  fn(
    'fitStandardization',
    fitStandardization,
    () => [
      array([
        [1, 2],
        [3, 5],
      ]),
    ],
    [req('x', ['ndarray'])],
  ),
  fn('applyStandardization', applyStandardization, () => [array([[1, 2]]), { mean: [0, 0], std: [1, 1] }], [
    req('x', ['ndarray']),
    req('s', ['object']),
  ]),
  fn('flattenImages', flattenImages, () => [arange(8).reshape(2, 2, 2)], [req('images', ['ndarray'])]),
  fn('imageChannels', imageChannels, () => [gray(), 1], [req('image', ['object']), INT('channels'), NAME]),
  fn('normalizeImages', normalizeImages, () => [new NDArray(new Uint8Array(4), [4], 'uint8')], [
    req('images', ['ndarray']),
    opt('dtype', ['string']),
  ]),
  fn('parseCsv', parseCsv, () => ['a,label\n1,x\n2,y\n3,x\n4,y\n'], [req('text', ['string']), OPTIONS]),
  fn('parseCsvFeatures', parseCsvFeatures, () => ['a,b\n1,2\n'], [req('text', ['string']), OPTIONS]),
  fn('parseCsvRecords', parseCsvRecords, () => ['a,b\n1,2\n'], [req('text', ['string']), NAME]),
  fn(
    'prepareIdxDataset',
    prepareIdxDataset,
    () => [new NDArray(new Uint8Array(8), [2, 2, 2], 'uint8'), new NDArray(new Uint8Array([0, 1]), [2], 'uint8')],
    [req('images', ['ndarray']), req('labels', ['ndarray']), OPTIONS],
  ),
  fn('preprocessDigit', preprocessDigit, () => [digit()], [req('image', ['object']), NAME]),
  fn('readIdx', readIdx, () => [idxBytes()], [BYTES, NAME]),
  fn('readIdxHeader', readIdxHeader, () => [idxBytes()], [BYTES, NAME]),
  fn('writeIdx', writeIdx, () => [new NDArray(new Uint8Array(2), [2], 'uint8')], [req('array', ['ndarray']), OPTIONS]),
  fn('resizeImage', resizeImage, () => [arange(16).reshape(1, 4, 4), [2, 2]], [
    req('image', ['ndarray']),
    req('size', ['list']),
  ]),
  fn('splitTrainTest', splitTrainTest, () => [tiny()], [req('data', ['object']), OPTIONS, opt('what', ['string'])]),
  fn('splitValidation', splitValidation, () => [tiny(), { size: 2 }], [
    req('data', ['object']),
    req('options', ['options']),
  ]),
  fn('toOneHot', toOneHot, () => [array([0, 1])], [
    req('labels', ['ndarray']),
    opt('classes', ['int']),
    opt('dtype', ['string']),
  ]),
  fn('loadCsv', loadCsv, () => [csvFile], [req('pathOrText', ['path']), OPTIONS]),
  fn('loadCsvFeatures', loadCsvFeatures, () => [csvFile, { features: ['a', 'b'] }], [
    req('pathOrText', ['path']),
    OPTIONS,
  ]),
  fn('loadIdxDataset', loadIdxDataset, () => [idxDir], [req('dir', ['path']), OPTIONS]),
  fn('loadImageFolder', loadImageFolder, () => [imagesDir, { size: [2, 2], testFraction: 0.5 }], [
    req('root', ['path']),
    req('options', ['options']),
  ]),
  fn('loadMnist', loadMnist, () => [{ normalize: true }], [OPTIONS]),
  fn('mnistDir', mnistDir, () => [], []),
  fn('readIdxFile', readIdxFile, () => [idxFile], [PATH]),
  fn('loadNpzDataset', loadNpzDataset, () => [datasetFile, { testFraction: 0.5 }], [PATH, OPTIONS]),
];

const tinyStudy = { iterations: 2, batchSize: 4, hiddenSizes: [3] };

/**
 * Leaving a study's options out, or passing `{}`, is valid and means the book's full-size run
 * (minutes each): those two probes get `tiny` instead, so the walk stays fast. Every other value in
 * the options position is passed as it is.
 */
function tinyDefaults(options: unknown, tiny: object): unknown {
  const isEmpty =
    options === undefined ||
    (typeof options === 'object' && options !== null && !Array.isArray(options) && Object.keys(options).length === 0);
  return isEmpty && !(options instanceof NDArray) ? tiny : options;
}

/** A spec for a study `f(data, options)` whose default options are the book's full-size run. */
function study(
  where: string,
  f: (data: never, options?: never) => unknown,
  data: () => unknown,
  tiny: object,
): CallSpec {
  return {
    where,
    call: (args) => (f as (d: unknown, o: unknown) => unknown)(args[0], tinyDefaults(args[1], tiny)),
    valid: () => [data(), tiny],
    params: [req(where === 'overfittingStudy' ? 'data' : 'train', ['object']), OPTIONS],
  };
}

const experimentSpecs: CallSpec[] = [
  fn('histogram', histogram, () => [[0.1, 0.5], 2, [0, 1]], [
    req('values', ['ndarray', 'list', 'bytes']),
    INT('bins'),
    req('range', ['list']),
  ]),
  fn('smoothCurve', smoothCurve, () => [[1, 2, 3]], [req('values', ['ndarray', 'list', 'bytes'])]),
  fn('kaiserWindow', kaiserWindow, () => [5, 2], [INT('length'), NUMBER('beta')]),
  fn('logspace', logspace, () => [0, -2, 3], [NUMBER('start'), NUMBER('stop'), INT('num')]),
  fn('valleyFunction', valleyFunction, () => [1, 2], [NUMBER('x'), NUMBER('y')]),
  fn('valleyGradient', valleyGradient, () => [1, 2], [NUMBER('x'), NUMBER('y')]),
  fn('optimizerPaths', optimizerPaths, () => [{ steps: 3 }], [OPTIONS]),
  {
    where: 'activationHistograms',
    call: (args) => activationHistograms(tinyDefaults(args[0], { samples: 4, nodes: 3, layers: 2 }) as never),
    valid: () => [{ samples: 4, nodes: 3, layers: 2 }],
    params: [OPTIONS],
  },
  study('compareOptimizers', compareOptimizers, tiny10, {
    ...tinyStudy,
    optimizers: [{ name: 'sgd', label: 'SGD', lr: 0.01 }],
  }),
  study('compareWeightInits', compareWeightInits, tiny10, {
    ...tinyStudy,
    inits: [{ label: 'std=0.01', weightInit: 0.01 }],
  }),
  study('compareBatchNorm', compareBatchNorm, tiny10, {
    scales: [1],
    trainSize: 8,
    epochs: 1,
    batchSize: 4,
    hiddenSizes: [3],
  }),
  study('overfittingStudy', overfittingStudy, () => ({ train: tiny10(), test: tiny10() }), {
    settings: [{ label: 'plain' }],
    trainSize: 8,
    epochs: 1,
    batchSize: 4,
    hiddenSizes: [3],
  }),
  study('hyperparameterSearch', hyperparameterSearch, tiny10, {
    trials: 1,
    epochs: 1,
    trainSize: 10,
    batchSize: 4,
    hiddenSizes: [3],
  }),
  fn(
    'trainSideBySide',
    trainSideBySide,
    () => [
      [
        {
          label: 'a',
          net: new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 3, seed: 1 }),
          optimizer: new SGD(),
        },
      ],
      tiny(),
      { iterations: 2, batchSize: 4 },
    ],
    [req('runs', ['list']), req('train', ['object']), req('options', ['options'])],
  ),
];

const SIZE = { width: 120, height: 90 };
const series = (): unknown => [{ y: [1, 2, 3] }];

const plotSpecs: CallSpec[] = [
  ...(
    [
      ['figureStep', figureStep],
      ['figureSigmoid', figureSigmoid],
      ['figureRelu', figureRelu],
      ['figureSigmoidVsStep', figureSigmoidVsStep],
      ['figureTangent', figureTangent],
      ['figureGradientField', figureGradientField],
      ['figureGradientDescent', figureGradientDescent],
    ] as const
  ).map(([where, f]) => fn(where, f, () => [{ ...SIZE }], [OPTIONS])),
  fn('gradientFieldData', gradientFieldData, () => [], []),
  fn('gradientDescentPath', gradientDescentPath, () => [], []),
  fn('figureMnistGrid', figureMnistGrid, () => [arange(2 * 784).reshape(2, 784), [1, 2]], [
    req('images', ['ndarray']),
    req('labels', ['ndarray', 'list', 'bytes']),
    OPTIONS,
  ]),
  fn('trainingLossChart', trainingLossChart, () => [{ loss: [3, 2, 1] }], [req('history', ['object']), OPTIONS]),
  fn('trainingAccuracyChart', trainingAccuracyChart, () => [{ loss: [1], trainAcc: [0.5, 0.6], testAcc: [0.4, 0.5] }], [
    req('history', ['object']),
    OPTIONS,
  ]),
  fn(
    'confusionMatrixChart',
    confusionMatrixChart,
    () => [
      [
        [1, 0],
        [0, 1],
      ],
    ],
    [req('matrix', ['ndarray', 'list']), OPTIONS],
  ),
  fn('classAccuracyChart', classAccuracyChart, () => [[0.5, 0.7]], [
    req('accuracy', ['ndarray', 'list', 'bytes']),
    OPTIONS,
  ]),
  fn('probabilityChart', probabilityChart, () => [[0.2, 0.8]], [
    req('probabilities', ['ndarray', 'list', 'bytes']),
    OPTIONS,
  ]),
  fn('figureOptimizerPaths', figureOptimizerPaths, () => [optimizerPaths({ steps: 2 })], [
    opt('paths', ['list']),
    OPTIONS,
  ]),
  fn(
    'figureLossComparison',
    figureLossComparison,
    () => [{ curves: [{ label: 'a', loss: [2, 1], smoothed: [2, 1] }], iterations: 2, batchSize: 4 }],
    [req('comparison', ['object']), OPTIONS],
  ),
  fn(
    'figureActivationHistograms',
    figureActivationHistograms,
    () => [activationHistograms({ samples: 4, nodes: 3, layers: 2 })],
    [req('settings', ['list']), OPTIONS],
  ),
  fn(
    'figureBatchNorm',
    figureBatchNorm,
    () => [[{ scale: 1, withBatchNorm: [0.1, 0.2], withoutBatchNorm: [0.1, 0.1] }]],
    [req('curves', ['list']), OPTIONS],
  ),
  fn('figureOverfitting', figureOverfitting, () => [[{ label: 'a', trainAcc: [0.1, 0.2], testAcc: [0.1, 0.15] }]], [
    req('runs', ['list']),
    OPTIONS,
  ]),
  fn(
    'figureHyperparameterSearch',
    figureHyperparameterSearch,
    () => {
      const trial = { trial: 0, lr: 0.01, weightDecay: 1e-6, validationAcc: [0.1, 0.2], trainAcc: [0.1, 0.3] };
      return [{ trials: [trial], best: [trial], trainSize: 10, validationSize: 2 }];
    },
    [req('result', ['object']), OPTIONS],
  ),
  fn('lineChart', lineChart, () => [{ series: series() }], [req('options', ['options'])]),
  fn('scatterChart', scatterChart, () => [{ series: [{ x: [1, 2], y: [1, 2] }] }], [req('options', ['options'])]),
  fn('arrowField', arrowField, () => [{ x: [0, 1], y: [0, 1], u: [1, 0], v: [0, 1] }], [req('options', ['options'])]),
  fn('contourLines', contourLines, () => [[0, 1, 2], [0, 1], [0, 1, 2, 0, 1, 2], 0.5], [
    req('x', ['ndarray', 'list', 'bytes']),
    req('y', ['ndarray', 'list', 'bytes']),
    req('z', ['ndarray', 'list', 'bytes']),
    NUMBER('level'),
  ]),
  fn('contourSeries', contourSeries, () => [{ x: [0, 1, 2], y: [0, 1], z: [0, 1, 2, 0, 1, 2], levels: [0.5] }], [
    req('options', ['options']),
  ]),
  fn('viridisColor', viridisColor, () => [0.5], [NUMBER('t')]),
  fn('bluesColor', bluesColor, () => [0.5], [NUMBER('t')]),
  fn('histogramChart', histogramChart, () => [{ edges: [0, 1, 2], counts: [3, 4] }], [req('options', ['options'])]),
  fn('panelGrid', panelGrid, () => [{ panels: [svg(), svg()] }], [req('options', ['options'])]),
  fn('barChart', barChart, () => [{ categories: ['a', 'b'], values: [1, 2] }], [req('options', ['options'])]),
  fn(
    'heatmap',
    heatmap,
    () => [
      {
        values: [
          [1, 2],
          [3, 4],
        ],
      },
    ],
    [req('options', ['options'])],
  ),
  fn('imageGrid', imageGrid, () => [{ images: arange(2 * 16).reshape(2, 4, 4) }], [req('options', ['options'])]),
  fn('filterChart', filterChart, () => [arange(2 * 9).reshape(2, 1, 3, 3)], [req('W', ['ndarray']), OPTIONS]),
  fn('niceTicks', niceTicks, () => [0, 1], [NUMBER('lo'), NUMBER('hi'), OPTIONS]),
  fn('formatTicks', formatTicks, () => [[0, 0.5, 1]], [req('ticks', ['ndarray', 'list', 'bytes'])]),
  fn(
    'linearScale',
    linearScale,
    () => [
      [0, 1],
      [0, 100],
    ],
    [req('domain', ['list']), req('range', ['list'])],
  ),
  fn('autoLimits', autoLimits, () => [[0, 1]], [
    req('values', ['ndarray', 'list', 'bytes']),
    opt('margin', ['number']),
  ]),
  fn('escapeXml', escapeXml, () => ['a<b'], [req('text', ['string'])]),
  fn('encodeGrayPng', encodeGrayPng, () => [new Uint8Array(4), 2, 2], [
    req('pixels', ['bytes']),
    INT('width'),
    INT('height'),
  ]),
  fn('grayPngDataUrl', grayPngDataUrl, () => [new Uint8Array(4), 2, 2], [
    req('pixels', ['bytes']),
    INT('width'),
    INT('height'),
  ]),
  fn('svgToPng', svgToPng, () => [svg(), { width: 60 }], [req('svg', ['string']), OPTIONS]),
];

const errorSpecs: CallSpec[] = [
  {
    where: 'ScratchnetError',
    call: (args) => new ScratchnetError(...(args as [never, never])),
    valid: () => ['BAD_ARGUMENT', 'a message'],
    params: [req('code', ['string']), req('message', ['string'])],
  },
];

/** Every spec of this area. */
export const specs: CallSpec[] = [...ioSpecs, ...dataSpecs, ...experimentSpecs, ...plotSpecs, ...errorSpecs];
