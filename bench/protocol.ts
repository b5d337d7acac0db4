/**
 * How the benchmark talks to each system: every system runs in its own process (so one system's
 * garbage and JIT state never lands in another's timings, and numpy can be one of them), reads one
 * JSON request per line on stdin and answers with one line starting with REPLY_MARKER on stdout.
 * Other output (TensorFlow.js greets Node users on the console) is kept apart by the marker.
 */
import type { MlpId } from './workloads.js';

export const REPLY_MARKER = '@@bench ';

export type Request =
  | { op: 'init'; fixtureDir: string }
  | {
      op: 'mlp';
      workload: MlpId;
      /** Training steps, from the first batch of the fixed order. */
      iterations: number;
      /** Evaluate on the first rows of the training and test sets. */
      evalTrainRows: number;
      evalTestRows: number;
    }
  | { op: 'alloc'; workload: MlpId; iterations: number }
  | { op: 'matmul'; index: number; minMs: number; minReps: number; maxReps: number }
  | { op: 'quit' };

export interface SystemInfo {
  /** What exactly ran, e.g. the kernels' name, the library version, the BLAS. */
  detail: string;
}

export interface MlpReply {
  trainMs: number;
  evalMs: number;
  iterations: number;
  meanLoss: number;
  trainCorrect: number;
  testCorrect: number;
  evalTrainRows: number;
  evalTestRows: number;
  /** Garbage collections that started during training (Node systems only). */
  gcCount?: number;
  gcMs?: number;
}

export interface AllocReply {
  /** Median over iterations of the growth of JS heap + ArrayBuffer bytes across one training step. */
  bytesPerIteration: number;
  iterations: number;
}

export interface MatmulReply {
  msPerProduct: number;
  reps: number;
  /** Sum of the product's elements, to check that every system computed the same matrix. */
  checksum: number;
}

export type Reply = { ok: true; result: unknown } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseReply(line: string): Reply {
  const value: unknown = JSON.parse(line);
  if (!isRecord(value) || typeof value.ok !== 'boolean') throw new Error(`malformed reply: ${line.slice(0, 200)}`);
  if (value.ok) return { ok: true, result: value.result };
  return { ok: false, error: typeof value.error === 'string' ? value.error : 'unknown error' };
}

function numbers<K extends string>(value: unknown, keys: readonly K[], what: string): Record<K, number> {
  if (!isRecord(value)) throw new Error(`${what}: expected an object`);
  const out = {} as Record<K, number>;
  for (const key of keys) {
    const v = value[key];
    if (typeof v !== 'number') throw new Error(`${what}: ${key} is not a number`);
    out[key] = v;
  }
  return out;
}

export function asSystemInfo(value: unknown): SystemInfo {
  if (!isRecord(value) || typeof value.detail !== 'string') throw new Error('init: expected { detail }');
  return { detail: value.detail };
}

export function asMlpReply(value: unknown): MlpReply {
  const reply: MlpReply = numbers(
    value,
    ['trainMs', 'evalMs', 'iterations', 'meanLoss', 'trainCorrect', 'testCorrect', 'evalTrainRows', 'evalTestRows'],
    'mlp',
  );
  if (isRecord(value) && typeof value.gcCount === 'number' && typeof value.gcMs === 'number') {
    reply.gcCount = value.gcCount;
    reply.gcMs = value.gcMs;
  }
  return reply;
}

export function asAllocReply(value: unknown): AllocReply {
  return numbers(value, ['bytesPerIteration', 'iterations'], 'alloc');
}

export function asMatmulReply(value: unknown): MatmulReply {
  return numbers(value, ['msPerProduct', 'reps', 'checksum'], 'matmul');
}
