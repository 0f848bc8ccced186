/**
 * Every limit cwagg enforces, in one place, each with its source.
 * Sources: Amazon CloudWatch API Reference ("PutMetricData", "MetricDatum", "Dimension",
 * "GetMetricStatistics", "GetMetricData", "ListMetrics"), the AWS SDK for JavaScript v3, and the CloudWatch agent's
 * output plugin (aws/amazon-cloudwatch-agent plugins/outputs/cloudwatch).
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

/** GetMetricStatistics: at most 1,440 datapoints per call. */
export const MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS = 1440;

/** GetMetricStatistics: at most 10 ExtendedStatistics (percentiles) per call. */
export const MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS = 10;

/** GetMetricData: at most 500 MetricDataQueries per call. */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

/** GetMetricData: 100,800 datapoints per page unless MaxDatapoints asks for fewer. */
export const DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA = 100_800;

/** GetMetricData: a query Id is at most 255 characters. */
export const MAX_QUERY_ID_LENGTH = 255;

/** ListMetrics: 500 metrics per page. */
export const LIST_METRICS_PAGE_SIZE = 500;

/** ListMetrics: at most 10 dimension filters. */
export const MAX_LIST_METRICS_DIMENSION_FILTERS = 10;

/** ListMetrics: RecentlyActive accepts only PT3H, the metrics that received data in the past three hours. */
export const LIST_METRICS_RECENTLY_ACTIVE_MS = 3 * 60 * 60 * 1000;

/** AWS SDK v3 (client-cloudwatch): request bodies of this many bytes or more are gzipped by default. */
export const SDK_MIN_COMPRESSION_BYTES = 10_240;

/** CloudWatch quota: 500 PutMetricData requests per second per Region by default (adjustable). */
export const DEFAULT_PUT_METRIC_DATA_TPS = 500;

/**
 * CloudWatch pricing, standard tier: $0.01 per 1,000 API requests beyond the free tier.
 * A default for reports; callers pass their own price.
 */
export const DEFAULT_PRICE_PER_1000_REQUESTS_USD = 0.01;
