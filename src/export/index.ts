export { exportOnnx, ONNX_OPSETS, type OnnxExportOptions } from './onnx.js';
export { exportPytorch, type PytorchExport, type PytorchExportOptions } from './pytorch.js';
