import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  GetMetricStatisticsCommand,
  type GetMetricStatisticsCommandInput,
  ListMetricsCommand,
  type MetricDatum,
  PutMetricDataCommand,
  type Statistic,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { jsonRequest, minuteAgo, sdkClient, uniqueNamespace } from './helpers.js';

let cw: CloudWatchLocal;
let client: CloudWatchClient;

beforeAll(async () => {
  cw = await startCloudWatchLocal();
  client = sdkClient(cw.endpoint);
});

afterAll(async () => {
  client.destroy();
  await cw.stop();
});

const T0 = minuteAgo();

function oneMinute(
  namespace: string,
  metricName: string,
  extra: Partial<GetMetricStatisticsCommandInput> = {},
) {
  return {
    Namespace: namespace,
    MetricName: metricName,
    StartTime: T0,
    EndTime: new Date(T0.getTime() + 60_000),
    Period: 60,
    ...extra,
  };
}

async function basicStatistics(namespace: string, metricName: string, extra = {}) {
  const out = await client.send(
    new GetMetricStatisticsCommand({
      ...oneMinute(namespace, metricName, extra),
      Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'],
    }),
  );
  return out.Datapoints ?? [];
}

async function percentiles(namespace: string, metricName: string, names: string[], extra = {}) {
  const out = await client.send(
    new GetMetricStatisticsCommand({ ...oneMinute(namespace, metricName, extra), ExtendedStatistics: names }),
  );
  return out.Datapoints ?? [];
}

/** Reads several statistics of one metric with GetMetricData, one query per statistic. */
async function viaGetMetricData(namespace: string, metricName: string, stats: string[]) {
  const input: GetMetricDataCommandInput = {
    StartTime: T0,
    EndTime: new Date(T0.getTime() + 60_000),
    MetricDataQueries: stats.map((stat, i) => ({
      Id: `q${i}`,
      MetricStat: { Metric: { Namespace: namespace, MetricName: metricName }, Period: 60, Stat: stat },
    })),
  };
  const out = await client.send(new GetMetricDataCommand(input));
  const result: Record<string, number | undefined> = {};
  stats.forEach((stat, i) => {
    const series = out.MetricDataResults?.find((r) => r.Id === `q${i}`);
    expect(series?.StatusCode).toBe('Complete');
    expect(series?.Values?.length ?? 0).toBeLessThanOrEqual(1);
    if (series?.Values?.length === 1) expect(series.Timestamps?.[0]?.getTime()).toBe(T0.getTime());
    result[stat] = series?.Values?.[0];
  });
  return result;
}

