/**
 * Every limit cwagg enforces when it builds PutMetricData requests, in one place, each with its source.
 * Sources: Amazon CloudWatch API Reference ("PutMetricData", "MetricDatum", "Dimension"), the AWS SDK for
 * JavaScript v3, and the CloudWatch agent's output plugin (aws/amazon-cloudwatch-agent plugins/outputs/cloudwatch).
 * @cwagg/cloudwatch-local writes the same limits down on its own, so a wrong value here fails against it.
 */

/** PutMetricData: at most 1000 datums (MetricData plus EntityMetricData) per request. */
export const MAX_DATUMS_PER_REQUEST = 1000;

/**
 * PutMetricData: 1 MB per HTTP POST. We bound the uncompressed JSON 1.0 body at 1,000,000 bytes,
 * computed exactly from the serialized datums (the CloudWatch agent packs to 999,000 on an estimate).
 */
export const MAX_REQUEST_BYTES = 1_000_000;

/** MetricDatum: at most 150 distinct values in `Values`; `Counts` has the same length. */
export const MAX_VALUES_PER_DATUM = 150;

/** MetricDatum.Value(s): values must lie in -2^360..2^360; NaN and +/-Infinity are rejected. */
export const MAX_VALUE_MAGNITUDE = 2 ** 360;

/** MetricDatum.Dimensions: at most 30 per metric. */
export const MAX_DIMENSIONS = 30;

/** Dimension.Name: 1..255 characters, ASCII without control characters, not starting with ':'. */
export const MAX_DIMENSION_NAME_LENGTH = 255;

/** Dimension.Value: 1..1024 characters, ASCII without control characters. */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/** MetricDatum.MetricName: 1..255 characters. */
export const MAX_METRIC_NAME_LENGTH = 255;

/** PutMetricData.Namespace: 1..255 ASCII characters, no control characters, not starting with ':'. */
export const MAX_NAMESPACE_LENGTH = 255;

/** PutMetricData.Namespace must not begin with "AWS/": that prefix is reserved for AWS services. */
export const RESERVED_NAMESPACE_PREFIX = 'AWS/';

/**
 * Bounded-error mode (Aggregator's maxRelativeError): the smallest error accepted (the largest is below 1). Not a CloudWatch limit but a
 * numerical one: below 1e-9 the logarithmic mapping's gamma, (1 + e) / (1 - e), is too close to 1 for a
 * double to keep the bound (at 1e-17 it rounds to exactly 1 and every bucket index is NaN); exact mode is
 * the better choice long before that.
 */
export const MIN_RELATIVE_ERROR = 1e-9;

/** MetricDatum.Timestamp: at most two weeks in the past. */
export const MAX_TIMESTAMP_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** MetricDatum.Timestamp: at most two hours in the future. */
export const MAX_TIMESTAMP_FUTURE_MS = 2 * 60 * 60 * 1000;

/** MetricDatum.StorageResolution: 60 (standard, the default) or 1 (high resolution). */
export const STANDARD_RESOLUTION = 60;
export const HIGH_RESOLUTION = 1;
export const STORAGE_RESOLUTIONS: readonly number[] = [HIGH_RESOLUTION, STANDARD_RESOLUTION];

/** MetricDatum.Unit: the StandardUnit enumeration. */
export const UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;
export type Unit = (typeof UNITS)[number];

/** AWS SDK v3 (client-cloudwatch): request bodies of this many bytes or more are gzipped by default. */
export const SDK_MIN_COMPRESSION_BYTES = 10_240;

/**
 * CloudWatch pricing, standard tier: $0.01 per 1,000 API requests beyond the free tier.
 * A default for reports; callers pass their own price.
 */
export const DEFAULT_PRICE_PER_1000_REQUESTS_USD = 0.01;

/**
 * The CloudWatch embedded metric format specification ("Specification: Embedded metric format", MetricDirective
 * object): a directive holds at most 100 metric definitions.
 */
export const MAX_METRICS_PER_DIRECTIVE = 100;

/** The embedded metric format specification (DimensionSet array): at most 30 dimension keys per set. */
export const MAX_DIMENSIONS_PER_SET = 30;

/** The embedded metric format specification (Target members): a numeric array holds at most 100 values. */
export const MAX_VALUES_PER_METRIC_MEMBER = 100;
