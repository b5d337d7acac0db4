/**
 * The worker side for systems written in TypeScript (scratchnet, TensorFlow.js): a system only says
 * how to take one training step, count correct predictions and multiply two matrices; the timing,
 * the garbage-collection count and the allocation measurement are done here, once, the same way for
 * all of them. numpy_mlp.py mirrors this loop in Python.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import {
  REPLY_MARKER,
  type AllocReply,
  type MatmulReply,
  type MlpReply,
  type Request,
  type SystemInfo,
} from './protocol.js';
import {
  mlpFixture,
  readF32,
  readI32,
  readManifest,
  type Manifest,
  type MatmulFixture,
  type MlpFixture,
  type MlpId,
} from './workloads.js';

/** A network with the fixture's initial weights and batch order, ready to train. */
export interface MlpSession {
  /** Puts the initial weights back, so every timed epoch starts from the same point. */
  reset(): void;
  /** One SGD step on batch `b` of the fixed order: gather, forward, backward, update. Returns the batch loss. */
  step(b: number): number;
  /** Correct predictions among the first `rows` samples of a split. */
  correct(split: 'train' | 'test', rows: number): number;
}

export interface MatmulSession {
  /** Computes C = A·B once (allocating C as a user would). */
  run(): void;
  /** Sum of the last C's elements. */
  checksum(): number;
}

export interface BenchSystem {
  info(): SystemInfo;
  mlp(fixture: MlpFixture, dir: string): MlpSession;
  matmul(a: Float32Array, b: Float32Array, shape: MatmulFixture): MatmulSession;
}

export interface FixtureContext {
  dir: string;
  manifest: Manifest;
}

/** Row indices of batch after batch, and the initial weights by name, read from the fixture. */
export function readMlpFixture(
  fixture: MlpFixture,
  dir: string,
): { order: Int32Array; params: Map<string, Float32Array> } {
  const order = readI32(dir, fixture.order);
  const params = new Map(fixture.params.map((p) => [p.name, readF32(dir, p.file)] as const));
  return { order, params };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Collects GC entries and answers how many started inside a time window. */
class GcWatch {
  private readonly entries: PerformanceEntry[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => this.entries.push(...list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** GC entries reach the observer only on a later turn of the event loop, hence async. */
  async between(t0: number, t1: number): Promise<{ gcCount: number; gcMs: number }> {
    await nextTurn();
    this.entries.push(...this.observer.takeRecords());
    let gcCount = 0;
    let gcMs = 0;
    for (const e of this.entries) {
      if (e.startTime >= t0 && e.startTime < t1) {
        gcCount++;
        gcMs += e.duration;
      }
    }
    this.entries.length = 0;
    return { gcCount, gcMs };
  }
}

function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Bytes allocated per step without V8 flags: the growth of heap + ArrayBuffer bytes across one step
 * is exactly what the step allocated unless a GC ran inside it, and GCs are rare enough that the
 * median over many steps ignores those. The cost of asking (process.memoryUsage allocates its
 * answer) is measured the same way and subtracted.
 */
function measureAlloc(session: MlpSession, iterations: number, batches: number): AllocReply {
  const probe: number[] = [];
  let before = heapBytes();
  for (let i = 0; i < 200; i++) {
    const after = heapBytes();
    probe.push(after - before);
    before = after;
  }
  const baseline = median(probe);
  const deltas: number[] = [];
  session.reset();
  before = heapBytes();
  for (let i = 0; i < iterations; i++) {
    session.step(i % batches);
    const after = heapBytes();
    deltas.push(after - before - baseline);
    before = after;
  }
  return { bytesPerIteration: Math.max(0, median(deltas)), iterations };
}

async function runMlp(session: MlpSession, request: Extract<Request, { op: 'mlp' }>, gc: GcWatch): Promise<MlpReply> {
  session.reset();
  await nextTurn();
  const t0 = performance.now();
  let lossSum = 0;
  for (let b = 0; b < request.iterations; b++) lossSum += session.step(b);
  const t1 = performance.now();
  const trainCorrect = session.correct('train', request.evalTrainRows);
  const testCorrect = session.correct('test', request.evalTestRows);
  const t2 = performance.now();
  const { gcCount, gcMs } = await gc.between(t0, t1);
  return {
    trainMs: t1 - t0,
    evalMs: t2 - t1,
    iterations: request.iterations,
    meanLoss: lossSum / request.iterations,
    trainCorrect,
    testCorrect,
    evalTrainRows: request.evalTrainRows,
    evalTestRows: request.evalTestRows,
    gcCount,
    gcMs,
  };
}

function runMatmul(session: MatmulSession, request: Extract<Request, { op: 'matmul' }>): MatmulReply {
  let reps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (reps < request.maxReps && (reps < request.minReps || elapsed < request.minMs)) {
    session.run();
    reps++;
    elapsed = performance.now() - t0;
  }
  return { msPerProduct: elapsed / reps, reps, checksum: session.checksum() };
}

function reply(message: { ok: true; result: unknown } | { ok: false; error: string }): void {
  process.stdout.write(`${REPLY_MARKER}${JSON.stringify(message)}\n`);
}

/** Answers requests on stdin until 'quit' or end of input. `create` runs at 'init'. */
export async function serve(create: () => Promise<BenchSystem>): Promise<void> {
  let system: BenchSystem | null = null;
  let context: FixtureContext | null = null;
  const mlpSessions = new Map<MlpId, MlpSession>();
  const matmulSessions = new Map<number, MatmulSession>();
  const gc = new GcWatch();
  const ready = (): { system: BenchSystem; context: FixtureContext } => {
    if (system === null || context === null) throw new Error('init first');
    return { system, context };
  };
  const mlpSession = (id: MlpId): MlpSession => {
    const { system: s, context: c } = ready();
    let session = mlpSessions.get(id);
    if (session === undefined) {
      session = s.mlp(mlpFixture(c.manifest, id), c.dir);
      mlpSessions.set(id, session);
    }
    return session;
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const request = JSON.parse(line) as Request;
      switch (request.op) {
        case 'init':
          system = await create();
          context = { dir: request.fixtureDir, manifest: readManifest(request.fixtureDir) };
          reply({ ok: true, result: system.info() });
          break;
        case 'mlp':
          reply({ ok: true, result: await runMlp(mlpSession(request.workload), request, gc) });
          break;
        case 'alloc': {
          const fixture = mlpFixture(ready().context.manifest, request.workload);
          reply({
            ok: true,
            result: measureAlloc(mlpSession(request.workload), request.iterations, fixture.iterations),
          });
          break;
        }
        case 'matmul': {
          const { system: s, context: c } = ready();
          let session = matmulSessions.get(request.index);
          if (session === undefined) {
            const shape = c.manifest.matmul[request.index];
            if (shape === undefined) throw new Error(`no matmul shape ${request.index}`);
            session = s.matmul(readF32(c.dir, shape.a), readF32(c.dir, shape.b), shape);
            matmulSessions.set(request.index, session);
          }
          reply({ ok: true, result: runMatmul(session, request) });
          break;
        }
        case 'quit':
          reply({ ok: true, result: null });
          lines.close();
          return;
        default:
          throw new Error(`unknown request ${line.slice(0, 100)}`);
      }
    } catch (error) {
      reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}
