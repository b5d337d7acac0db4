/**
 * Text and number decoding for the pickle machine: latin-1, Python ints of any length, and the
 * text forms of protocol 0 (decimal ints and floats, raw-unicode-escape, quoted Python 2 strings).
 * Each parser reports through `fail`, which throws with the opcode's offset.
 */

/** Throws a BAD_FILE error naming the current opcode. */
export type Fail = (message: string) => never;

/** Python refuses to parse longer decimal ints (sys.int_info.default_max_str_digits), for the same reason: time. */
export const MAX_DECIMAL_DIGITS = 4300;

/** Strict UTF-8: a malformed name or string is an error, never replacement characters. */
export const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text from the file quoted for a message, cut short: a hostile line may be megabytes long. */
export function quote(text: string): string {
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}...` : JSON.stringify(text);
}

/** Characters from code units: bytes as latin-1, or UTF-16 (String.fromCharCode keeps lone surrogates, as Python does). */
export function latin1(bytes: Uint8Array | Uint16Array): string {
  let out = '';
  // Chunked, since one call takes a bounded number of arguments; apply on a typed array is ~6x
  // faster than spreading it (which goes through the iterator).
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

export function bigintToValue(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** A Python int of `bytes.length` bytes, little-endian two's complement (LONG1/LONG4). */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[bytes.length - 1]! >= 0x80) value -= 1n << BigInt(8 * bytes.length);
  return bigintToValue(value);
}

export function parseIntText(text: string, fail: Fail): number | bigint {
  if (!/^[+-]?\d+$/.test(text)) fail(`${quote(text)} is not an integer`);
  if (text.length > MAX_DECIMAL_DIGITS + 1)
    fail(`an integer of ${text.length} digits is longer than Python itself reads (${MAX_DECIMAL_DIGITS})`);
  return bigintToValue(BigInt(text));
}

export function parseFloatText(text: string, fail: Fail): number {
  const t = text.trim().toLowerCase();
  const special: Record<string, number> = {
    inf: Infinity,
    '+inf': Infinity,
    '-inf': -Infinity,
    infinity: Infinity,
    '+infinity': Infinity,
    '-infinity': -Infinity,
    nan: NaN,
    '+nan': NaN,
    '-nan': NaN,
  };
  if (t in special) return special[t]!;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) fail(`${quote(text)} is not a float`);
  return Number(t);
}

/** Python's raw-unicode-escape: latin-1 bytes, except \\uXXXX and \\UXXXXXXXX after an odd run of backslashes. */
export function rawUnicodeEscape(bytes: Uint8Array, fail: Fail): string {
  if (bytes.indexOf(0x5c) < 0) return latin1(bytes);
  // Protocol 0 writes every NUL of an array's data as \u0000: decode into one buffer of UTF-16
  // code units (escapes only shrink) rather than millions of small strings.
  const out = new Uint16Array(bytes.length);
  let n = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0x5c) {
      out[n++] = bytes[i++]!;
      continue;
    }
    let run = 0;
    while (bytes[i + run] === 0x5c) run++;
    const next = bytes[i + run];
    const escaped = run % 2 === 1 && (next === 0x75 || next === 0x55);
    for (let r = 0; r < (escaped ? run - 1 : run); r++) out[n++] = 0x5c;
    i += run;
    if (!escaped) continue;
    const digits = next === 0x75 ? 4 : 8;
    let code = 0;
    for (let d = 1; d <= digits; d++) {
      const h = hexValue(bytes[i + d]);
      if (h < 0) fail(`truncated \\${String.fromCharCode(next)} escaped at byte ${i - 1} of the text`);
      code = code * 16 + h;
    }
    if (code > 0x10ffff) fail(`the escaped at byte ${i - 1} of the text is beyond Unicode`);
    if (code > 0xffff) {
      out[n++] = 0xd800 + ((code - 0x10000) >> 10);
      out[n++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
    } else {
      out[n++] = code;
    }
    i += 1 + digits;
  }
  return latin1(out.subarray(0, n));
}

/** A Python 2 str literal (STRING): quoted, with backslash escapes; its bytes become latin-1 characters. */
export function quotedString(bytes: Uint8Array, fail: Fail): string {
  const q = bytes[0];
  if (bytes.length < 2 || (q !== 0x27 && q !== 0x22) || bytes[bytes.length - 1] !== q) {
    fail('the STRING argument must be a quoted literal');
  }
  const body = latin1(bytes.subarray(1, bytes.length - 1));
  const simple: Record<string, string> = {
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\n': '',
  };
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])?/g, (whole, esc: string | undefined) => {
    if (esc === undefined) fail('the STRING literal ends with a lone backslash');
    if (esc[0] === 'x' && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (esc === 'x') fail('the STRING literal has a truncated \\x escaped');
    return simple[esc] ?? whole;
  });
}
