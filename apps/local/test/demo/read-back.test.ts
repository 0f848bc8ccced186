import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBack } from '../../src/demo/read-back.js';
import { RunResources } from '../../src/demo/resources.js';

describe('the reading phase', () => {
  let cloudwatch: CloudWatchLocal;
  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
  });
  afterAll(async () => {
    await cloudwatch.stop();
  });

  it('reads both handlers’ metric from the run’s start on, with a client the run releases', async () => {
    const startedMs = Date.now();
    const publisher = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // Published as the handlers publish: one metric, told apart by its Type dimension.
    await publisher.send(
      new PutMetricDataCommand({
        Namespace: DEFAULT_NAMESPACE,
        MetricData: (['single', 'aggregated'] as const).map((kind) => ({
          MetricName: DEFAULT_METRIC_NAME,
          Dimensions: [{ Name: TYPE_DIMENSION, Value: TYPE_BY_KIND[kind] }],
          Timestamp: new Date(),
          Values: [4, 8],
          Counts: kind === 'single' ? [1, 1] : [2, 1],
        })),
      }),
    );
    publisher.destroy();
    const run = new RunResources();
    const metrics = await readBack(run, cloudwatch, startedMs);
    expect(Object.keys(metrics).sort()).toEqual([TYPE_BY_KIND.aggregated, TYPE_BY_KIND.single].sort());
    expect(metrics[TYPE_BY_KIND.single]?.stats).toMatchObject({ SampleCount: 2, Sum: 12, p50: 4 });
    expect(metrics[TYPE_BY_KIND.aggregated]?.stats).toMatchObject({ SampleCount: 3, Sum: 16, p50: 4 });
    expect(run.cloudwatchClient).toBeDefined();
    await run.release();
  });

  it('fails as the reading phase when the endpoint does not answer', async () => {
    const run = new RunResources();
    const gone = { endpoint: 'http://127.0.0.1:9' } as CloudWatchLocal;
    await expect(readBack(run, gone, Date.now())).rejects.toMatchObject({
      name: 'DemoError',
      phase: 'reading',
      message: expect.stringMatching(/^reading the statistics back failed: /),
    });
    await run.release();
  });
});
