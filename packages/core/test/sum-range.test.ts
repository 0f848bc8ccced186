/**
 * Values near CloudWatch's limit: each one is inside -2^360..2^360, but a datum's StatisticValues.Sum of
 * several of them is not, and CloudWatch rejects such a request whole. Found by the hostile-record tests of
 * @cwagg/kinesis: two records of "2e108" in one Kinesis batch made the aggregated handler's request invalid
 * on every retry, blocking the shard until the batch was given up.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregator, type MetricDatum, Publisher, type PutMetricDataRequest } from '../src/index.js';
import { MAX_VALUE_MAGNITUDE, MAX_VALUES_PER_DATUM } from '../src/limits/index.js';

const NAMESPACE = 'SumRange';
const metric = { name: 'Huge' };

function datumsOf(requests: readonly PutMetricDataRequest[]): MetricDatum[] {
  return requests.flatMap((request) => request.MetricData);
}

function expectSumsInRange(datums: readonly MetricDatum[]): void {
  for (const datum of datums) {
    expect(Math.abs(datum.StatisticValues.Sum)).toBeLessThanOrEqual(MAX_VALUE_MAGNITUDE);
    expect(datum.Values.length).toBeLessThanOrEqual(MAX_VALUES_PER_DATUM);
    const counts = datum.Counts ?? datum.Values.map(() => 1);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(datum.StatisticValues.SampleCount);
  }
}

describe('datums whose values sum past 2^360', () => {
  it('are cut so that every StatisticValues.Sum stays inside the range, keeping every sample', () => {
    const agg = new Aggregator({ namespace: NAMESPACE });
    const handle = agg.metric(metric);
    handle.add(2e108);
    handle.add(2e108);
    handle.add(2 ** 360, 3);
    handle.add(-(2 ** 360), 2);
    handle.add(1);
    for (let i = 0; i < 300; i++) handle.add(1e108 + i * 1e93);
    const { requests, rejected, stats } = agg.drain();
    expect(rejected).toEqual([]);
    const datums = datumsOf(requests);
    expectSumsInRange(datums);
    expect(stats.samples).toBe(2 + 3 + 2 + 1 + 300);
    const sampleCount = datums.reduce((sum, datum) => sum + datum.StatisticValues.SampleCount, 0);
    expect(sampleCount).toBe(308);
    expect(Math.min(...datums.map((datum) => datum.StatisticValues.Minimum))).toBe(-(2 ** 360));
    expect(Math.max(...datums.map((datum) => datum.StatisticValues.Maximum))).toBe(2 ** 360);
  });

  it('leaves ordinary datums alone: one datum per 150 values, as before', () => {
    const agg = new Aggregator({ namespace: NAMESPACE });
    for (let i = 0; i < 300; i++) agg.add(metric, 1e100 + i * 1e85);
    const datums = datumsOf(agg.drain().requests);
    expect(datums.map((datum) => datum.Values.length)).toEqual([150, 150]);
  });

  describe('against @cwagg/cloudwatch-local', () => {
    let cloudwatch: CloudWatchLocal;
    let client: CloudWatchClient;
    beforeAll(async () => {
      cloudwatch = await startCloudWatchLocal({ port: 0 });
      client = new CloudWatchClient({
        endpoint: cloudwatch.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
    });
    afterAll(async () => {
      client.destroy();
      await cloudwatch.stop();
    });

    it('are accepted, and read back with the exact count, sum, minimum and maximum', async () => {
      const agg = new Aggregator({ namespace: NAMESPACE });
      const values = [2e108, 2e108, 2.3e108, 1, -5];
      for (const value of values) agg.add(metric, value);
      const outcome = await new Publisher({ client }).publish(agg.drain().requests);
      expect(outcome.failed).toBe(0);
      expect(cloudwatch.stats().rejections).toEqual({});
      const now = Date.now();
      const { Datapoints } = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: NAMESPACE,
          MetricName: metric.name,
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 3_600_000),
          Period: 7_200,
          Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'],
        }),
      );
      expect(Datapoints).toHaveLength(1);
      expect(Datapoints?.[0]).toMatchObject({ SampleCount: 5, Minimum: -5, Maximum: 2.3e108 });
      const sum = Datapoints?.[0]?.Sum ?? 0;
      expect(Math.abs(sum - 6.3e108) / 6.3e108).toBeLessThan(1e-12);
    });
  });
});
