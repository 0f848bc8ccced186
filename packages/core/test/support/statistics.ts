/** Reference statistics computed directly from raw values, independent of the code under test. */
import type { PutMetricDataRequest } from '../../src/index.js';

export interface Weighted {
  value: number;
  count: number;
}

/** Nearest-rank percentile of a weighted multiset: the smallest v whose cumulative count reaches ceil(p N). */
export function nearestRank(items: readonly Weighted[], percent: number): number {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, item) => sum + item.count, 0);
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  let seen = 0;
  for (const item of sorted) {
    seen += item.count;
    if (seen >= rank) return item.value;
  }
  throw new Error('empty multiset');
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
export function mergedStatistics(requests: readonly PutMetricDataRequest[], metric: string) {
  let SampleCount = 0;
  let Sum = 0;
  let Minimum = Number.POSITIVE_INFINITY;
  let Maximum = Number.NEGATIVE_INFINITY;
  for (const request of requests) {
    for (const datum of request.MetricData) {
      if (datum.MetricName !== metric) continue;
      SampleCount += datum.StatisticValues.SampleCount;
      Sum += datum.StatisticValues.Sum;
      Minimum = Math.min(Minimum, datum.StatisticValues.Minimum);
      Maximum = Math.max(Maximum, datum.StatisticValues.Maximum);
    }
  }
  return { SampleCount, Sum, Minimum, Maximum };
}
