/**
 * Reading back every series a mapping made, per handler: ListMetrics finds them (each handler's carry its
 * `Type`), then GetMetricData gives each one's statistics over one period covering the run. The handlers'
 * own counts of values set aside and folded come back too.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type Metric,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  CALLS_METRIC_NAME,
  FOLDED_VALUES_METRIC_NAME,
  INVALID_RECORDS_METRIC_NAME,
  INVALID_VALUES_METRIC_NAME,
  TYPE_DIMENSION,
} from '@cwagg/kinesis';
import { seriesKey } from './mapped-workload.js';
import { singlePeriod } from './readback.js';
import { emptyStatistics, STATISTIC_NAMES, type Statistics } from './statistics.js';

/** GetMetricData: at most 500 queries per call (CloudWatch API reference, GetMetricData). */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

export interface HandlerSeries {
  /** By series key (`name{dimension=value,...}`, the handler's Type left out). */
  series: Map<string, { metric: string; dimensions: Record<string, string>; stats: Statistics }>;
  /** Sum of InvalidValues, every reason. */
  invalidValues: number;
  /** Sum of FoldedValues, every dimension. */
  foldedValues: number;
}

const SELF_METRICS = new Set([CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME]);

async function listMetrics(client: CloudWatchClient, namespace: string): Promise<Metric[]> {
  const metrics: Metric[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListMetricsCommand({ Namespace: namespace, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    metrics.push(...(page.Metrics ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return metrics;
}

/** Every series of the namespace, per `Type` value (one per handler). */
export async function readHandlerSeries(
  client: CloudWatchClient,
  options: { namespace: string; types: readonly string[]; from: Date; to: Date },
): Promise<Record<string, HandlerSeries>> {
  const { start, end, period } = singlePeriod(options.from, options.to);
  const byType: Record<string, HandlerSeries> = Object.fromEntries(
    options.types.map((type) => [type, { series: new Map(), invalidValues: 0, foldedValues: 0 }]),
  );
  const queries: MetricDataQuery[] = [];
  const targets: { type: string; key: string; statistic: (typeof STATISTIC_NAMES)[number] | 'count' }[] = [];
  for (const metric of await listMetrics(client, options.namespace)) {
    const dimensions = Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, d.Value])) as Record<
      string,
      string
    >;
    const type = dimensions[TYPE_DIMENSION];
    const name = metric.MetricName as string;
    const handler = type === undefined ? undefined : byType[type];
    if (handler === undefined || SELF_METRICS.has(name)) continue;
    const own = { ...dimensions };
    delete own[TYPE_DIMENSION];
    const key = seriesKey(name, own);
    const query = (statistic: string) => {
      queries.push({
        Id: `q${queries.length}`,
        MetricStat: { Metric: metric, Period: period, Stat: statistic },
      });
    };
    if (name === INVALID_VALUES_METRIC_NAME || name === FOLDED_VALUES_METRIC_NAME) {
      query('Sum');
      targets.push({ type: type as string, key: name, statistic: 'count' });
      continue;
    }
    handler.series.set(key, { metric: name, dimensions: own, stats: emptyStatistics() });
    for (const statistic of STATISTIC_NAMES) {
      query(statistic);
      targets.push({ type: type as string, key, statistic });
    }
  }
  const values = new Map<string, number>();
  for (let from = 0; from < queries.length; from += MAX_QUERIES_PER_GET_METRIC_DATA) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries.slice(from, from + MAX_QUERIES_PER_GET_METRIC_DATA),
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
  }
  targets.forEach(({ type, key, statistic }, i) => {
    const handler = byType[type] as HandlerSeries;
    const value = values.get(`q${i}`) ?? null;
    if (statistic === 'count') {
      if (key === INVALID_VALUES_METRIC_NAME) handler.invalidValues += value ?? 0;
      else handler.foldedValues += value ?? 0;
      return;
    }
    const stats = handler.series.get(key)?.stats as Statistics;
    stats[statistic] = value;
  });
  for (const handler of Object.values(byType)) {
    for (const { stats } of handler.series.values()) stats.SampleCount ??= 0;
  }
  return byType;
}
