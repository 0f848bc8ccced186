/**
 * What GetMetricStatistics and GetMetricData answer: the stored datums of a query folded into periods,
 * and the statistic each period yields. What a multiset's statistics are is defined once, in
 * multiset-statistics.ts; this module does the endpoint's own part around it: statistic names, periods
 * aligned as CloudWatch aligns them, units, Average, and no percentiles where a StatisticSet hid the values.
 * It is a module of its own because that part is the service's job, not the definition's: the demo and the
 * tests read the endpoint's answers back and compare them with the definition applied to what was sent.
 */
import { nearestRankPercentile } from './multiset-statistics.js';
import type { Bucket, StoredMetric } from './store.js';

/** The five summary statistics, and percentiles pNN.NN (0..100, at most two decimals). */
export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type BasicStatistic = (typeof BASIC_STATISTICS)[number];

export type ParsedStatistic =
  | { kind: 'basic'; name: BasicStatistic }
  /** The percentile in hundredths of a percent (p99.9 -> 9990), so rank arithmetic stays exact. */
  | { kind: 'percentile'; hundredths: number };

const PERCENTILE = /^p(\d{1,3})(?:\.(\d{1,2}))?$/;

export function parsePercentile(text: string): ParsedStatistic | undefined {
  const match = PERCENTILE.exec(text);
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths <= 10_000 ? { kind: 'percentile', hundredths } : undefined;
}

export function parseStatistic(text: string): ParsedStatistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(text)) {
    return { kind: 'basic', name: text as BasicStatistic };
  }
  return parsePercentile(text);
}

/** Everything stored for one metric within one period. */
export interface PeriodAggregate {
  /** Period start, epoch seconds: floor(t / period) * period. */
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  values: Map<number, number>;
  noPercentiles: boolean;
  units: Set<string>;
}

export interface AggregateQuery {
  /** Only datums stored with this unit; all units when absent. */
  unit?: string | undefined;
  startMs: number;
  endMs: number;
  period: number;
}

/** First second a query covers: StartTime rounded down to a whole period, as CloudWatch rounds it. */
export function alignedStartSecond(startMs: number, period: number): number {
  return Math.floor(startMs / 1000 / period) * period;
}

/** Folds the stored seconds in [StartTime rounded down to a period, EndTime) into per-period aggregates. */
export function aggregate(metric: StoredMetric | undefined, query: AggregateQuery): PeriodAggregate[] {
  if (!metric) return [];
  const first = alignedStartSecond(query.startMs, query.period);
  const periods = new Map<number, PeriodAggregate>();
  for (const [unit, seconds] of metric.series) {
    if (query.unit !== undefined && unit !== query.unit) continue;
    for (const [second, bucket] of seconds) {
      if (second < first || second * 1000 >= query.endMs) continue;
      const start = Math.floor(second / query.period) * query.period;
      let period = periods.get(start);
      if (!period) {
        period = {
          start,
          count: 0,
          sum: 0,
          min: Infinity,
          max: -Infinity,
          values: new Map(),
          noPercentiles: false,
          units: new Set(),
        };
        periods.set(start, period);
      }
      merge(period, bucket);
      period.units.add(unit);
    }
  }
  return [...periods.values()].filter((p) => p.count > 0).sort((a, b) => a.start - b.start);
}

function merge(into: PeriodAggregate, bucket: Bucket): void {
  into.count += bucket.count;
  into.sum += bucket.sum;
  into.min = Math.min(into.min, bucket.min);
  into.max = Math.max(into.max, bucket.max);
  into.noPercentiles ||= bucket.noPercentiles;
  for (const [value, count] of bucket.values) into.values.set(value, (into.values.get(value) ?? 0) + count);
}

/** The value of one statistic for a period, or undefined when it is not available (percentiles). */
export function statisticValue(period: PeriodAggregate, statistic: ParsedStatistic): number | undefined {
  if (statistic.kind === 'percentile') {
    // CloudWatch: no percentiles when any value is negative, or for statistic sets whose values are unknown.
    if (period.noPercentiles || period.min < 0) return undefined;
    return nearestRankPercentile(period.values, statistic.hundredths);
  }
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
