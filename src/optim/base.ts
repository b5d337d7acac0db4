import { ScratchnetError } from '../errors.js';
import { isFloat, type TypedArray } from '../ndarray/dtype.js';
import { allocateResident } from '../ndarray/kernels/registry.js';
import { NDArray } from '../ndarray/ndarray.js';
import { formatShape, shapesEqual, sizeOf } from '../ndarray/shape.js';
import type {
  Optimizer,
  OptimizerName,
  OptimizerOptions,
  OptimizerParams,
  OptimizerState,
  SerializedBuffer,
} from './types.js';

/** The storage of a float parameter, and of every optimizer buffer. */
export type FloatArray = Float64Array | Float32Array;

/**
 * The book adds 1e-7 to the square root in AdaGrad, RMSprop and Adam so that a parameter whose
 * gradients have all been zero is divided by a small number rather than by zero.
 */
export const EPSILON = 1e-7;

interface Slot {
  shape: readonly number[];
  buffers: FloatArray[];
}

/**
 * Reads an options object: rejects names not in `defaults` and values that are not numbers, and
 * fills in the defaults. Range checks are left to the caller, which knows what each option means.
 */
export function readOptions<K extends string>(
  label: string,
  options: unknown,
  defaults: Record<K, number>,
): Record<K, number> {
  if (options === undefined) return { ...defaults };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScratchnetError('BAD_ARGUMENT', `${label}: options must be an object, got ${describe(options)}`);
  }
  const allowed = Object.keys(defaults);
  const out = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!allowed.includes(key)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${label}: unknown option '${key}' (${label} takes ${allowed.map((k) => `'${k}'`).join(', ')})`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number') {
      throw new ScratchnetError('BAD_ARGUMENT', `${label}: option '${key}' must be a number, got ${describe(value)}`);
    }
    out[key as K] = value;
  }
  return out;
}

/** A learning rate must be a positive finite number. */
export function checkLr(label: string, lr: number): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new ScratchnetError(
      'BAD_ARGUMENT',
      `${label}: option 'lr' must be a positive finite number, got ${describe(lr)}`,
    );
  }
  return lr;
}

/** A decay rate (momentum, decayRate, beta1, beta2) must lie in [0, 1); at 1 nothing is ever forgotten. */
export function checkRate(label: string, option: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value >= 1) {
    throw new ScratchnetError('BAD_ARGUMENT', `${label}: option '${option}' must be in [0, 1), got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

const hasOwn = (object: object, key: string): boolean => Object.hasOwn(object, key);

/**
 * What the six optimizers share: validating params against grads, per-parameter buffers kept in
 * each parameter's dtype, the iteration count, and `state`/`loadState`. A subclass supplies only
 * the book's formula, as a loop over one parameter's elements (`step`).
 */
export abstract class BaseOptimizer implements Optimizer {
  /** Which optimizer this is (the `createOptimizer` name). */
  readonly name: OptimizerName;
  /** The class name, used in messages (`Adam.update: ...`). */
  protected readonly label: string;
  private readonly bufferNames: readonly string[];
  private learningRate: number;
  private iterations = 0;
  private slots = new Map<string, Slot>();
  /** One-element arrays a plain-number parameter and its gradient are stepped in. */
  private readonly numberCell = new Float64Array(1);
  private readonly numberGrad = new Float64Array(1);

  protected constructor(name: OptimizerName, label: string, bufferNames: readonly string[], lr: number) {
    this.name = name;
    this.label = label;
    this.bufferNames = bufferNames;
    this.learningRate = checkLr(label, lr);
  }

  /** The learning rate. Assignable between steps (for a schedule); must stay positive and finite. */
  get lr(): number {
    return this.learningRate;
  }
  /** Sets the learning rate for the following steps; throws `BAD_ARGUMENT` unless it is positive and finite. */
  set lr(value: number) {
    this.learningRate = checkLr(this.label, value);
  }

  /** Updates done so far (counting only those that succeeded). */
  get iteration(): number {
    return this.iterations;
  }

  /** The hyperparameters, as `state().options` records them. */
  abstract options(): OptimizerOptions;

  /**
   * The book's update of one parameter, in place: `p` and each of `buffers` (in the order of the
   * constructor's `bufferNames`) have the same length and dtype; `g` has the same length.
   */
  protected abstract step(p: FloatArray, g: TypedArray, buffers: readonly FloatArray[]): void;

  /** Called once per update, after the iteration count has been advanced and before any `step`. */
  protected beginUpdate(_iteration: number): void {}

  /** One step of the book's formula on every parameter, in place; see `Optimizer.update`. */
  update(params: OptimizerParams, grads: OptimizerParams): void {
    const names = this.validate(params, grads);
    this.iterations++;
    this.beginUpdate(this.iterations);
    for (const key of names) {
      const p = params[key]!;
      const g = grads[key]!;
      if (typeof p === 'number') params[key] = this.stepNumber(key, p, g as number);
      else this.step(p.data as FloatArray, (g as NDArray).data, this.buffersFor(key, p.shape, p.dtype));
    }
  }

