import { ScratchnetError } from '../errors.js';
import { namedErrors } from '../validate.js';
import { AdaGrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import { Nesterov } from './nesterov.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import {
  OPTIMIZER_NAMES,
  type AdaGradOptions,
  type AdamOptions,
  type MomentumOptions,
  type OptimizerName,
  type RMSpropOptions,
  type SGDOptions,
} from './types.js';

/** Each optimizer's class, by name. */
export interface OptimizerClasses {
  /** Plain stochastic gradient descent. */
  sgd: SGD;
  /** SGD with momentum. */
  momentum: Momentum;
  /** Nesterov's accelerated gradient. */
  nesterov: Nesterov;
  /** AdaGrad: per-weight rates shrinking with the summed squared gradients. */
  adagrad: AdaGrad;
  /** RMSprop: per-weight rates from a decaying average of squared gradients. */
  rmsprop: RMSprop;
  /** Adam: momentum and RMSprop-style rates with bias correction. */
  adam: Adam;
}

/** Each optimizer's options, by name. */
export interface OptimizerOptionsByName {
  /** Options of `new SGD()`. */
  sgd: SGDOptions;
  /** Options of `new Momentum()`. */
  momentum: MomentumOptions;
  /** Options of `new Nesterov()` (the same as Momentum's). */
  nesterov: MomentumOptions;
  /** Options of `new AdaGrad()`. */
  adagrad: AdaGradOptions;
  /** Options of `new RMSprop()`. */
  rmsprop: RMSpropOptions;
  /** Options of `new Adam()`. */
  adam: AdamOptions;
}

/**
 * Builds an optimizer from its name, for the CLI (`--optimizer adam --lr 0.001`) and for resuming
 * from a checkpoint (`createOptimizer(state.name, state.options)`). Options the optimizer does not
 * take are an error, as is an unknown name.
 *
 * @example
 * const optimizer = createOptimizer('momentum', { lr: 0.1 });
 */
export function createOptimizer<N extends OptimizerName>(
  name: N,
  options: OptimizerOptionsByName[N] = {},
): OptimizerClasses[N] {
  // The casts restate what the switch has established; TypeScript does not narrow N through it.
  const make = (): OptimizerClasses[OptimizerName] => {
    switch (name as OptimizerName) {
      case 'sgd':
        return new SGD(options as SGDOptions);
      case 'momentum':
        return new Momentum(options as MomentumOptions);
      case 'nesterov':
        return new Nesterov(options as MomentumOptions);
      case 'adagrad':
        return new AdaGrad(options as AdaGradOptions);
      case 'rmsprop':
        return new RMSprop(options as RMSpropOptions);
      case 'adam':
        return new Adam(options as AdamOptions);
      default:
        throw new ScratchnetError(
          'BAD_ARGUMENT',
          `createOptimizer: unknown optimizer ${JSON.stringify(name)} (choose from ${OPTIMIZER_NAMES.join(', ')})`,
        );
    }
  };
  return namedErrors('createOptimizer', make) as OptimizerClasses[N];
}