async function put(namespace: string, data: MetricDatum[]) {
  return client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

describe('values and counts read back exactly', () => {
  it('combines Values/Counts and single Values into exact statistics and nearest-rank percentiles', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      {
        MetricName: 'Latency',
        Timestamp: T0,
        Values: [1, 2, 3, 10],
        Counts: [5, 3, 1, 1],
        Unit: 'Milliseconds',
      },
      { MetricName: 'Latency', Timestamp: new Date(T0.getTime() + 15_000), Value: 4, Unit: 'Milliseconds' },
    ]);
    await put(ns, [
      { MetricName: 'Latency', Timestamp: new Date(T0.getTime() + 59_000), Value: 5, Unit: 'Milliseconds' },
    ]);

    // Multiset: 1x5, 2x3, 3, 4, 5, 10 -> N = 12, Sum = 5 + 6 + 3 + 4 + 5 + 10 = 33.
    const [point] = await basicStatistics(ns, 'Latency');
    expect(point).toMatchObject({ SampleCount: 12, Sum: 33, Minimum: 1, Maximum: 10, Average: 33 / 12 });
    expect(point?.Timestamp?.getTime()).toBe(T0.getTime());

    // Nearest rank: p50 -> rank 6 -> 2; p75 -> rank 9 -> 3; p90 -> rank 11 -> 5; p99 -> rank 12 -> 10.
    const [extended] = await percentiles(ns, 'Latency', ['p0', 'p50', 'p75', 'p90', 'p99', 'p100']);
    expect(extended?.ExtendedStatistics).toEqual({ p0: 1, p50: 2, p75: 3, p90: 5, p99: 10, p100: 10 });

    expect(
      await viaGetMetricData(ns, 'Latency', [
        'SampleCount',
        'Sum',
        'Minimum',
        'Maximum',
        'Average',
        'p50',
        'p90',
        'p99',
      ]),
    ).toEqual({
      SampleCount: 12,
      Sum: 33,
      Minimum: 1,
      Maximum: 10,
      Average: 33 / 12,
      p50: 2,
      p90: 5,
      p99: 10,
    });
  });

  it('takes count/sum/min/max from StatisticValues and percentiles from the Values sent with them', async () => {
    const ns = uniqueNamespace();
    // As the CloudWatch agent sends bucketed values: the statistic set keeps min/max/sum exact.
    await put(ns, [
      {
        MetricName: 'Agent',
        Timestamp: T0,
        StatisticValues: { SampleCount: 10, Sum: 100, Minimum: 0.5, Maximum: 30 },
        Values: [1, 10, 20],
        Counts: [3, 5, 2],
      },
    ]);
    const [point] = await basicStatistics(ns, 'Agent');
    expect(point).toMatchObject({ SampleCount: 10, Sum: 100, Minimum: 0.5, Maximum: 30, Average: 10 });
    const [extended] = await percentiles(ns, 'Agent', ['p50', 'p99']);
    expect(extended?.ExtendedStatistics).toEqual({ p50: 10, p99: 20 });
  });

  it('serves percentiles of a statistic set only when its values are known', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      {
        MetricName: 'Set',
        Timestamp: T0,
        StatisticValues: { SampleCount: 4, Sum: 20, Minimum: 2, Maximum: 8 },
      },
      {
        MetricName: 'Same',
        Timestamp: T0,
        StatisticValues: { SampleCount: 3, Sum: 15, Minimum: 5, Maximum: 5 },
      },
    ]);
    const [set] = await basicStatistics(ns, 'Set');
    expect(set).toMatchObject({ SampleCount: 4, Sum: 20, Minimum: 2, Maximum: 8, Average: 5 });
    const [setPercentiles] = await percentiles(ns, 'Set', ['p50']);
    expect(setPercentiles?.ExtendedStatistics).toBeUndefined();
    expect(await viaGetMetricData(ns, 'Set', ['p50', 'Sum'])).toEqual({ p50: undefined, Sum: 20 });

    const [same] = await percentiles(ns, 'Same', ['p50', 'p99']);
    expect(same?.ExtendedStatistics).toEqual({ p50: 5, p99: 5 });
  });

  it('has no percentiles for a period holding a negative value', async () => {
    const ns = uniqueNamespace();
    await put(ns, [{ MetricName: 'Delta', Timestamp: T0, Values: [-1, 2, 3] }]);
    const [point] = await basicStatistics(ns, 'Delta');
    expect(point).toMatchObject({ SampleCount: 3, Sum: 4, Minimum: -1, Maximum: 3 });
    const [extended] = await percentiles(ns, 'Delta', ['p50']);
    expect(extended?.ExtendedStatistics).toBeUndefined();
  });

  it('identifies a metric by its set of dimensions, whatever their order', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      {
        MetricName: 'Hits',
        Timestamp: T0,
        Value: 7,
        Dimensions: [
          { Name: 'Route', Value: '/buy' },
          { Name: 'Env', Value: 'dev' },
        ],
      },
    ]);
    const sameSet = await basicStatistics(ns, 'Hits', {
      Dimensions: [
        { Name: 'Env', Value: 'dev' },
        { Name: 'Route', Value: '/buy' },
      ],
    });
    expect(sameSet[0]?.Sum).toBe(7);
    expect(await basicStatistics(ns, 'Hits', { Dimensions: [{ Name: 'Env', Value: 'dev' }] })).toEqual([]);
    expect(await basicStatistics(ns, 'Hits')).toEqual([]);
  });

  it('filters by unit when a query names one', async () => {
    const ns = uniqueNamespace();
    await put(ns, [
      { MetricName: 'Time', Timestamp: T0, Value: 2, Unit: 'Milliseconds' },
      { MetricName: 'Time', Timestamp: T0, Value: 3, Unit: 'Seconds' },
      { MetricName: 'Time', Timestamp: T0, Value: 4 },
    ]);
    const [ms] = await basicStatistics(ns, 'Time', { Unit: 'Milliseconds' });
    expect(ms).toMatchObject({ SampleCount: 1, Sum: 2, Unit: 'Milliseconds' });
    const [none] = await basicStatistics(ns, 'Time', { Unit: 'None' });
    expect(none).toMatchObject({ SampleCount: 1, Sum: 4 });
    // Without a Unit, each unit is its own datapoint: CloudWatch never adds them together.
    const all = await basicStatistics(ns, 'Time');
    expect(all.map((p) => [p.Unit, p.SampleCount, p.Sum])).toEqual([
      ['Milliseconds', 1, 2],
      ['None', 1, 4],
      ['Seconds', 1, 3],
    ]);
  });

  it('keeps one-second resolution for StorageResolution 1 and whole minutes otherwise', async () => {
    const ns = uniqueNamespace();
    const at = (s: number) => new Date(T0.getTime() + s * 1000);
    await put(ns, [
      { MetricName: 'Hi', Timestamp: at(1), Value: 1, StorageResolution: 1 },
      { MetricName: 'Hi', Timestamp: at(2), Value: 2, StorageResolution: 1 },
      { MetricName: 'Hi', Timestamp: at(12), Value: 3, StorageResolution: 1 },
      { MetricName: 'Std', Timestamp: at(12), Value: 4 },
    ]);
    const sums = async (metric: string, period: number) => {
      const out = await client.send(
        new GetMetricStatisticsCommand({ ...oneMinute(ns, metric), Period: period, Statistics: ['Sum'] }),
      );
      return (out.Datapoints ?? [])
        .map((d) => [(d.Timestamp?.getTime() ?? 0) - T0.getTime(), d.Sum])
        .sort((a, b) => (a[0] as number) - (b[0] as number));
    };
    expect(await sums('Hi', 1)).toEqual([
      [1000, 1],
      [2000, 2],
      [12000, 3],
    ]);
    expect(await sums('Hi', 10)).toEqual([
      [0, 3],
      [10000, 3],
    ]);
    expect(await sums('Hi', 60)).toEqual([[0, 6]]);
    expect(await sums('Std', 1)).toEqual([[0, 4]]);
  });
});

