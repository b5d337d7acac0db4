/**
 * The model the Draw page predicts with: the one shipped with the page until a network trained on
 * the Train page replaces it. One store for the whole single-page app, so handing a trained model
 * to the Draw page is a function call, not a round trip through storage.
 */
import {
  architectureFromMetadata,
  decodeSafetensors,
  describeArchitecture,
  modelFromTensors,
  ScratchnetError,
  type Sequential,
} from '../../src/core.js';
import { fixed, t } from './i18n/language.js';
import { SHIPPED_MODEL } from './shipped-model.js';

/** A network the Draw page can predict with, and how to name it. */
export interface ModelEntry {
  /** The network, float64. */
  readonly net: Sequential<object>;
  /** What the page shows, in the page's language: "784-100-10 relu, shipped with the page (test accuracy 0.9764)". */
  readonly label: () => string;
  /** Where it came from: the page's own file, or the Train page. */
  readonly source: 'shipped' | 'trained';
}

/**
 * Builds a network from safetensors bytes written by scratchnet (the CLI's `train`, or the Train
 * page): the architecture comes from the file's metadata. float64, because one drawing at a time
 * is far too small for the WebAssembly kernels to matter, and this way the main thread never
 * compiles them.
 */
export function modelFromSafetensors(
  bytes: Uint8Array,
  name: string,
): { net: Sequential<object>; description: string } {
  const { tensors, metadata } = decodeSafetensors(bytes, name);
  const arch = architectureFromMetadata(metadata);
  if (arch === null)
    throw new ScratchnetError(
      'BAD_FILE',
      `${name} has no architecture in its metadata (was it written by scratchnet?)`,
    );
  return { net: modelFromTensors(tensors, arch, 'float64'), description: describeArchitecture(arch) };
}

/** The model the Draw page uses now, and the listeners told when it changes. */
export class ModelStore {
  private entry: ModelEntry | null = null;
  private shipped: ModelEntry | null = null;
  private readonly listeners: ((entry: ModelEntry | null) => void)[] = [];

  /** The model in use, or null until the shipped one has loaded. */
  get current(): ModelEntry | null {
    return this.entry;
  }

  /** The model that came with the page, once loaded. */
  get shippedModel(): ModelEntry | null {
    return this.shipped;
  }

  /** Makes `entry` the model in use (and the shipped one, if it is) and tells the listeners. */
  set(entry: ModelEntry): void {
    if (entry.source === 'shipped') this.shipped = entry;
    this.entry = entry;
    for (const listener of this.listeners) listener(entry);
  }

  /** Calls `listener` with the new model after each `set`. */
  onChange(listener: (entry: ModelEntry | null) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * Fetches the model shipped with the page (model.safetensors, next to index.html). Throws a
 * `BAD_FILE` ScratchnetError when the server does not have it or the file is not scratchnet's.
 */
export async function loadShippedModel(): Promise<ModelEntry> {
  const response = await fetch('model.safetensors');
  if (!response.ok)
    throw new ScratchnetError('BAD_FILE', `loadShippedModel: cannot load model.safetensors: HTTP ${response.status}`);
  const { net, description } = modelFromSafetensors(new Uint8Array(await response.arrayBuffer()), 'model.safetensors');
  return {
    net,
    label: () => t('model.shipped', { architecture: description, acc: fixed(SHIPPED_MODEL.testAccuracy, 4) }),
    source: 'shipped',
  };
}
