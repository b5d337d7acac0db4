/** The Trainer's divergence guards: a runaway batch loss, and parameters that are no longer finite. */
import { ScratchnetError } from '../errors.js';
import type { Network } from '../nets/types.js';

const ADVICE = 'Lower the learning rate (try lr / 10), or check that the inputs are normalized.';

/**
 * Throws `NAN_LOSS` when the loss of `iteration` is NaN, infinite, or more than `divergenceFactor`
 * times the first batch's loss.
 */
export function checkLoss(
  loss: number,
  firstLoss: number,
  divergenceFactor: number,
  iteration: number,
  epoch: number,
): void {
  // Not `loss <= ...`: with divergenceFactor Infinity and a first loss of 0 the bound is NaN, which must pass.
  if (Number.isFinite(loss) && !(loss > divergenceFactor * firstLoss)) return;
  const why = Number.isFinite(loss)
    ? `is ${loss}, more than ${divergenceFactor}x the first batch's loss (${firstLoss})`
    : `is ${loss}`;
  throw new ScratchnetError(
    'NAN_LOSS',
    `Training diverged: the loss at iteration ${iteration} (epoch ${epoch}) ${why}. ${ADVICE}`,
  );
}

/**
 * Throws `NAN_LOSS` when a parameter holds NaN or ±Infinity: an update can overflow the weights
 * while the loss that produced it was still finite, and such a network must not be checkpointed or
 * returned as a result. One pass over the parameters, so it runs at checkpoints and at the end only.
 */
export function checkParams(net: Network, iteration: number, epoch: number): void {
  for (const [name, param] of Object.entries(net.params)) {
    const data = param.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v - v !== 0) {
        throw new ScratchnetError(
          'NAN_LOSS',
          `Training diverged: parameter ${name} holds ${v} (element ${i}) after iteration ${iteration} (epoch ${epoch}). ${ADVICE}`,
        );
      }
    }
  }
}
