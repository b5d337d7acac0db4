/**
 * Weight and array file formats that run anywhere (bytes in, bytes out, no file system):
 * safetensors, numpy's .npy and .npz, and the small ZIP codec under .npz. The Node entry
 * (`node.ts`) adds loading and atomic saving on top.
 */
export { encodeSafetensors, decodeSafetensors, type Safetensors } from './safetensors.js';
export { encodeNpy, decodeNpy, readNpyHeader, type NpyHeader, type ElementKind } from './npy.js';
export { encodeNpz, decodeNpz, type EncodeNpzOptions } from './npz.js';
export {
  encodeZip,
  decodeZip,
  crc32,
  type ZipEntry,
  type InflateRaw,
  type DeflateRaw,
  type EncodeZipOptions,
  type DecodeZipOptions,
  MAX_INFLATE_RATIO,
  INFLATE_FLOOR_BYTES,
} from './zip.js';
export { encodeCheckpoint, decodeCheckpoint, isCheckpoint, modelTensors, CHECKPOINT_KEY } from './checkpoint.js';
