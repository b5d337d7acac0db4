import { ScratchnetError } from '../errors.js';

/** The hidden layers' activation: ReLU (chapter 5 on) or sigmoid (chapters 3 and 4). */
export type ActivationName = 'relu' | 'sigmoid';

/** Throws `BAD_ARGUMENT` naming `where` unless `name` is 'relu' or 'sigmoid'. */
export function checkActivation(name: unknown, where = 'network'): asserts name is ActivationName {
  if (name !== 'relu' && name !== 'sigmoid') {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${where}: activation must be 'relu' or 'sigmoid', got ${JSON.stringify(name)}`,
    );
  }
}
