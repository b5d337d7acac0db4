// Loads the float32 and float64 SIMD kernel module (built from wasm/*.ts by scripts/build-wasm.mjs).
// Browser-safe: the modules are base64 strings in the bundle, so nothing is read from disk or fetched.

import { KERNEL_MODULES } from './kernels-wasm.generated.js';

/** Which build runs: relaxed SIMD (fused multiply-add) or plain SIMD. */
export type WasmVariant = 'relaxed-simd' | 'simd';

/** out[i] = f(x[i]) over n floats; pointers are byte offsets into the module's memory. */
export type WasmUnaryKernel = (x: number, out: number, n: number) => void;
/** out[i] = a[i] op b[i] over n floats. */
export type WasmBinaryKernel = (a: number, b: number, out: number, n: number) => void;
/** out[i] = x[i] op s over n floats (s is rounded to float32). */
export type WasmScalarKernel = (x: number, s: number, out: number, n: number) => void;
/** out (m×n) = x (m×n) op v, v a row vector (n) or a column vector (m). */
export type WasmVectorKernel = (x: number, v: number, out: number, m: number, n: number) => void;
/** A row-wise kernel over a row-major m×n matrix at x, writing out. */
export type WasmRowKernel = (x: number, out: number, m: number, n: number) => void;
/** Three same-length operands: (dout, x or y, dx, n). */
export type WasmBackwardKernel = (dout: number, x: number, dx: number, n: number) => void;
/** (source, destination, batch, channels, height, width, window height, window width, stride, pad, out height, out width). */
export type WasmWindowKernel = (
  src: number,
  dst: number,
  batch: number,
  channels: number,
  height: number,
  width: number,
  fh: number,
  fw: number,
  stride: number,
  pad: number,
  outHeight: number,
  outWidth: number,
) => void;

/** The unary kernels, named as the `UnaryOp`s they implement. */
export const WASM_UNARY = [
  'neg',
  'exp',
  'log',
  'sqrt',
  'abs',
  'square',
  'tanh',
  'sigmoid',
  'relu',
  'step',
  'reciprocal',
] as const;
/** Same-shape binary kernels. */
export const WASM_BINARY = ['add', 'sub', 'mul', 'div'] as const;
/** x op s; rsub and rdiv compute s − x and s / x. */
export const WASM_SCALAR = ['addScalar', 'subScalar', 'mulScalar', 'divScalar', 'rsubScalar', 'rdivScalar'] as const;
/** x op v with v broadcast along rows (a bias) or along columns (a keepdims reduction). */
export const WASM_VECTOR = [
  'addRowVector',
  'subRowVector',
  'mulRowVector',
  'divRowVector',
  'addColumnVector',
  'subColumnVector',
  'mulColumnVector',
  'divColumnVector',
] as const;
/** Row-wise reductions and softmax; the F64 sums write float64 and sum in float64 lanes; argmaxRows writes int32. */
export const WASM_ROWS = [
  'sumRows',
  'sumRowsF64',
  'sumColumns',
  'sumColumnsF64',
  'maxRows',
  'argmaxRows',
  'softmaxRows',
] as const;
/** Backward passes fused into one kernel each. */
export const WASM_BACKWARD = ['reluBackward', 'sigmoidBackward'] as const;

/** The float64 unary kernels: the `UnaryOp` named before `64`, bitwise what TypeScript computes. */
export const WASM_UNARY64 = [
  'neg64',
  'exp64',
  'sqrt64',
  'abs64',
  'square64',
  'sigmoid64',
  'relu64',
  'step64',
  'reciprocal64',
] as const;
/** The float64 binary kernels: same shape, scalar (x op s, s op x) and row or column vector. */
export const WASM_BINARY64 = [
  'add64',
  'sub64',
  'mul64',
  'div64',
  'addRowVector64',
  'subRowVector64',
  'mulRowVector64',
  'divRowVector64',
  'addColumnVector64',
  'subColumnVector64',
  'mulColumnVector64',
  'divColumnVector64',
] as const;
/** x op s over doubles; rsub and rdiv compute s − x and s / x. */
export const WASM_SCALAR64 = [
  'addScalar64',
  'subScalar64',
  'mulScalar64',
  'divScalar64',
  'rsubScalar64',
  'rdivScalar64',
] as const;
/** Row-wise float64 kernels: argmax (int32 out), column sums from the top down, softmax. */
export const WASM_ROWS64 = ['argmaxRows64', 'sumColumns64', 'softmaxRows64'] as const;
/** The float64 backward passes. */
export const WASM_BACKWARD64 = ['reluBackward64', 'sigmoidBackward64'] as const;