  /** A plain-number parameter, stepped as a float64 0-d array would be: the same arithmetic, the same buffers. */
  private stepNumber(key: string, p: number, g: number): number {
    const cell = this.numberCell;
    cell[0] = p;
    this.numberGrad[0] = g;
    this.step(cell, this.numberGrad, this.buffersFor(key, NUMBER_SHAPE, 'float64'));
    return cell[0];
  }

  /** A JSON-friendly copy of the iteration count and every parameter's buffers. */
  state(): OptimizerState {
    const buffers: Record<string, Record<string, SerializedBuffer>> = {};
    for (const [key, slot] of this.slots) {
      const entry: Record<string, SerializedBuffer> = {};
      this.bufferNames.forEach((bufferName, i) => {
        const data = slot.buffers[i]!;
        entry[bufferName] = {
          shape: [...slot.shape],
          dtype: data instanceof Float32Array ? 'float32' : 'float64',
          data: Array.from(data),
        };
      });
      buffers[key] = entry;
    }
    return { name: this.name, options: this.options(), iteration: this.iterations, buffers };
  }

  /**
   * Replaces the iteration count and buffers with those of `state`. Hyperparameters are not
   * restored (so that a run can resume with a new learning rate); `createOptimizer(state.name,
   * state.options)` rebuilds the original ones. Buffers are checked against the parameters' shapes
   * at the next `update`. A malformed state is refused whole, leaving this optimizer as it was.
   */
  loadState(state: OptimizerState): void {
    const where = `${this.label}.loadState`;
    const bad = (message: string): ScratchnetError => new ScratchnetError('BAD_ARGUMENT', `${where}: ${message}`);
    if (typeof state !== 'object' || state === null) throw bad(`state must be an object, got ${describe(state)}`);
    if (state.name !== this.name) {
      throw bad(`the state was written by ${describe(state.name)}, not '${this.name}'`);
    }
    const { iteration, buffers } = state;
    if (!Number.isSafeInteger(iteration) || iteration < 0) {
      throw bad(`iteration must be a non-negative integer, got ${describe(iteration)}`);
    }
    if (typeof buffers !== 'object' || buffers === null || Array.isArray(buffers)) {
      throw bad(`buffers must be an object, got ${describe(buffers)}`);
    }
    const slots = new Map<string, Slot>();
    for (const [key, entry] of Object.entries(buffers)) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw bad(`buffers['${key}'] must be an object, got ${describe(entry)}`);
      }
      const present = Object.keys(entry).sort().join(', ');
      const expected = [...this.bufferNames].sort().join(', ');
      if (present !== expected) {
        throw bad(
          `buffers['${key}'] must hold ${expected ? `exactly ${expected}` : 'nothing'}, got ${present || 'nothing'}`,
        );
      }
      let shape: readonly number[] | null = null;
      const arrays: FloatArray[] = [];
      for (const bufferName of this.bufferNames) {
        const what = `buffers['${key}'].${bufferName}`;
        const buffer = readBuffer(entry[bufferName], what, bad);
        if (shape !== null && !shapesEqual(shape, buffer.shape)) {
          throw bad(
            `${what} has shape ${formatShape(buffer.shape)} but the other buffers of '${key}' have shape ${formatShape(shape)}`,
          );
        }
        shape = buffer.shape;
        arrays.push(buffer.data);
      }
      // A buffer-less optimizer (SGD) has nothing to check a shape against, so it keeps nothing.
      if (shape !== null) slots.set(key, { shape, buffers: arrays });
    }
    this.iterations = iteration;
    this.slots = slots;
  }

  /** Checks everything before anything is written, so that a bad call leaves params as they were. */
  private validate(params: OptimizerParams, grads: OptimizerParams): string[] {
    const where = `${this.label}.update`;
    if (typeof params !== 'object' || params === null || params instanceof NDArray) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: params must be an object of arrays or numbers, got ${describe(params)}`,
      );
    }
    if (typeof grads !== 'object' || grads === null || grads instanceof NDArray) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: grads must be an object of arrays or numbers, got ${describe(grads)}`,
      );
    }
    const names = Object.keys(params);
    for (const key of names) {
      const p = params[key];
      if (typeof p === 'number') this.checkNumberEntry(where, key, p, grads);
      else this.checkArrayEntry(where, key, p, grads);
    }
    for (const key of Object.keys(grads)) {
      if (!hasOwn(params, key)) {
        const g = grads[key];
        const shape = g instanceof NDArray ? ` of shape ${formatShape(g.shape)}` : '';
        throw new ScratchnetError(
          'SHAPE_MISMATCH',
          `${where}: gradient '${key}'${shape} has no parameter of that name (parameters: ${listNames(params)})`,
        );
      }
    }
    return names;
  }

  /** A plain-number parameter needs a finite number gradient, and finite itself. */
  private checkNumberEntry(where: string, key: string, p: number, grads: OptimizerParams): void {
    if (!Number.isFinite(p)) {
      throw new ScratchnetError('BAD_ARGUMENT', `${where}: parameter '${key}' must be a finite number, got ${p}`);
    }
    if (!hasOwn(grads, key)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: no gradient for parameter '${key}' (a number; gradients: ${listNames(grads)})`,
      );
    }
    const g = grads[key];
    if (typeof g !== 'number' || !Number.isFinite(g)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: gradient '${key}' must be a finite number like its parameter, got ${describe(g)}`,
      );
    }
    const slot = this.slots.get(key);
    if (slot !== undefined && slot.shape.length !== 0) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: the saved buffers of parameter '${key}' have shape ${formatShape(slot.shape)} but the parameter is a number`,
      );
    }
  }

  private checkArrayEntry(where: string, key: string, p: unknown, grads: OptimizerParams): void {
    if (!(p instanceof NDArray)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: parameter '${key}' must be an NDArray or a number, got ${describe(p)}`,
      );
    }
    if (!isFloat(p.dtype)) {
      throw new ScratchnetError(
        'BAD_DTYPE',
        `${where}: parameter '${key}' has dtype ${p.dtype}; optimizers update float64 or float32 arrays in place`,
      );
    }
    if (!hasOwn(grads, key)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: no gradient for parameter '${key}' of shape ${formatShape(p.shape)} (gradients: ${listNames(grads)})`,
      );
    }
    const g = grads[key];
    if (!(g instanceof NDArray)) {
      throw new ScratchnetError(
        'BAD_ARGUMENT',
        `${where}: gradient '${key}' must be an NDArray like its parameter, got ${describe(g)}`,
      );
    }
    if (!shapesEqual(g.shape, p.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: gradient '${key}' has shape ${formatShape(g.shape)} but parameter '${key}' has shape ${formatShape(p.shape)}`,
      );
    }
    const slot = this.slots.get(key);
    if (slot !== undefined && !shapesEqual(slot.shape, p.shape)) {
      throw new ScratchnetError(
        'SHAPE_MISMATCH',
        `${where}: the saved buffers of parameter '${key}' have shape ${formatShape(slot.shape)} but the parameter has shape ${formatShape(p.shape)}`,
      );
    }
  }

  private buffersFor(key: string, shape: readonly number[], dtype: string): FloatArray[] {
    if (this.bufferNames.length === 0) return NO_BUFFERS;
    const Storage = dtype === 'float32' ? Float32Array : Float64Array;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      // float32 buffers live where the kernels step them without copies (zeroed, like a fresh array).
      const fresh = (): FloatArray =>
        dtype === 'float32'
          ? (allocateResident('float32', sizeOf(shape)) as Float32Array)
          : new Float64Array(sizeOf(shape));
      slot = { shape, buffers: this.bufferNames.map(fresh) };
      this.slots.set(key, slot);
    } else if (slot.buffers.some((b) => !(b instanceof Storage))) {
      slot.buffers = slot.buffers.map((b) => (b instanceof Storage ? b : Storage.from(b)));
    }
    return slot.buffers;
  }
}

