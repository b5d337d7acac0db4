// The protobuf wire encoder against bytes worked out by hand from the format's rules, and the
// reader against the encoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodePackedVarints,
  decodeProto,
  encodeVarint,
  float32Bytes,
  ProtoWriter,
} from '../../src/export/protobuf.js';
import { ScratchnetError } from '../../src/index.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

test('varints: seven bits per byte, lowest first, continuation bit on all but the last', () => {
  assert.deepEqual(encodeVarint(0), bytes(0x00));
  assert.deepEqual(encodeVarint(1), bytes(0x01));
  assert.deepEqual(encodeVarint(127), bytes(0x7f));
  assert.deepEqual(encodeVarint(128), bytes(0x80, 0x01));
  assert.deepEqual(encodeVarint(150), bytes(0x96, 0x01)); // the protobuf documentation's example
  assert.deepEqual(encodeVarint(300), bytes(0xac, 0x02));
  assert.deepEqual(encodeVarint(2 ** 32), bytes(0x80, 0x80, 0x80, 0x80, 0x10));
  // int64 -1: two's complement, ten bytes.
  assert.deepEqual(encodeVarint(-1), bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
  assert.throws(() => encodeVarint(0.5), ScratchnetError);
  assert.throws(() => encodeVarint(2n ** 64n), ScratchnetError);
});

test('fields: tag = field number · 8 + wire type, then the value', () => {
  // Field 1 varint 150: the documentation's 08 96 01.
  assert.deepEqual(new ProtoWriter().varint(1, 150).finish(), bytes(0x08, 0x96, 0x01));
  // Field 2 string "testing": 12 07 74 65 73 74 69 6e 67.
  assert.deepEqual(
    new ProtoWriter().string(2, 'testing').finish(),
    bytes(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67),
  );
  // Field 2 fixed32 float 1.0 (0x3f800000 little-endian): 15 00 00 80 3f.
  assert.deepEqual(new ProtoWriter().float(2, 1).finish(), bytes(0x15, 0x00, 0x00, 0x80, 0x3f));
  // Field 20 varint 7: tag 160 = a0 01.
  assert.deepEqual(new ProtoWriter().varint(20, 7).finish(), bytes(0xa0, 0x01, 0x07));
  // Field 3 message { field 1 varint 150 }: 1a 03 08 96 01.
  assert.deepEqual(
    new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish(),
    bytes(0x1a, 0x03, 0x08, 0x96, 0x01),
  );
});

test('packed repeated fields: one length-delimited run of the values', () => {
  // Field 4 packed [3, 270, 86942]: the documentation's 22 06 03 8e 02 9e a7 05.
  assert.deepEqual(
    new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish(),
    bytes(0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05),
  );
  // Field 7 packed floats [1, -2]: 3a 08 then 00 00 80 3f, 00 00 00 c0.
  assert.deepEqual(
    new ProtoWriter().packedFloats(7, [1, -2]).finish(),
    bytes(0x3a, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0),
  );
  assert.deepEqual(new ProtoWriter().packedVarints(1, []).finish(), bytes(0x0a, 0x00));
});

test('float32 bytes are little-endian IEEE 754', () => {
  assert.deepEqual(float32Bytes(Float32Array.of(1, 0.5)), bytes(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x3f));
});

test('the reader gives back what the writer wrote, and refuses truncated messages', () => {
  const message = new ProtoWriter()
    .varint(1, 2 ** 40)
    .float(2, 0.25)
    .string(3, 'héllo')
    .packedVarints(4, [1, 300, -1])
    .message(5, new ProtoWriter().varint(1, 9))
    .finish();
  const fields = decodeProto(message);
  assert.deepEqual(
    fields.map((f) => [f.field, f.wireType]),
    [
      [1, 0],
      [2, 5],
      [3, 2],
      [4, 2],
      [5, 2],
    ],
  );
  assert.equal(fields[0]!.value, 2 ** 40);
  assert.equal(fields[1]!.value, 0.25);
  assert.equal(new TextDecoder().decode(fields[2]!.value as Uint8Array), 'héllo');
  assert.deepEqual(decodePackedVarints(fields[3]!.value as Uint8Array), [1, 300, -1]);
  assert.deepEqual(decodeProto(fields[4]!.value as Uint8Array), [{ field: 1, wireType: 0, value: 9 }]);
  assert.throws(() => decodeProto(message.subarray(0, message.length - 1)), { code: 'BAD_FILE' });
  assert.throws(() => decodeProto(bytes(0x08, 0x80)), { code: 'BAD_FILE' });
});
