/**
 * MetricsBuffer end to end against @cwagg/cloudwatch-local (real HTTP, the unmodified SDK, real timers),
 * statistics read back with GetMetricStatistics.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterEach, describe, expect, it } from 'vitest';
import { type FlushReport, MetricsBuffer } from '../../src/index.js';
import { nearestRank, type Weighted } from '../support/statistics.js';

const locals: CloudWatchLocal[] = [];
const clients: CloudWatchClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(locals.splice(0).map((local) => local.stop()));
});

async function local(options: Parameters<typeof startCloudWatchLocal>[0] = {}) {
  const started = await startCloudWatchLocal({ port: 0, ...options });
  locals.push(started);
  return started;
}

function clientFor(endpoint: string, maxAttempts = 3): CloudWatchClient {
  const client = new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });
  clients.push(client);
  return client;
}

/** One day's statistics of a metric (one datapoint unless the test straddles midnight UTC: then summed). */
async function readBack(client: CloudWatchClient, namespace: string, name: string, route: string) {
  const now = Date.now();
  const query = {
    Namespace: namespace,
    MetricName: name,
    Dimensions: [{ Name: 'Route', Value: route }],
    StartTime: new Date(now - 3_600_000),
    EndTime: new Date(now + 3_600_000),
    Period: 86_400,
  };
  const basic = await client.send(
    new GetMetricStatisticsCommand({ ...query, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'] }),
  );
  const points = basic.Datapoints ?? [];
  const percentiles = await client.send(
    new GetMetricStatisticsCommand({ ...query, ExtendedStatistics: ['p50', 'p99'] }),
  );
  return {
    SampleCount: points.reduce((sum, point) => sum + (point.SampleCount ?? 0), 0),
    Sum: points.reduce((sum, point) => sum + (point.Sum ?? 0), 0),
    Minimum: Math.min(...points.map((point) => point.Minimum ?? Number.NaN)),
    Maximum: Math.max(...points.map((point) => point.Maximum ?? Number.NaN)),
    datapoints: points.length,
    percentiles: percentiles.Datapoints?.[0]?.ExtendedStatistics,
  };
}

describe('MetricsBuffer against cloudwatch-local', () => {
  it('1,000,000 values over four intervals: one PutMetricData per interval, nothing lost on close()', async () => {
    const cloudwatch = await local();
    const client = clientFor(cloudwatch.endpoint);
    const metrics = new MetricsBuffer({ namespace: 'Shop', client, flushIntervalMs: 400, flushJitterMs: 0 });
    const flushes: FlushReport[] = [];
    metrics.on('flush', (report) => flushes.push(report));
    const routes = ['/buy', '/cart', '/search'];
    const truth = new Map(routes.map((route) => [route, new Map<number, number>()]));
    const recordBatch = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const route = routes[i % 3] as string;
        const value = (i * 7919) % 1000; // 0..999, scrambled
        metrics.record('Latency', value, { unit: 'Milliseconds', dimensions: { Route: route } });
        const counts = truth.get(route) as Map<number, number>;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    };
    for (let interval = 0; interval < 3; interval++) {
      const flushed = once(metrics, 'flush');
      recordBatch(interval * 250_000, (interval + 1) * 250_000);
      await flushed;
    }
    // The last quarter is still buffered when the service stops: close() must send it.
    recordBatch(750_000, 1_000_000);
    const stats = await metrics.close();

    // On a loaded machine the interval timer can fire while close() waits for the previous flush, and then
    // it sends the last quarter itself: either way one request carries it.
    expect(flushes.map((report) => [report.reason, report.requests, report.sentSamples])).toEqual([
      ['interval', 1, 250_000],
      ['interval', 1, 250_000],
      ['interval', 1, 250_000],
      [expect.stringMatching(/^(close|interval)$/), 1, 250_000],
    ]);
    expect(stats).toMatchObject({ recorded: 1_000_000, sent: 1_000_000, dropped: 0, rejected: 0 });
    expect(stats.putMetricDataCalls).toBe(4);
    const server = cloudwatch.stats().putMetricData;
    expect(server).toMatchObject({ received: 4, accepted: 4, rejected: 0, samples: 1_000_000 });

    const reader = clientFor(cloudwatch.endpoint);
    for (const route of routes) {
      const counts = truth.get(route) as Map<number, number>;
      const weighted: Weighted[] = [...counts].map(([value, count]) => ({ value, count }));
      const samples = weighted.reduce((sum, item) => sum + item.count, 0);
      const sum = weighted.reduce((total, item) => total + item.value * item.count, 0);
      const read = await readBack(reader, 'Shop', 'Latency', route);
      expect(read).toMatchObject({ SampleCount: samples, Sum: sum, Minimum: 0, Maximum: 999 });
      if (read.datapoints === 1) {
        expect(read.percentiles).toEqual({ p50: nearestRank(weighted, 50), p99: nearestRank(weighted, 99) });
      }
    }
  });

  it('throttling delays but loses nothing within the retry bound', async () => {
    // Half the PutMetricData calls are throttled; with 2 SDK attempts a quarter of the requests still
    // fail, and are held and re-sent with the next flush (or by close()).
    const cloudwatch = await local({ faultRate: 0.5, faultSeed: 7, faultKinds: ['throttle'] });
    const client = clientFor(cloudwatch.endpoint, 2);
    const metrics = new MetricsBuffer({
      namespace: 'Shop',
      client,
      flushIntervalMs: 0,
      maxDatumsPerRequest: 2, // several requests per flush, so that some fail and some pass
    });
    const errors: string[] = [];
    const drops: unknown[] = [];
    metrics.on('error', (_error, context) => errors.push(`${context.errorCode}:${context.willRetry}`));
    metrics.on('drop', (report) => drops.push(report));
    let failedRequests = 0;
    metrics.on('flush', (report) => {
      failedRequests += report.failedRequests;
    });
    const routes = ['/a', '/b', '/c', '/d', '/e', '/f'];
    let expectedSum = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3_000; i++) {
        metrics.record('Latency', i % 50, {
          unit: 'Milliseconds',
          dimensions: { Route: routes[i % 6] as string },
        });
        expectedSum += i % 50;
      }
      await metrics.flush();
    }
    const stats = await metrics.close();

    expect(failedRequests).toBeGreaterThan(0);
    expect(errors.every((error) => error === 'Throttling:true')).toBe(true);
    expect(drops).toEqual([]);
    expect(stats).toMatchObject({ recorded: 12_000, sent: 12_000, dropped: 0, retrying: 0 });
    const server = cloudwatch.stats();
    expect(server.faults.throttle).toBeGreaterThan(0);
    expect(server.putMetricData.samples).toBe(12_000);

    const reader = clientFor(cloudwatch.endpoint);
    let samples = 0;
    let sum = 0;
    for (const route of routes) {
      const read = await readBack(reader, 'Shop', 'Latency', route);
      samples += read.SampleCount;
      sum += read.Sum;
    }
    expect(samples).toBe(12_000);
    expect(sum).toBe(expectedSum);
  });

  it('shutdown hooks: SIGTERM closes and exits with 143; a script that just ends is flushed on beforeExit', async () => {
    const cloudwatch = await local();
    const core = pathToFileURL(
      join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js'),
    ).href;
    const script = (keepAlive: boolean) => `
      import { MetricsBuffer } from ${JSON.stringify(core)};
      const metrics = new MetricsBuffer({
        namespace: 'Hooks', endpoint: ${JSON.stringify(cloudwatch.endpoint)}, region: 'us-east-1',
        clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
      });
      metrics.installShutdownHooks();
      for (let i = 0; i < 500; i++) metrics.record(${JSON.stringify(keepAlive ? 'Signalled' : 'Ended')}, i % 20);
      ${keepAlive ? "setInterval(() => {}, 1000); console.log('ready');" : ''}
    `;
    const start = (keepAlive: boolean) =>
      spawn(process.execPath, ['--input-type=module', '-e', script(keepAlive)], {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });

    const signalled = start(true);
    await once(signalled.stdout, 'data');
    signalled.kill('SIGTERM');
    const [signalledCode] = await once(signalled, 'exit');
    expect(signalledCode).toBe(143); // 128 + SIGTERM, as without the hook

    const ended = start(false);
    const [endedCode] = await once(ended, 'exit');
    expect(endedCode).toBe(0);

    const server = cloudwatch.stats();
    expect(server.putMetricData).toMatchObject({ accepted: 2, samples: 1000 });
  });
});
