/**
 * Reads back from the CloudWatch endpoint what each handler published, the way a person would check it:
 * GetMetricData over one period covering the whole run, per `Type` dimension.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME, TYPE_DIMENSION } from '@cwagg/kinesis';
import { emptyStatistics, STATISTIC_NAMES, type Statistics } from './statistics.js';

export interface HandlerMetrics {
  stats: Statistics;
  /** Sum of the handler's InvalidRecords metric. */
  invalidRecords: number;
  /** Sum of the handler's PutMetricDataCalls metric: the calls it made that CloudWatch stored. */
  publishedCalls: number;
  /** p0, p1, ..., p100 of the values (null where unavailable): the distribution, for the report. */
  quantiles: (number | null)[];
}

export interface ReadBackOptions {
  namespace: string;
  metricName: string;
  /** Values of the `Type` dimension to read, e.g. PutMetricDataSingleValue. */
  types: readonly string[];
  /** Extra dimensions the handlers were configured with. */
  dimensions?: Readonly<Record<string, string>>;
  /** The run's time range: every datum published falls inside it. */
  from: Date;
  to: Date;
}

const SECONDS_PER_MINUTE = 60;

/**
 * A period (a multiple of 60 s) and an aligned start such that [from, to] falls in one period: datapoints
 * are aligned to multiples of the period, so a run that crosses a boundary would otherwise be split.
 */
export function singlePeriod(from: Date, to: Date): { start: Date; end: Date; period: number } {
  const first = Math.floor(from.getTime() / 1000);
  const last = Math.ceil(to.getTime() / 1000);
  let period = Math.max(1, Math.ceil((last - first) / SECONDS_PER_MINUTE)) * SECONDS_PER_MINUTE;
  while (Math.floor(first / period) !== Math.floor(last / period)) period += SECONDS_PER_MINUTE;
  const start = Math.floor(first / period) * period;
  return { start: new Date(start * 1000), end: new Date((start + period) * 1000), period };
}

export async function readHandlerMetrics(
  client: CloudWatchClient,
  options: ReadBackOptions,
): Promise<Record<string, HandlerMetrics>> {
  const { start, end, period } = singlePeriod(options.from, options.to);
  const queries: MetricDataQuery[] = [];
  const add = (id: string, metricName: string, type: string, stat: string): void => {
    const dimensions = { ...options.dimensions, [TYPE_DIMENSION]: type };
    queries.push({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: options.namespace,
          MetricName: metricName,
          Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: period,
        Stat: stat,
      },
    });
  };
  options.types.forEach((type, t) => {
    for (const name of STATISTIC_NAMES) add(`t${t}_${name.toLowerCase()}`, options.metricName, type, name);
    add(`t${t}_invalid`, INVALID_RECORDS_METRIC_NAME, type, 'Sum');
    add(`t${t}_calls`, CALLS_METRIC_NAME, type, 'Sum');
    for (let q = 0; q <= 100; q += 1) add(`t${t}_q${q}`, options.metricName, type, `p${q}`);
  });

  const values = new Map<string, number>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const value = result.Values?.[0];
      if (result.Id && value !== undefined) values.set(result.Id, value);
    }
    nextToken = page.NextToken;
  } while (nextToken);

  const read = (id: string): number | null => values.get(id) ?? null;
  return Object.fromEntries(
    options.types.map((type, t) => {
      const stats = emptyStatistics();
      for (const name of STATISTIC_NAMES) stats[name] = read(`t${t}_${name.toLowerCase()}`);
      stats.SampleCount ??= 0;
      const metrics: HandlerMetrics = {
        stats,
        invalidRecords: read(`t${t}_invalid`) ?? 0,
        publishedCalls: read(`t${t}_calls`) ?? 0,
        quantiles: Array.from({ length: 101 }, (_, q) => read(`t${t}_q${q}`)),
      };
      return [type, metrics];
    }),
  );
}
