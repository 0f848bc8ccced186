/**
 * Units are never added together ("CloudWatch does not perform unit conversions"; without a Unit "all data
 * ... is returned, along with the corresponding units"), statistic sets give percentiles only under the
 * current PutMetricData wording, and EntityMetricData takes at most two objects. Over the wire.
 */
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  type MetricDatum,
  PutMetricDataCommand,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { jsonRequest, minuteAgo, uniqueNamespace } from './helpers.js';
import { useLocalEndpoint } from './support/local-endpoint.js';

const local = useLocalEndpoint();

const T0 = minuteAgo();
const window = { StartTime: T0, EndTime: new Date(T0.getTime() + 60_000) };

async function put(namespace: string, data: MetricDatum[]): Promise<void> {
  await local.client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

describe('units are never added together', () => {
  it('GetMetricStatistics without a Unit returns one datapoint per unit, each with its unit', async () => {
    const ns = uniqueNamespace('Units');
    await put(ns, [
      { MetricName: 'Time', Timestamp: T0, Value: 500, Unit: 'Milliseconds' },
      { MetricName: 'Time', Timestamp: T0, Value: 1, Unit: 'Seconds' },
    ]);
    const { Datapoints = [] } = await local.client.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Time',
        ...window,
        Period: 60,
        Statistics: ['Sum', 'SampleCount'],
      }),
    );
    // Before, one datapoint: Sum 501, Unit None.
    expect(Datapoints.map((d) => [d.Timestamp?.getTime(), d.Unit, d.Sum, d.SampleCount])).toEqual([
      [T0.getTime(), 'Milliseconds', 500, 1],
      [T0.getTime(), 'Seconds', 1, 1],
    ]);
    const { Datapoints: seconds = [] } = await local.client.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Time',
        ...window,
        Period: 60,
        Statistics: ['Sum'],
        Unit: 'Seconds',
      }),
    );
    expect(seconds.map((d) => [d.Unit, d.Sum])).toEqual([['Seconds', 1]]);
    const { Datapoints: bytes = [] } = await local.client.send(
      new GetMetricStatisticsCommand({
        Namespace: ns,
        MetricName: 'Time',
        ...window,
        Period: 60,
        Statistics: ['Sum'],
        Unit: 'Bytes',
      }),
    );
    expect(bytes).toEqual([]);
  });

  it('GetMetricData gives no value for a period holding several units, and says why; a Unit picks one', async () => {
    const ns = uniqueNamespace('UnitsData');
    await put(ns, [
      { MetricName: 'Time', Timestamp: T0, Value: 500, Unit: 'Milliseconds' },
      { MetricName: 'Time', Timestamp: T0, Value: 1, Unit: 'Seconds' },
      { MetricName: 'Time', Timestamp: new Date(T0.getTime() - 60_000), Value: 2, Unit: 'Seconds' },
    ]);
    const read = (Unit?: StandardUnit) =>
      local.client.send(
        new GetMetricDataCommand({
          StartTime: new Date(T0.getTime() - 60_000),
          EndTime: window.EndTime,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: [
            {
              Id: 'm',
              MetricStat: { Metric: { Namespace: ns, MetricName: 'Time' }, Period: 60, Stat: 'Sum', Unit },
            },
          ],
        }),
      );
    const [mixed] = (await read()).MetricDataResults ?? [];
    expect(mixed?.Values).toEqual([2]);
    expect(mixed?.Messages).toEqual([
      {
        Code: 'MixedUnits',
        Value: expect.stringMatching(/2 units \(Milliseconds, Seconds\).*give the MetricStat a Unit/),
      },
    ]);
    const [ms] = (await read('Milliseconds')).MetricDataResults ?? [];
    expect(ms?.Values).toEqual([500]);
    expect(ms?.Messages).toEqual([]);
  });
});

