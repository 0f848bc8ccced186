export { Aggregator, type AggregatorOptions, type MetricHandle } from './aggregator.js';
export * from './limits.js';
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
