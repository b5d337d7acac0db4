import { ScratchnetError } from '../errors.js';
import { Relu } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import type { Layer } from '../layers/types.js';

/** The hidden layers' activation: ReLU (chapter 5 on) or sigmoid (chapters 3 and 4). */
export type ActivationName = 'relu' | 'sigmoid';

/** A new ReLU or Sigmoid layer; throws `BAD_ARGUMENT` naming `where` for any other name. */
export function activationLayer(name: ActivationName, where = 'network'): Layer {
  switch (name) {
    case 'relu':
      return new Relu();
    case 'sigmoid':
      return new Sigmoid();
    default:
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: activation must be 'relu' or 'sigmoid', got ${JSON.stringify(name)}`,
      );
  }
}