/** The float64 kernels' exports (named *64): their sums run in the TypeScript kernels' order. */
export type WasmKernelExports64 = { readonly [K in (typeof WASM_UNARY64)[number]]: WasmUnaryKernel } & {
  readonly [K in 'add64' | 'sub64' | 'mul64' | 'div64']: WasmBinaryKernel;
} & {
  readonly [K in Exclude<(typeof WASM_BINARY64)[number], 'add64' | 'sub64' | 'mul64' | 'div64'>]: WasmVectorKernel;
} & {
  readonly [K in (typeof WASM_SCALAR64)[number]]: WasmScalarKernel;
} & { readonly [K in (typeof WASM_ROWS64)[number]]: WasmRowKernel } & {
  readonly [K in (typeof WASM_BACKWARD64)[number]]: WasmBackwardKernel;
} & {
  /** y[i] += alpha·x[i] over doubles. */
  readonly axpy64: (y: number, x: number, alpha: number, n: number) => void;
  /** `matmul` over doubles (not both operands transposed); scratch: `matmul64ScratchBytes`. */
  readonly matmul64: WasmKernelExports['matmul'];
  /** `matmulBlock` over doubles; lda, ldb, ldc count doubles. */
  readonly matmulBlock64: WasmKernelExports['matmulBlock'];
  readonly matmul64ScratchBytes: (m: number, k: number, n: number, transA: number) => number;
  /** Packs all of B (not transposed) once, `packedB64Bytes(k, n)` bytes, for `matmulPackedB64`. */
  readonly packBAll64: (b: number, dst: number, ldb: number, k: number, n: number) => void;
  readonly packedB64Bytes: (k: number, n: number) => number;
  /** Rows of a float64 C with B packed by `packBAll64`: bitwise what `matmulBlock64` computes. */
  readonly matmulPackedB64: WasmKernelExports['matmulPackedB'];
  readonly matmulPackedB64ScratchBytes: (m: number, k: number, transA: number) => number;
};

/** The raw exports of the kernel module, for the backend and for fused code built on it. */
export type WasmKernelExports = { readonly [K in (typeof WASM_UNARY)[number]]: WasmUnaryKernel } & {
  readonly [K in (typeof WASM_BINARY)[number]]: WasmBinaryKernel;
} & { readonly [K in (typeof WASM_SCALAR)[number]]: WasmScalarKernel } & {
  readonly [K in (typeof WASM_VECTOR)[number]]: WasmVectorKernel;
} & { readonly [K in (typeof WASM_ROWS)[number]]: WasmRowKernel } & {
  readonly [K in (typeof WASM_BACKWARD)[number]]: WasmBackwardKernel;
} & {
  /** y[i] += alpha·x[i] (the SGD update). */
  readonly axpy: (y: number, x: number, alpha: number, n: number) => void;
  /**
   * C (m×n) = op(A)·op(B), row-major; A stored m×k (k×m if transA), B k×n (n×k if transB).
   * `scratch` needs `matmulScratchBytes(m, k, n, transA)` bytes that overlap no operand.
   */
  readonly matmul: (
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    scratch: number,
  ) => void;
  /**
   * `matmul` on blocks of larger matrices: lda, ldb, ldc are the floats between row starts of A,
   * B and C as stored. What each of two threads runs on its share of one product.
   */
  readonly matmulBlock: (
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    scratch: number,
    lda: number,
    ldb: number,
    ldc: number,
  ) => void;
  readonly matmulScratchBytes: (m: number, k: number, n: number, transA: number) => number;
  /** Packs all of op(B) once (`packedBBytes(k, n)` bytes) for `matmulPackedB` calls that share it. */
  readonly packBAll: (b: number, dst: number, ldb: number, k: number, n: number, transB: number) => void;
  readonly packedBBytes: (k: number, n: number) => number;
  /** Rows of C with op(B) packed by `packBAll`: bitwise what `matmulBlock` computes for them. */
  readonly matmulPackedB: (
    a: number,
    packed: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    scratch: number,
    lda: number,
    ldc: number,
  ) => void;
  readonly matmulPackedScratchBytes: (m: number, k: number, transA: number) => number;
  /** Convolution windows one tap per row (see Kernels.im2colTransposed); then its adjoint. */
  readonly im2colT: WasmWindowKernel;
  readonly col2imT: WasmWindowKernel;
  /** Max pooling: (x, out, argmax, planes, height, width, out height, out width, pool height, pool width, stride, pad). */
  readonly maxPool: (
    x: number,
    out: number,
    argmax: number,
    planes: number,
    height: number,
    width: number,
    outHeight: number,
    outWidth: number,
    poolHeight: number,
    poolWidth: number,
    stride: number,
    pad: number,
  ) => void;
  /** dx = 0, then dx[argmax[o]] += dout[o]: (dout, argmax, dx, outputs, inputs). */
  readonly maxPoolBackward: (dout: number, argmax: number, dx: number, outputs: number, inputs: number) => void;
  /** (product, bias, out, batch, positions, filters): see Kernels.productToPlanes. */
  readonly productToPlanes: (
    a: number,
    bias: number,
    out: number,
    batch: number,
    positions: number,
    filters: number,
  ) => void;
  /** (dout, dProduct, db, batch, positions, filters): see Kernels.planesToProduct. */
  readonly planesToProduct: (
    dout: number,
    d: number,
    db: number,
    batch: number,
    positions: number,
    filters: number,
  ) => void;
  /** Adam on n floats: (p, g, m, v, n, lrT, keep1, keep2, eps); see Kernels.adamStep. */
  readonly adamStep: (
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lrT: number,
    keep1: number,
    keep2: number,
    eps: number,
  ) => void;
  /** Rows idx[0..count) of src (rowBytes each) to consecutive rows of dst; row numbers are trusted. */
  readonly gatherRows: (src: number, idx: number, count: number, rowBytes: number, dst: number) => void;
  /** The first byte the module does not use itself. */
  readonly heapBase: () => number;
} & WasmKernelExports64;

