/**
 * The statistics CloudWatch would store from what each contender produced: requests (Values/Counts,
 * StatisticValues or Value) or EMF log lines. The bench checks that every contender agrees. What those
 * statistics are is cloudwatch-local's definition; this module only reads the contenders' output.
 */
import {
  mergeSummaries,
  type SummaryStatistics,
  summaryStatistics,
} from '@cwagg/cloudwatch-local/multiset-statistics';
import { CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME } from '@cwagg/kinesis';
import type { PutMetricDataInput } from './output.js';

/** SampleCount, Sum, Minimum and Maximum of one metric (the bench leaves percentiles out). */
export type MetricStatistics = SummaryStatistics;

/** Statistics per metric, keyed by metric name plus its Route dimension when it has one. */
export type StatisticsByMetric = Record<string, MetricStatistics>;

/** The handlers' own metrics, which the peers do not publish. */
const SELF_METRICS = new Set([CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME]);

function metricKey(name: string, route: string | undefined): string {
  return route === undefined ? name : `${name} ${route}`;
}

function merge(into: StatisticsByMetric, key: string, part: MetricStatistics): void {
  const current = into[key];
  into[key] = current === undefined ? { ...part } : mergeSummaries(current, part);
}

/** Values with their Counts (1 each when there are none), as one datum or an EMF array carries them. */
function ofValues(values: readonly number[], counts?: readonly number[]): MetricStatistics {
  return summaryStatistics(values.map((value, i) => [value, counts?.[i] ?? 1] as const));
}

export function statisticsFromRequests(requests: readonly PutMetricDataInput[]): StatisticsByMetric {
  const result: StatisticsByMetric = {};
  for (const request of requests) {
    for (const datum of request.MetricData ?? []) {
      const name = datum.MetricName ?? '';
      if (SELF_METRICS.has(name)) continue;
      const route = datum.Dimensions?.find((dimension) => dimension.Name === 'Route')?.Value;
      const statisticValues = datum.StatisticValues;
      let part: MetricStatistics;
      // StatisticValues are exact even when Values are bucket representatives (bounded-error mode).
      if (statisticValues?.SampleCount !== undefined) part = statisticValues as MetricStatistics;
      else if (datum.Values !== undefined) part = ofValues(datum.Values, datum.Counts);
      else if (datum.Value !== undefined) part = ofValues([datum.Value]);
      else continue;
      merge(result, metricKey(name, route), part);
    }
  }
  return result;
}

interface EmfLine {
  _aws?: { CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] };
  [field: string]: unknown;
}

/** Reads EMF log lines as CloudWatch extracts them: each metric's value (or array of values) at the top level. */
export function statisticsFromEmf(lines: readonly string[]): StatisticsByMetric {
  const result: StatisticsByMetric = {};
  for (const line of lines) {
    let document: EmfLine;
    try {
      document = JSON.parse(line) as EmfLine;
    } catch {
      continue; // not an EMF line
    }
    const directives = document._aws?.CloudWatchMetrics ?? [];
    const route = typeof document.Route === 'string' ? document.Route : undefined;
    for (const directive of directives) {
      for (const { Name } of directive.Metrics ?? []) {
        const raw = document[Name];
        const values = Array.isArray(raw) ? (raw as number[]) : typeof raw === 'number' ? [raw] : [];
        if (values.length > 0) merge(result, metricKey(Name, route), ofValues(values));
      }
    }
  }
  return result;
}
