/**
 * Everything a namespace holds, read back from the local endpoint with the real SDK: ListMetrics, then the
 * statistics of each metric over one day-long period (all of a test's values, whatever their minute).
 */
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';

export interface ReadBack {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
}

/** A metric's key: its name and its dimensions sorted by name, `name{a=1,b=2}`. */
export function metricKey(name: string, dimensions: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((dimension) => `${dimension}=${dimensions[dimension]}`);
  return `${name}{${sorted.join(',')}}`;
}

const DAY_MS = 86_400_000;

export async function readNamespace(endpoint: string, namespace: string): Promise<Map<string, ReadBack>> {
  const client = new CloudWatchClient({ endpoint, maxAttempts: 1 });
  const found = new Map<string, ReadBack>();
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListMetricsCommand({ Namespace: namespace, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const metric of page.Metrics ?? []) {
        const start = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
        const { Datapoints = [] } = await client.send(
          new GetMetricStatisticsCommand({
            Namespace: namespace,
            MetricName: metric.MetricName,
            Dimensions: metric.Dimensions,
            StartTime: start,
            EndTime: new Date(start.getTime() + 3 * DAY_MS),
            Period: DAY_MS / 1000,
            Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'],
          }),
        );
        const dimensions = Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
        found.set(metricKey(metric.MetricName as string, dimensions as Record<string, string>), {
          SampleCount: Datapoints.reduce((sum, point) => sum + (point.SampleCount ?? 0), 0),
          Sum: Datapoints.reduce((sum, point) => sum + (point.Sum ?? 0), 0),
          Minimum: Math.min(...Datapoints.map((point) => point.Minimum ?? Number.POSITIVE_INFINITY)),
          Maximum: Math.max(...Datapoints.map((point) => point.Maximum ?? Number.NEGATIVE_INFINITY)),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } finally {
    client.destroy();
  }
  return found;
}

/** The statistics of raw values, as read back. */
export function statisticsOf(values: readonly number[]): ReadBack {
  return {
    SampleCount: values.length,
    Sum: values.reduce((sum, value) => sum + value, 0),
    Minimum: Math.min(...values),
    Maximum: Math.max(...values),
  };
}
