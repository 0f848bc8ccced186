/**
 * Turning a payload into a value. The default payload is a decimal number as text (what the Kinesis Data
 * Generator's `{{random.number(1000)}}` produces), surrounding whitespace allowed, nothing else. With a
 * value field, the payload is a JSON object and the value is a number at that field.
 */
import { valueProblem } from '@cwagg/core/limits';
import { parseSimpleDecimal } from './decimal-grammar.js';

export { parseSimpleDecimal };

export type ParseOutcome = { value: number; reason?: undefined } | { value?: undefined; reason: string };

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
