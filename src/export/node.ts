/** Writing exported models to files (Node only). */
import { writeFileAtomic } from '../io/atomic.js';
import type { SavableNet } from '../nets/serialize.js';
import { checkString, named } from '../validate.js';
import { encodeModel } from './onnx-proto.js';
import { type OnnxExportOptions, onnxModelOf } from './onnx.js';

/**
 * Writes the ONNX model of `net` (see `exportOnnx`) to `path`, atomically: a failed export or write
 * leaves no partial file and whatever `path` held before. Throws as `exportOnnx` does, and
 * `BAD_FILE` naming `path` when it cannot be written.
 *
 * @example
 * saveOnnx('model.onnx', net);
 */
export function saveOnnx(path: string, net: SavableNet, options: OnnxExportOptions = {}): void {
  checkString(path, 'path', 'saveOnnx');
  named('saveOnnx', () => writeFileAtomic(path, encodeModel(onnxModelOf(net, options, 'saveOnnx'))));
}
