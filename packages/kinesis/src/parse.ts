/**
 * Turning a payload into a value. The default payload is a decimal number as text (what the Kinesis Data
 * Generator's `{{random.number(1000)}}` produces), surrounding whitespace allowed, nothing else. With a
 * value field, the payload is a JSON object and the value is a number at that field.
 */
import { valueProblem } from '@cwagg/core/limits';
import { FRACTION, INTEGER, isSpace, START, scannedValue, TRAILING } from './decimal-grammar.js';

export type ParseOutcome = { value: number; reason?: undefined } | { value?: undefined; reason: string };

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
