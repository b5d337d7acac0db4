/**
 * The 2-D data page's data sets, as TensorFlow Playground draws them: two spirals, circles, XOR and
 * two Gaussian blobs (two classes on the plane [-1, 1]²), and a noisy sine for regression (one input,
 * x in [-1, 1]). Seeded, so the same settings give the same points and the same split.
 */
import { Random } from '../../../src/core.js';

/** The data sets the page offers. */
export const DATASET_NAMES = ['spirals', 'circles', 'xor', 'blobs', 'sine'] as const;
/** A data set's name. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One part of a data set: `count` samples of `inputs` values each, row after row, and their targets. */
export interface PlaneData {
  /** Samples in this part. */
  readonly count: number;
  /** The inputs, `count` rows of `inputs` values (x, y for the classes; x for the sine). */
  readonly x: Float32Array;
  /** The class (0 or 1) of each sample, or its y value for the sine. */
  readonly y: Float32Array;
}

/** A data set split into training and test samples. */
export interface PlaneDataset {
  /** Its name. */
  readonly name: DatasetName;
  /** 'classes' for two classes on the plane, 'regression' for the sine. */
  readonly task: 'classes' | 'regression';
  /** Values per sample: 2 on the plane, 1 for the sine. */
  readonly inputs: number;
  /** The samples to train on. */
  readonly train: PlaneData;
  /** The held-out samples. */
  readonly test: PlaneData;
}

/** How to make a data set. */
export interface DatasetOptions {
  /** Samples in all (training and test together). */
  readonly samples: number;
  /** Noise, 0 (none) to 0.5 (much). */
  readonly noise: number;
  /** The share of samples trained on, in (0, 1); the rest are the test samples. */
  readonly trainShare: number;
  /** The seed of the points, the noise and the split. */
  readonly seed: number;
}

type Sample = readonly [x: number[], y: number];

/** Two spirals, one per class, each turning 1.75 times around the origin. */
function spirals(rng: Random, n: number, noise: number): Sample[] {
  const out: Sample[] = [];
  const half = Math.floor(n / 2);
  for (const label of [0, 1]) {
    for (let i = 0; i < half; i++) {
      const r = (i / half) * 0.9;
      const angle = 1.75 * (i / half) * 2 * Math.PI + label * Math.PI;
      const jitter = (): number => (rng.random() * 2 - 1) * noise * 0.3;
      out.push([[r * Math.sin(angle) + jitter(), r * Math.cos(angle) + jitter()], label]);
    }
  }
  return out;
}

/** A disc (class 1) inside a ring (class 0). */
function circles(rng: Random, n: number, noise: number): Sample[] {
  const out: Sample[] = [];
  const half = Math.floor(n / 2);
  for (const label of [1, 0]) {
    for (let i = 0; i < half; i++) {
      const r = label === 1 ? rng.random() * 0.45 : 0.65 + rng.random() * 0.3;
      const angle = rng.random() * 2 * Math.PI;
      const px = r * Math.sin(angle) + (rng.random() * 2 - 1) * noise * 0.4;
      const py = r * Math.cos(angle) + (rng.random() * 2 - 1) * noise * 0.4;
      // The class stays that of the distance before the noise, so noise makes the classes overlap.
      out.push([[px, py], label]);
    }
  }
  return out;
}

/** The four quadrants: class 1 where x and y have the same sign. */
function xor(rng: Random, n: number, noise: number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const pad = 0.05;
    const side = (): number => {
      const v = rng.random() * (0.95 - pad) + pad;
      return rng.random() < 0.5 ? -v : v;
    };
    const px = side();
    const py = side();
    const label = px * py > 0 ? 1 : 0;
    out.push([[px + (rng.random() * 2 - 1) * noise * 0.4, py + (rng.random() * 2 - 1) * noise * 0.4], label]);
  }
  return out;
}

/** Two round Gaussian blobs, one per class, wider with more noise. */
function blobs(rng: Random, n: number, noise: number): Sample[] {
  const out: Sample[] = [];
  const half = Math.floor(n / 2);
  const spread = 0.12 + noise * 0.5;
  for (const label of [0, 1]) {
    const centre = label === 1 ? 0.45 : -0.45;
    for (let i = 0; i < half; i++) out.push([[centre + rng.normal() * spread, centre + rng.normal() * spread], label]);
  }
  return out;
}

/** y = 0.8·sin(πx) plus Gaussian noise, x uniform in [-1, 1]. */
function sine(rng: Random, n: number, noise: number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.random() * 2 - 1;
    out.push([[x], 0.8 * Math.sin(Math.PI * x) + rng.normal() * noise * 0.5]);
  }
  return out;
}

const MAKERS: Readonly<Record<DatasetName, (rng: Random, n: number, noise: number) => Sample[]>> = {
  spirals,
  circles,
  xor,
  blobs,
  sine,
};

/** `samples` packed into a PlaneData of `inputs` values per sample. */
function pack(samples: readonly Sample[], inputs: number): PlaneData {
  const x = new Float32Array(samples.length * inputs);
  const y = new Float32Array(samples.length);
  samples.forEach(([point, target], i) => {
    x.set(point, i * inputs);
    y[i] = target;
  });
  return { count: samples.length, x, y };
}

/** The data set `name`, made and split as `options` says (the same options give the same samples). */
export function makeDataset(name: DatasetName, options: DatasetOptions): PlaneDataset {
  const rng = new Random(options.seed);
  const samples = MAKERS[name](rng, options.samples, options.noise);
  const order = [...rng.permutation(samples.length).data];
  const shuffled = order.map((i) => samples[i]!);
  const trainCount = Math.max(1, Math.min(shuffled.length - 1, Math.round(shuffled.length * options.trainShare)));
  const inputs = name === 'sine' ? 1 : 2;
  return {
    name,
    task: name === 'sine' ? 'regression' : 'classes',
    inputs,
    train: pack(shuffled.slice(0, trainCount), inputs),
    test: pack(shuffled.slice(trainCount), inputs),
  };
}
