/**
 * Image classification data from a folder of folders (Node only): `root/<class>/*.png`, one folder
 * per class, as Keras's `image_dataset_from_directory` and torchvision's `ImageFolder` read it.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { ScratchnetError } from '../errors.js';
import { fileErrorText } from '../io/atomic.js';
import { readPng } from '../io/png.js';
import type { FloatDType } from '../ndarray/dtype.js';
import { NDArray } from '../ndarray/ndarray.js';
import { imageChannels, resizeImage } from './resize.js';
import { splitOptions, splitTrainTest, type LabeledSplits, type TrainTestOptions } from './split.js';
import { checkKnownOptions, named } from '../validate.js';

/** Options of `loadImageFolder`. */
export interface ImageFolderOptions extends TrainTestOptions {
  /** Every image is resized to [height, width] pixels (the network's input size). */
  size: readonly [number, number];
  /** 1: grey (default), 3: RGB. */
  channels?: 1 | 3;
  /** The float type of x (default float64, as `loadMnist`). */
  dtype?: FloatDType;
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new ScratchnetError('BAD_FILE', `cannot read image folder ${dir}: ${fileErrorText(error)}`);
  }
}

/** Code-unit order, the same on every machine and locale. */
function sortedNames(list: Dirent[], keep: (e: Dirent) => boolean): string[] {
  return list
    .filter(keep)
    .map((e) => e.name)
    .sort();
}

interface Listing {
  classes: string[];
  files: { path: string; label: number }[];
}

function listImages(root: string): Listing {
  const classes = sortedNames(entries(root), (e) => e.isDirectory() && !e.name.startsWith('.'));
  if (classes.length === 0) {
    throw new ScratchnetError('BAD_FILE', `${root}: no class folders (expected ${join(root, '<class>', '*.png')})`);
  }
  const files: Listing['files'] = [];
  classes.forEach((name, label) => {
    const dir = join(root, name);
    const pngs = sortedNames(entries(dir), (e) => e.isFile() && e.name.toLowerCase().endsWith('.png'));
    if (pngs.length === 0)
      throw new ScratchnetError('BAD_FILE', `${dir}: the class folder "${name}" holds no .png files`);
    for (const file of pngs) files.push({ path: join(dir, file), label });
  });
  return { classes, files };
}

function checkOptions(options: ImageFolderOptions): void {
  const { channels = 1, dtype = 'float64' } = options;
  if (channels !== 1 && channels !== 3) {
    throw new ScratchnetError('BAD_ARGUMENT', `loadImageFolder: channels must be 1 or 3, got ${String(channels)}`);
  }
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ScratchnetError(
      'BAD_DTYPE',
      `loadImageFolder: dtype must be 'float64' or 'float32', got ${JSON.stringify(dtype)}`,
    );
  }
  const size = options.size;
  const ok = Array.isArray(size) && size.length === 2 && size.every((d) => Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `loadImageFolder: size must be [height, width], two positive integers, got ${JSON.stringify(size)}`,
    );
  }
}

/**
 * Loads `root/<class>/*.png` as an image classification dataset: the class names are the folder
 * names, sorted (code-unit order), and label k is `classes[k]`. Every picture (any PNG colour type)
 * becomes `channels` float channels in [0, 1] (grey by BT.601 luma, transparency blended onto
 * white, see `imageChannels`) resized to `size` (see `resizeImage`), so x has shape
 * (n, channels, height, width) and t holds int32 labels. A seeded shuffle holds out the test split
 * (`testFraction` 0.2, `seed` 0). Hidden folders and files other than `.png` are skipped.
 * Throws ScratchnetError `BAD_FILE` naming the folder when it has no class folders or a class
 * folder has no PNG, and naming the file of an unreadable picture; `BAD_ARGUMENT` for bad options.
 *
 * @example
 * const data = loadImageFolder('shapes', { size: [28, 28], channels: 1, seed: 1 });
 * data.train.x.shape; // [n, 1, 28, 28]
 */
export function loadImageFolder(root: string, options: ImageFolderOptions): LabeledSplits {
  return named('loadImageFolder', () => {
    checkKnownOptions(options, ['size', 'channels', 'dtype', 'testFraction', 'seed'], 'loadImageFolder');
    checkOptions(options);
    const { size, channels = 1, dtype = 'float64' } = options;
    const { classes, files } = listImages(root);
    const [height, width] = size;
    const pixels = height * width * channels;
    const x = new NDArray(new Float64Array(files.length * pixels), [files.length, channels, height, width], 'float64');
    const t = new NDArray(new Int32Array(files.length), [files.length], 'int32');
    files.forEach((file, i) => {
      const image = resizeImage(imageChannels(readPng(file.path), channels, file.path), size);
      x.data.set(image.data, i * pixels);
      t.data[i] = file.label;
    });
    const splits = splitTrainTest({ x: x.astype(dtype), t }, splitOptions(options), 'loadImageFolder');
    return { ...splits, classes };
  });
}
