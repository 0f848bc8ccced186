/**
 * `@cwagg/core`: what a service needs to get many values into CloudWatch in few calls. The limits and the
 * checks behind them are in `@cwagg/core/limits`.
 */
export { Aggregator, type AggregatorOptions, type MetricHandle } from './aggregator.js';
export type { MetricOptions } from './buffer/metric-cache.js';
export {
  type BufferedMetric,
  type FlushOptions,
  MetricsBuffer,
  type MetricsBufferStats,
  type RecordOptions,
} from './buffer/metrics-buffer.js';
export { METRICS_BUFFER_DEFAULTS, type MetricsBufferOptions } from './buffer/options.js';
export type {
  DropReason,
  DropReport,
  FlushReason,
  FlushReport,
  MetricsBufferEvents,
  PublishErrorContext,
} from './buffer/reports.js';
export { CwaggConfigError } from './errors.js';
export type { Unit } from './limits/constants.js';
export {
  datumBytes,
  envelopeBytes,
  type PackedRequests,
  type PackingLimits,
  packRequests,
} from './packing.js';
export {
  DEFAULT_MAX_ATTEMPTS,
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
