/**
 * OpenTelemetry units (UCUM case-sensitive codes, as the semantic conventions write them) to CloudWatch's
 * StandardUnit names. CloudWatch stores a unit as a label and converts nothing, so a unit it has no name for
 * becomes `None` and the values are sent unchanged: nanoseconds stay nanoseconds, labelled `None`.
 */
import type { Unit } from '@cwagg/core';

const EXACT: Readonly<Record<string, Unit>> = {
  s: 'Seconds',
  ms: 'Milliseconds',
  us: 'Microseconds',
  // The micro sign and the Greek mu both appear in the wild for microseconds.
  µs: 'Microseconds',
  μs: 'Microseconds',
  By: 'Bytes',
  // CloudWatch's Kilobytes.. name no base; both the decimal and the binary prefixes map to them.
  kBy: 'Kilobytes',
  KBy: 'Kilobytes',
  KiBy: 'Kilobytes',
  MBy: 'Megabytes',
  MiBy: 'Megabytes',
  GBy: 'Gigabytes',
  GiBy: 'Gigabytes',
  TBy: 'Terabytes',
  TiBy: 'Terabytes',
  bit: 'Bits',
  kbit: 'Kilobits',
  Kibit: 'Kilobits',
  Mbit: 'Megabits',
  Mibit: 'Megabits',
  Gbit: 'Gigabits',
  Gibit: 'Gigabits',
  Tbit: 'Terabits',
  Tibit: 'Terabits',
  '%': 'Percent',
  'By/s': 'Bytes/Second',
  'kBy/s': 'Kilobytes/Second',
  'KiBy/s': 'Kilobytes/Second',
  'MBy/s': 'Megabytes/Second',
  'MiBy/s': 'Megabytes/Second',
  'GBy/s': 'Gigabytes/Second',
  'GiBy/s': 'Gigabytes/Second',
  'TBy/s': 'Terabytes/Second',
  'TiBy/s': 'Terabytes/Second',
  'bit/s': 'Bits/Second',
  'kbit/s': 'Kilobits/Second',
  'Mbit/s': 'Megabits/Second',
  'Gbit/s': 'Gigabits/Second',
  'Tbit/s': 'Terabits/Second',
  '1/s': 'Count/Second',
};

/** `{request}`: a UCUM annotation, i.e. a count of things. */
const ANNOTATION = /^\{[^{}]*\}$/;
/** `{request}/s`: things per second. */
const ANNOTATION_PER_SECOND = /^\{[^{}]*\}\/s$/;

/**
 * The CloudWatch unit of an OpenTelemetry unit, or undefined for `None` (then left out of the request:
 * CloudWatch records `None` for a datum without a unit). `1` (a dimensionless ratio in the semantic
 * conventions) is `None`, an annotation such as `{request}` is `Count`, and every code without a CloudWatch
 * name (`ns`, `min`, `h`, `d`, `Cel`, ...) is `None`.
 */
export function cloudWatchUnit(otelUnit: string): Unit | undefined {
  const unit = otelUnit.trim();
  const exact = EXACT[unit];
  if (exact !== undefined) return exact;
  if (ANNOTATION.test(unit)) return 'Count';
  if (ANNOTATION_PER_SECOND.test(unit)) return 'Count/Second';
  return undefined;
}
