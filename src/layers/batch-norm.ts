import { ScratchnetError } from '../errors.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape } from '../ndarray/shape.js';
import { checkFloatingArray, checkKnownOptions } from '../validate.js';
import { backwardBeforeForward, checkDout, checkForward } from './errors.js';
import { settleHalf } from '../ndarray/half.js';
import type { ForwardMode, ParamLayer } from './types.js';

/** Settings of a BatchNormalization layer. */
export interface BatchNormOptions {
  /** Weight of the old value in the running averages (default 0.9, as in the book). */
  momentum?: number;
  /** Added to the variance before the square root (the book's 10e-7). */
  eps?: number;
  /** Starting running mean, D values (default zeros, as the book's `running_mean=None`); copied. */
  runningMean?: NDArray;
  /** Starting running variance, D values (default zeros, as the book's `running_var=None`); copied. */
  runningVar?: NDArray;
}

function checkMomentum(momentum: unknown, where: string): number {
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: momentum must be in [0, 1], got ${String(momentum)}`);
  }
  return momentum;
}

function checkEps(eps: unknown, where: string): number {
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${where}: eps must be a positive finite number, got ${String(eps)}`);
  }
  return eps;
}

/** A copy of a given running average in gamma's dtype (D values), or zeros when none is given. */
function runningAverage(given: unknown, gamma: NDArray, name: string, where: string): NDArray {
  if (given === undefined) return NDArray.empty(gamma.shape, gamma.dtype);
  checkFloatingArray(given, name, where);
  if (given.size !== gamma.size) {
    throw new ScratchnetError(
      'SHAPE_MISMATCH',
      `${where}: ${name} must hold ${gamma.size} values (one per feature), got shape ${formatShape(given.shape)}`,
    );
  }
  return given.astype(gamma.dtype).reshape(gamma.shape);
}

/**
 * Batch normalisation (Ioffe & Szegedy, 2015): each feature is normalised by the batch's mean and
 * variance in training, and by running averages of them at inference, then scaled by gamma and
 * shifted by beta. Input of higher rank is normalised per flattened feature, as the book does.
 */
export class BatchNormalization implements ParamLayer {
  /** Always 'BatchNormalization'. */
  readonly name = 'BatchNormalization';
  /** The scale, one per feature (D,). Updated in place by optimizers. */
  readonly gamma: NDArray;
  /** The shift, one per feature (D,). Updated in place by optimizers. */
  readonly beta: NDArray;
  /** Weight of the old value in the running averages, in [0, 1]. */
  readonly momentum: number;
  /** Added to the variance before the square root, > 0. */
  readonly eps: number;
  /** ∂L/∂gamma of the last backward pass, (D,). */
  dgamma: NDArray;
  /** ∂L/∂beta of the last backward pass, (D,). */
  dbeta: NDArray;
  /** The running average of the batch means (D,), used at inference; starts at 0. */
  runningMean: NDArray;
  /** The running average of the batch variances (D,), used at inference; starts at 0. */
  runningVar: NDArray;
  private cache: {
    xc: Float64Array;
    xn: Float64Array;
    std: Float64Array;
    batch: number;
    inputShape: readonly number[];
  } | null = null;

