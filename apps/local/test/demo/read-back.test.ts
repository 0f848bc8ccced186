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
    const { metrics, series } = await readBack(run, { cloudwatch }, startedMs, { metrics: null });
    expect(series).toBeUndefined();
    expect(Object.keys(metrics).sort()).toEqual(['aggregated', 'single']);
    expect(metrics.single?.stats).toMatchObject({ SampleCount: 2, Sum: 12, p50: 4 });
    expect(metrics.aggregated?.stats).toMatchObject({ SampleCount: 3, Sum: 16, p50: 4 });
    expect(run.cloudwatchClients).toHaveLength(1);
    await run.release();
  });

  it('fails as the reading phase when the endpoint does not answer', async () => {
    const run = new RunResources();
    const gone = { endpoint: 'http://127.0.0.1:9' } as CloudWatchLocal;
    await expect(readBack(run, { cloudwatch: gone }, Date.now(), { metrics: null })).rejects.toMatchObject({
      name: 'DemoError',
      phase: 'reading',
      message: expect.stringMatching(/^reading the statistics back failed: /),
    });
    await run.release();
  });

  it('with METRICS, reads every series of each handler and the values they set aside or folded', async () => {
    cloudwatch.reset();
    const startedMs = Date.now();
    const publisher = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const type = (kind: 'single' | 'aggregated') => ({ Name: TYPE_DIMENSION, Value: TYPE_BY_KIND[kind] });
    await publisher.send(
      new PutMetricDataCommand({
        Namespace: 'Shop',
        MetricData: [
          { MetricName: 'ms', Dimensions: [{ Name: 'route', Value: '/a' }, type('single')], Values: [1, 3] },
          {
            MetricName: 'ms',
            Dimensions: [{ Name: 'route', Value: '/a' }, type('aggregated')],
            Values: [1, 3],
          },
          { MetricName: 'ms', Dimensions: [{ Name: 'route', Value: '/b' }, type('aggregated')], Values: [5] },
          {
            MetricName: 'InvalidValues',
            Dimensions: [{ Name: 'Reason', Value: 'MissingField' }, type('aggregated')],
            Value: 2,
          },
          {
            MetricName: 'FoldedValues',
            Dimensions: [{ Name: 'Dimension', Value: 'route' }, type('single')],
            Value: 4,
          },
        ].map((datum) => ({ ...datum, Timestamp: new Date() })),
      }),
    );
    publisher.destroy();
    const run = new RunResources();
    const { series } = await readBack(run, { cloudwatch }, startedMs, {
      metrics: '{"Namespace":"Shop","Dimensions":[["route"]],"Metrics":[{"Name":"ms"}]}',
    });
    const aggregated = series?.aggregated;
    expect([...(aggregated?.series.keys() ?? [])]).toEqual(['ms{route=/a}', 'ms{route=/b}']);
    expect(aggregated?.series.get('ms{route=/a}')).toMatchObject({
      metric: 'ms',
      dimensions: { route: '/a' },
      stats: { SampleCount: 2, Sum: 4, Minimum: 1, Maximum: 3, p50: 1 },
    });
    expect(aggregated?.invalidValues).toBe(2);
    expect(series?.single?.foldedValues).toBe(4);
    expect([...(series?.single?.series.keys() ?? [])]).toEqual(['ms{route=/a}']);
    await run.release();
  });
});
