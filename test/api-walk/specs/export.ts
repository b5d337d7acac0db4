// The model export functions: ONNX bytes, an ONNX file, and the PyTorch module and weights.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportOnnx, exportPytorch, saveOnnx, Sequential } from '../../../src/index.js';
import type { CallSpec, Param } from '../walk.js';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-walk-export-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const net = (): Sequential => new Sequential({ inputShape: [3], layers: 'dense4,relu,dense2', seed: 1 });
const NET: Param = { name: 'net', kinds: ['object'] };
const OPTIONS: Param = { name: 'options', kinds: ['options'], optional: true };

/** Every export function with a valid call and its arguments' kinds. */
export const specs: CallSpec[] = [
  {
    where: 'exportOnnx',
    call: (a) => exportOnnx(a[0] as never, a[1] as never),
    valid: () => [net(), { opset: 17, data: { classes: ['a', 'b'] } }],
    params: [NET, OPTIONS],
  },
  {
    where: 'saveOnnx',
    // A path the walk gives (the probe 'x') lands in the temporary directory, never the working one.
    call: (a) =>
      saveOnnx(typeof a[0] === 'string' ? resolve(dir, a[0]) : (a[0] as never), a[1] as never, a[2] as never),
    valid: () => [join(dir, 'model.onnx'), net(), { opset: 13 }],
    params: [{ name: 'path', kinds: ['path'] }, NET, OPTIONS],
  },
  {
    where: 'exportPytorch',
    call: (a) => exportPytorch(a[0] as never, a[1] as never),
    valid: () => [net(), { data: { classes: ['a', 'b'] } }],
    params: [NET, OPTIONS],
  },
];