  /**
   * Wraps `gamma` and `beta`, float arrays of one size D (the features per sample), used as given.
   * The book's positional form `new BatchNormalization(gamma, beta, 0.9, runningMean, runningVar)`
   * (its `momentum=0.9, running_mean=None, running_var=None`) and `{ momentum, eps, runningMean,
   * runningVar }` are both accepted; running averages given are copied (D values each, default 0).
   * Throws BAD_ARGUMENT / BAD_DTYPE for non-float arrays or bad options, SHAPE_MISMATCH for mismatched sizes.
   */
  constructor(
    gamma: NDArray,
    beta: NDArray,
    momentum: number | BatchNormOptions = {},
    runningMean?: NDArray,
    runningVar?: NDArray,
  ) {
    const where = this.className;
    checkFloatingArray(gamma, 'gamma', where);
    checkFloatingArray(beta, 'beta', where);
    const options = typeof momentum === 'number' ? { momentum } : momentum;
    checkKnownOptions(options, ['momentum', 'eps', 'runningMean', 'runningVar'], where);
    if (gamma.ndim !== 1 || beta.ndim !== 1 || gamma.size !== beta.size) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: gamma and beta must be 1-D of one size, got ${formatShape(gamma.shape)} and ${formatShape(beta.shape)}`,
      );
    }
    this.gamma = gamma;
    this.beta = beta;
    this.momentum = checkMomentum(options.momentum === undefined ? 0.9 : options.momentum, where);
    this.eps = checkEps(options.eps === undefined ? 10e-7 : options.eps, where);
    this.dgamma = NDArray.empty(gamma.shape, gamma.dtype);
    this.dbeta = NDArray.empty(beta.shape, beta.dtype);
    this.runningMean = runningAverage(
      runningMean === undefined ? options.runningMean : runningMean,
      gamma,
      'runningMean',
      where,
    );
    this.runningVar = runningAverage(
      runningVar === undefined ? options.runningVar : runningVar,
      gamma,
      'runningVar',
      where,
    );
  }

  /** The name constructor messages use (a subclass names itself). */
  protected get className(): string {
    return 'BatchNormalization';
  }

  /**
   * Normalises x (N, D), or (N, ...) with D values per sample: in training (`mode` true or
   * `{ train: true }`, the book's `train_flg`) by this batch's statistics (and updates the running
   * averages), otherwise (`false`, `{}` or left out) by the running averages. Returns x's shape and
   * dtype; throws SHAPE_MISMATCH for another feature count or an empty batch.
   */
  forward(x: NDArray, mode?: ForwardMode): NDArray {
    const train = checkForward(this.name, x, mode);
    const d = this.gamma.size;
    const n = x.ndim === 0 ? 0 : x.shape[0]!;
    if (x.ndim < 2 || n === 0 || x.size / n !== d) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `BatchNormalization: input ${formatShape(x.shape)} needs a non-empty batch of ${d} features per sample`,
      );
    }
    const src = x.data;
    const out = NDArray.empty(x.shape, x.dtype);
    const g = this.gamma.data;
    const b = this.beta.data;
    if (!train) {
      for (let j = 0; j < d; j++) {
        const mu = this.runningMean.data[j]!;
        const std = Math.sqrt(this.runningVar.data[j]! + this.eps);
        for (let i = 0; i < n; i++) out.data[i * d + j] = (g[j]! * (src[i * d + j]! - mu)) / std + b[j]!;
      }
      settleHalf(out);
      return out;
    }
    const xc = new Float64Array(n * d);
    const xn = new Float64Array(n * d);
    const std = new Float64Array(d);
    const m = this.momentum;
    for (let j = 0; j < d; j++) {
      let mu = 0;
      for (let i = 0; i < n; i++) mu += src[i * d + j]!;
      mu /= n;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const c = src[i * d + j]! - mu;
        xc[i * d + j] = c;
        v += c * c;
      }
      v /= n;
      std[j] = Math.sqrt(v + this.eps);
      for (let i = 0; i < n; i++) {
        const k = i * d + j;
        xn[k] = xc[k]! / std[j]!;
        out.data[k] = g[j]! * xn[k] + b[j]!;
      }
      this.runningMean.data[j] = m * this.runningMean.data[j]! + (1 - m) * mu;
      this.runningVar.data[j] = m * this.runningVar.data[j]! + (1 - m) * v;
    }
    this.cache = { xc, xn, std, batch: n, inputShape: x.shape };
    settleHalf(out);
    return out;
  }

  /** ∂L/∂x for the last training pass (dout has x's shape); stores dgamma and dbeta. */
  backward(dout: NDArray): NDArray {
    if (this.cache === null) throw backwardBeforeForward(this.name);
    const { xc, xn, std, batch: n, inputShape } = this.cache;
    checkDout(this.name, dout, inputShape);
    const d = this.gamma.size;
    const g = this.gamma.data;
    const dy = dout.data;
    const dx = NDArray.empty(dout.shape, dout.dtype);
    const dgamma = NDArray.empty(this.gamma.shape, this.gamma.dtype);
    const dbeta = NDArray.empty(this.beta.shape, this.beta.dtype);
    for (let j = 0; j < d; j++) {
      // The book's chain: through xn = xc/std, std = sqrt(var + eps), var = mean(xc²), xc = x − mean(x).
      let sumDy = 0;
      let sumDyXn = 0;
      let dstd = 0;
      for (let i = 0; i < n; i++) {
        const k = i * d + j;
        sumDy += dy[k]!;
        sumDyXn += dy[k]! * xn[k]!;
        dstd -= (g[j]! * dy[k]! * xc[k]!) / (std[j]! * std[j]!);
      }
      dbeta.data[j] = sumDy;
      dgamma.data[j] = sumDyXn;
      const dvar = (0.5 * dstd) / std[j]!;
      let dmu = 0;
      const dxc = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const k = i * d + j;
        dxc[i] = (g[j]! * dy[k]!) / std[j]! + (2 / n) * xc[k]! * dvar;
        dmu += dxc[i]!;
      }
      for (let i = 0; i < n; i++) dx.data[i * d + j] = dxc[i]! - dmu / n;
    }
    settleHalf(dx);
    this.dgamma = dgamma;
    this.dbeta = dbeta;
    return dx;
  }

  /** `{ gamma, beta }`, the arrays themselves. */
  params(): Record<string, NDArray> {
    return { gamma: this.gamma, beta: this.beta };
  }

  /** `{ gamma: dgamma, beta: dbeta }` from the last backward pass. */
  grads(): Record<string, NDArray> {
    return { gamma: this.dgamma, beta: this.dbeta };
  }
}
