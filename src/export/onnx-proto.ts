/**
 * The ONNX messages an exported network needs, encoded with the field numbers of onnx.proto:
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto (float32 in raw_data),
 * ValueInfoProto with its TypeProto and TensorShapeProto, OperatorSetIdProto and
 * StringStringEntryProto.
 */
import { float32Bytes, ProtoWriter } from './protobuf.js';

/** TensorProto.DataType FLOAT. */
export const ONNX_FLOAT = 1;

/** AttributeProto.AttributeType values for the attribute kinds used here. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;

/** A named float32 constant of the graph (weights, biases, running averages). */
export interface OnnxTensor {
  /** The name the nodes refer to it by. */
  name: string;
  /** Its shape ([] for a scalar). */
  dims: readonly number[];
  /** Its values in row-major order. */
  values: Float32Array;
}

/** One node attribute: a float, an integer, a list of integers or a string. */
export type OnnxAttribute =
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: readonly number[] }
  | { name: string; kind: 'string'; value: string };

/** One operator of the graph. */
export interface OnnxNode {
  /** The operator, e.g. 'Gemm'. */
  opType: string;
  /** A name unique in the graph. */
  name: string;
  /** The names of its inputs (graph input, initializers, other nodes' outputs). */
  inputs: readonly string[];
  /** The names of its outputs. */
  outputs: readonly string[];
  /** Its attributes. */
  attributes: readonly OnnxAttribute[];
}

/** A graph input or output: a float tensor whose dimensions are sizes or symbolic names ('batch'). */
export interface OnnxValueInfo {
  /** The value's name. */
  name: string;
  /** Each dimension: a fixed size, or a name for a size given at run time. */
  dims: readonly (number | string)[];
}

/** What a model file holds. */
export interface OnnxModel {
  /** The IR version of the file format. */
  irVersion: number;
  /** The version of the default ('ai.onnx') operator set. */
  opset: number;
  /** The tool that wrote the file and its version. */
  producerName: string;
  producerVersion: string;
  /** The graph's name. */
  graphName: string;
  /** The operators, in topological order. */
  nodes: readonly OnnxNode[];
  /** The constants. */
  initializers: readonly OnnxTensor[];
  /** The graph's inputs and outputs. */
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Key-value metadata (metadata_props). */
  metadata: Readonly<Record<string, string>>;
}

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9). */
export function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  return new ProtoWriter()
    .packedVarints(1, tensor.dims)
    .varint(2, ONNX_FLOAT)
    .string(8, tensor.name)
    .bytes(9, float32Bytes(tensor.values));
}

/** AttributeProto: name (1), f (2), i (3), s (4), ints (8), type (20). */
export function encodeAttribute(attribute: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, attribute.name);
  switch (attribute.kind) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.varint(3, attribute.value);
      break;
    case 'string':
      w.string(4, attribute.value);
      break;
    case 'ints':
      w.packedVarints(8, attribute.value);
      break;
  }
  return w.varint(20, ATTRIBUTE_TYPE[attribute.kind]);
}

/** NodeProto: input (1), output (2), name (3), op_type (4), attribute (5). */
export function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.opType);
  for (const attribute of node.attributes) w.message(5, encodeAttribute(attribute));
  return w;
}

/**
 * ValueInfoProto: name (1), type (2) → TypeProto.tensor_type (1) → elem_type (1), shape (2) →
 * TensorShapeProto.dim (1) → dim_value (1) or dim_param (2).
 */
export function encodeValueInfo(info: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of info.dims) {
    const dim = typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().varint(1, ONNX_FLOAT).message(2, shape);
  return new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
}

/** GraphProto: node (1), name (2), initializer (5), input (11), output (12). */
function encodeGraph(model: OnnxModel): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of model.nodes) w.message(1, encodeNode(node));
  w.string(2, model.graphName);
  for (const tensor of model.initializers) w.message(5, encodeTensor(tensor));
  for (const input of model.inputs) w.message(11, encodeValueInfo(input));
  for (const output of model.outputs) w.message(12, encodeValueInfo(output));
  return w;
}

/**
 * ModelProto: ir_version (1), producer_name (2), producer_version (3), graph (7), opset_import (8)
 * as OperatorSetIdProto { domain (1) '', version (2) }, metadata_props (14) as
 * StringStringEntryProto { key (1), value (2) }.
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter()
    .varint(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .message(7, encodeGraph(model))
    .message(8, new ProtoWriter().string(1, '').varint(2, model.opset));
  for (const [key, value] of Object.entries(model.metadata)) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return w.finish();
}
