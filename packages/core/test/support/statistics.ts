/**
 * Reference statistics computed directly from raw values with cloudwatch-local's definition (its own tests
 * pin it to hand-computed answers), independent of the code under test.
 */
import {
  EMPTY_SUMMARY,
  mergeSummaries,
  nearestRankPercentile,
  type SummaryStatistics,
} from '@cwagg/cloudwatch-local/multiset-statistics';
import type { PutMetricDataRequest } from '../../src/index.js';

export interface Weighted {
  value: number;
  count: number;
}

/** Nearest-rank percentile of a weighted multiset: the smallest v whose cumulative count reaches ceil(p N). */
export function nearestRank(items: readonly Weighted[], percent: number): number {
  const value = nearestRankPercentile(
    items.map((item) => [item.value, item.count] as const),
    Math.round(percent * 100),
  );
  if (value === undefined) throw new Error('empty multiset');
  return value;
}

/** Every (value, count) pair a set of requests carries, per metric name. */
export function emittedByMetric(requests: readonly PutMetricDataRequest[]): Map<string, Weighted[]> {
  const byMetric = new Map<string, Weighted[]>();
  for (const request of requests) {
    for (const datum of request.MetricData) {
      const items = byMetric.get(datum.MetricName) ?? [];
      datum.Values.forEach((value, i) => {
        items.push({ value, count: datum.Counts?.[i] ?? 1 });
      });
      byMetric.set(datum.MetricName, items);
    }
  }
  return byMetric;
}

/** SampleCount/Sum/Minimum/Maximum of one metric merged from its datums' StatisticValues. */
export function mergedStatistics(
  requests: readonly PutMetricDataRequest[],
  metric: string,
): SummaryStatistics {
  let merged: SummaryStatistics = { ...EMPTY_SUMMARY };
  for (const request of requests) {
    for (const datum of request.MetricData) {
      if (datum.MetricName === metric) merged = mergeSummaries(merged, datum.StatisticValues);
    }
  }
  return merged;
}
