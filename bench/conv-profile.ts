/**
 * `npm run bench:conv-profile [simple|deep]`: where one training step (batch 100, float32, Adam) of the
 * book's convolutional networks spends its time, per kind of work: the window unrolling (im2col), its
 * adjoint (col2im), the matrix products, the layers' own loops by layer (pooling, ReLU, the planes
 * reshuffle and bias of Convolution, ...), Adam, and what is left (allocation, dispatch). Wraps the
 * kernels and the layers' methods with timers, so the total is a little above an untimed step.
 * SCRATCHNET_PROFILE_CLOCK=cpu times with the process's CPU time instead of the wall clock: steadier
 * on a busy machine, and meaningful with SCRATCHNET_THREADS=1 (else it adds the worker's time).
 */
import { Adam, DeepConvNet, SimpleConvNet, loadMnist, type Sequential } from '../src/index.js';
import { kernels } from '../src/ndarray/kernels/registry.js';

type Clock = Map<string, number>;
const clock: Clock = new Map();
/** Time spent in timed calls within the one being timed (subtracted from it). */
let inner = 0;

/** Milliseconds on the chosen clock. */
const now =
  process.env.SCRATCHNET_PROFILE_CLOCK === 'cpu'
    ? (): number => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      }
    : (): number => performance.now();

/** Runs `fn`, adding its time to `label` minus the time of timed calls inside it. */
function timed<T>(label: string, fn: () => T): T {
  const start = now();
  const before = inner;
  inner = 0;
  try {
    return fn();
  } finally {
    const spent = now() - start;
    clock.set(label, (clock.get(label) ?? 0) + spent - inner);
    inner = before + spent;
  }
}

function wrapKernels(): void {
  const k = kernels() as unknown as Record<string, unknown>;
  const labels: Record<string, string> = {
    matmul: 'products',
    im2colTransposed: 'im2col',
    col2imTransposed: 'col2im',
  };
  for (const [name, label] of Object.entries(labels)) {
    const f = k[name];
    if (typeof f !== 'function') continue;
    k[name] = (...args: unknown[]) => {
      // SCRATCHNET_PROFILE_SHAPES=1 splits the products by shape: (m, k, n) and which operand is transposed.
      const shaped =
        name === 'matmul' && process.env.SCRATCHNET_PROFILE_SHAPES === '1'
          ? `product (${args.slice(3, 6).join(', ')})${args[6] ? ' Aᵀ' : ''}${args[7] ? ' Bᵀ' : ''}`
          : label;
      return timed(shaped, () => (f as (...a: unknown[]) => unknown).apply(k, args));
    };
  }
}

function wrapLayers(net: Sequential<object>): void {
  for (const layer of net.layers) {
    const l = layer as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const method of ['forward', 'backward', 'backwardParams'] as const) {
      const f = l[method];
      if (typeof f !== 'function') continue;
      const label = `${layer.constructor.name} ${method === 'forward' ? 'forward' : 'backward'} (own loops)`;
      l[method] = (...args: unknown[]) => timed(label, () => f.apply(layer, args));
    }
  }
  const last = net.lastLayer as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const method of ['forward', 'backward'] as const) {
    const f = last[method]!;
    last[method] = (...args: unknown[]) => timed('loss layer', () => f.apply(net.lastLayer, args));
  }
}

const which = process.argv[2] ?? 'both';
const data = loadMnist({ dtype: 'float32' });
wrapKernels();
const nets: [string, () => Sequential<object>, number][] = [
  ['SimpleConvNet', () => new SimpleConvNet({ dtype: 'float32', seed: 1 }), 30],
  ['DeepConvNet', () => new DeepConvNet({ dtype: 'float32', seed: 1 }), 10],
];
for (const [name, make, steps] of nets) {
  if (which !== 'both' && !name.toLowerCase().startsWith(which)) continue;
  const net = make();
  wrapLayers(net);
  const optimizer = new Adam({ lr: 0.001 });
  const warmup = 3;
  let total = 0;
  for (let i = 0; i < steps + warmup; i++) {
    if (i === warmup) clock.clear();
    const x = data.train.x.slice(i * 100, i * 100 + 100);
    const t = data.train.t.slice(i * 100, i * 100 + 100);
    const start = now();
    const { grads } = timed('step (rest: dispatch, allocation)', () => net.lossAndGradient(x, t));
    timed('Adam', () => optimizer.update(net.params, grads));
    if (i >= warmup) total += now() - start;
  }
  console.log(`${name}: ${(total / steps).toFixed(2)} ms per step (mean of ${steps} after ${warmup} warm-up)`);
  const rows = [...clock.entries()].sort((a, b) => b[1] - a[1]);
  for (const [label, ms] of rows) {
    console.log(
      `  ${label.padEnd(44)} ${(ms / steps).toFixed(2).padStart(8)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%`,
    );
  }
}
