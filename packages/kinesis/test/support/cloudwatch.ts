/** Reading statistics back from the local endpoint with the real SDK, and a flaky proxy in front of it. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { nearestRankPercentile, summaryStatistics } from '@cwagg/cloudwatch-local/multiset-statistics';
import { DEFAULT_NAMESPACE } from '../../src/index.js';

export interface Statistics {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
  p50?: number;
  p90?: number;
  p99?: number;
}

const DAY_SECONDS = 86_400;

/** One datapoint covering the whole day around now: all of a test's values, whatever their minute. */
export async function readStatistics(
  endpoint: string,
  metricName: string,
  type: string,
  percentiles = true,
): Promise<Statistics | undefined> {
  const client = new CloudWatchClient({ endpoint, maxAttempts: 1 });
  const now = Date.now();
  const start = new Date(Math.floor(now / (DAY_SECONDS * 1000)) * DAY_SECONDS * 1000 - DAY_SECONDS * 1000);
  const query = {
    Namespace: DEFAULT_NAMESPACE,
    MetricName: metricName,
    Dimensions: [{ Name: 'Type', Value: type }],
    StartTime: start,
    EndTime: new Date(start.getTime() + 3 * DAY_SECONDS * 1000),
    Period: DAY_SECONDS,
  };
  // CloudWatch takes Statistics or ExtendedStatistics in one call, not both.
  const response = await client.send(
    new GetMetricStatisticsCommand({ ...query, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'] }),
  );
  const extended = percentiles
    ? await client.send(
        new GetMetricStatisticsCommand({ ...query, ExtendedStatistics: ['p50', 'p90', 'p99'] }),
      )
    : undefined;
  client.destroy();
  const points = response.Datapoints ?? [];
  if (points.length === 0) return undefined;
  // Counts published at call time may straddle midnight; percentiles are only read for one datapoint.
  if (percentiles && points.length > 1) throw new Error(`expected one datapoint, got ${points.length}`);
  const stats: Statistics = {
    SampleCount: points.reduce((sum, point) => sum + (point.SampleCount ?? 0), 0),
    Sum: points.reduce((sum, point) => sum + (point.Sum ?? 0), 0),
    Minimum: Math.min(...points.map((point) => point.Minimum ?? Number.POSITIVE_INFINITY)),
    Maximum: Math.max(...points.map((point) => point.Maximum ?? Number.NEGATIVE_INFINITY)),
  };
  if (percentiles) {
    const point = extended?.Datapoints?.[0]?.ExtendedStatistics ?? {};
    stats.p50 = point.p50;
    stats.p90 = point.p90;
    stats.p99 = point.p99;
  }
  return stats;
}

/** What the statistics of these raw values are, by cloudwatch-local's definition (what the endpoint serves). */
export function expectedStatistics(values: readonly number[]): Statistics {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const percentile = (hundredths: number) => nearestRankPercentile(counts, hundredths) as number;
  return {
    ...summaryStatistics(counts),
    p50: percentile(5_000),
    p90: percentile(9_000),
    p99: percentile(9_900),
  };
}

export interface FlakyProxy {
  endpoint: string;
  failed: number;
  forwarded: number;
  close(): Promise<void>;
}

/** Answers every second PutMetricData with a 500 (without forwarding it) and forwards everything else. */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  let putCount = 0;
  const proxy: FlakyProxy = {
    endpoint: '',
    failed: 0,
    forwarded: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const isPut = String(req.headers['x-amz-target'] ?? '').endsWith('.PutMetricData');
    if (isPut && ++putCount % 2 === 0) {
      proxy.failed++;
      res.writeHead(500, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'InternalServiceError;Receiver',
      });
      res.end(JSON.stringify({ __type: 'InternalServiceError', message: 'injected by the test proxy' }));
      return;
    }
    // A fresh connection per forwarded request: no keep-alive race with the endpoint closing idle sockets.
    const forward = request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent: false },
      (answer) => {
        proxy.forwarded++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
