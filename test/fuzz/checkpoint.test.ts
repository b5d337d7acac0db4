// Seeded fuzz of the checkpoint reader (`scratchnet train --resume` reads these files): mutated
// checkpoints, including ones whose JSON state entry is rewritten with wrong types and values, are
// decoded and restored into a Trainer, and give only ScratchnetErrors, never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MultiLayerNet,
  Trainer,
  createOptimizer,
  captureCheckpoint,
  decodeCheckpoint,
  decodeSafetensors,
  encodeCheckpoint,
  encodeSafetensors,
  restoreCheckpoint,
} from '../../src/index.js';
import { blobs } from '../train/helpers.js';
import {
  assertCoverage,
  formatReport,
  fuzzOptions,
  recordReport,
  runFuzz,
  type FuzzRandom,
  type FuzzTarget,
} from './engine.js';

const data = { train: blobs(40, 1), test: blobs(20, 2) };

function trainer(): Trainer {
  const net = new MultiLayerNet({
    inputSize: 2,
    hiddenSizes: [4],
    outputSize: 3,
    useDropout: true,
    useBatchNorm: true,
    dtype: 'float32',
    seed: 1,
  });
  return new Trainer(net, data, {
    iterations: 12,
    batchSize: 8,
    optimizer: createOptimizer('adam', { lr: 0.01 }),
    sampling: 'shuffle',
    seed: 2,
    yieldEvery: 0,
  });
}

const target = trainer();
const seeds: Uint8Array[] = [];
{
  const source = trainer();
  seeds.push(encodeCheckpoint(captureCheckpoint(source, { note: 'fresh' })));
  await source.fit();
  seeds.push(encodeCheckpoint(captureCheckpoint(source, { note: 'done' })));
}

const ODD: unknown[] = [
  null,
  -1,
  1e300,
  NaN,
  'x',
  [],
  {},
  [1, 2, 3, 4],
  { s: [0, 0, 0, 0], spare: null },
  true,
  2 ** 53 + 2,
];

/** One value somewhere in the JSON state replaced by an odd one, the file rebuilt consistently. */
function rewriteState(rng: FuzzRandom, seed: Uint8Array): Uint8Array {
  let file: ReturnType<typeof decodeSafetensors>;
  try {
    file = decodeSafetensors(seed);
  } catch {
    return seed;
  }
  const text = file.metadata['scratchnet.checkpoint'];
  if (text === undefined) return seed;
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return seed; // an earlier mutation broke the JSON
  }
  if (typeof state !== 'object' || state === null) return seed;
  // Walk to a random object inside the state and replace one of its fields.
  let node = state as Record<string, unknown>;
  for (let depth = 0; depth < 1 + rng.int(4); depth++) {
    const keys = Object.keys(node).filter((k) => typeof node[k] === 'object' && node[k] !== null);
    if (keys.length === 0) break;
    node = node[rng.pick(keys)] as Record<string, unknown>;
  }
  const keys = Object.keys(node);
  if (keys.length > 0) {
    const key = rng.pick(keys);
    if (rng.chance(0.2)) delete node[key];
    else node[key] = rng.pick(ODD);
  }
  return encodeSafetensors(file.tensors, { ...file.metadata, 'scratchnet.checkpoint': JSON.stringify(state) });
}

const fuzzTarget: FuzzTarget<true> = {
  name: 'checkpoint (decodeCheckpoint + restoreCheckpoint)',
  seeds,
  magicLength: 8,
  boundaries: (bytes) => {
    const end = bytes.length >= 8 ? 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : 0;
    return [0, 8, end, bytes.length];
  },
  sizeFields: () => [{ offset: 0, width: 8, littleEndian: true }],
  structured: [rewriteState],
  parse: (bytes) => {
    restoreCheckpoint(target, decodeCheckpoint(bytes, 'fuzz.checkpoint'));
    return true;
  },
  check: () => {
    for (const p of Object.values(target.net.params)) assert.ok(p.data.length > 0);
  },
  codes: ['BAD_FILE', 'BAD_ARGUMENT', 'SHAPE_MISMATCH', 'BAD_DTYPE'],
};

test('checkpoint reader: seeded fuzz (byte mutations and rewritten state entries) gives only ScratchnetErrors', {
  timeout: 120_000,
}, (t) => {
  for (const seed of seeds) fuzzTarget.parse(seed);
  const options = fuzzOptions(0xc4e7);
  const report = runFuzz(fuzzTarget, options);
  t.diagnostic(formatReport(fuzzTarget.name, report));
  recordReport(fuzzTarget.name, report);
  assertCoverage(report, options, 1);
  assert.ok(
    (report.errors.BAD_FILE ?? 0) > 0 && (report.errors.BAD_ARGUMENT ?? 0) > 0,
    'both file and state errors occur',
  );
});
