// The memory budget (docs/robustness.md): scratchnet, run as a command on a small hostile file, stays
// under 512 MB of peak resident memory and exits with one line naming the file and no stack trace. Each file would
// otherwise take gigabytes or never end: an .npz inflating to 1.25 GB, a half-megabyte PNG of
// 8192 x 8192 16-bit RGBA pixels, a symlink to /dev/zero, and a FIFO nobody writes to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npzBomb, pngBomb } from '../helpers/bombs.js';
import { writeIdx } from '../../src/data/idx.js';
import { MNIST_FILES } from '../../src/data/node.js';
import { array, encodeSafetensors, modelToTensors, NDArray, TwoLayerNet } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const REPORT_RSS = join(ROOT, 'test/helpers/report-rss.ts');
const SAMPLE_PKL = join(ROOT, 'test/fixtures/pickle/sample_weight.pkl');
/** Peak resident memory allowed for a hostile file, in MB (the data itself is empty). */
const BUDGET_MB = 512;
/** A run that still reads after this long has gone wrong (a FIFO would block for ever). */
const TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  stderr: string;
  rssMb: number;
}

/** Runs `scratchnet <args>` in a child process and reports its exit code, stderr and peak RSS. */
function run(dir: string, args: string[]): Promise<Run> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', REPORT_RSS, MAIN, ...args],
      { cwd: ROOT, timeout: TIMEOUT_MS, env: { ...process.env, RSS_REPORT: rssFile } },
      (error, _stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
        resolve({ code, stderr, rssMb });
      },
    );
  });
}

function assertClean(r: Run, what: string, message: RegExp): void {
  assert.equal(r.code, 1, `${what}: exit code ${r.code}, stderr ${r.stderr.slice(0, 500)}`);
  // One line carries the error (predict also prints the network and a summary of the pictures).
  const lines = r.stderr.trimEnd().split('\n');
  const errorLines = lines.filter((line) => /^scratchnet \w+: /.test(line) && message.test(line));
  assert.equal(errorLines.length, 1, `${what}: no one line naming the problem: ${r.stderr.slice(0, 500)}`);
  assert.ok(lines.length <= 3 && !/^\s+at /m.test(r.stderr), `${what}: not a clean exit: ${r.stderr.slice(0, 500)}`);
  assert.ok(r.rssMb < BUDGET_MB, `${what}: peak RSS ${r.rssMb.toFixed(0)} MB, over the ${BUDGET_MB} MB budget`);
}

const unix = process.platform !== 'win32' && existsSync('/dev/zero');

test('hostile files stay within the memory budget and end in one line naming the file', { skip: !unix }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-memory-'));
  const npz = join(dir, 'bomb.npz');
  writeFileSync(npz, npzBomb(400_000, 784, false));
  const png = join(dir, 'big.png');
  writeFileSync(png, pngBomb(8192, 8192));
  const zero = join(dir, 'zero.safetensors');
  symlinkSync('/dev/zero', zero);
  const fifo = join(dir, 'pipe.safetensors');
  execFileSync('mkfifo', [fifo]);
  const out = join(dir, 'out');
  const runs = [
    { what: 'npz bomb', args: ['train', '--dataset', npz, '--out', out], message: /bomb\.npz: .*decompression bomb/ },
    {
      what: 'big PNG',
      args: ['predict', '--weights', SAMPLE_PKL, '--arch', 'book-ch03', png],
      message: /big\.png: .*67108864 pixels, more than the 16777216/,
    },
    { what: '/dev/zero', args: ['eval', '--weights', zero], message: /zero\.safetensors: .*character device/ },
    { what: 'FIFO', args: ['eval', '--weights', fifo], message: /pipe\.safetensors: .*FIFO/ },
    {
      what: 'FIFO as dataset',
      args: ['train', '--dataset', fifo.replace('.safetensors', '.npz'), '--out', out],
      message: /pipe\.npz: .*FIFO/,
    },
  ];
  execFileSync('mkfifo', [fifo.replace('.safetensors', '.npz')]);
  runs.push(...metadataBombs(dir), labelBomb(dir));
  for (const { what, args, message } of runs) {
    const r = await run(dir, args);
    console.log(`${what}: peak RSS ${r.rssMb.toFixed(0)} MB`);
    assertClean(r, what, message);
  }
  rmSync(dir, { recursive: true });
});

/** Model files of a few kilobytes whose metadata describes networks of gigabytes. */
function metadataBombs(dir: string): { what: string; args: string[]; message: RegExp }[] {
  const { tensors, metadata } = modelToTensors(new TwoLayerNet({ inputSize: 784, hiddenSize: 8, outputSize: 10 }));
  const architectures = {
    hidden: { ...JSON.parse(metadata.architecture!), hiddenSizes: [300_000] },
    filters: {
      type: 'simple-convnet',
      inputDim: [1, 28, 28],
      filterNum: 100_000,
      filterSize: 5,
      pad: 0,
      stride: 1,
      hiddenSize: 100,
      outputSize: 10,
    },
  };
  return Object.entries(architectures).map(([name, architecture]) => {
    const path = join(dir, `${name}.safetensors`);
    writeFileSync(path, encodeSafetensors(tensors, { ...metadata, architecture: JSON.stringify(architecture) }));
    return {
      what: `metadata bomb (${name})`,
      args: ['eval', '--weights', path, '--test-size', '10'],
      message: new RegExp(`${name}\\.safetensors: .*the metadata does not match the tensors`),
    };
  });
}

/** An MNIST-format folder whose one training label is 20,000,000. */
function labelBomb(dir: string): { what: string; args: string[]; message: RegExp } {
  const data = join(dir, 'labels');
  mkdirSync(data);
  const images = (n: number): NDArray => NDArray.empty([n, 28, 28], 'uint8');
  const labels = (values: number[]): NDArray => array(values, { dtype: 'int32' });
  writeFileSync(join(data, MNIST_FILES.trainImages), writeIdx(images(10)));
  writeFileSync(
    join(data, MNIST_FILES.trainLabels),
    writeIdx(labels([0, 1, 2, 3, 4, 5, 6, 7, 8, 20_000_000]), { type: 'int32' }),
  );
  writeFileSync(join(data, MNIST_FILES.testImages), writeIdx(images(2)));
  writeFileSync(join(data, MNIST_FILES.testLabels), writeIdx(labels([0, 1]), { type: 'int32' }));
  return {
    what: 'label 20,000,000',
    args: ['train', '--dataset', data, '--iterations', '1', '--out', join(dir, 'out-labels')],
    message: /training sample 9 has label 20000000/,
  };
}
