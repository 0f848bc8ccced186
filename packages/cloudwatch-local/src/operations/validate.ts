import {
  MAX_DIMENSION_NAME_LENGTH,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_DIMENSIONS,
  MAX_METRIC_NAME_LENGTH,
  MAX_NAMESPACE_LENGTH,
  RESERVED_NAMESPACE_PREFIX,
  SUB_MINUTE_PERIODS,
  UNITS,
} from '../limits.js';
import { invalidParameter, invalidValue, ServiceError } from '../service-error.js';
import { type Dimension, sortDimensions } from '../store.js';

/** Rules shared by the operations. Written here from the API reference, independent of @cwagg/core's checks. */

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function checkLength(path: string, text: string, max: number): void {
  if (text.length < 1 || text.length > max) {
    throw invalidParameter(
      `The parameter ${path} must be between 1 and ${max} characters long; it has ${text.length}.`,
    );
  }
}

function checkAsciiText(path: string, text: string, max: number): void {
  checkLength(path, text, max);
  if (!PRINTABLE_ASCII.test(text)) {
    throw invalidValue(path, text, 'Only ASCII characters without control characters are allowed.');
  }
  if (text.trim() === '') throw invalidValue(path, text, 'It must contain a non-whitespace character.');
}

/** Namespace of a write; `forRead` lets queries name AWS/ namespaces, which only AWS may write to. */
export function checkNamespace(path: string, namespace: string, forRead = false): void {
  checkLength(path, namespace, MAX_NAMESPACE_LENGTH);
  if (!PRINTABLE_ASCII.test(namespace)) {
    throw invalidValue(path, namespace, 'Only ASCII characters without control characters are allowed.');
  }
  if (namespace.startsWith(':')) throw invalidValue(path, namespace, 'It must not start with a colon (:).');
  if (!forRead && namespace.startsWith(RESERVED_NAMESPACE_PREFIX)) {
    throw invalidValue(
      path,
      namespace,
      `The namespace prefix ${RESERVED_NAMESPACE_PREFIX} is reserved for AWS services.`,
    );
  }
}

export function checkMetricName(path: string, name: string): void {
  checkLength(path, name, MAX_METRIC_NAME_LENGTH);
}

export function checkDimensionName(path: string, name: string): void {
  checkAsciiText(path, name, MAX_DIMENSION_NAME_LENGTH);
  if (name.startsWith(':')) throw invalidValue(path, name, 'It must not start with a colon (:).');
}

/** Validates a full set of dimensions and returns it sorted by name (the metric's identity). */
export function checkDimensions(path: string, dimensions: readonly Dimension[] | undefined): Dimension[] {
  if (!dimensions) return [];
  if (dimensions.length > MAX_DIMENSIONS) {
    throw invalidParameter(
      `The collection ${path} must not have more than ${MAX_DIMENSIONS} members; it has ${dimensions.length}.`,
    );
  }
  const names = new Set<string>();
  dimensions.forEach((dimension, i) => {
    const memberPath = `${path}.member.${i + 1}`;
    checkDimensionName(`${memberPath}.Name`, dimension.Name);
    checkAsciiText(`${memberPath}.Value`, dimension.Value, MAX_DIMENSION_VALUE_LENGTH);
    if (names.has(dimension.Name)) {
      throw invalidValue(`${memberPath}.Name`, dimension.Name, `The dimension name is repeated in ${path}.`);
    }
    names.add(dimension.Name);
  });
  return sortDimensions(dimensions);
}

export function checkUnit(path: string, unit: string): void {
  if (!(UNITS as readonly string[]).includes(unit)) {
    throw invalidValue(path, unit, `It must be one of: ${UNITS.join(', ')}.`);
  }
}

export function checkPeriod(path: string, period: number, code = 'InvalidParameterValue'): void {
  if (period < 1 || (!SUB_MINUTE_PERIODS.includes(period) && period % 60 !== 0)) {
    throw new ServiceError(
      code,
      `The value ${period} for parameter ${path} is invalid. The period must be ${SUB_MINUTE_PERIODS.join(', ')}, 60 or a multiple of 60 seconds.`,
    );
  }
}

export function checkTimeRange(startMs: number, endMs: number): void {
  if (!(startMs < endMs)) {
    throw invalidParameter('The parameter StartTime must be less than the parameter EndTime.');
  }
}
