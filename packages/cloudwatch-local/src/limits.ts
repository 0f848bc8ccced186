/**
 * The limits this endpoint enforces, written here from the Amazon CloudWatch API Reference (the page of each
 * operation and of its data types) and the CloudWatch User Guide. They are deliberately not imported from
 * @cwagg/core: the endpoint exists to check the client, so a wrong constant in the client must fail against
 * it instead of being echoed by it.
 */

// --- PutMetricData ("PutMetricData", "MetricDatum", "Dimension" in the API Reference) ---

/** "Each request is also limited to no more than 1000 different metrics" (MetricData plus EntityMetricData). */
export const MAX_DATUMS_PER_REQUEST = 1000;

/** MetricDatum.Values: "up to 150 values per metric with one PutMetricData request"; Counts the same length. */
export const MAX_VALUES_PER_DATUM = 150;

/** "Values must be in the range of -2^360 to 2^360"; NaN, +Infinity and -Infinity are not supported. */
export const MAX_VALUE_MAGNITUDE = 2 ** 360;

/** "You can use up to 30 dimensions per metric." */
export const MAX_DIMENSIONS = 30;

/** Dimension.Name: 1..255 characters. */
export const MAX_DIMENSION_NAME_LENGTH = 255;

/** Dimension.Value: 1..1024 characters. */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/** MetricDatum.MetricName: 1..255 characters. */
export const MAX_METRIC_NAME_LENGTH = 255;

/** PutMetricData.Namespace: 1..255 characters. */
export const MAX_NAMESPACE_LENGTH = 255;

/** "You cannot specify a namespace that begins with 'AWS/'": reserved for AWS services. */
export const RESERVED_NAMESPACE_PREFIX = 'AWS/';

/** MetricDatum.Timestamp: data "can be up to two weeks in the past". */
export const MAX_TIMESTAMP_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** MetricDatum.Timestamp: data "can be ... up to two hours into the future". */
export const MAX_TIMESTAMP_FUTURE_MS = 2 * 60 * 60 * 1000;

/** MetricDatum.StorageResolution: 60 (standard, the default) or 1 (high resolution). */
export const STANDARD_RESOLUTION = 60;
export const HIGH_RESOLUTION = 1;
export const STORAGE_RESOLUTIONS: readonly number[] = [HIGH_RESOLUTION, STANDARD_RESOLUTION];

/** MetricDatum.Unit: the StandardUnit enumeration of the API Reference. */
export const UNITS: readonly string[] = [
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
];

/** "Each PutMetricData request is limited to 1 MB in size for HTTP POST requests." */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

// --- GetMetricStatistics ("GetMetricStatistics") ---

/** "The maximum number of data points returned from a single call is 1,440." */
export const MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS = 1440;

/** ExtendedStatistics: "Minimum number of 1 item. Maximum number of 10 items." */
export const MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS = 10;

// --- GetMetricData ("GetMetricData", "MetricDataQuery") ---

/** "You can include as many as 500 MetricDataQuery structures in one request." */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

/** "A GetMetricData operation that includes a query ... can return up to 100,800 data points." */
export const DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA = 100_800;

/** MetricDataQuery.Id: 1..255 characters. */
export const MAX_QUERY_ID_LENGTH = 255;

// --- ListMetrics ("ListMetrics") ---

/** "Up to 500 results are returned for any one call." */
export const LIST_METRICS_PAGE_SIZE = 500;

/** ListMetrics.Dimensions: "Maximum number of 10 items." */
export const MAX_LIST_METRICS_DIMENSION_FILTERS = 10;

/** RecentlyActive: "the only valid value is PT3H", metrics that received data in the past three hours. */
export const LIST_METRICS_RECENTLY_ACTIVE_MS = 3 * 60 * 60 * 1000;