describe('refusals', () => {
  it('refuses a request with one bad datum whole, storing nothing from it', async () => {
    const ns = uniqueNamespace();
    const before = cw.stats();
    const error = await put(ns, [
      { MetricName: 'Good', Timestamp: T0, Value: 1 },
      { MetricName: 'Bad', Timestamp: T0, Values: [1, Number.NaN], Counts: [1, 1] },
      { MetricName: 'AlsoGood', Timestamp: T0, Value: 2 },
    ]).catch((e: unknown) => e as Error & { Code?: string; $metadata: { httpStatusCode?: number } });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'InvalidParameterValueException',
      Code: 'InvalidParameterValue',
      message: 'The value NaN for parameter MetricData.member.2.Values.member.2 is invalid.',
    });
    expect((await client.send(new ListMetricsCommand({ Namespace: ns }))).Metrics).toEqual([]);
    expect(await basicStatistics(ns, 'Good')).toEqual([]);
    const after = cw.stats();
    expect(after.storedMetrics).toBe(before.storedMetrics);
    expect(after.putMetricData.rejected).toBe(before.putMetricData.rejected + 1);
    expect(after.putMetricData.accepted).toBe(before.putMetricData.accepted);
    expect(after.rejections.InvalidParameterValue).toBe((before.rejections.InvalidParameterValue ?? 0) + 1);
  });

  it('answers a NaN Value with InvalidParameterValue naming the datum', async () => {
    const error = await put(uniqueNamespace(), [
      { MetricName: 'A', Value: 1 },
      { MetricName: 'A', Value: 2 },
      { MetricName: 'A', Value: Number.NaN },
    ]).catch(
      (e: unknown) =>
        e as Error & { Code?: string; $metadata: { httpStatusCode?: number; attempts?: number } },
    );
    expect(error).toMatchObject({
      Code: 'InvalidParameterValue',
      message: 'The value NaN for parameter MetricData.member.3.Value is invalid.',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });

  it('refuses Statistics with ExtendedStatistics in one call, and more than 1,440 datapoints', async () => {
    const ns = uniqueNamespace();
    await expect(
      client.send(
        new GetMetricStatisticsCommand({
          ...oneMinute(ns, 'M'),
          Statistics: ['Sum'],
          ExtendedStatistics: ['p99'],
        }),
      ),
    ).rejects.toMatchObject({ Code: 'InvalidParameterCombination' });
    await expect(
      client.send(
        new GetMetricStatisticsCommand({
          ...oneMinute(ns, 'M'),
          StartTime: new Date(T0.getTime() - 1441 * 60_000),
          EndTime: T0,
          Statistics: ['Sum'],
        }),
      ),
    ).rejects.toMatchObject({
      Code: 'InvalidParameterCombination',
      message: expect.stringMatching(/1441 .*1440/),
    });
    const exactly = await client.send(
      new GetMetricStatisticsCommand({
        ...oneMinute(ns, 'M'),
        StartTime: new Date(T0.getTime() - 1440 * 60_000),
        EndTime: T0,
        Statistics: ['Sum'],
      }),
    );
    expect(exactly.Datapoints).toEqual([]);
    await expect(
      client.send(
        new GetMetricStatisticsCommand({ ...oneMinute(ns, 'M'), Statistics: ['Median' as Statistic] }),
      ),
    ).rejects.toMatchObject({
      Code: 'InvalidParameterValue',
      message: expect.stringContaining('Statistics.member.1'),
    });
    await expect(
      client.send(new GetMetricStatisticsCommand({ ...oneMinute(ns, 'M'), Period: 45, Statistics: ['Sum'] })),
    ).rejects.toMatchObject({ Code: 'InvalidParameterValue', message: expect.stringContaining('Period') });
  });

  it('refuses an unknown GetMetricData statistic, and metric math it does not serve', async () => {
    const base = { StartTime: T0, EndTime: new Date(T0.getTime() + 60_000) };
    const metric = { Namespace: 'X', MetricName: 'Y' };
    await expect(
      client.send(
        new GetMetricDataCommand({
          ...base,
          MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: metric, Period: 60, Stat: 'p101' } }],
        }),
      ),
    ).rejects.toMatchObject({ Code: 'ValidationError', message: expect.stringContaining('MetricStat.Stat') });
    await expect(
      client.send(
        new GetMetricDataCommand({
          ...base,
          MetricDataQueries: [{ Id: 'e1', Expression: 'ANOMALY_DETECTION_BAND(m1)' }],
        }),
      ),
    ).rejects.toMatchObject({
      Code: 'ValidationError',
      message: expect.stringContaining('ANOMALY_DETECTION_BAND is not served'),
    });
  });
});

