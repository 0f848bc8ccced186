import {
  MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS,
  MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS,
} from '../limits.js';
import {
  aggregate,
  alignedStartSecond,
  BASIC_STATISTICS,
  type ParsedStatistic,
  parsePercentile,
  statisticValue,
} from '../period-statistics.js';
import { invalidCombination, invalidParameter, missingParameter } from '../service-error.js';
import type { MetricStore } from '../store.js';
import type { GetMetricStatisticsInput } from './types.js';
import {
  checkDimensions,
  checkMetricName,
  checkNamespace,
  checkPeriod,
  checkTimeRange,
  checkUnit,
} from './validate.js';

const MAX_STATISTICS = BASIC_STATISTICS.length;

export interface Datapoint {
  Timestamp: number;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  Unit?: string;
  ExtendedStatistics?: Record<string, number>;
}

/** How many periods a query spans: from StartTime rounded down to a period, up to EndTime. */
export function datapointsRequested(startMs: number, endMs: number, period: number): number {
  return Math.ceil((endMs / 1000 - alignedStartSecond(startMs, period)) / period);
}

function parseStatistics(input: GetMetricStatisticsInput): Array<[string, ParsedStatistic]> {
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length === 0 && extended.length === 0) {
    throw missingParameter('Statistics', 'Specify Statistics or ExtendedStatistics.');
  }
  // API reference: "you must specify either Statistics or ExtendedStatistics, but not both".
  if (statistics.length > 0 && extended.length > 0) {
    throw invalidCombination(
      'Specify either Statistics or ExtendedStatistics, but not both (use two calls, or GetMetricData).',
    );
  }
  if (statistics.length > MAX_STATISTICS) {
    throw invalidParameter(`The collection Statistics must not have more than ${MAX_STATISTICS} members.`);
  }
  if (extended.length > MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS) {
    throw invalidParameter(
      `The collection ExtendedStatistics must not have more than ${MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS} members.`,
    );
  }
  const parsed: Array<[string, ParsedStatistic]> = [];
  statistics.forEach((name, i) => {
    if (!(BASIC_STATISTICS as readonly string[]).includes(name)) {
      throw invalidParameter(
        `The parameter Statistics.member.${i + 1} must be a value in the set [${BASIC_STATISTICS.join(', ')}].`,
      );
    }
    parsed.push([name, { kind: 'basic', name: name as (typeof BASIC_STATISTICS)[number] }]);
  });
  extended.forEach((name, i) => {
    const percentile = parsePercentile(name);
    if (!percentile) {
      throw invalidParameter(
        `The parameter ExtendedStatistics.member.${i + 1} (${name}) must be a percentile between p0.0 and p100, ` +
          'with at most two decimals (for example p99 or p99.9).',
      );
    }
    parsed.push([name, percentile]);
  });
  return parsed;
}

export function getMetricStatistics(input: GetMetricStatisticsInput, store: MetricStore) {
  checkNamespace('Namespace', input.Namespace, true);
  checkMetricName('MetricName', input.MetricName);
  const dimensions = checkDimensions('Dimensions', input.Dimensions);
  if (input.Unit !== undefined) checkUnit('Unit', input.Unit);
  checkPeriod('Period', input.Period);
  checkTimeRange(input.StartTime, input.EndTime);
  const statistics = parseStatistics(input);
  const requested = datapointsRequested(input.StartTime, input.EndTime, input.Period);
  if (requested > MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS) {
    throw invalidCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ` +
        `${MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS}. Increase Period or shorten the time range.`,
    );
  }
  const metric = store.get({ namespace: input.Namespace, metricName: input.MetricName, dimensions });
  const periods = aggregate(metric, {
    unit: input.Unit,
    startMs: input.StartTime,
    endMs: input.EndTime,
    period: input.Period,
  });
  const datapoints = periods.map((period) => {
    const point: Datapoint = { Timestamp: period.start * 1000 };
    const extended: Record<string, number> = {};
    for (const [name, statistic] of statistics) {
      const value = statisticValue(period, statistic);
      if (value === undefined) continue;
      if (statistic.kind === 'percentile') extended[name] = value;
      else point[statistic.name] = value;
    }
    if (Object.keys(extended).length > 0) point.ExtendedStatistics = extended;
    point.Unit = input.Unit ?? (period.units.size === 1 ? [...period.units][0] : 'None');
    return point;
  });
  return { Label: input.MetricName, Datapoints: datapoints };
}
