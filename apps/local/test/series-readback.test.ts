/** Every series of a namespace read back per handler, past the 500 queries one GetMetricData call takes. */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHandlerSeries } from '../src/index.js';

describe('readHandlerSeries', () => {
  let cloudwatch: CloudWatchLocal;
  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
  });
  afterAll(async () => {
    await cloudwatch.stop();
  });

  it('reads 90 series of a handler (630 queries) with their statistics', async () => {
    const client = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const from = new Date(Date.now() - 60_000);
    const type = { Name: TYPE_DIMENSION, Value: TYPE_BY_KIND.aggregated };
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'Many',
        MetricData: Array.from({ length: 90 }, (_, i) => ({
          MetricName: 'ms',
          Dimensions: [{ Name: 'route', Value: `/r${i}` }, type],
          Timestamp: new Date(),
          Values: [i, i + 1],
        })),
      }),
    );
    const read = await readHandlerSeries(client, {
      namespace: 'Many',
      types: [TYPE_BY_KIND.single, TYPE_BY_KIND.aggregated],
      from,
      to: new Date(Date.now() + 60_000),
    });
    client.destroy();
    const aggregated = read[TYPE_BY_KIND.aggregated];
    expect(aggregated?.series.size).toBe(90);
    expect(aggregated?.series.get('ms{route=/r89}')?.stats).toEqual({
      SampleCount: 2,
      Sum: 179,
      Minimum: 89,
      Maximum: 90,
      p50: 89,
      p90: 90,
      p99: 90,
    });
    expect(read[TYPE_BY_KIND.single]?.series.size).toBe(0);
  });
});