describe('gzip, paging and application ids', () => {
  it('accepts the gzip body the SDK sends for a large PutMetricData', async () => {
    const ns = uniqueNamespace();
    const before = cw.stats().putMetricData;
    const data: MetricDatum[] = Array.from({ length: 1000 }, (_, i) => ({
      MetricName: 'Big',
      Timestamp: T0,
      Dimensions: [{ Name: 'Shard', Value: `shard-${i % 10}` }],
      Values: [i, i + 0.5],
      Counts: [1, 2],
      Unit: 'Milliseconds',
    }));
    await put(ns, data);
    const after = cw.stats().putMetricData;
    const wire = after.wireBytes - before.wireBytes;
    const inflated = after.uncompressedBytes - before.uncompressedBytes;
    expect(inflated).toBeGreaterThan(10_240);
    expect(wire).toBeLessThan(inflated / 3); // it really travelled compressed
    expect(after.datums - before.datums).toBe(1000);
    expect(after.values - before.values).toBe(2000);
    expect(after.samples - before.samples).toBe(3000);
    const [point] = await basicStatistics(ns, 'Big', { Dimensions: [{ Name: 'Shard', Value: 'shard-3' }] });
    expect(point?.SampleCount).toBe(300);
  });

  it('pages ListMetrics by 500 and filters by dimension', async () => {
    const ns = uniqueNamespace();
    await put(
      ns,
      Array.from({ length: 600 }, (_, i) => ({
        MetricName: `M${i}`,
        Timestamp: T0,
        Value: i,
        Dimensions: [{ Name: 'Parity', Value: i % 2 === 0 ? 'even' : 'odd' }],
      })),
    );
    const first = await client.send(new ListMetricsCommand({ Namespace: ns }));
    expect(first.Metrics).toHaveLength(500);
    expect(first.NextToken).toBeTruthy();
    const second = await client.send(new ListMetricsCommand({ Namespace: ns, NextToken: first.NextToken }));
    expect(second.Metrics).toHaveLength(100);
    expect(second.NextToken).toBeUndefined();
    const names = new Set([...(first.Metrics ?? []), ...(second.Metrics ?? [])].map((m) => m.MetricName));
    expect(names.size).toBe(600);
    const odd = await client.send(
      new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Parity', Value: 'odd' }] }),
    );
    expect(odd.Metrics).toHaveLength(300);
    const byName = await client.send(
      new ListMetricsCommand({ Namespace: ns, MetricName: 'M7', RecentlyActive: 'PT3H' }),
    );
    expect(byName.Metrics).toEqual([
      { Namespace: ns, MetricName: 'M7', Dimensions: [{ Name: 'Parity', Value: 'odd' }] },
    ]);
    await expect(client.send(new ListMetricsCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({
      Code: 'InvalidNextToken',
    });
  });

  it('pages GetMetricData by MaxDatapoints, in the ScanBy order', async () => {
    const ns = uniqueNamespace();
    const minutes = [4, 3, 2, 1, 0];
    await put(
      ns,
      minutes.map((m) => ({
        MetricName: 'Series',
        Timestamp: new Date(T0.getTime() - m * 60_000),
        Value: m,
      })),
    );
    const query = {
      StartTime: new Date(T0.getTime() - 5 * 60_000),
      EndTime: new Date(T0.getTime() + 60_000),
      MetricDataQueries: [
        {
          Id: 'sum',
          MetricStat: { Metric: { Namespace: ns, MetricName: 'Series' }, Period: 60, Stat: 'Sum' },
        },
      ],
      ScanBy: 'TimestampAscending' as const,
      MaxDatapoints: 2,
    };
    const pages: Array<{ values: number[]; status: string | undefined }> = [];
    let token: string | undefined;
    do {
      const out = await client.send(new GetMetricDataCommand({ ...query, NextToken: token }));
      const [series] = out.MetricDataResults ?? [];
      pages.push({ values: series?.Values ?? [], status: series?.StatusCode });
      token = out.NextToken;
    } while (token);
    expect(pages).toEqual([
      { values: [4, 3], status: 'PartialData' },
      { values: [2, 1], status: 'PartialData' },
      { values: [0], status: 'Complete' },
    ]);
    const descending = await client.send(
      new GetMetricDataCommand({ ...query, ScanBy: 'TimestampDescending', MaxDatapoints: undefined }),
    );
    expect(descending.MetricDataResults?.[0]?.Values).toEqual([0, 1, 2, 3, 4]);
    expect(descending.MetricDataResults?.[0]?.Label).toBe('Series');
  });

  it('counts PutMetricData per application id from the SDK User-Agent', async () => {
    const single = sdkClient(cw.endpoint, { userAgentAppId: 'cwagg-single' });
    const aggregated = sdkClient(cw.endpoint, { userAgentAppId: 'cwagg-aggregated' });
    try {
      cw.reset();
      const ns = uniqueNamespace();
      for (let i = 0; i < 3; i++) {
        await single.send(
          new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'V', Value: i }] }),
        );
      }
      await aggregated.send(
        new PutMetricDataCommand({
          Namespace: ns,
          MetricData: [{ MetricName: 'V', Values: [0, 1, 2], Counts: [1, 1, 1] }],
        }),
      );
      await jsonRequest(cw.endpoint, 'PutMetricData', {
        Namespace: ns,
        MetricData: [{ MetricName: 'V', Value: 9 }],
      });
      const { byAppId } = cw.stats();
      expect(byAppId['cwagg-single']).toMatchObject({ putMetricDataRequests: 3, datums: 3, samples: 3 });
      expect(byAppId['cwagg-aggregated']).toMatchObject({ putMetricDataRequests: 1, datums: 1, samples: 3 });
      expect(byAppId.unknown).toMatchObject({ putMetricDataRequests: 1, datums: 1, samples: 1 });
      expect(byAppId['cwagg-single']?.wireBytes).toBeGreaterThan(0);
    } finally {
      single.destroy();
      aggregated.destroy();
    }
  });
});
