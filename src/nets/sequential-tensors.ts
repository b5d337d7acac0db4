/**
 * The tensors a Sequential model file must hold, worked out from its metadata alone, so that a file
 * whose metadata and weights disagree is refused before any layer is allocated.
 */
import { ScratchnetError } from '../errors.js';
import { windowOutputSize } from '../layers/im2col.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual } from '../ndarray/shape.js';
import type { SequentialArchitecture } from './architecture.js';
import { describeLayer, type LayerSpec } from './layer-spec.js';

/** One tensor the layers need: its name, shape, and the layer that needs it. */
interface ExpectedTensor {
  name: string;
  shape: number[];
  layer: string;
}

const product = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Counters for the book's parameter names (W1, b1, ...; gamma1, beta1, ...) in layer order. */
interface Names {
  weighted: number;
  norms: number;
}

function windowed(spec: LayerSpec & { size: number; stride?: number }, inShape: number[], pad: number): number[] {
  const stride = spec.stride ?? (spec.type === 'conv' ? 1 : spec.size);
  const [channels = 0, height = 0, width = 0] = inShape;
  const oh = windowOutputSize(spec.type, 'height', height, spec.size, stride, pad);
  const ow = windowOutputSize(spec.type, 'width', width, spec.size, stride, pad);
  return [spec.type === 'conv' ? spec.filters : channels, oh, ow];
}

/** The layer's output shape per sample, pushing the tensors it needs onto `out`. */
function step(spec: LayerSpec, inShape: number[], names: Names, label: string, out: ExpectedTensor[]): number[] {
  const need = (name: string, shape: number[]): void => {
    out.push({ name, shape, layer: label });
  };
  switch (spec.type) {
    case 'dense':
      names.weighted++;
      need(`W${names.weighted}`, [product(inShape), spec.units]);
      need(`b${names.weighted}`, [spec.units]);
      return [spec.units];
    case 'conv':
      if (inShape.length !== 3) throw new ScratchnetError('SHAPE_MISMATCH', 'conv needs [channels, height, width]');
      names.weighted++;
      need(`W${names.weighted}`, [spec.filters, inShape[0] ?? 0, spec.size, spec.size]);
      need(`b${names.weighted}`, [spec.filters]);
      return windowed(spec, inShape, spec.pad ?? 0);
    case 'maxpool':
    case 'avgpool':
      if (inShape.length !== 3) throw new ScratchnetError('SHAPE_MISMATCH', 'pooling needs [channels, height, width]');
      return windowed(spec, inShape, 0);
    case 'batchnorm': {
      names.norms++;
      const features = [inShape.length === 3 ? (inShape[0] ?? 0) : product(inShape)];
      for (const kind of ['gamma', 'beta', 'runningMean', 'runningVar']) need(`${kind}${names.norms}`, features);
      return inShape;
    }
    case 'flatten':
      return [product(inShape)];
    default:
      return inShape;
  }
}

/** Every tensor the layers of `arch` need, in layer order; throws `BAD_FILE` for layers that do not fit. */
function expectedTensors(arch: SequentialArchitecture): ExpectedTensor[] {
  const out: ExpectedTensor[] = [];
  const names: Names = { weighted: 0, norms: 0 };
  let shape = arch.inputShape;
  arch.layers.forEach((spec, i) => {
    const label = `layer ${i + 1} (${describeLayer(spec)})`;
    try {
      shape = step(spec, shape, names, label, out);
    } catch (error) {
      if (!(error instanceof ScratchnetError)) throw error;
      throw new ScratchnetError(
        'BAD_FILE',
        `the model file's ${label} cannot take input ${formatShape(shape)}: ${error.message}`,
      );
    }
  });
  return out;
}

/**
 * Checks that `tensors` are exactly those the metadata's layers need, with their shapes. Throws
 * `BAD_FILE` naming the first missing or misshapen tensor (with the layer that needs it, the shape
 * it needs and the shape in the file), or the tensors no layer uses.
 */
export function checkSequentialTensors(tensors: Record<string, NDArray>, arch: SequentialArchitecture): void {
  const expected = expectedTensors(arch);
  for (const { name, shape, layer } of expected) {
    const actual = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (actual === undefined) {
      throw new ScratchnetError(
        'BAD_FILE',
        `the model file has no tensor "${name}" (${layer} needs ${formatShape(shape)})`,
      );
    }
    if (!shapesEqual(actual.shape, shape)) {
      throw new ScratchnetError(
        'BAD_FILE',
        `the model file's tensor "${name}" has shape ${formatShape(actual.shape)} but its metadata's ${layer} needs ${formatShape(shape)}`,
      );
    }
  }
  const known = new Set(expected.map((t) => t.name));
  const extra = Object.keys(tensors).filter((name) => !known.has(name));
  if (extra.length > 0) {
    throw new ScratchnetError('BAD_FILE', `the model file has tensors its layers do not use: ${extra.join(', ')}`);
  }
}
