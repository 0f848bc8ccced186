export type { AppIdCounters, CloudWatchLocalStats, PutMetricDataCounters } from './counters.js';
export { FAULT_KINDS, type FaultKind } from './faults.js';
export {
  cloudWatchPercentile,
  EMPTY_SUMMARY,
  mergeSummaries,
  nearestRankPercentile,
  SUM_RELATIVE_TOLERANCE,
  type SummaryStatistics,
  sameSum,
  sameSummary,
  summaryStatistics,
  type ValueCounts,
} from './multiset-statistics.js';
export {
  type CloudWatchLocalOptions,
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_METRICS,
  DEFAULT_MAX_STORED_VALUES,
  DEFAULT_SLOW_RESPONSE_MS,
  MAX_FAULT_SEED,
  type RequestLogEntry,
} from './options.js';
export { type CloudWatchLocal, startCloudWatchLocal } from './server.js';
