// The pickle reader never executes anything: malicious pickles (whose payloads would create a
// marker file) are refused at the offending import, and broken input of any kind ends in a
// ScratchnetError rather than another exception, a hang or a huge allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { ScratchnetError, loadPickleArrays, readPickle } from '../../src/index.js';

const dir = new URL('../fixtures/pickle/', import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));

interface Malicious {
  file: string;
  opcode: string;
  offset: number;
  global: string;
  marker: string;
}

const { malicious } = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { malicious: Malicious[] };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `fn` and returns the ScratchnetError it throws, failing on anything else. */
function scratchnetError(fn: () => unknown, what: string): ScratchnetError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScratchnetError) return error;
    assert.fail(`${what}: expected a ScratchnetError, got ${error instanceof Error ? error.stack : String(error)}`);
  }
  assert.fail(`${what}: expected an error, but it read`);
}

test('the malicious fixtures cover os.system, posix.system, builtins.eval, subprocess.Popen, a __reduce__ payload', () => {
  const globals = new Set(malicious.map((m) => m.global));
  for (const g of ['os.system', 'posix.system', 'builtins.eval', '__builtin__.eval', 'subprocess.Popen'])
    assert.ok(globals.has(g), g);
  assert.deepEqual(new Set(malicious.map((m) => m.opcode)), new Set(['GLOBAL', 'STACK_GLOBAL', 'INST']));
});

for (const m of malicious) {
  test(`${m.file}: refused with UNSAFE_PICKLE at ${m.opcode} offset ${m.offset} naming ${m.global}, and nothing ran`, () => {
    // The payload would `touch` this unique path; clear any leftover so its absence proves something.
    rmSync(m.marker, { force: true });
    const bytes = fixture(m.file);
    assert.ok(Buffer.from(bytes).includes(m.marker), 'the marker path is baked into the fixture');
    for (const read of [() => readPickle(bytes, m.file), () => loadPickleArrays(bytes, m.file)]) {
      const error = scratchnetError(read, m.file);
      assert.equal(error.code, 'UNSAFE_PICKLE', error.message);
      assert.match(
        error.message,
        new RegExp(`^(?:\\w+: )?${escapeRegExp(m.file)}: ${m.opcode} at offset ${m.offset}: `),
      );
      assert.match(error.message, new RegExp(`refused global ${escapeRegExp(m.global)}\\b`));
    }
    assert.equal(existsSync(m.marker), false, `${m.marker} exists: the payload ran`);
  });
}

test('a refused global stops the reader at once: later opcodes are never reached', () => {
  // GLOBAL os.system, then garbage that would be a BAD_FILE if the reader went on.
  const bytes = new Uint8Array(Buffer.from('cos\nsystem\n\xff\xff\xff', 'latin1'));
  assert.equal(scratchnetError(() => readPickle(bytes), 'os.system').code, 'UNSAFE_PICKLE');
});

test('calls and BUILD apply only to what the reader made itself', () => {
  const read = (text: string): ScratchnetError =>
    scratchnetError(() => readPickle(new Uint8Array(Buffer.from(text, 'latin1'))), text);
  // REDUCE on a str, NEWOBJ with numpy.ndarray, BUILD on a dict, calling numpy.ndarray: all refused.
  let e = read('\x80\x02X\x04\x00\x00\x00evil)R.');
  assert.equal(e.code, 'UNSAFE_PICKLE');
  assert.match(e.message, /REDUCE at offset 12: cannot call a str/);
  e = read('\x80\x02cnumpy\nndarray\n)\x81.');
  assert.equal(e.code, 'UNSAFE_PICKLE');
  assert.match(e.message, /NEWOBJ at offset 18: cannot create an instance of the global numpy\.ndarray/);
  e = read('\x80\x02}}b.');
  assert.equal(e.code, 'UNSAFE_PICKLE');
  assert.match(e.message, /BUILD at offset 4: refuses to set the state of a dict/);
  e = read('\x80\x02cnumpy\nndarray\n)R.');
  assert.equal(e.code, 'UNSAFE_PICKLE');
  assert.match(e.message, /cannot be called directly/);
  // _reconstruct of something other than numpy.ndarray.
  e = read('\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\ndtype\nK\x00\x85C\x01b\x87R.');
  assert.equal(e.code, 'UNSAFE_PICKLE');
  assert.match(e.message, /may only rebuild numpy\.ndarray/);
});

test('every opcode the reader does not implement is refused with its name and offset', () => {
  const cases: [number, string][] = [
    [0x50, 'PERSID'],
    [0x51, 'BINPERSID'],
    [0x6f, 'OBJ'],
    [0x82, 'EXT1'],
    [0x83, 'EXT2'],
    [0x84, 'EXT4'],
    [0x8f, 'EMPTY_SET'],
    [0x90, 'ADDITEMS'],
    [0x91, 'FROZENSET'],
    [0x92, 'NEWOBJ_EX'],
  ];
  for (const [code, name] of cases) {
    const e = scratchnetError(() => readPickle(new Uint8Array([0x80, 0x04, 0x4e, code, 0x2e])), name);
    assert.equal(e.code, 'UNSAFE_PICKLE', name);
    assert.match(
      e.message,
      new RegExp(`${name} at offset 3: opcode ${name} \\(0x${code.toString(16)}\\) is not supported`),
    );
  }
});

