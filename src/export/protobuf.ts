/**
 * The small part of the protocol buffers wire format that ONNX files need: varints, length-delimited
 * fields (bytes, strings, nested messages, packed lists) and fixed32 floats. Writing it here keeps the
 * export free of dependencies and working unchanged in browsers. A matching reader splits a message
 * into its fields, for tests and for tools that look inside a written model.
 */
import { ScratchnetError } from '../errors.js';

/** The wire types ONNX uses: how the bytes after a field's tag are to be read. */
export const WIRE = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

const TWO_TO_63 = 2n ** 63n;

/**
 * The varint bytes of an integer: seven bits per byte, lowest first, the top bit set on every byte
 * but the last. Negative numbers are int64 two's complement, ten bytes, as protobuf writes them.
 */
export function encodeVarint(value: number | bigint): Uint8Array {
  const integer = typeof value === 'bigint' || Number.isSafeInteger(value);
  let v = integer ? BigInt(value) : 0n;
  if (!integer || v < -TWO_TO_63 || v >= TWO_TO_63) {
    throw new ScratchnetError('BAD_ARGUMENT', `encodeVarint: value must be a 64-bit integer, got ${String(value)}`);
  }
  if (v < 0n) v = BigInt.asUintN(64, v);
  const bytes: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(bytes);
}

const textEncoder = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The IEEE 754 single-precision bytes of `values`, little-endian, as protobuf and ONNX's raw_data store them. */
export function float32Bytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/**
 * Builds one protobuf message field by field, in the order the calls come (protobuf readers accept
 * any order). Nested messages are other writers, finished when they are added.
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private tag(field: number, wireType: number): void {
    this.push(encodeVarint(field * 8 + wireType));
  }

  /** An integer field (int32, int64, enum, bool as 0/1). */
  varint(field: number, value: number): this {
    this.tag(field, WIRE.VARINT);
    this.push(encodeVarint(value));
    return this;
  }

  /** A float field: four little-endian IEEE 754 bytes. */
  float(field: number, value: number): this {
    this.tag(field, WIRE.FIXED32);
    this.push(float32Bytes(Float32Array.of(value)).slice());
    return this;
  }

  /** A bytes field: its length as a varint, then the bytes. */
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE.LENGTH_DELIMITED);
    this.push(encodeVarint(data.length));
    this.push(data);
    return this;
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, text: string): this {
    return this.bytes(field, textEncoder.encode(text));
  }

  /** A nested message field. */
  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  /** A repeated integer field written packed: one length-delimited run of varints. */
  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.push(encodeVarint(v));
    return this.bytes(field, inner.finish());
  }

  /** A repeated float field written packed: one length-delimited run of fixed32 values. */
  packedFloats(field: number, values: readonly number[]): this {
    return this.bytes(field, float32Bytes(Float32Array.from(values)).slice());
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/** One field of a decoded message: a number for varint and fixed fields, the bytes for length-delimited ones. */
export interface ProtoField {
  /** The field number. */
  field: number;
  /** The wire type (see `WIRE`). */
  wireType: number;
  /** The integer (varint, as a bigint beyond 2^53), the float (fixed32), or the bytes. */
  value: number | bigint | Uint8Array;
}

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let result = 0n;
  for (let shift = 0n, i = at; i < bytes.length && shift < 70n; i++, shift += 7n) {
    const b = bytes[i] ?? 0;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, i + 1];
  }
  throw new ScratchnetError('BAD_FILE', `decodeProto: a varint at byte ${at} runs past the end of the message`);
}

function smallest(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The field starting at `at` and where the next one starts. */
function readField(bytes: Uint8Array, at: number): [ProtoField, number] {
  const [key, afterTag] = readVarint(bytes, at);
  const field = Number(key >> 3n);
  const wireType = Number(key & 7n);
  const truncated = (): ScratchnetError =>
    new ScratchnetError('BAD_FILE', `decodeProto: field ${field} at byte ${at} runs past the end of the message`);
  switch (wireType) {
    case WIRE.VARINT: {
      const [v, next] = readVarint(bytes, afterTag);
      return [{ field, wireType, value: smallest(v) }, next];
    }
    case WIRE.FIXED32:
    case WIRE.FIXED64: {
      const width = wireType === WIRE.FIXED32 ? 4 : 8;
      if (afterTag + width > bytes.length) throw truncated();
      const view = new DataView(bytes.buffer, bytes.byteOffset + afterTag, width);
      const value = width === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
      return [{ field, wireType, value }, afterTag + width];
    }
    case WIRE.LENGTH_DELIMITED: {
      const [length, start] = readVarint(bytes, afterTag);
      const end = start + Number(length);
      if (end > bytes.length) throw truncated();
      return [{ field, wireType, value: bytes.subarray(start, end) }, end];
    }
    default:
      throw new ScratchnetError('BAD_FILE', `decodeProto: unknown wire type ${wireType} at byte ${at}`);
  }
}

/** Every field of one message, in file order. Throws `BAD_FILE` for bytes that are not a message. */
export function decodeProto(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  for (let at = 0; at < bytes.length; ) {
    const [f, next] = readField(bytes, at);
    fields.push(f);
    at = next;
  }
  return fields;
}

/** The varints of a packed repeated field. */
export function decodePackedVarints(bytes: Uint8Array): (number | bigint)[] {
  const values: (number | bigint)[] = [];
  for (let at = 0; at < bytes.length; ) {
    const [v, next] = readVarint(bytes, at);
    values.push(smallest(BigInt.asIntN(64, v)));
    at = next;
  }
  return values;
}
