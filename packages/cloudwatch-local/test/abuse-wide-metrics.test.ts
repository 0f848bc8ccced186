/**
 * The widest metrics CloudWatch allows: 30 dimensions with 1,024-character values. Their keys pass the
 * length V8 hashes strings by (16,383 characters), past which every key of one length collides: before
 * the store digested long keys, one PutMetricData of 30 such datums with 4,500 new values took about 20 s,
 * and the single-threaded endpoint answered nobody else meanwhile. Each test would then run for minutes; the
 * explicit timeouts below are that guard, not a speed assertion (the work takes well under a second).
 */
import {
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { sdkClient, uniqueNamespace } from './helpers.js';

let cw: CloudWatchLocal;
beforeAll(async () => {
  cw = await startCloudWatchLocal();
});
afterAll(async () => {
  await cw.stop();
});

function wideDimensions(tag: string) {
  return Array.from({ length: 30 }, (_, i) => ({
    Name: `D${String(i).padStart(2, '0')}`,
    Value: `${tag}-${i}-`.padEnd(1024, 'x'),
  }));
}

describe('metrics with 30 dimensions of 1,024 characters', () => {
  it('stores 3 requests of 4,500 new values each and reads back every sample', async () => {
    const client = sdkClient(cw.endpoint, { maxAttempts: 1 });
    const Namespace = uniqueNamespace('Wide');
    const Dimensions = wideDimensions('one');
    try {
      for (let request = 0; request < 3; request++) {
        const MetricData = Array.from({ length: 30 }, (_, d) => ({
          MetricName: 'Latency',
          Dimensions,
          Values: Array.from({ length: 150 }, (_, v) => request * 4_500 + d * 150 + v),
        }));
        await client.send(new PutMetricDataCommand({ Namespace, MetricData }));
      }
      const now = Date.now();
      const { Datapoints } = await client.send(
        new GetMetricStatisticsCommand({
          Namespace,
          MetricName: 'Latency',
          Dimensions,
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 3_600_000),
          Period: 7_200,
          Statistics: ['SampleCount', 'Maximum'],
        }),
      );
      expect(Datapoints).toEqual([expect.objectContaining({ SampleCount: 13_500, Maximum: 13_499 })]);
      expect(cw.stats().storedMetrics).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it('keeps 1,000 distinct wide metrics apart, and pages through them', async () => {
    const client = sdkClient(cw.endpoint, { maxAttempts: 1 });
    const Namespace = uniqueNamespace('WideMany');
    try {
      for (let first = 0; first < 1_000; first += 30) {
        const MetricData = Array.from({ length: Math.min(30, 1_000 - first) }, (_, d) => ({
          MetricName: 'Latency',
          Dimensions: wideDimensions(String(first + d)),
          Value: first + d,
        }));
        await client.send(new PutMetricDataCommand({ Namespace, MetricData }));
      }
      const seen = new Set<string>();
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListMetricsCommand({ Namespace, NextToken }));
        for (const metric of page.Metrics ?? []) seen.add(metric.Dimensions?.[0]?.Value ?? '');
        NextToken = page.NextToken;
      } while (NextToken);
      expect(seen.size).toBe(1_000);
    } finally {
      client.destroy();
    }
  });
});
