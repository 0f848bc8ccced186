export { Aggregator, type AggregatorOptions, type MetricHandle } from './aggregator.js';
export { nextAlignedTime } from './flush-schedule.js';
export * from './limits.js';
export {
  type BufferedMetric,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_FLUSH_INTERVAL_MS,
  DEFAULT_HIGH_RESOLUTION_FLUSH_INTERVAL_MS,
  DEFAULT_JITTER_FRACTION,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_BUFFERED_KEYS,
  DEFAULT_MAX_BUFFERED_VALUES,
  DEFAULT_MAX_RETRY_BYTES,
  DEFAULT_MAX_RETRY_DATUMS,
  type DropReason,
  type DropReport,
  type FlushReason,
  type FlushReport,
  type MetricOptions,
  MetricsBuffer,
  type MetricsBufferEvents,
  type MetricsBufferOptions,
  type MetricsBufferStats,
  type PublishErrorContext,
  type RecordOptions,
} from './metrics-buffer.js';
export {
  datumBytes,
  envelopeBytes,
  type PackedRequests,
  type PackingLimits,
  packRequests,
} from './packing.js';
export {
  DEFAULT_PUBLISH_CONCURRENCY,
  type PublishableRequest,
  Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishOutcome,
  type RequestOutcome,
} from './publisher.js';
export { type Closable, installShutdownHooks, type ShutdownHookOptions } from './shutdown-hooks.js';
export type {
  Dimension,
  DrainResult,
  DrainStats,
  MetricDatum,
  MetricDefinition,
  PutMetricDataRequest,
  RejectedValue,
  StatisticSet,
} from './types.js';
export {
  CwaggConfigError,
  countProblem,
  dimensionsProblem,
  metricNameProblem,
  namespaceProblem,
  storageResolutionProblem,
  TIMESTAMP_SAFETY_MARGIN_MS,
  timestampProblem,
  unitProblem,
  valueProblem,
} from './validation.js';
