import { ScratchnetError } from '../errors.js';
import type { WeightInit } from './weight-init.js';

/** A fully connected layer of `units` outputs; it flattens its input per sample, like the book's Affine. */
export interface DenseSpec {
  /** The layer type. */
  type: 'dense';
  /** Outputs per sample. */
  units: number;
  /** This layer's initial weight scale, overriding the network's `weightInit`. */
  weightInit?: WeightInit;
}

/** A convolution of `filters` square filters of side `size` on [C, H, W] input. */
export interface ConvSpec {
  /** The layer type. */
  type: 'conv';
  /** Number of filters: the output's channels. */
  filters: number;
  /** Side of the square filters. */
  size: number;
  /** Step between windows (default 1). */
  stride?: number;
  /** Zero padding on every side (default 0). */
  pad?: number;
  /** This layer's initial weight scale, overriding the network's `weightInit`. */
  weightInit?: WeightInit;
}

/** Max or average pooling over square windows of side `size` on [C, H, W] input. */
export interface PoolSpec {
  /** The layer type: 'maxpool' keeps each window's largest value, 'avgpool' its mean. */
  type: 'maxpool' | 'avgpool';
  /** Side of the square window. */
  size: number;
  /** Step between windows (default: `size`, so windows do not overlap). */
  stride?: number;
}

/** Leaky ReLU, max(x, α·x). */
export interface LeakyReluSpec {
  /** The layer type. */
  type: 'leaky-relu';
  /** The slope α for negative inputs, in [0, 1) (default 0.01). */
  alpha?: number;
}

/** Dropout, the book's kind: units dropped in training, outputs scaled by 1 − ratio at inference. */
export interface DropoutSpec {
  /** The layer type. */
  type: 'dropout';
  /** The share of units dropped in training, in [0, 1) (default 0.5). */
  ratio?: number;
}

/** A layer without settings: activations, flatten, and batch normalisation (per feature or per channel). */
export interface PlainSpec {
  /** The layer type. */
  type: 'flatten' | 'relu' | 'sigmoid' | 'tanh' | 'batchnorm';
}

/** One layer of a Sequential network, as `new Sequential({ layers })`, `parseLayers` and `formatLayers` use it. */
export type LayerSpec = DenseSpec | ConvSpec | PoolSpec | LeakyReluSpec | DropoutSpec | PlainSpec;

/** Every layer type a LayerSpec may name. */
export const LAYER_TYPES = [
  'dense',
  'conv',
  'maxpool',
  'avgpool',
  'flatten',
  'relu',
  'sigmoid',
  'tanh',
  'leaky-relu',
  'batchnorm',
  'dropout',
] as const;

/** The compact forms, for error messages. */
const KNOWN_TOKENS =
  'dense<units>, conv<filters>x<size>[s<stride>][p<pad>], pool<size>[s<stride>], avgpool<size>[s<stride>], relu, sigmoid, tanh, leakyrelu[<alpha>], bn, dropout[<ratio>], flatten';

const INT = '(\\d+)';
const NUM = '(\\d+(?:\\.\\d+)?(?:e-?\\d+)?)';

/** One compact form: its pattern and how its captures become a spec. */
interface TokenRule {
  pattern: RegExp;
  build(captures: string[]): LayerSpec;
}

/** `stride`/`pad` keys only where the text wrote them, so formatting gives the text back. */
function optional(key: 'stride' | 'pad' | 'alpha' | 'ratio', value: string | undefined): Record<string, number> {
  return value === undefined ? {} : { [key]: Number(value) };
}

const RULES: readonly TokenRule[] = [
  { pattern: new RegExp(`^dense${INT}$`), build: ([units]) => ({ type: 'dense', units: Number(units) }) },
  {
    pattern: new RegExp(`^conv${INT}x${INT}(?:s${INT})?(?:p${INT})?$`),
    build: ([filters, size, stride, pad]) => ({
      type: 'conv',
      filters: Number(filters),
      size: Number(size),
      ...optional('stride', stride),
      ...optional('pad', pad),
    }),
  },
  {
    pattern: new RegExp(`^(pool|avgpool)${INT}(?:s${INT})?$`),
    build: ([kind, size, stride]) => ({
      type: kind === 'pool' ? 'maxpool' : 'avgpool',
      size: Number(size),
      ...optional('stride', stride),
    }),
  },
  {
    pattern: new RegExp(`^leakyrelu${NUM}?$`),
    build: ([alpha]) => ({ type: 'leaky-relu', ...optional('alpha', alpha) }),
  },
  { pattern: new RegExp(`^dropout${NUM}?$`), build: ([ratio]) => ({ type: 'dropout', ...optional('ratio', ratio) }) },
  { pattern: /^(relu|sigmoid|tanh|flatten)$/, build: ([type]) => ({ type: type as PlainSpec['type'] }) },
  { pattern: /^bn$/, build: () => ({ type: 'batchnorm' }) },
];

