/**
 * Why CloudWatch would reject a namespace, value, count, timestamp, metric name, unit, storage resolution or
 * dimension set: each check returns a reason a person understands, or undefined when CloudWatch accepts it.
 */
import {
  HIGH_RESOLUTION,
  MAX_DIMENSION_NAME_LENGTH,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_DIMENSIONS,
  MAX_METRIC_NAME_LENGTH,
  MAX_NAMESPACE_LENGTH,
  MAX_TIMESTAMP_AGE_MS,
  MAX_TIMESTAMP_FUTURE_MS,
  MAX_VALUE_MAGNITUDE,
  MIN_RELATIVE_ERROR,
  RESERVED_NAMESPACE_PREFIX,
  STANDARD_RESOLUTION,
  UNITS,
} from './constants.js';

const UNIT_SET: ReadonlySet<string> = new Set(UNITS);
// Printable ASCII only: CloudWatch rejects control characters and non-ASCII in namespaces and dimensions.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const HAS_NON_WHITESPACE = /\S/;

/** Returns why a namespace would be rejected, or undefined when it is valid. */
export function namespaceProblem(namespace: unknown): string | undefined {
  if (typeof namespace !== 'string') return `namespace must be a string (got ${typeof namespace})`;
  if (namespace.length < 1 || namespace.length > MAX_NAMESPACE_LENGTH) {
    return `namespace must be 1..${MAX_NAMESPACE_LENGTH} characters (got ${namespace.length})`;
  }
  if (!PRINTABLE_ASCII.test(namespace)) {
    return `namespace "${namespace}" must contain only printable ASCII characters`;
  }
  if (!HAS_NON_WHITESPACE.test(namespace)) return 'namespace must contain a non-whitespace character';
  if (namespace.startsWith(':')) return `namespace "${namespace}" must not start with ':'`;
  if (namespace.startsWith(RESERVED_NAMESPACE_PREFIX)) {
    return `namespace "${namespace}" must not start with "${RESERVED_NAMESPACE_PREFIX}": it is reserved for AWS services`;
  }
  return undefined;
}

/** Returns why a value would be rejected, or undefined when CloudWatch accepts it. */
export function valueProblem(value: unknown): string | undefined {
  if (typeof value !== 'number') return `value must be a number (got ${typeof value})`;
  if (Number.isNaN(value)) return 'value is NaN, which CloudWatch does not accept';
  if (!Number.isFinite(value)) return `value is ${value}, which CloudWatch does not accept`;
  if (value > MAX_VALUE_MAGNITUDE || value < -MAX_VALUE_MAGNITUDE) {
    return `value ${value} is outside CloudWatch's range of -2^360..2^360`;
  }
  return undefined;
}

/** Returns why a maxRelativeError cannot be honoured, or undefined when it can (undefined itself: exact mode). */
export function relativeErrorProblem(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (typeof error !== 'number' || !(error >= MIN_RELATIVE_ERROR && error < 1)) {
    return `maxRelativeError must be a number from ${MIN_RELATIVE_ERROR} up to (not including) 1, e.g. 0.01 (got ${String(error)})`;
  }
  return undefined;
}

/** Returns why a count (weight) would be rejected, or undefined when it is valid. */
export function countProblem(count: unknown): string | undefined {
  if (typeof count !== 'number' || !Number.isFinite(count) || count <= 0) {
    return `count must be a finite number greater than 0 (got ${String(count)})`;
  }
  if (count > MAX_VALUE_MAGNITUDE) return `count ${count} is outside CloudWatch's range of 0..2^360`;
  return undefined;
}

/**
 * Margin kept inside CloudWatch's timestamp window, because a datum is checked here but sent a little
 * later, and clocks differ: one datum outside the window would make CloudWatch reject the whole request.
 */
export const TIMESTAMP_SAFETY_MARGIN_MS = 5 * 60 * 1000;

/** The largest epoch-ms a JavaScript Date holds (±100,000,000 days): beyond it toISOString() throws. */
const MAX_DATE_MS = 8.64e15;