const NO_BUFFERS: FloatArray[] = [];

/** The buffers of a plain-number parameter are those of a 0-d array. */
const NUMBER_SHAPE: readonly number[] = [];

function listNames(record: object): string {
  const keys = Object.keys(record);
  return keys.length === 0 ? 'none' : keys.map((k) => `'${k}'`).join(', ');
}

function readBuffer(
  value: unknown,
  what: string,
  bad: (message: string) => ScratchnetError,
): { shape: number[]; data: FloatArray } {
  if (typeof value !== 'object' || value === null) throw bad(`${what} must be an object, got ${describe(value)}`);
  const { shape, dtype, data } = value as Partial<Record<keyof SerializedBuffer, unknown>>;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`${what}.shape must be an array of non-negative integers`);
  }
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw bad(`${what}.dtype must be 'float64' or 'float32', got ${describe(dtype)}`);
  }
  const size = sizeOf(shape as number[]);
  if (!Array.isArray(data) || data.length !== size) {
    throw bad(`${what}.data must be an array of ${size} numbers for shape ${formatShape(shape as number[])}`);
  }
  const out = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const x: unknown = data[i];
    if (typeof x !== 'number') throw bad(`${what}.data[${i}] must be a number, got ${describe(x)}`);
    out[i] = x;
  }
  return { shape: [...(shape as number[])], data: out };
}
