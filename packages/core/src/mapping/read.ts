/**
 * Reading one event (a parsed JSON object) with a compiled directive: each metric's values, each dimension's
 * value, and why anything could not be used. The rules, the same for every reader:
 *
 * - a metric member holds a number, or an array of at most 100 numbers (the embedded metric format's
 *   targets); numbers outside CloudWatch's range are set aside one by one;
 * - a dimension member holds a string CloudWatch takes, or a number, which becomes its text (`200`, `0.5`);
 * - a member that is absent (or whose parent is not an object) is missing.
 */

import { MAX_VALUE_MAGNITUDE, MAX_VALUES_PER_METRIC_MEMBER } from '../limits/constants.js';
import { dimensionValueProblem } from '../limits/validation.js';
import type { CompiledDimension, CompiledMetric } from './directive.js';

/**
 * Why a value of a readable event is not published. A fixed vocabulary, so that it can be a dimension value
 * of a self-metric without adding cardinality.
 */
export const SET_ASIDE_REASONS = [
  'MissingField',
  'NotANumber',
  'OutOfRange',
  'TooManyValues',
  'MissingDimension',
  'BadDimension',
] as const;
export type SetAsideReason = (typeof SET_ASIDE_REASONS)[number];

export interface SetAside {
  reason: SetAsideReason;
  /** For a person: which member, and what was wrong with it. */
  detail: string;
}

export interface MetricReading {
  /** The values CloudWatch takes, in the order they appear. */
  values: number[];
  /** One entry per value set aside (one for the whole member when it holds no usable number). */
  setAside: SetAside[];
}

export type DimensionReading =
  | { value: string; reason?: undefined; detail?: undefined }
  | { value?: undefined; reason: 'MissingDimension' | 'BadDimension'; detail: string };

const ABSENT = Symbol('absent');

/**
 * The value at `path` from `root`, or ABSENT when a key is missing or a step is not an object. A member holding
 * `undefined` (possible in a service's own objects, never in JSON) is missing too.
 */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) {
      return ABSENT;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined ? ABSENT : node;
}

/** How a JSON value is named in a message: "a string", "null", "an array". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const field = (metric: CompiledMetric) => `field "${metric.path.join('.')}"`;

export function missingMetric(metric: CompiledMetric): MetricReading {
  return { values: [], setAside: [{ reason: 'MissingField', detail: `${field(metric)} is missing` }] };
}

export function outOfRange(metric: CompiledMetric, value: number): SetAside {
  return {
    reason: 'OutOfRange',
    detail: `${field(metric)} holds ${value}, outside CloudWatch's range of -2^360..2^360`,
  };
}

export function readMetric(event: unknown, metric: CompiledMetric): MetricReading {
  const raw = valueAt(event, metric.path);
  if (raw === ABSENT) return missingMetric(metric);
  const reading: MetricReading = { values: [], setAside: [] };
  if (typeof raw === 'number') {
    if (raw <= MAX_VALUE_MAGNITUDE && raw >= -MAX_VALUE_MAGNITUDE) reading.values.push(raw);
    else reading.setAside.push(outOfRange(metric, raw));
    return reading;
  }
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'number')) {
    if (raw.length > MAX_VALUES_PER_METRIC_MEMBER) {
      reading.setAside.push({
        reason: 'TooManyValues',
        detail: `${field(metric)} holds ${raw.length} values; the embedded metric format allows at most ${MAX_VALUES_PER_METRIC_MEMBER}`,
      });
      return reading;
    }
    for (const value of raw as number[]) {
      if (value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE) reading.values.push(value);
      else reading.setAside.push(outOfRange(metric, value));
    }
    return reading;
  }
  const what = Array.isArray(raw) ? 'an array holding something other than numbers' : describeJsonValue(raw);
  reading.setAside.push({ reason: 'NotANumber', detail: `${field(metric)} is ${what}, not a number` });
  return reading;
}

const dimensionField = (dimension: CompiledDimension) =>
  dimension.path.length === 1 && dimension.path[0] === dimension.name
    ? `dimension "${dimension.name}"`
    : `dimension "${dimension.name}" (field "${dimension.path.join('.')}")`;

export function missingDimension(dimension: CompiledDimension): DimensionReading {
  return { reason: 'MissingDimension', detail: `${dimensionField(dimension)} is missing` };
}

/** A dimension's reading from its text (a string member, or a number's text). */
export function dimensionFromText(dimension: CompiledDimension, text: string): DimensionReading {
  const problem = dimensionValueProblem(text);
  if (problem === undefined) return { value: text };
  const shown = text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}…` : JSON.stringify(text);
  return { reason: 'BadDimension', detail: `${dimensionField(dimension)} value ${shown} ${problem}` };
}

export function readDimension(event: unknown, dimension: CompiledDimension): DimensionReading {
  const raw = valueAt(event, dimension.path);
  if (raw === ABSENT) return missingDimension(dimension);
  if (typeof raw === 'string') return dimensionFromText(dimension, raw);
  if (typeof raw === 'number') return dimensionFromText(dimension, String(raw));
  return {
    reason: 'BadDimension',
    detail: `${dimensionField(dimension)} is ${describeJsonValue(raw)}, not a string or number`,
  };
}
