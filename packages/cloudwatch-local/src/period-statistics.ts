/**
 * What GetMetricStatistics and GetMetricData answer: the stored datums of a query folded into periods,
 * and the statistic each period yields. What a multiset's statistics are is defined once, in
 * multiset-statistics.ts and trimmed-statistics.ts; this module does the endpoint's own part around them:
 * periods placed as CloudWatch places them (query-window.ts), units kept apart, Average, and no
 * percentiles (nor trimmed statistics) where a value is negative or a statistic set hid the values.
 */
import { nearestRankPercentile } from './multiset-statistics.js';
import { periodOf, periodServesStart, type QueryWindow } from './query-window.js';
import { needsRawValues, type ParsedStatistic } from './statistic-names.js';
import type { Bucket, StoredMetric } from './store.js';
import { percentileRank, trimmedStatistic } from './trimmed-statistics.js';

/** Everything stored for one metric within one period, in one unit. */
export interface PeriodAggregate {
  /** Period start, epoch seconds. */
  start: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  values: Map<number, number>;
  noPercentiles: boolean;
}

export interface AggregateQuery {
  /** Only datums stored with this unit; all units when absent, each apart: CloudWatch never adds them. */
  unit?: string | undefined;
  window: QueryWindow;
  /** StartTime as given, and the request's arrival: for the rule on old StartTimes (periodServesStart). */
  startMs: number;
  nowMs: number;
}

/** The periods of a query with data, one aggregate per period and unit, by start then unit. */
export function aggregate(metric: StoredMetric | undefined, query: AggregateQuery): PeriodAggregate[] {
  if (!metric || !periodServesStart(query.startMs, query.window.period, query.nowMs)) return [];
  const periods = new Map<string, PeriodAggregate>();
  for (const [unit, seconds] of metric.series) {
    if (query.unit !== undefined && unit !== query.unit) continue;
    for (const [second, bucket] of seconds) {
      const start = periodOf(query.window, second);
      if (start === undefined) continue;
      const key = `${start} ${unit}`;
      let period = periods.get(key);
      if (!period) {
        period = {
          start,
          unit,
          count: 0,
          sum: 0,
          min: Infinity,
          max: -Infinity,
          values: new Map(),
          noPercentiles: false,
        };
        periods.set(key, period);
      }
      merge(period, bucket);
    }
  }
  return [...periods.values()]
    .filter((p) => p.count > 0)
    .sort((a, b) => a.start - b.start || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

function merge(into: PeriodAggregate, bucket: Bucket): void {
  into.count += bucket.count;
  into.sum += bucket.sum;
  into.min = Math.min(into.min, bucket.min);
  into.max = Math.max(into.max, bucket.max);
  into.noPercentiles ||= bucket.noPercentiles;
  for (const [value, count] of bucket.values) into.values.set(value, (into.values.get(value) ?? 0) + count);
}

/** The value of one statistic for a period, or undefined when it is not available. */
export function statisticValue(period: PeriodAggregate, statistic: ParsedStatistic): number | undefined {
  // CloudWatch: these need raw values; none when any value is negative, or a statistic set hid them.
  if (needsRawValues(statistic) && (period.noPercentiles || period.min < 0)) return undefined;
  switch (statistic.kind) {
    case 'percentile':
      return nearestRankPercentile(period.values, statistic.hundredths);
    case 'trimmed':
      return trimmedStatistic(period.values, statistic.measure, statistic.range);
    case 'percentileRank':
      return percentileRank(period.values, statistic.range);
    case 'basic':
      switch (statistic.name) {
        case 'SampleCount':
          return period.count;
        case 'Sum':
          return period.sum;
        case 'Average':
          return period.sum / period.count;
        case 'Minimum':
          return period.min;
        case 'Maximum':
          return period.max;
      }
  }
}
