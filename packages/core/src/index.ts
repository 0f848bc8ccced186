/**
 * `@cwagg/core`: what a service needs to get many values into CloudWatch in few calls. The limits and the
 * checks behind them are in `@cwagg/core/limits`.
 */
export { Aggregator, type AggregatorOptions, type MetricHandle } from './aggregator.js';
export { CwaggConfigError } from './errors.js';
export type { Unit } from './limits/constants.js';
export {
  type BufferedMetric,
  DEFAULT_MAX_ATTEMPTS,
  type DropReason,
  type DropReport,
  type FlushReason,
  type FlushReport,
  METRICS_BUFFER_DEFAULTS,
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
