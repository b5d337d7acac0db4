/**
 * The network editor's layer rows as data: the layer kinds a row offers, each kind's parameters, and
 * the edits a row makes (a parameter set, the kind changed). The text is read and written by the
 * library's own `parseLayers` / `formatLayers`, so the rows and the compact spec cannot disagree.
 */
import { describeLayer, type LayerSpec, parseLayers } from '../../../src/core.js';

/** A layer kind a row offers: a LayerSpec's type. */
export type LayerKind = LayerSpec['type'];

/** Every kind, in the order of the row's menu. */
export const ALL_KINDS: readonly LayerKind[] = [
  'dense',
  'conv',
  'maxpool',
  'avgpool',
  'relu',
  'sigmoid',
  'tanh',
  'leaky-relu',
  'dropout',
  'batchnorm',
  'flatten',
];

/** The kinds whose rows the menu groups as activation functions. */
export const ACTIVATION_KINDS: ReadonlySet<LayerKind> = new Set(['relu', 'sigmoid', 'tanh', 'leaky-relu']);

/** The 2-D data tab's hidden layers: dense layers and activations. */
export const DENSE_KINDS: readonly LayerKind[] = ['dense', 'relu', 'sigmoid', 'tanh', 'leaky-relu'];

/** A parameter's name, as the LayerSpec calls it. */
export type ParamName = 'units' | 'filters' | 'size' | 'stride' | 'pad' | 'alpha' | 'ratio';

/** A parameter a row edits: whole number or not, and, when it may be left out, the value it then takes. */
export interface ParamInfo {
  /** The LayerSpec's key. */
  readonly name: ParamName;
  /** A whole number (units, sizes) or any number (rates). */
  readonly integer: boolean;
  /** The smallest value the field suggests (the library checks the rest). */
  readonly min: number;
  /** Absent: required. Present: the value the layer takes without it, shown as the field's placeholder. */
  readonly fallback?: (spec: LayerSpec) => number;
}

const poolParams: readonly ParamInfo[] = [
  { name: 'size', integer: true, min: 1 },
  { name: 'stride', integer: true, min: 1, fallback: (spec) => Number((spec as { size?: number }).size) },
];

const PARAMS: Readonly<Record<LayerKind, readonly ParamInfo[]>> = {
  dense: [{ name: 'units', integer: true, min: 1 }],
  conv: [
    { name: 'filters', integer: true, min: 1 },
    { name: 'size', integer: true, min: 1 },
    { name: 'stride', integer: true, min: 1, fallback: () => 1 },
    { name: 'pad', integer: true, min: 0, fallback: () => 0 },
  ],
  maxpool: poolParams,
  avgpool: poolParams,
  'leaky-relu': [{ name: 'alpha', integer: false, min: 0, fallback: () => 0.01 }],
  dropout: [{ name: 'ratio', integer: false, min: 0, fallback: () => 0.5 }],
  relu: [],
  sigmoid: [],
  tanh: [],
  batchnorm: [],
  flatten: [],
};

/** The parameters a row of `kind` shows, in the compact spec's order. */
export function paramsOf(kind: LayerKind): readonly ParamInfo[] {
  return PARAMS[kind];
}

/** A parameter's value in `spec`, or undefined where the spec leaves it out. */
export function paramValue(spec: LayerSpec, name: ParamName): number | undefined {
  const value = (spec as unknown as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : undefined;
}

/** The layers of `text`, or why it does not parse (`position` from 1, null when no layer is named). */
export type RowsParse = { ok: true; layers: LayerSpec[] } | { ok: false; position: number | null; message: string };

/**
 * The layer a library error names ("at position 3" from parseLayers, "layer 3 (...)" from Sequential)
 * and its reason without the function's name and the layer, which the row shows itself.
 */
export function layerError(message: string): { position: number | null; message: string } {
  const match = /at position (\d+)|layer (\d+)/.exec(message);
  const position = match?.[1] ?? match?.[2];
  return {
    position: position === undefined ? null : Number(position),
    message: message.replace(/^(Sequential|parseLayers): (layer \d+ \([^)]*\):? ?)?/, ''),
  };
}

/** Reads `text` with `parseLayers`; an empty text is no layers where `allowEmpty` (the 2-D tab's hidden layers). */
export function parseRows(text: string, allowEmpty: boolean): RowsParse {
  if (allowEmpty && text.trim() === '') return { ok: true, layers: [] };
  try {
    return { ok: true, layers: parseLayers(text) };
  } catch (error) {
    return { ok: false, ...layerError(error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * `spec` with parameter `name` set from a field's text: null when the text is not a value the
 * compact spec can write (the token must read back as the same value), the key dropped when an
 * optional parameter's field is emptied.
 */
export function withParam(spec: LayerSpec, info: ParamInfo, text: string): LayerSpec | null {
  const trimmed = text.trim();
  const next: Record<string, unknown> = { ...spec };
  if (trimmed === '') {
    if (info.fallback === undefined) return null;
    delete next[info.name];
    return next as unknown as LayerSpec;
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0 || (info.integer && !Number.isInteger(value))) return null;
  next[info.name] = value;
  const edited = next as unknown as LayerSpec;
  // The token must parse back to the same value: rules out forms the compact spec has no text for.
  const back = parseRows(describeLayer(edited), false);
  const readBack = back.ok && back.layers[0] !== undefined ? paramValue(back.layers[0], info.name) : undefined;
  return readBack === value ? edited : null;
}

/** A new layer of `kind`; its size settings carried over from `previous` where both kinds have them. */
export function layerOfKind(kind: LayerKind, previous?: LayerSpec): LayerSpec {
  const carried = (name: ParamName, fallback: number): number =>
    (previous === undefined ? undefined : paramValue(previous, name)) ?? fallback;
  switch (kind) {
    case 'dense':
      return { type: 'dense', units: carried('units', 10) };
    case 'conv':
      return { type: 'conv', filters: carried('filters', 8), size: carried('size', 3) };
    case 'maxpool':
    case 'avgpool': {
      const stride = previous === undefined ? undefined : paramValue(previous, 'stride');
      const pool = previous?.type === 'maxpool' || previous?.type === 'avgpool';
      return { type: kind, size: pool ? carried('size', 2) : 2, ...(pool && stride !== undefined ? { stride } : {}) };
    }
    default:
      return { type: kind } as LayerSpec;
  }
}
