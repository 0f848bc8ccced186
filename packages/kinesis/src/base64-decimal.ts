/**
 * The fast path of a bare-number record: its base64 data decoded and scanned in one pass, without allocating
 * (the fast grammar of decimal-grammar.ts). Anything else is left to the full decode (full-record-decode.ts).
 */
import { MAX_FAST_DIGITS, POWERS_OF_TEN, parseSimpleDecimal } from './decimal-grammar.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Sextet per ASCII code, -1 for characters outside the alphabet. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) SEXTET[BASE64_ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='
/** Longest base64 the fast path reads: 24 bytes is more than any fast-path decimal needs. */
const MAX_FAST_BASE64_CHARS = 32;

const single = new Float64Array(1);

/**
 * The fast path straight from a record's base64 data: decodes and scans in one pass, without allocating.
 * NaN for anything else (long, KPL, JSON, invalid base64...), which the strict path then explains.
 */
export function parseBase64Decimal(data: string): number {
  return parseBase64DecimalInto(data, single, 0) ? (single[0] as number) : Number.NaN;
}

/** Base64 of up to MAX_FAST_DIGITS characters (3 a group of 4): a number of that many digits is exact. */
const MAX_SHORT_CHARS = (MAX_FAST_DIGITS / 3) * 4;
/** 'A', zero bits: a padded last group reads as if it were not padded. */
const ZERO_SEXTET_CHAR = 65;
const POINT = 46; // '.'

/**
 * `parseBase64Decimal` writing the value into `out[at]` and saying whether it did: a double returned from a
 * call that V8 does not inline is boxed on the heap, one allocation per record on the hot path.
 *
 * Digits with at most one point (the usual payload: an unsigned integer or decimal of up to 15 characters)
 * are read here, in a function small enough for V8 to inline into the record loop; anything else is read again
 * from the start by the whole grammar (parseBase64DecimalFull), which V8 does not inline: its call was about a
 * third of the original workload's decode (it is 450 bytes of bytecode against V8's limit of 460: check with
 * `node --print-bytecode --print-bytecode-filter=parseBase64DecimalInto` after a change). The property tests
 * hold both to the strict path.
 */
export function parseBase64DecimalInto(data: string, out: Float64Array, at: number): boolean {
  const n = data.length;
  let mantissa = 0;
  let digits = 0;
  // -1 until the point.
  let fractionDigits = -1;
  let i = 0;
  if ((n & 3) === 0 && n <= MAX_SHORT_CHARS) {
    for (; i < n; i += 4) {
      const c0 = data.charCodeAt(i);
      const c1 = data.charCodeAt(i + 1);
      let c2 = data.charCodeAt(i + 2);
      let c3 = data.charCodeAt(i + 3);
      let bytes = 3;
      if (c3 === PAD && i + 4 === n) {
        bytes = c2 === PAD ? 1 : 2;
        c3 = ZERO_SEXTET_CHAR;
        if (bytes === 1) c2 = ZERO_SEXTET_CHAR;
      }
      if ((c0 | c1 | c2 | c3) > 127) break;
      // A character outside the alphabet sets every upper bit of the group: its first byte is then 255.
      const group =
        ((SEXTET[c0] as number) << 18) |
        ((SEXTET[c1] as number) << 12) |
        ((SEXTET[c2] as number) << 6) |
        (SEXTET[c3] as number);
      let k = 0;
      for (; k < bytes; k++) {
        const byte = (group >>> (16 - 8 * k)) & 255;
        if ((byte - 48) >>> 0 <= 9) {
          mantissa = mantissa * 10 + byte - 48;
          digits++;
          if (fractionDigits >= 0) fractionDigits++;
        } else if (byte === POINT && fractionDigits < 0) {
          fractionDigits = 0;
        } else {
          break;
        }
      }
      if (k < bytes) break;
    }
  }
  if (i !== n || digits === 0) return parseBase64DecimalFull(data, out, at);
  // scannedValue's division, written out: calling it took this function to 458 bytes of bytecode against
  // V8's inlining limit of 460, and exact latencies about 2 ns a record slower.
  out[at] = fractionDigits > 0 ? mantissa / (POWERS_OF_TEN[fractionDigits] as number) : mantissa;
  return true;
}

/** Bytes of the longest base64 the whole grammar reads. */
const fullBytes = new Uint8Array((MAX_FAST_BASE64_CHARS / 4) * 3);

/**
 * parseBase64DecimalInto over the whole grammar (a sign, a fraction, whitespace around): the base64 decoded
 * into a small buffer, then read by parseSimpleDecimal, the grammar over bytes. Only payloads the inlined
 * reader leaves come here (exported for the tests).
 */
export function parseBase64DecimalFull(data: string, out: Float64Array, at: number): boolean {
  const n = data.length;
  if (n === 0 || (n & 3) !== 0 || n > MAX_FAST_BASE64_CHARS) return false;
  let length = 0;
  for (let i = 0; i < n; i += 4) {
    const c0 = data.charCodeAt(i);
    const c1 = data.charCodeAt(i + 1);
    const c2 = data.charCodeAt(i + 2);
    const c3 = data.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) return false;
    let count = 3;
    let s2 = SEXTET[c2] as number;
    let s3 = SEXTET[c3] as number;
    if (c3 === PAD) {
      if (i + 4 !== n) return false;
      s3 = 0;
      count = 2;
      if (c2 === PAD) {
        s2 = 0;
        count = 1;
      }
    }
    const group = ((SEXTET[c0] as number) << 18) | ((SEXTET[c1] as number) << 12) | (s2 << 6) | s3;
    if (group < 0) return false;
    for (let k = 0; k < count; k++) fullBytes[length++] = (group >>> (16 - 8 * k)) & 255;
  }
  const value = parseSimpleDecimal(fullBytes, 0, length);
  if (Number.isNaN(value)) return false;
  out[at] = value;
  return true;
}
