/**
 * The limits this endpoint enforces, written here from the Amazon CloudWatch API Reference (the page of each
 * operation and of its data types) and the CloudWatch User Guide. They are deliberately not imported from
 * @cwagg/core: the endpoint exists to check the client, so a wrong constant in the client must fail against
 * it instead of being echoed by it.
 */

// --- PutMetricData ("PutMetricData", "MetricDatum", "Dimension" in the API Reference) ---

/** "Each request is also limited to no more than 1000 different metrics" (MetricData plus EntityMetricData). */
export const MAX_DATUMS_PER_REQUEST = 1000;

/**
 * EntityMetricData: "You can include up to two EntityMetricData objects" (past that, the failure
 * EntitySizeTooLarge: "The number of EntityMetricData objects allowed is 2").
 */
export const MAX_ENTITY_METRIC_DATA = 2;

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

// --- Periods and StartTime (GetMetricStatistics, GetMetricData's StartTime and MetricStat.Period) ---

/** "For high-resolution metrics ... the period can be 1, 5, 10, 20, 30, 60, or any multiple of 60." */
export const SUB_MINUTE_PERIODS: readonly number[] = [1, 5, 10, 20, 30];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * StartTime "rounds ... as follows": "less than 15 days ago - Round down to the nearest whole minute",
 * "between 15 and 63 days ago - ... 5-minute clock interval", "greater than 63 days ago - ... 1-hour".
 * Oldest first.
 */
export const START_TIME_ROUNDING_BY_AGE: ReadonlyArray<{ olderThanMs: number; roundToSeconds: number }> = [
  { olderThanMs: 63 * DAY_MS, roundToSeconds: 3_600 },
  { olderThanMs: 15 * DAY_MS, roundToSeconds: 300 },
];

/**
 * "If the StartTime parameter specifies a time stamp that is greater than 3 hours ago, you must specify
 * the period as follows or no data points in that time range is returned": between 3 hours and 15 days a
 * multiple of 60 seconds, between 15 and 63 days of 300, beyond 63 days of 3,600. Oldest first.
 */
export const PERIOD_MULTIPLE_BY_START_AGE: ReadonlyArray<{ olderThanMs: number; multipleOf: number }> = [
  { olderThanMs: 63 * DAY_MS, multipleOf: 3_600 },
  { olderThanMs: 15 * DAY_MS, multipleOf: 300 },
  { olderThanMs: 3 * HOUR_MS, multipleOf: 60 },
];

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

/** MetricDataQuery.Expression: 1..2048 characters. */
export const MAX_EXPRESSION_LENGTH = 2048;

/** Search expressions (User Guide, "search expression syntax"): "The maximum search expression query size is 1024 characters". */
export const MAX_SEARCH_QUERY_LENGTH = 1024;

/** "A graph can display as many as 500 time series": the most series one SEARCH returns here. */
export const MAX_SEARCH_RESULTS = 500;

// --- Statistics ("CloudWatch statistics definitions", User Guide) ---

/** ExtendedStatistics and Stat percentiles: "p0.0 and p100", with at most two decimals (p99.99). */
export const MAX_PERCENTILE_DECIMALS = 2;

/** Trimmed mean and its kin: boundaries "between 0 and 100, up to 10 decimal places". */
export const MAX_BOUNDARY_DECIMALS = 10;

// --- ListMetrics ("ListMetrics") ---

/** "Up to 500 results are returned for any one call." */
export const LIST_METRICS_PAGE_SIZE = 500;

/** ListMetrics.Dimensions: "Maximum number of 10 items." */
export const MAX_LIST_METRICS_DIMENSION_FILTERS = 10;

/** RecentlyActive: "the only valid value is PT3H", metrics that received data in the past three hours. */
export const LIST_METRICS_RECENTLY_ACTIVE_MS = 3 * 60 * 60 * 1000;