test('protocol 5 out-of-band buffers are refused clearly', () => {
  const e = scratchnetError(() => readPickle(fixture('out_of_band_p5.pkl'), 'oob.pkl'), 'oob');
  assert.equal(e.code, 'BAD_FILE');
  assert.match(e.message, /NEXT_BUFFER at offset \d+: .*out-of-band buffer.*buffer_callback/);
});

const SMALL = [
  'small_p0.pkl',
  'small_p1.pkl',
  'small_p2.pkl',
  'small_p3.pkl',
  'small_p4.pkl',
  'small_p5.pkl',
  'scalars_p2.pkl',
  'mixed_p4.pkl',
  'py2_p0.pkl',
  'py2_p2.pkl',
];

test('a pickle cut at every byte boundary fails with BAD_FILE or UNSAFE_PICKLE, never anything else', () => {
  for (const file of SMALL) {
    const bytes = fixture(file);
    readPickle(bytes, file); // the whole file reads
    for (let n = 0; n < bytes.length; n++) {
      const e = scratchnetError(() => readPickle(bytes.subarray(0, n), file), `${file} cut to ${n} bytes`);
      assert.ok(
        e.code === 'BAD_FILE' || e.code === 'UNSAFE_PICKLE',
        `${file} cut to ${n} bytes: ${e.code} ${e.message}`,
      );
    }
  }
});

test('sample_weight.pkl cut anywhere (every 101st byte) fails with BAD_FILE', () => {
  const bytes = fixture('sample_weight.pkl');
  for (let n = 0; n < bytes.length; n += 101) {
    const e = scratchnetError(() => loadPickleArrays(bytes.subarray(0, n)), `cut to ${n}`);
    assert.equal(e.code, 'BAD_FILE', `cut to ${n}: ${e.message}`);
  }
});

test('randomly corrupted pickles read or throw a ScratchnetError, never another exception', () => {
  const sources = [...SMALL, 'arrays_p2.pkl', 'arrays_p5.pkl', 'numpy1_arrays_p4.pkl'].map(fixture);
  const mutation = fc.record({
    source: fc.nat({ max: sources.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'insert', 'delete')), {
      minLength: 1,
      maxLength: 4,
    }),
  });
  fc.assert(
    fc.property(mutation, ({ source, edits }) => {
      const bytes = [...sources[source]!];
      for (const [at, value, kind] of edits) {
        const i = at % (bytes.length + 1);
        if (kind === 'set' && i < bytes.length) bytes[i] = value;
        else if (kind === 'insert') bytes.splice(i, 0, value);
        else if (kind === 'delete' && i < bytes.length) bytes.splice(i, 1);
      }
      try {
        readPickle(new Uint8Array(bytes));
      } catch (error) {
        if (!(error instanceof ScratchnetError)) throw error;
      }
    }),
    { numRuns: 3000, seed: 20240611 },
  );
});

test('headers claiming huge arrays fail before allocating, naming the bytes needed and held', () => {
  const before = process.memoryUsage().arrayBuffers;
  for (const [file, pattern] of [
    [
      'huge_shape_p2.pkl',
      /BUILD at offset \d+: shape \(100000, 100000\) of <f8 needs 80000000000 bytes, but the data holds 16/,
    ],
    [
      'huge_dim_p2.pkl',
      /BUILD at offset \d+: shape \(1099511627776, 1048576\) of <f8 needs \d+ bytes, but the data holds 8/,
    ],
    [
      'huge_frombuffer_p5.pkl',
      /REDUCE at offset \d+: shape \(2147483647,\) of <f8 needs 17179869176 bytes, but the data holds 8/,
    ],
    ['huge_binbytes_p3.pkl', /BINBYTES at offset 2: truncated: needs 2147483648 bytes/],
    ['huge_unicode8_p4.pkl', /BINUNICODE8 at offset 2: truncated/],
  ] as const) {
    const e = scratchnetError(() => readPickle(fixture(file), file), file);
    assert.equal(e.code, 'BAD_FILE');
    assert.match(e.message, pattern);
  }
  // Nothing near the claimed sizes was ever allocated (each claim is gigabytes or more).
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 2 ** 20);
});

test('a small pickle that decodes one memoised buffer over and over is refused as a bomb', () => {
  const bytes = fixture('bomb_p5.pkl');
  assert.ok(bytes.length < 80_000);
  const e = scratchnetError(() => readPickle(bytes, 'bomb.pkl'), 'bomb');
  assert.equal(e.code, 'BAD_FILE');
  assert.match(e.message, /REDUCE at offset \d+: .*decompression bomb/);
});

test('a list nested a million deep reads without overflowing the JS stack', () => {
  const depth = 1_000_000;
  const bytes = new Uint8Array(2 + 2 * depth + 1);
  bytes.set([0x80, 0x02]);
  // A million EMPTY_LISTs on the stack, then APPENDs folding each into the one below it.
  let at = 2;
  for (let i = 0; i < depth; i++) bytes[at++] = 0x5d;
  for (let i = 0; i < depth - 1; i++) bytes[at++] = 0x61;
  bytes[at++] = 0x2e;
  const value = readPickle(bytes.subarray(0, at));
  let node = value;
  let levels = 1;
  while (Array.isArray(node) && node.length === 1) {
    node = node[0]!;
    levels++;
  }
  assert.equal(levels, depth);
});
