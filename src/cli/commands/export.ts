import { dirname, join, resolve } from 'node:path';
import { ScratchnetError } from '../../errors.js';
import { saveOnnx } from '../../export/node.js';
import { ONNX_OPSETS } from '../../export/onnx.js';
import { exportPytorch } from '../../export/pytorch.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { saveSafetensors } from '../../io/node.js';
import type { Architecture, ModelData } from '../../nets/serialize.js';
import { defineCommand, type Io } from '../command.js';
import { MODEL_OPTIONS, loadCliModel, type CliModel } from '../model.js';
import { option } from '../options.js';
import { makeFolder, OutputFolder } from '../output-folder.js';

/** What a table model learned from its data (class names, feature scaling), as its file's metadata holds it. */
function modelData(arch: Architecture): ModelData {
  if (arch.type !== 'sequential') return {};
  const { classes, standardization, featureNames } = arch;
  return {
    ...(classes === undefined ? {} : { classes }),
    ...(standardization === undefined ? {} : { standardization }),
    ...(featureNames === undefined ? {} : { featureNames }),
  };
}

function exportOnnxFile(model: CliModel, out: string, opset: number | undefined, io: Io): void {
  const path = resolve(out);
  makeFolder(dirname(path));
  saveOnnx(path, model.net, { ...(opset === undefined ? {} : { opset }), data: modelData(model.arch) });
  io.stdout.write(`wrote ${out} (ONNX opset ${opset ?? ONNX_OPSETS.default}; input "input", output "output")\n`);
}

function exportPytorchFolder(model: CliModel, out: string, io: Io): void {
  // Built before the folder is touched: a model that cannot be exported leaves it as it was.
  const { source, tensors } = exportPytorch(model.net, { data: modelData(model.arch) });
  const folder = OutputFolder.open(resolve(out));
  try {
    folder.writeSet([
      { name: 'model.py', write: (p) => writeFileAtomic(p, new TextEncoder().encode(source)) },
      // format 'pt' is what PyTorch's own safetensors writer records.
      { name: 'model.safetensors', write: (p) => saveSafetensors(p, tensors, { format: 'pt' }) },
    ]);
    io.stdout.write(`wrote ${join(out, 'model.py')} and ${join(out, 'model.safetensors')}\n`);
  } finally {
    folder.release();
  }
}

/** `scratchnet export`: a trained model as an ONNX file, or as PyTorch code and weights. */
export const exportCommand = defineCommand({
  name: 'export',
  summary:
    'Export a trained model for other frameworks: an ONNX file (runs in ONNX Runtime, with the same predictions), or a PyTorch model.py (torch.nn.Sequential) with its weights as model.safetensors.',
  usage: 'export --weights <file> --format onnx|pytorch --out <path> [options]',
  options: {
    ...MODEL_OPTIONS,
    format: option.choice(['onnx', 'pytorch'] as const, { description: 'what to write', default: 'onnx' }),
    out: option.string({
      value: 'path',
      description: 'the .onnx file to write (onnx), or the folder for model.py and model.safetensors (pytorch)',
    }),
    opset: option.int({
      min: ONNX_OPSETS.min,
      max: ONNX_OPSETS.max,
      description: `the ONNX operator set (default ${ONNX_OPSETS.default}); onnx only`,
    }),
  },
  details:
    'Examples:\n' +
    '  scratchnet export --weights out/model.safetensors --format onnx --out model.onnx\n' +
    '  scratchnet export --weights out/model.safetensors --format pytorch --out torch-model\n' +
    'The file is written atomically: a model that cannot be exported leaves no file behind. See docs/export.md.',
  async run(args, io) {
    const { format, out, opset } = args.options;
    if (out === undefined || out === '') throw new ScratchnetError('BAD_ARGUMENT', '--out <path> is required');
    if (format === 'pytorch' && opset !== undefined) {
      throw new ScratchnetError('BAD_ARGUMENT', '--opset is for --format onnx; PyTorch code has no operator set');
    }
    const model = loadCliModel(args.options, 'float64');
    if (model.guess !== null) io.stderr.write(`${model.path}: architecture: ${model.guess}\n`);
    if (format === 'onnx') exportOnnxFile(model, out, opset, io);
    else exportPytorchFolder(model, out, io);
  },
});
