/**
 * One metric's statistic per period, as GetMetricData returns it for a MetricStat query or for each
 * metric a SEARCH finds. A result has no unit, so where one period holds data sent in several units (and
 * the query names none) that period has no value and the result a MixedUnits message: CloudWatch never
 * adds values of different units together, and GetMetricStatistics returns them as separate datapoints.
 */
import type { MessageData, Series } from '../math/series.js';
import { aggregate, type PeriodAggregate, statisticValue } from '../period-statistics.js';
import { queryWindow } from '../query-window.js';
import type { ParsedStatistic } from '../statistic-names.js';
import type { StoredMetric } from '../store.js';

export interface SeriesRequest {
  stat: ParsedStatistic;
  period: number;
  unit?: string | undefined;
  startMs: number;
  endMs: number;
  nowMs: number;
}

function mixedUnits(start: number, units: string[]): MessageData {
  return {
    Code: 'MixedUnits',
    Value:
      `The period starting ${new Date(start * 1000).toISOString()} holds data sent in ${units.length} units ` +
      `(${units.join(', ')}); CloudWatch does not add values of different units: give the MetricStat a Unit.`,
  };
}

export function metricSeries(
  metric: StoredMetric | undefined,
  request: SeriesRequest,
  label: string,
): Series {
  const window = queryWindow(request.startMs, request.endMs, request.period, request.nowMs);
  const byStart = new Map<number, PeriodAggregate[]>();
  for (const period of aggregate(metric, {
    unit: request.unit,
    window,
    startMs: request.startMs,
    nowMs: request.nowMs,
  })) {
    const list = byStart.get(period.start) ?? [];
    list.push(period);
    byStart.set(period.start, list);
  }
  const points = new Map<number, number>();
  const messages: MessageData[] = [];
  for (const [start, periods] of byStart) {
    if (periods.length > 1) {
      messages.push(
        mixedUnits(
          start,
          periods.map((p) => p.unit),
        ),
      );
      continue;
    }
    const value = statisticValue(periods[0] as PeriodAggregate, request.stat);
    if (value !== undefined) points.set(start * 1000, value);
  }
  return { label, points, window, messages };
}