const EXPORT_NAMES: readonly (keyof WasmKernelExports)[] = [
  ...WASM_UNARY,
  ...WASM_BINARY,
  ...WASM_SCALAR,
  ...WASM_VECTOR,
  ...WASM_ROWS,
  ...WASM_BACKWARD,
  'axpy',
  'matmul',
  'matmulBlock',
  'matmulScratchBytes',
  'packBAll',
  'packedBBytes',
  'matmulPackedB',
  'matmulPackedScratchBytes',
  'im2colT',
  'col2imT',
  'maxPool',
  'maxPoolBackward',
  'productToPlanes',
  'planesToProduct',
  'adamStep',
  'gatherRows',
  'heapBase',
  ...WASM_UNARY64,
  ...WASM_BINARY64,
  ...WASM_SCALAR64,
  ...WASM_ROWS64,
  ...WASM_BACKWARD64,
  'axpy64',
  'matmul64',
  'matmulBlock64',
  'matmul64ScratchBytes',
  'packBAll64',
  'packedB64Bytes',
  'matmulPackedB64',
  'matmulPackedB64ScratchBytes',
];

/** A kernel module instance with its memory. */
export interface WasmKernelModule {
  readonly variant: WasmVariant;
  /** Whether `memory` is shared (its buffer a SharedArrayBuffer that worker threads can use too). */
  readonly shared: boolean;
  readonly memory: WebAssembly.Memory;
  readonly exports: WasmKernelExports;
  /** The build's binary: a worker thread instantiates it on the same (shared) memory. */
  readonly bytes: Uint8Array;
}

/** Choices that are normally detected; tests use them to load every build. */
export interface WasmLoadOptions {
  /** Load this build, or nothing if the runtime rejects it. Default: relaxed SIMD where it validates. */
  readonly variant?: WasmVariant;
  /** Shared memory or not. Default: shared where SharedArrayBuffer is available. */
  readonly shared?: boolean;
  /** Initial memory in 64 KiB pages (default 64, 4 MiB; it grows as needed). */
  readonly initialPages?: number;
  /**
   * Instantiate on this memory instead of a new one: a worker thread running the kernels on the
   * main thread's shared memory. `shared` then follows the memory.
   */
  readonly memory?: WebAssembly.Memory;
}

/** 4 GiB, what the module declares; smaller limits are tried where a runtime cannot reserve that much. */
const MAXIMUM_PAGES = [65536, 16384, 4096] as const;
const DEFAULT_INITIAL_PAGES = 64;

type ModuleName = keyof typeof KERNEL_MODULES;

const decoded = new Map<ModuleName, Uint8Array<ArrayBuffer>>();

function moduleName(variant: WasmVariant, shared: boolean): ModuleName {
  if (variant === 'relaxed-simd') return shared ? 'relaxedShared' : 'relaxed';
  return shared ? 'simdShared' : 'simd';
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function moduleBytes(name: ModuleName): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(name);
  if (!bytes) {
    bytes = base64ToBytes(KERNEL_MODULES[name]);
    decoded.set(name, bytes);
  }
  return bytes;
}

