/**
 * Turning a payload into a value. The default payload is a decimal number as text (what the Kinesis Data
 * Generator's `{{random.number(1000)}}` produces), surrounding whitespace allowed, nothing else. With a
 * value field, the payload is a JSON object and the value is a number at that field.
 */
import { valueProblem } from '@cwagg/core/limits';

export type ParseOutcome = { value: number; reason?: undefined } | { value?: undefined; reason: string };

/** Powers of ten exactly representable as doubles. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** Up to 15 significant digits an integer mantissa stays exact, so mantissa / 10^k rounds exactly once. */
const MAX_FAST_DIGITS = 15;

/*
 * The fast grammar: optional ASCII whitespace, an optional sign, digits with an optional fraction, optional
 * ASCII whitespace (space, \t, \n, \v, \f, \r: the ASCII part of what String.prototype.trim removes).
 * Exponents and long mantissas are valid numbers it leaves to the strict path. It is written out twice, over
 * bytes and over base64, as plain branches on locals: a shared table or a state object measured 30-40% more
 * instructions per record. The property tests hold both to the strict path.
 */
const START = 0;
const INTEGER = 1;
const FRACTION = 2;
const TRAILING = 3;

function isSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

function scannedValue(digits: number, mantissa: number, fractionDigits: number, negative: boolean): number {
  if (digits === 0 || digits > MAX_FAST_DIGITS) return Number.NaN;
  const magnitude = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] as number);
  return negative ? -magnitude : magnitude;
}

/**
 * The fast path over bytes. Returns NaN for anything it does not handle, which then takes the strict path;
 * where it returns a number, it is the one Number() gives for the same text.
 */
export function parseSimpleDecimal(bytes: Uint8Array, start: number, end: number): number {
  let state = START;
  let signed = false;
  let negative = false;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    const digit = byte - 48;
    if (digit >= 0 && digit <= 9) {
      if (state === TRAILING) return Number.NaN;
      mantissa = mantissa * 10 + digit;
      digits++;
      if (state === FRACTION) fractionDigits++;
      else state = INTEGER;
    } else if (byte === 46) {
      if (state === FRACTION || state === TRAILING) return Number.NaN;
      state = FRACTION;
    } else if (isSpace(byte)) {
      if (state !== START) state = TRAILING;
      else if (signed) return Number.NaN;
    } else if ((byte === 45 || byte === 43) && state === START && !signed) {
      signed = true;
      negative = byte === 45;
    } else {
      return Number.NaN;
    }
  }
  return scannedValue(digits, mantissa, fractionDigits, negative);
}

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

/**
 * `parseBase64Decimal` writing the value into `out[at]` and saying whether it did: a double returned from a
 * call that V8 does not inline is boxed on the heap, one allocation per record on the hot path.
 */
export function parseBase64DecimalInto(data: string, out: Float64Array, at: number): boolean {
  const n = data.length;
  if (n === 0 || (n & 3) !== 0 || n > MAX_FAST_BASE64_CHARS) return false;
  let state = START;
  let signed = false;
  let negative = false;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (let i = 0; i < n; i += 4) {
    const c0 = data.charCodeAt(i);
    const c1 = data.charCodeAt(i + 1);
    const c2 = data.charCodeAt(i + 2);
    const c3 = data.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) return false;
    const s0 = SEXTET[c0] as number;
    const s1 = SEXTET[c1] as number;
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
    if ((s0 | s1 | s2 | s3) < 0) return false;
    const group = (s0 << 18) | (s1 << 12) | (s2 << 6) | s3;
    // Three digits in a row (the bulk of any number) go in one step, without the byte loop.
    const d0 = (group >>> 16) - 48;
    const d1 = ((group >>> 8) & 255) - 48;
    const d2 = (group & 255) - 48;
    if (count === 3 && state !== TRAILING && d0 >>> 0 <= 9 && d1 >>> 0 <= 9 && d2 >>> 0 <= 9) {
      mantissa = mantissa * 1000 + d0 * 100 + d1 * 10 + d2;
      digits += 3;
      if (state === FRACTION) fractionDigits += 3;
      else state = INTEGER;
      continue;
    }
    for (let k = 0; k < count; k++) {
      const byte = (group >>> (16 - 8 * k)) & 255;
      const digit = byte - 48;
      if (digit >= 0 && digit <= 9) {
        if (state === TRAILING) return false;
        mantissa = mantissa * 10 + digit;
        digits++;
        if (state === FRACTION) fractionDigits++;
        else state = INTEGER;
      } else if (byte === 46) {
        if (state === FRACTION || state === TRAILING) return false;
        state = FRACTION;
      } else if (isSpace(byte)) {
        if (state !== START) state = TRAILING;
        else if (signed) return false;
      } else if ((byte === 45 || byte === 43) && state === START && !signed) {
        signed = true;
        negative = byte === 45;
      } else {
        return false;
      }
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return false;
  out[at] = scannedValue(digits, mantissa, fractionDigits, negative);
  return true;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const PREVIEW_CHARS = 40;

/** A payload as a message shows it: quoted, cut at 40 characters. */
export function preview(text: string): string {
  const shown = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  return JSON.stringify(shown);
}

/** The payload as text, or undefined when it is not valid UTF-8 (a leading byte-order mark is dropped). */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function rangeChecked(value: number, shown: string): ParseOutcome {
  if (valueProblem(value) !== undefined) {
    return { reason: `payload ${shown} is outside CloudWatch's range of -2^360..2^360` };
  }
  return { value };
}

/** The strict path for a decimal-text payload, with a reason a person understands when it is invalid. */
export function parseDecimalPayload(bytes: Uint8Array): ParseOutcome {
  if (bytes.length === 0) return { reason: 'payload is empty' };
  const text = decodeText(bytes);
  if (text === undefined) return { reason: 'payload is not valid UTF-8' };
  const trimmed = text.trim();
  if (trimmed === '') return { reason: 'payload is only whitespace' };
  if (!DECIMAL.test(trimmed)) {
    const hint = trimmed.startsWith('{') ? ' (set VALUE_FIELD to read a field of a JSON payload)' : '';
    return { reason: `payload ${preview(text)} is not a decimal number${hint}` };
  }
  return rangeChecked(Number(trimmed), preview(trimmed));
}

/** Reads a number at `path` (already split on dots) of a JSON object payload. */
export function parseJsonFieldPayload(bytes: Uint8Array, path: readonly string[]): ParseOutcome {
  if (bytes.length === 0) return { reason: 'payload is empty' };
  const text = decodeText(bytes);
  if (text === undefined) return { reason: 'payload is not valid UTF-8' };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { reason: `payload ${preview(text)} is not JSON` };
  }
  let node: unknown = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) {
      return { reason: `payload has no field "${path.join('.')}"` };
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'number') {
    return { reason: `field "${path.join('.')}" is ${node === null ? 'null' : typeof node}, not a number` };
  }
  return rangeChecked(node, JSON.stringify(node));
}

export interface ParseOptions {
  /** Dotted path of a numeric field in a JSON payload; absent: the payload is decimal text. */
  valueField?: readonly string[];
}

/** Parses one payload (a whole record, or one KPL sub-record). */
export function parsePayload(bytes: Uint8Array, options: ParseOptions): ParseOutcome {
  if (options.valueField !== undefined) return parseJsonFieldPayload(bytes, options.valueField);
  const value = parseSimpleDecimal(bytes, 0, bytes.length);
  return Number.isNaN(value) ? parseDecimalPayload(bytes) : { value };
}
