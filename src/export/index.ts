export { exportOnnx, ONNX_OPSETS, type OnnxExportOptions } from './onnx.js';