/**
 * The best build this runtime validates, or null without WebAssembly SIMD. Node 20 validates
 * relaxed SIMD only with --experimental-wasm-relaxed-simd, which scratchnet's Node entry turns on
 * for its own process (kernels-default.ts); elsewhere a flagless Node 20 gets plain SIMD.
 * The unshared builds are validated: they need no threads support, so they answer for SIMD alone.
 */
export function detectWasmVariant(): WasmVariant | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return null;
  if (WebAssembly.validate(moduleBytes('relaxed'))) return 'relaxed-simd';
  if (WebAssembly.validate(moduleBytes('simd'))) return 'simd';
  return null;
}

/**
 * Shared memory needs SharedArrayBuffer, which browsers expose only to cross-origin-isolated pages
 * (and whose memories they may refuse to create elsewhere); Node always has it.
 */
function sharingAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated: unknown = Reflect.get(globalThis, 'crossOriginIsolated');
  return isolated !== false;
}

/** A memory with the first maximum the runtime can reserve, or null. */
function createMemory(initial: number, shared: boolean): WebAssembly.Memory | null {
  for (const maximum of MAXIMUM_PAGES) {
    try {
      return new WebAssembly.Memory({ initial: Math.min(initial, maximum), maximum, shared });
    } catch {
      // Try a smaller reservation.
    }
  }
  return null;
}

interface Plan {
  readonly variant: WasmVariant;
  readonly shared: boolean;
  readonly memory: WebAssembly.Memory;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/** Picks the build and creates its memory: shared if wanted and possible, else unshared. */
function plan(options: WasmLoadOptions): Plan | null {
  const best = detectWasmVariant();
  if (best === null) return null;
  const variant = options.variant ?? best;
  // relaxed-simd validating implies plain SIMD does; the reverse may not hold.
  if (variant === 'relaxed-simd' && best !== 'relaxed-simd') return null;
  if (options.memory) {
    const shared = typeof SharedArrayBuffer === 'function' && options.memory.buffer instanceof SharedArrayBuffer;
    const bytes = moduleBytes(moduleName(variant, shared));
    if (shared && !WebAssembly.validate(bytes)) return null;
    return { variant, shared, memory: options.memory, bytes };
  }
  const initial = options.initialPages ?? DEFAULT_INITIAL_PAGES;
  const wantShared = options.shared ?? sharingAvailable();
  if (wantShared) {
    const memory = createMemory(initial, true);
    if (memory) {
      const bytes = moduleBytes(moduleName(variant, true));
      if (WebAssembly.validate(bytes)) return { variant, shared: true, memory, bytes };
    }
    // Without shared memory (or the threads feature) the unshared build still runs, on one thread.
    if (options.shared === true) return null;
  }
  const memory = createMemory(initial, false);
  if (!memory) return null;
  return { variant, shared: false, memory, bytes: moduleBytes(moduleName(variant, false)) };
}

function wrap(p: Plan, instance: WebAssembly.Instance): WasmKernelModule {
  const raw = instance.exports;
  for (const name of EXPORT_NAMES) {
    if (typeof raw[name] !== 'function')
      throw new Error(`the WebAssembly kernel module has no export '${name}': rebuild it with npm run build:wasm`);
  }
  return {
    variant: p.variant,
    shared: p.shared,
    memory: p.memory,
    exports: raw as unknown as WasmKernelExports,
    bytes: p.bytes,
  };
}

function imports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory } };
}

/**
 * Compiles and instantiates the kernel module synchronously (fine in Node and in workers; Chrome
 * refuses synchronous compiles over 4 KB on a page's main thread, where `instantiateWasmKernelModule`
 * is the way). Null where WebAssembly SIMD (or the requested build or memory) is unavailable.
 */
export function loadWasmKernelModule(options: WasmLoadOptions = {}): WasmKernelModule | null {
  const p = plan(options);
  if (!p) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(p.bytes), imports(p.memory));
  return wrap(p, instance);
}

/** `loadWasmKernelModule`, compiling asynchronously: what a browser page's main thread must use. */
export async function instantiateWasmKernelModule(options: WasmLoadOptions = {}): Promise<WasmKernelModule | null> {
  const p = plan(options);
  if (!p) return null;
  const module = await WebAssembly.compile(p.bytes);
  const instance = await WebAssembly.instantiate(module, imports(p.memory));
  return wrap(p, instance);
}
