/**
 * The README's service example, end to end: events read with a directive, recorded through a MetricsBuffer,
 * sent to @cwagg/cloudwatch-local over HTTP and read back per (metric, dimensions).
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { describe, expect, it } from 'vitest';
import { MetricsBuffer } from '../../src/index.js';
import { MetricMapping } from '../../src/mapping/index.js';

describe('a service reading its events with a directive', () => {
  it('records each value under each dimension set, and CloudWatch reads them back per series', async () => {
    const local = await startCloudWatchLocal({ port: 0 });
    const client = new CloudWatchClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const mapping = new MetricMapping(
        {
          Dimensions: [['route'], ['route', 'status']],
          Metrics: [
            { Name: 'latencyMs', Unit: 'Milliseconds' },
            { Name: 'bytes', Unit: 'Bytes' },
          ],
          StaticDimensions: { Service: 'shop' },
        },
        { namespace: 'Shop' },
      );
      const metrics = new MetricsBuffer({ namespace: mapping.namespace, client, flushIntervalMs: 0 });
      const events = [
        { route: '/buy', status: 200, latencyMs: 12.5, bytes: 5120 },
        { route: '/buy', status: 500, latencyMs: 40, bytes: 10 },
        { route: '/cart', status: 200, latencyMs: 3 }, // no bytes: set aside, latency still recorded
      ];
      const setAside = [];
      for (const event of events) {
        const mapped = mapping.map(event);
        for (const { metric, value } of mapped.values) metrics.record(metric.name, value, metric);
        setAside.push(...mapped.setAside);
      }
      await metrics.close();
      expect(setAside.map((entry) => entry.reason)).toEqual(['MissingField', 'MissingField']);
      const read = async (name: string, dimensions: Record<string, string>) => {
        const now = Date.now();
        const { Datapoints = [] } = await client.send(
          new GetMetricStatisticsCommand({
            Namespace: 'Shop',
            MetricName: name,
            Dimensions: Object.entries({ ...dimensions, Service: 'shop' }).map(([Name, Value]) => ({
              Name,
              Value,
            })),
            StartTime: new Date(now - 3_600_000),
            EndTime: new Date(now + 3_600_000),
            Period: 86_400,
            Statistics: ['SampleCount', 'Sum'],
          }),
        );
        return Datapoints.map(({ SampleCount, Sum }) => ({ SampleCount, Sum }));
      };
      expect(await read('latencyMs', { route: '/buy' })).toEqual([{ SampleCount: 2, Sum: 52.5 }]);
      expect(await read('latencyMs', { route: '/buy', status: '500' })).toEqual([
        { SampleCount: 1, Sum: 40 },
      ]);
      expect(await read('bytes', { route: '/buy' })).toEqual([{ SampleCount: 2, Sum: 5130 }]);
      expect(await read('latencyMs', { route: '/cart' })).toEqual([{ SampleCount: 1, Sum: 3 }]);
      expect(await read('bytes', { route: '/cart' })).toEqual([]);
    } finally {
      client.destroy();
      await local.stop();
    }
  });
});
