/** Turning the text after a flag into its value, or into a message that names the flag and the reason. */
import { DURATION_EXAMPLES, parseDuration } from './duration.js';
import type { FlagSpec, IntegerFlag, NumberFlag } from './flags.js';
import { formatNumber } from './format-number.js';
import { suggest } from './suggest.js';
import { UsageError } from './usage-error.js';

/** Digits, optionally grouped in thousands with commas (20,000) or split with underscores (20_000). */
const WHOLE_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)$/;
/** A plain decimal, optionally with an exponent: 0.3, .5, -1.25, 1e-5. No hex, no Infinity. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A bound or a default of a numeric flag as help and messages show it: 1,000,000, or 4582 for a port. */
export function formatFlagNumber(spec: IntegerFlag | NumberFlag, value: number): string {
  return spec.grouping === false ? String(value) : formatNumber(value);
}

/** "from 1 to 1,000,000", "of at least 1", "of at most 5", or "" when the table sets no bounds. */
export function describeRange(spec: IntegerFlag | NumberFlag): string {
  const { min, max } = spec;
  const show = (value: number) => formatFlagNumber(spec, value);
  if (min !== undefined && max !== undefined) return `from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `of at least ${show(min)}`;
  if (max !== undefined) return `of at most ${show(max)}`;
  return '';
}

/** What a value of this flag must be, as the end of "--flag must be ...". */
export function describeExpected(spec: FlagSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'given without a value';
    case 'string':
      return 'a non-empty text';
    case 'integer':
      return ['a whole number', describeRange(spec)].filter(Boolean).join(' ');
    case 'number':
      return ['a number', describeRange(spec)].filter(Boolean).join(' ');
    case 'duration':
      return `a duration such as ${DURATION_EXAMPLES} (a bare number is seconds)`;
    case 'enum':
      return `one of ${spec.choices.join(', ')}`;
    case 'list':
      return `a comma-separated list of ${spec.choices.join(', ')}`;
  }
}

/** The value as typed, quoted unless it reads as a number: got -5, got "abc", got "". */
export function shown(text: string): string {
  return DECIMAL.test(text.trim()) || WHOLE_NUMBER.test(text.trim()) ? text.trim() : JSON.stringify(text);
}

function refuse(flag: string, spec: FlagSpec, text: string, hint = ''): UsageError {
  return new UsageError(`${flag} must be ${describeExpected(spec)}, got ${shown(text)}${hint}`);
}

function didYouMean(typed: string, choices: readonly string[]): string {
  const near = suggest(typed, choices);
  return near === undefined ? '' : `; did you mean ${near}?`;
}

function inRange(value: number, spec: IntegerFlag | NumberFlag): boolean {
  return (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
}

/**
 * The value of `flag` (as typed, e.g. "--count") from `text`. Throws a UsageError naming the flag, what
 * it must be and what it got.
 */
export function parseFlagValue(flag: string, spec: FlagSpec, text: string): unknown {
  const trimmed = text.trim();
  switch (spec.type) {
    case 'boolean':
      throw new UsageError(`${flag} takes no value, got ${shown(text)}`);
    case 'string':
      if (text === '' && !spec.allowEmpty) throw new UsageError(`${flag} needs a value, got ""`);
      return text;
    case 'integer': {
      const value = WHOLE_NUMBER.test(trimmed) ? Number(trimmed.replace(/[,_]/g, '')) : Number.NaN;
      if (!Number.isSafeInteger(value) || !inRange(value, spec)) throw refuse(flag, spec, text);
      return value;
    }
    case 'number': {
      const value = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
      if (!Number.isFinite(value) || !inRange(value, spec)) throw refuse(flag, spec, text);
      return value;
    }
    case 'duration': {
      const ms = parseDuration(trimmed);
      if (ms === undefined) throw refuse(flag, spec, text);
      return ms;
    }
    case 'enum': {
      const choice = spec.choices.find((c) =>
        spec.ignoreCase ? c.toLowerCase() === trimmed.toLowerCase() : c === trimmed,
      );
      if (choice === undefined) throw refuse(flag, spec, text, didYouMean(trimmed, spec.choices));
      return choice;
    }
    case 'list': {
      const items = trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const unknown = items.find((item) => !spec.choices.includes(item));
      if (items.length === 0 || unknown !== undefined) {
        throw refuse(flag, spec, text, unknown === undefined ? '' : didYouMean(unknown, spec.choices));
      }
      return [...new Set(items)];
    }
  }
}
