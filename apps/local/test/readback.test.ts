import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME } from '@cwagg/kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHandlerMetrics, singlePeriod, statisticsOf } from '../src/index.js';

describe('one period covering a run', () => {
  it('is a whole number of minutes, aligned, and holds both ends', () => {
    const from = new Date('2026-11-25T10:00:30Z');
    const to = new Date('2026-11-25T10:01:10Z');
    const { start, end, period } = singlePeriod(from, to);
    expect(period % 60).toBe(0);
    expect((start.getTime() / 1000) % period).toBe(0);
    expect(start.getTime()).toBeLessThanOrEqual(from.getTime());
    expect(end.getTime()).toBeGreaterThanOrEqual(to.getTime());
    expect(end.getTime() - start.getTime()).toBe(period * 1000);
  });

  it('grows past a boundary the run crosses rather than splitting the run in two', () => {
    // 10:59:50 to 11:00:10 crosses the hour; two one-minute periods would split it.
    const { start, end, period } = singlePeriod(
      new Date('2026-11-25T10:59:50Z'),
      new Date('2026-11-25T11:00:10Z'),
    );
    expect(period).toBeGreaterThan(60);
    expect(start.getTime()).toBeLessThanOrEqual(Date.parse('2026-11-25T10:59:50Z'));
    expect(end.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-25T11:00:10Z'));
  });
});

describe('reading the handlers’ metrics back', () => {
  let cloudwatch: CloudWatchLocal;
  let client: CloudWatchClient;
  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    client = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await cloudwatch.stop();
  });

  it('gives each Type its statistics, invalid records, stored calls and p0..p100', async () => {
    const now = new Date();
    const datum = (MetricName: string, type: string, values: number[], counts?: number[]) => ({
      MetricName,
      Timestamp: now,
      Dimensions: [{ Name: 'Type', Value: type }],
      Values: values,
      ...(counts ? { Counts: counts } : {}),
    });
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'ReadBack',
        MetricData: [
          datum('Latency', 'A', [1, 2, 3, 100], [5, 3, 1, 1]),
          datum(INVALID_RECORDS_METRIC_NAME, 'A', [2]),
          datum(CALLS_METRIC_NAME, 'A', [1]),
          datum('Latency', 'B', [-5, 5]),
        ],
      }),
    );
    const metrics = await readHandlerMetrics(client, {
      namespace: 'ReadBack',
      metricName: 'Latency',
      types: ['A', 'B', 'C'],
      from: new Date(now.getTime() - 60_000),
      to: new Date(now.getTime() + 60_000),
    });
    const a = metrics.A;
    expect(a?.stats).toEqual(
      statisticsOf(
        new Map([
          [1, 5],
          [2, 3],
          [3, 1],
          [100, 1],
        ]),
      ),
    );
    expect(a).toMatchObject({ invalidRecords: 2, publishedCalls: 1 });
    expect(a?.quantiles).toHaveLength(101);
    expect(a?.quantiles[0]).toBe(1);
    expect(a?.quantiles[50]).toBe(1);
    expect(a?.quantiles[100]).toBe(100);
    // A negative value: CloudWatch serves no percentiles, and the read says so with nulls.
    expect(metrics.B?.stats).toMatchObject({ SampleCount: 2, Sum: 0, p50: null, p99: null });
    expect(metrics.B?.quantiles.every((q) => q === null)).toBe(true);
    // Nothing published: a count of 0, not a missing answer.
    expect(metrics.C).toMatchObject({ invalidRecords: 0, publishedCalls: 0 });
    expect(metrics.C?.stats).toMatchObject({ SampleCount: 0, Sum: null, Minimum: null });
  });
});