describe('statistic sets give percentiles only as the current PutMetricData text says', () => {
  const cases: Array<
    [string, { SampleCount: number; Sum: number; Minimum: number; Maximum: number }, number | undefined]
  > = [
    ['SampleCount 1 and Min, Max and Sum all equal', { SampleCount: 1, Sum: 5, Minimum: 5, Maximum: 5 }, 5],
    ['SampleCount 1 but Sum not equal to Min', { SampleCount: 1, Sum: 6, Minimum: 5, Maximum: 5 }, undefined],
    ['Min equal to Max and Sum = Min x SampleCount', { SampleCount: 4, Sum: 8, Minimum: 2, Maximum: 2 }, 2],
    [
      'Min equal to Max but Sum not Min x SampleCount',
      { SampleCount: 4, Sum: 9, Minimum: 2, Maximum: 2 },
      undefined,
    ],
    [
      'Sum of three 0.1s as floats add up',
      { SampleCount: 3, Sum: 0.1 + 0.1 + 0.1, Minimum: 0.1, Maximum: 0.1 },
      0.1,
    ],
    ['Min below Max', { SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4 }, undefined],
  ];

  it.each(cases)('%s', async (_what, set, p50) => {
    const ns = uniqueNamespace('Set');
    await put(ns, [{ MetricName: 'M', Timestamp: T0, StatisticValues: set }]);
    const read = (ExtendedStatistics: string[]) =>
      local.client.send(
        new GetMetricStatisticsCommand({
          Namespace: ns,
          MetricName: 'M',
          ...window,
          Period: 60,
          ExtendedStatistics,
        }),
      );
    const [percentile] = (await read(['p50'])).Datapoints ?? [];
    expect(percentile?.ExtendedStatistics?.p50).toBe(p50);
    // The other statistics that need raw values follow the same rule.
    const [point] = (await read(['tm90', 'PR(:100)'])).Datapoints ?? [];
    if (p50 === undefined) expect(point?.ExtendedStatistics ?? {}).toEqual({});
    else expect(point?.ExtendedStatistics).toEqual({ tm90: expect.closeTo(p50, 12), 'PR(:100)': 100 });
    // The summary statistics always come from the set.
    const [summary] =
      (
        await local.client.send(
          new GetMetricStatisticsCommand({
            Namespace: ns,
            MetricName: 'M',
            ...window,
            Period: 60,
            Statistics: ['SampleCount', 'Sum'],
          }),
        )
      ).Datapoints ?? [];
    expect(summary).toMatchObject({ SampleCount: set.SampleCount, Sum: set.Sum });
  });
});

describe('EntityMetricData: up to two objects, and StrictEntityValidation with them', () => {
  const entity = (i: number) => ({
    Entity: { KeyAttributes: { Type: 'Service', Name: `svc-${i}`, Environment: 'test' } },
    MetricData: [{ MetricName: `E${i}`, Value: i }],
  });

  it('stores two, from any of them', async () => {
    const ns = uniqueNamespace('Entity');
    await local.client.send(
      new PutMetricDataCommand({
        Namespace: ns,
        EntityMetricData: [entity(1), entity(2)],
        StrictEntityValidation: true,
      }),
    );
    const { Metrics = [] } = await local.client.send(new ListMetricsCommand({ Namespace: ns }));
    expect(Metrics.map((m) => m.MetricName).sort()).toEqual(['E1', 'E2']);
  });

  it('a third fails the request when StrictEntityValidation is true, naming the limit', async () => {
    const ns = uniqueNamespace('EntityStrict');
    await expect(
      local.client.send(
        new PutMetricDataCommand({
          Namespace: ns,
          EntityMetricData: [entity(1), entity(2), entity(3)],
          StrictEntityValidation: true,
        }),
      ),
    ).rejects.toMatchObject({
      Code: 'InvalidParameterValue',
      message: expect.stringMatching(/EntityMetricData.*2 members.*EntitySizeTooLarge/),
    });
    expect((await local.client.send(new ListMetricsCommand({ Namespace: ns }))).Metrics).toEqual([]);
  });

  it('a third is stored with StrictEntityValidation false, the answer carrying X-Amzn-Failure-Message', async () => {
    const ns = uniqueNamespace('EntityLax');
    const answer = await jsonRequest(local.endpoint, 'PutMetricData', {
      Namespace: ns,
      EntityMetricData: [entity(1), entity(2), entity(3)],
      StrictEntityValidation: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-amzn-failure-message')).toBe('EntitySizeTooLarge');
    const { Metrics = [] } = await local.client.send(new ListMetricsCommand({ Namespace: ns }));
    expect(Metrics).toHaveLength(3);
  });

  it('StrictEntityValidation is required when EntityMetricData is given', async () => {
    await expect(
      local.client.send(
        new PutMetricDataCommand({ Namespace: uniqueNamespace('EntityBare'), EntityMetricData: [entity(1)] }),
      ),
    ).rejects.toMatchObject({
      Code: 'MissingParameter',
      message: expect.stringContaining('StrictEntityValidation'),
    });
  });
});
