/**
 * GetMetricData: checks the request and its queries, evaluates them (metric-data-queries.ts) and pages
 * the results by MaxDatapoints in the ScanBy order.
 *
 * Results: one per query whose ReturnData is not false; an expression giving an array of time series
 * (METRICS(), SEARCH) gives one result per series, each with the query's Id. Labels: a MetricStat's
 * defaults to its metric name; an expression's to its Id; each series of an array has its own label,
 * after the expression's Label when there is one ("Expression-Label Metric-Label", as the console's
 * legend). "NextToken is not returned if you are performing a math expression": with an expression in
 * the request, a result past MaxDatapoints is cut (PartialData) and no NextToken is given.
 */
import {
  DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA,
  MAX_EXPRESSION_LENGTH,
  MAX_QUERIES_PER_GET_METRIC_DATA,
  MAX_QUERY_ID_LENGTH,
} from '../limits.js';
import { ExpressionError, parseExpression } from '../math/parse.js';
import { type MessageData, sortedPoints } from '../math/series.js';
import { missingParameter, ServiceError } from '../service-error.js';
import { parseStatistic, STATISTICS_HELP } from '../statistic-names.js';
import type { MetricStore } from '../store.js';
import { type CheckedQuery, QueryEvaluation } from './metric-data-queries.js';
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

function checkQuery(query: MetricDataQueryInput, path: string): CheckedQuery {
  if (query.Expression !== undefined && query.MetricStat !== undefined) {
    throw validationError(`${path} has both Expression and MetricStat: give one of them.`);
  }
  if (query.Period !== undefined) checkPeriod(`${path}.Period`, query.Period, 'ValidationError');
  if (query.Expression !== undefined) {
    if (query.Expression.length < 1 || query.Expression.length > MAX_EXPRESSION_LENGTH) {
      throw validationError(
        `The parameter ${path}.Expression must be 1 to ${MAX_EXPRESSION_LENGTH} characters long; it has ${query.Expression.length}.`,
      );
    }
    try {
      return { kind: 'expression', query, tree: parseExpression(query.Expression) };
    } catch (error) {
      if (error instanceof ExpressionError) {
        throw validationError(
          `The expression of ${path} (${query.Id}) is not valid metric math: ${error.message}`,
        );
      }
      throw error;
    }
  }
  const stat = query.MetricStat;
  if (!stat) throw missingParameter(`${path}.MetricStat`, 'Each query needs a MetricStat or an Expression.');
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
      `The value ${stat.Stat.slice(0, 100)} for parameter ${path}.MetricStat.Stat is not a valid statistic. ` +
        `CloudWatch's statistics are ${STATISTICS_HELP}.`,
    );
  }
  return {
    kind: 'metric',
    query,
    identity: { namespace: metric.Namespace, metricName: metric.MetricName, dimensions },
    stat: statistic,
  };
}

function checkIds(queries: readonly MetricDataQueryInput[]): void {
  const ids = new Set<string>();
  queries.forEach((query, i) => {
    const path = `MetricDataQueries.member.${i + 1}.Id`;
    if (!QUERY_ID.test(query.Id) || query.Id.length > MAX_QUERY_ID_LENGTH) {
      throw validationError(
        `The value ${query.Id.slice(0, 100)} for parameter ${path} is invalid: an Id starts with a lowercase ` +
          'letter and holds only letters, digits and underscores.',
      );
    }
    if (ids.has(query.Id)) throw validationError(`The Id ${query.Id} is used by more than one query.`);
    ids.add(query.Id);
  });
}

interface ResultSeries {
  query: MetricDataQueryInput;
  label: string;
  points: Array<[number, number]>;
  messages: MessageData[];
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

function evaluateResults(
  checked: readonly CheckedQuery[],
  evaluation: QueryEvaluation,
  ascending: boolean,
): ResultSeries[] {
  const results: ResultSeries[] = [];
  for (const { query, kind } of checked) {
    if (query.ReturnData === false) continue;
    let value: ReturnType<QueryEvaluation['valueOf']>;
    try {
      value = evaluation.valueOf(query.Id);
    } catch (error) {
      if (error instanceof ExpressionError) throw validationError(error.message);
      throw error;
    }
    if (value.kind === 'scalar') {
      throw validationError(
        `The expression of ${query.Id} gives a number; the final result of an expression must be a time series ` +
          'or an array of time series (use the number inside a larger expression, such as m1 - AVG(m1)).',
      );
    }
    const own = query.Label ?? (kind === 'expression' ? query.Id : undefined);
    const list = value.kind === 'series' ? [value.series] : value.series;
    for (const series of list) {
      const label =
        value.kind === 'series'
          ? (own ?? series.label)
          : [query.Label, series.label].filter((part) => part !== undefined && part !== '').join(' ');
      const points = sortedPoints(series);
      if (!ascending) points.reverse();
      results.push({ query, label, points, messages: series.messages });
    }
  }
  return results;
}

export function getMetricData(input: GetMetricDataInput, store: MetricStore, nowMs: number) {
  const queries = input.MetricDataQueries;
  if (queries.length === 0) throw missingParameter('MetricDataQueries', 'Give at least one query.');
  if (queries.length > MAX_QUERIES_PER_GET_METRIC_DATA) {
    throw validationError(
      `The collection MetricDataQueries must not have more than ${MAX_QUERIES_PER_GET_METRIC_DATA} members.`,
    );
  }
  if (input.ScanBy !== undefined && !SCAN_BY.includes(input.ScanBy)) {
    throw validationError(
      `The value ${input.ScanBy.slice(0, 100)} for parameter ScanBy is invalid: use ${SCAN_BY.join(' or ')}.`,
    );
  }
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA;
  if (maxDatapoints < 1) throw validationError('The parameter MaxDatapoints must be at least 1.');
  checkTimeRange(input.StartTime, input.EndTime);
  checkIds(queries);
  const checked = queries.map((query, i) => checkQuery(query, `MetricDataQueries.member.${i + 1}`));
  const withMath = checked.some((c) => c.kind === 'expression');
  const evaluation = new QueryEvaluation(checked, input, store, nowMs);
  const series = evaluateResults(checked, evaluation, input.ScanBy === 'TimestampAscending');

  // One page holds at most MaxDatapoints points over all results; the token is where the next page starts.
  let skip = input.NextToken === undefined || withMath ? 0 : decodeToken(input.NextToken);
  const offset = skip;
  let room = maxDatapoints;
  let more = false;
  const results = series.map(({ query, label, points, messages }) => {
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
      Messages: messages,
    };
  });
  const nextToken =
    more && !withMath
      ? Buffer.from(JSON.stringify({ offset: offset + maxDatapoints - room })).toString('base64url')
      : undefined;
  return { MetricDataResults: results, NextToken: nextToken, Messages: [] };
}