/** An ISO time for a message, or the raw number when no Date can hold it: a message must never throw. */
function describeTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
}

/**
 * Returns why CloudWatch would reject a datum timestamped `sentMs` (epoch ms) when received around `nowMs`:
 * more than 14 days old or more than 2 hours ahead, less the safety margin. `describedMs` is the time
 * named in the message (the value's own time when the datum carries a bucket start).
 */
export function timestampProblem(sentMs: number, nowMs: number, describedMs = sentMs): string | undefined {
  if (!Number.isFinite(sentMs) || Math.abs(sentMs) > MAX_DATE_MS) {
    return `timestamp ${String(describedMs)} is not a valid time`;
  }
  if (sentMs < nowMs - MAX_TIMESTAMP_AGE_MS + TIMESTAMP_SAFETY_MARGIN_MS) {
    return `timestamp ${describeTime(describedMs)} is too old: CloudWatch accepts at most 14 days in the past`;
  }
  if (sentMs > nowMs + MAX_TIMESTAMP_FUTURE_MS - TIMESTAMP_SAFETY_MARGIN_MS) {
    return `timestamp ${describeTime(describedMs)} is too far ahead: CloudWatch accepts at most 2 hours in the future`;
  }
  return undefined;
}

export function metricNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `metric name must be a string (got ${typeof name})`;
  if (name.length < 1 || name.length > MAX_METRIC_NAME_LENGTH) {
    return `metric name must be 1..${MAX_METRIC_NAME_LENGTH} characters (got ${name.length})`;
  }
  return undefined;
}

export function unitProblem(unit: unknown): string | undefined {
  if (unit === undefined) return undefined;
  if (typeof unit !== 'string' || !UNIT_SET.has(unit)) {
    return `unit "${String(unit)}" is not a CloudWatch unit (one of ${UNITS.join(', ')})`;
  }
  return undefined;
}

export function storageResolutionProblem(resolution: unknown): string | undefined {
  if (resolution === undefined || resolution === STANDARD_RESOLUTION || resolution === HIGH_RESOLUTION) {
    return undefined;
  }
  return `storage resolution must be ${STANDARD_RESOLUTION} or ${HIGH_RESOLUTION} (got ${String(resolution)})`;
}

/** Checks a complete, merged dimension set. */
export function dimensionsProblem(dimensions: Readonly<Record<string, unknown>>): string | undefined {
  const names = Object.keys(dimensions);
  if (names.length > MAX_DIMENSIONS) {
    return `a metric may have at most ${MAX_DIMENSIONS} dimensions (got ${names.length})`;
  }
  for (const name of names) {
    if (name.length < 1 || name.length > MAX_DIMENSION_NAME_LENGTH) {
      return `dimension name must be 1..${MAX_DIMENSION_NAME_LENGTH} characters (got ${name.length})`;
    }
    if (!PRINTABLE_ASCII.test(name) || !HAS_NON_WHITESPACE.test(name)) {
      return `dimension name "${name}" must be printable ASCII with a non-whitespace character`;
    }
    if (name.startsWith(':')) return `dimension name "${name}" must not start with ':'`;
    const value = dimensions[name];
    if (typeof value !== 'string')
      return `dimension "${name}" must have a string value (got ${typeof value})`;
    const problem = dimensionValueProblem(value);
    if (problem !== undefined) return `dimension "${name}" value ${problem}`;
  }
  return undefined;
}

/**
 * Why CloudWatch would reject a dimension value, completing "value ...", or undefined when it takes it:
 * 1..1024 characters of printable ASCII, not only blanks.
 */
export function dimensionValueProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > MAX_DIMENSION_VALUE_LENGTH) {
    return `must be 1..${MAX_DIMENSION_VALUE_LENGTH} characters (got ${value.length})`;
  }
  if (!PRINTABLE_ASCII.test(value) || !HAS_NON_WHITESPACE.test(value)) {
    return 'must be printable ASCII with a non-whitespace character';
  }
  return undefined;
}