/**
 * Reads the compact layer spec of the command line and URLs, comma-separated tokens such as
 * `conv30x5,relu,pool2,dense100,relu,dense10`: `dense<units>`, `conv<filters>x<size>` with optional
 * `s<stride>` then `p<pad>`, `pool<size>` / `avgpool<size>` with optional `s<stride>`, `relu`,
 * `sigmoid`, `tanh`, `leakyrelu[<alpha>]`, `bn`, `dropout[<ratio>]`, `flatten`. Spaces around tokens
 * are ignored. Values are only checked for form here; `new Sequential` checks that they make sense.
 * Throws `BAD_ARGUMENT` naming the first unknown token, its position (from 1) and the known forms.
 */
export function parseLayers(text: string): LayerSpec[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `parseLayers: expected a comma-separated layer spec such as 'dense100,relu,dense10', got ${JSON.stringify(text)}`,
    );
  }
  return text.split(',').map((raw, i) => parseToken(raw.trim(), i + 1));
}

function parseToken(token: string, position: number): LayerSpec {
  for (const rule of RULES) {
    const match = rule.pattern.exec(token);
    if (match !== null) return rule.build(match.slice(1));
  }
  throw new ScratchnetError(
    'BAD_ARGUMENT',
    `parseLayers: unknown layer ${JSON.stringify(token)} at position ${position}; known layers: ${KNOWN_TOKENS}`,
  );
}

/**
 * One layer in the compact form (the inverse of `parseLayers` for one token). A per-layer
 * `weightInit` has no compact form and is left out: `describeLayer` is for display.
 */
export function describeLayer(spec: LayerSpec): string {
  const type = (spec as { type?: unknown } | null)?.type;
  if (typeof spec !== 'object' || !LAYER_TYPES.includes(type as LayerSpec['type'])) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `describeLayer: spec must be a layer spec such as { type: 'dense', units: 10 } (types: ${LAYER_TYPES.join(', ')}), got ${JSON.stringify(spec) ?? String(spec)}`,
    );
  }
  switch (spec.type) {
    case 'dense':
      return `dense${spec.units}`;
    case 'conv':
      return `conv${spec.filters}x${spec.size}${suffix('s', spec.stride)}${suffix('p', spec.pad)}`;
    case 'maxpool':
      return `pool${spec.size}${suffix('s', spec.stride)}`;
    case 'avgpool':
      return `avgpool${spec.size}${suffix('s', spec.stride)}`;
    case 'leaky-relu':
      return `leakyrelu${suffix('', spec.alpha)}`;
    case 'dropout':
      return `dropout${suffix('', spec.ratio)}`;
    case 'batchnorm':
      return 'bn';
    default:
      return spec.type;
  }
}

function suffix(prefix: string, value: number | undefined): string {
  return value === undefined ? '' : `${prefix}${value}`;
}

/**
 * The compact spec of `layers`, such that `parseLayers(formatLayers(layers))` gives them back.
 * Throws `BAD_ARGUMENT` for a layer of unknown type or one with a `weightInit` override, which the
 * compact form cannot carry.
 */
export function formatLayers(layers: readonly LayerSpec[]): string {
  if (!Array.isArray(layers)) {
    throw new ScratchnetError('BAD_ARGUMENT', 'formatLayers: layers must be an array of layer specs');
  }
  return layers
    .map((spec, i) => {
      const type = (spec as { type?: unknown } | null)?.type;
      if (!LAYER_TYPES.includes(type as LayerSpec['type'])) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `formatLayers: layer ${i + 1} has unknown type ${JSON.stringify(type)} (known: ${LAYER_TYPES.join(', ')})`,
        );
      }
      if ('weightInit' in spec && spec.weightInit !== undefined) {
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `formatLayers: layer ${i + 1} (${describeLayer(spec)}) has a weightInit override, which the compact form cannot carry`,
        );
      }
      return describeLayer(spec);
    })
    .join(',');
}
