/**
 * Attributes to CloudWatch dimensions through an allow-list: only the attributes named become dimensions
 * (under the name given), every other attribute is aggregated away. Values are made into what CloudWatch
 * takes: strings of 1..1024 printable ASCII characters with a non-blank one.
 */

import { MAX_DIMENSION_VALUE_LENGTH } from '@cwagg/core/limits';
import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** An allow-list: attribute keys kept under their own name, or attribute key -> dimension name. */
export type DimensionAllowList = readonly string[] | Readonly<Record<string, string>>;

export interface DimensionRule {
  /** The attribute key read. */
  key: string;
  /** The CloudWatch dimension name written. */
  name: string;
}

export function dimensionRules(allowList: DimensionAllowList | undefined): DimensionRule[] {
  if (allowList === undefined) return [];
  if (Array.isArray(allowList)) return allowList.map((key: string) => ({ key, name: key }));
  return Object.entries(allowList as Record<string, string>).map(([key, name]) => ({ key, name }));
}

/** What a value becomes when it has nothing CloudWatch can show: an empty or blank string. */
export const EMPTY_VALUE = '(empty)';

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;
const HAS_NON_BLANK = /\S/;

export interface DimensionValue {
  value: string;
  /** True when the attribute's text had to change (non-ASCII or control characters, too long, blank). */
  changed: boolean;
}

/**
 * An attribute value as a dimension value: numbers and booleans as text, arrays joined with commas,
 * characters outside printable ASCII replaced by `?`, cut to 1024 characters, blank as `(empty)`.
 * Undefined for an attribute without a value: the dimension is then left out.
 */
export function dimensionValue(attribute: AttributeValue | undefined): DimensionValue | undefined {
  if (attribute === undefined || attribute === null) return undefined;
  const text = Array.isArray(attribute)
    ? attribute.map((item) => (item === null || item === undefined ? '' : String(item))).join(',')
    : String(attribute);
  let value = text.replace(NOT_PRINTABLE_ASCII, '?');
  if (value.length > MAX_DIMENSION_VALUE_LENGTH) value = value.slice(0, MAX_DIMENSION_VALUE_LENGTH);
  if (!HAS_NON_BLANK.test(value)) value = EMPTY_VALUE;
  return { value, changed: value !== text };
}

/** Adds the dimensions `rules` take from `attributes` to `into`; returns how many values had to change. */
export function mapDimensions(
  attributes: Attributes,
  rules: readonly DimensionRule[],
  into: Record<string, string>,
): number {
  let changed = 0;
  for (const { key, name } of rules) {
    const mapped = dimensionValue(attributes[key]);
    if (mapped === undefined) continue;
    into[name] = mapped.value;
    if (mapped.changed) changed++;
  }
  return changed;
}
