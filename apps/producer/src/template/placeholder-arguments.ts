/**
 * The checks of a placeholder's arguments, as faker.js took them (numbers as text, 0/1 for a gender, ...).
 * They run once per template, never per record, and throw an ArgumentError a person can act on.
 */
import { ArgumentError } from './placeholder-definition.js';

export const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

export function numberArg(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new ArgumentError(`${what} must be a number, got ${show(value)}`);
  }
  return n;
}

export function countArg(value: unknown, what: string): number | undefined {
  const n = numberArg(value, what);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new ArgumentError(`${what} must be a whole number of at least 0, got ${show(value)}`);
  }
  return n;
}

export function stringArg(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ArgumentError(`${what} must be text, got ${show(value)}`);
}

export function boolArg(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'false' || value === '0' || value === '') return false;
  return Boolean(value);
}

export function objectArg(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgumentError(`${what} must be a JSON object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

export function arrayArg(value: unknown, what: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ArgumentError(`${what} must be a JSON array, got ${show(value)}`);
  if (value.length === 0) throw new ArgumentError(`${what} must not be empty`);
  return value;
}

export function dateArg(value: unknown, what: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) throw new ArgumentError(`${what} is not a date: ${show(value)}`);
  return date;
}

/** 0 / "male" and 1 / "female", as faker.js took a gender argument. */
export function sexArg(value: unknown): 'male' | 'female' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0 || value === '0' || value === 'male') return 'male';
  if (value === 1 || value === '1' || value === 'female') return 'female';
  throw new ArgumentError(`gender must be 0 (male) or 1 (female), got ${show(value)}`);
}

export interface Range {
  min: number;
  max: number;
  precision: number;
}

/** faker.js `random.number` options: a max, or `{min, max, precision}`; the max is inclusive. */
export function rangeArg(value: unknown, defaults: Range, numberMeans: 'max' | 'precision'): Range {
  const range = { ...defaults };
  if (typeof value === 'number' || typeof value === 'string') {
    range[numberMeans] = numberArg(value, numberMeans) ?? range[numberMeans];
  } else {
    const options = objectArg(value, 'the options');
    if (options) {
      range.min = numberArg(options.min, 'min') ?? range.min;
      range.max = numberArg(options.max, 'max') ?? range.max;
      range.precision = numberArg(options.precision, 'precision') ?? range.precision;
    }
  }
  if (range.precision <= 0) throw new ArgumentError(`precision must be above 0, got ${range.precision}`);
  if (range.max < range.min) throw new ArgumentError(`max (${range.max}) is below min (${range.min})`);
  return range;
}
