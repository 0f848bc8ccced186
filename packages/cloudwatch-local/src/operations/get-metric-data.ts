import {
  DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA,
  MAX_QUERIES_PER_GET_METRIC_DATA,
  MAX_QUERY_ID_LENGTH,
} from '../limits.js';
import { aggregate, parseStatistic, statisticValue } from '../period-statistics.js';
import { missingParameter, ServiceError } from '../service-error.js';
import type { MetricStore } from '../store.js';
import type { GetMetricDataInput, MetricDataQueryInput } from './types.js';
import {
  checkDimensions,
  checkMetricName,
  checkNamespace,
  checkPeriod,
  checkTimeRange,
  checkUnit,
} from './validate.js';

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const SCAN_BY = ['TimestampDescending', 'TimestampAscending'];

function validationError(message: string): ServiceError {
  return new ServiceError('ValidationError', message);
}

interface Series {
  query: MetricDataQueryInput;
  label: string;
  points: Array<[number, number]>;
}

function evaluate(
  query: MetricDataQueryInput,
  path: string,
  input: GetMetricDataInput,
  store: MetricStore,
): Series {
  if (query.Expression !== undefined) {
    throw validationError(
      `${path}.Expression is not supported by cloudwatch-local: it evaluates MetricStat queries only, not metric math.`,
    );
  }
  const stat = query.MetricStat;
  if (!stat) throw missingParameter(`${path}.MetricStat`, 'Each query needs a MetricStat.');
  const metric = stat.Metric;
  if (metric.Namespace === undefined) throw missingParameter(`${path}.MetricStat.Metric.Namespace`);
  if (metric.MetricName === undefined) throw missingParameter(`${path}.MetricStat.Metric.MetricName`);
  checkNamespace(`${path}.MetricStat.Metric.Namespace`, metric.Namespace, true);
  checkMetricName(`${path}.MetricStat.Metric.MetricName`, metric.MetricName);
  const dimensions = checkDimensions(`${path}.MetricStat.Metric.Dimensions`, metric.Dimensions);
  checkPeriod(`${path}.MetricStat.Period`, stat.Period, 'ValidationError');
  if (stat.Unit !== undefined) checkUnit(`${path}.MetricStat.Unit`, stat.Unit);
  const statistic = parseStatistic(stat.Stat);
  if (!statistic) {
    throw validationError(
      `The value ${stat.Stat} for parameter ${path}.MetricStat.Stat is not a valid statistic. ` +
        'cloudwatch-local serves SampleCount, Sum, Average, Minimum, Maximum and percentiles p0..p100 (e.g. p99.9).',
    );
  }
  const periods = aggregate(
    store.get({ namespace: metric.Namespace, metricName: metric.MetricName, dimensions }),
    { unit: stat.Unit, startMs: input.StartTime, endMs: input.EndTime, period: stat.Period },
  );
  const points: Array<[number, number]> = [];
  for (const period of periods) {
    const value = statisticValue(period, statistic);
    if (value !== undefined) points.push([period.start * 1000, value]);
  }
  if (input.ScanBy !== 'TimestampAscending') points.reverse();
  return { query, label: query.Label ?? metric.MetricName, points };
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error below
  }
  throw new ServiceError('InvalidNextToken', 'The NextToken is not one this endpoint gave out.');
}

export function getMetricData(input: GetMetricDataInput, store: MetricStore) {
  const queries = input.MetricDataQueries;
  if (queries.length === 0) throw missingParameter('MetricDataQueries', 'Give at least one query.');
  if (queries.length > MAX_QUERIES_PER_GET_METRIC_DATA) {
    throw validationError(
      `The collection MetricDataQueries must not have more than ${MAX_QUERIES_PER_GET_METRIC_DATA} members.`,
    );
  }
  if (input.ScanBy !== undefined && !SCAN_BY.includes(input.ScanBy)) {
    throw validationError(
      `The value ${input.ScanBy} for parameter ScanBy is invalid: use ${SCAN_BY.join(' or ')}.`,
    );
  }
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA;
  if (maxDatapoints < 1) throw validationError('The parameter MaxDatapoints must be at least 1.');
  checkTimeRange(input.StartTime, input.EndTime);
  const ids = new Set<string>();
  queries.forEach((query, i) => {
    const path = `MetricDataQueries.member.${i + 1}.Id`;
    if (!QUERY_ID.test(query.Id) || query.Id.length > MAX_QUERY_ID_LENGTH) {
      throw validationError(
        `The value ${query.Id} for parameter ${path} is invalid: an Id starts with a lowercase letter and ` +
          'holds only letters, digits and underscores.',
      );
    }
    if (ids.has(query.Id)) throw validationError(`The Id ${query.Id} is used by more than one query.`);
    ids.add(query.Id);
  });
  const series = queries
    .map((query, i) => [query, `MetricDataQueries.member.${i + 1}`] as const)
    .filter(([query]) => query.ReturnData !== false)
    .map(([query, path]) => evaluate(query, path, input, store));

  // One page holds at most MaxDatapoints points over all queries; the token is where the next page starts.
  let skip = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
  const offset = skip;
  let room = maxDatapoints;
  let more = false;
  const results = series.map(({ query, label, points }) => {
    const from = Math.min(skip, points.length);
    skip -= from;
    const page = points.slice(from, from + room);
    room -= page.length;
    const partial = from + page.length < points.length;
    more ||= partial;
    return {
      Id: query.Id,
      Label: label,
      Timestamps: page.map(([t]) => t),
      Values: page.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: [],
    };
  });
  const nextToken = more
    ? Buffer.from(JSON.stringify({ offset: offset + maxDatapoints - room })).toString('base64url')
    : undefined;
  return { MetricDataResults: results, NextToken: nextToken, Messages: [] };
}
