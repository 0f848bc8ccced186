import {
  MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS,
  MAX_EXTENDED_STATISTICS_PER_GET_METRIC_STATISTICS,
} from '../limits.js';
import { aggregate, statisticValue } from '../period-statistics.js';
import { periodCount, queryWindow } from '../query-window.js';
import { invalidCombination, invalidParameter, missingParameter } from '../service-error.js';
import {
  BASIC_STATISTICS,
  type ParsedStatistic,
  parseStatistic,
  STATISTICS_HELP,
} from '../statistic-names.js';
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
    const statistic = parseStatistic(name);
    if (!statistic || statistic.kind === 'basic') {
      throw invalidParameter(
        `The parameter ExtendedStatistics.member.${i + 1} (${name.slice(0, 100)}) is not an extended statistic: ` +
          `use a percentile between p0.0 and p100 with at most two decimals, or one of ${STATISTICS_HELP}.`,
      );
    }
    parsed.push([name, statistic]);
  });
  return parsed;
}

export function getMetricStatistics(input: GetMetricStatisticsInput, store: MetricStore, nowMs: number) {
  checkNamespace('Namespace', input.Namespace, true);
  checkMetricName('MetricName', input.MetricName);
  const dimensions = checkDimensions('Dimensions', input.Dimensions);
  if (input.Unit !== undefined) checkUnit('Unit', input.Unit);
  checkPeriod('Period', input.Period);
  checkTimeRange(input.StartTime, input.EndTime);
  const statistics = parseStatistics(input);
  const window = queryWindow(input.StartTime, input.EndTime, input.Period, nowMs);
  const requested = periodCount(window);
  if (requested > MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS) {
    throw invalidCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ` +
        `${MAX_DATAPOINTS_PER_GET_METRIC_STATISTICS}. Increase Period or shorten the time range.`,
    );
  }
  const metric = store.get({ namespace: input.Namespace, metricName: input.MetricName, dimensions });
  const periods = aggregate(metric, { unit: input.Unit, window, startMs: input.StartTime, nowMs });
  const datapoints = periods.map((period) => {
    const point: Datapoint = { Timestamp: period.start * 1000 };
    const extended: Record<string, number> = {};
    for (const [name, statistic] of statistics) {
      const value = statisticValue(period, statistic);
      if (value === undefined) continue;
      if (statistic.kind === 'basic') point[statistic.name] = value;
      else extended[name] = value;
    }
    if (Object.keys(extended).length > 0) point.ExtendedStatistics = extended;
    // One datapoint per period and unit: CloudWatch returns data in the unit it was sent in, never converted.
    point.Unit = period.unit;
    return point;
  });
  return { Label: input.MetricName, Datapoints: datapoints };
}
