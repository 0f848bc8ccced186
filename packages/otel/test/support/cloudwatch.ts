/**
 * The local CloudWatch endpoint the tests send to over HTTP, a real SDK client for it, and reading statistics
 * back through GetMetricStatistics, as a dashboard would.
 */
import { CloudWatchClient, type Dimension, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  type CloudWatchLocal,
  type CloudWatchLocalOptions,
  startCloudWatchLocal,
} from '@cwagg/cloudwatch-local';

export async function startLocal(options: CloudWatchLocalOptions = {}): Promise<CloudWatchLocal> {
  return startCloudWatchLocal({ port: 0, ...options });
}

export function clientFor(local: CloudWatchLocal, maxAttempts = 3): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });
}

export interface ReadBack {
  SampleCount?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  p50?: number;
  p90?: number;
  p99?: number;
}

/** Every statistic of one metric over the last hour (and the next minutes), in one period. */
export async function readBack(
  client: CloudWatchClient,
  namespace: string,
  metricName: string,
  dimensions: Record<string, string> = {},
): Promise<ReadBack> {
  const now = Date.now();
  const query = {
    Namespace: namespace,
    MetricName: metricName,
    Dimensions: Object.entries(dimensions).map(([Name, Value]): Dimension => ({ Name, Value })),
    StartTime: new Date(now - 3_600_000),
    EndTime: new Date(now + 600_000),
    // Longer than the window: StartTime is rounded down to the minute, so a period of an hour ended at the
    // current minute and split what was stored in it from what came before (one datapoint each).
    Period: 7_200,
  };
  const [basic, percentiles] = await Promise.all([
    client.send(
      new GetMetricStatisticsCommand({
        ...query,
        Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'],
      }),
    ),
    client.send(new GetMetricStatisticsCommand({ ...query, ExtendedStatistics: ['p50', 'p90', 'p99'] })),
  ]);
  if ((basic.Datapoints?.length ?? 0) > 1)
    throw new Error(`readBack: ${metricName} came back in several periods`);
  const point = basic.Datapoints?.[0] ?? {};
  const extended = percentiles.Datapoints?.[0]?.ExtendedStatistics ?? {};
  return {
    ...(point.SampleCount === undefined ? {} : { SampleCount: point.SampleCount }),
    ...(point.Sum === undefined ? {} : { Sum: point.Sum }),
    ...(point.Minimum === undefined ? {} : { Minimum: point.Minimum }),
    ...(point.Maximum === undefined ? {} : { Maximum: point.Maximum }),
    ...extended,
  };
}
