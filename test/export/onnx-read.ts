// Reads the parts of an ONNX file the tests look at, with the field numbers of onnx.proto.
import { decodePackedVarints, decodeProto, type ProtoField } from '../../src/export/protobuf.js';

const text = (v: ProtoField['value']): string => new TextDecoder().decode(v as Uint8Array);
const sub = (v: ProtoField['value']): ProtoField[] => decodeProto(v as Uint8Array);
const all = (fields: ProtoField[], n: number): ProtoField[] => fields.filter((f) => f.field === n);
const one = (fields: ProtoField[], n: number): ProtoField | undefined => fields.find((f) => f.field === n);

export interface ReadModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsets: { domain: string; version: number }[];
  metadata: Record<string, string>;
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  nodes: { opType: string; inputs: string[]; outputs: string[]; attributes: string[] }[];
  initializers: { name: string; dims: number[]; dataType: number; bytes: number }[];
}

function valueInfo(fields: ProtoField[]): { name: string; dims: (number | string)[] } {
  const tensorType = sub(one(sub(one(fields, 2)!.value), 1)!.value);
  const shape = sub(one(tensorType, 2)!.value);
  const dims = all(shape, 1).map((d) => {
    const dim = sub(d.value);
    const value = one(dim, 1);
    return value === undefined ? text(one(dim, 2)!.value) : Number(value.value);
  });
  return { name: text(one(fields, 1)!.value), dims };
}

/** The model's header, graph inputs and outputs, nodes and initializers. */
export function readOnnx(bytes: Uint8Array): ReadModel {
  const model = decodeProto(bytes);
  const graph = sub(one(model, 7)!.value);
  return {
    irVersion: Number(one(model, 1)!.value),
    producerName: text(one(model, 2)!.value),
    producerVersion: text(one(model, 3)!.value),
    opsets: all(model, 8).map((o) => {
      const f = sub(o.value);
      return { domain: text(one(f, 1)?.value ?? new Uint8Array()), version: Number(one(f, 2)!.value) };
    }),
    metadata: Object.fromEntries(
      all(model, 14).map((e) => [text(one(sub(e.value), 1)!.value), text(one(sub(e.value), 2)!.value)]),
    ),
    inputs: all(graph, 11).map((v) => valueInfo(sub(v.value))),
    outputs: all(graph, 12).map((v) => valueInfo(sub(v.value))),
    nodes: all(graph, 1).map((n) => {
      const f = sub(n.value);
      return {
        opType: text(one(f, 4)!.value),
        inputs: all(f, 1).map((i) => text(i.value)),
        outputs: all(f, 2).map((o) => text(o.value)),
        attributes: all(f, 5).map((a) => text(one(sub(a.value), 1)!.value)),
      };
    }),
    initializers: all(graph, 5).map((t) => {
      const f = sub(t.value);
      return {
        name: text(one(f, 8)!.value),
        dims: decodePackedVarints((one(f, 1)?.value as Uint8Array) ?? new Uint8Array()).map(Number),
        dataType: Number(one(f, 2)!.value),
        bytes: (one(f, 9)!.value as Uint8Array).length,
      };
    }),
  };
}
