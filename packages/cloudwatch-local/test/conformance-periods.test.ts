/**
 * StartTime, EndTime and Period as the GetMetricStatistics and GetMetricData reference describes them:
 * StartTime is inclusive and rounded by its age (minute, 5 minutes, hour) or to the division of a minute
 * a sub-minute period makes; periods start there; EndTime is exclusive; Period 20 is valid; a StartTime
 * more than 3 hours old needs a period in whole minutes (5 minutes past 15 days, an hour past 63) or gets
 * no data. Over the wire, with the unmodified SDK.
 */
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { uniqueNamespace } from './helpers.js';
import { useLocalEndpoint } from './support/local-endpoint.js';

const local = useLocalEndpoint();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.now();
/** A whole hour two to three hours ago, and a whole minute twenty minutes ago. */
const H = Math.floor(now / HOUR) * HOUR - 2 * HOUR;
const M = Math.floor(now / MINUTE) * MINUTE - 20 * MINUTE;

async function put(namespace: string, data: MetricDatum[]): Promise<void> {
  await local.client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

async function sums(namespace: string, startMs: number, endMs: number, period: number) {
  const { Datapoints = [] } = await local.client.send(
    new GetMetricStatisticsCommand({
      Namespace: namespace,
      MetricName: 'M',
      StartTime: new Date(startMs),
      EndTime: new Date(endMs),
      Period: period,
      Statistics: ['Sum'],
    }),
  );
  return Datapoints.map((d) => [d.Timestamp?.getTime(), d.Sum]).sort(
    (a, b) => (a[0] as number) - (b[0] as number),
  );
}

async function series(namespace: string, startMs: number, endMs: number, period: number) {
  const { MetricDataResults = [] } = await local.client.send(
    new GetMetricDataCommand({
      StartTime: new Date(startMs),
      EndTime: new Date(endMs),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: { Metric: { Namespace: namespace, MetricName: 'M' }, Period: period, Stat: 'Sum' },
        },
      ],
    }),
  );
  const [result] = MetricDataResults;
  return (result?.Timestamps ?? []).map((t, i) => [t.getTime(), result?.Values?.[i]]);
}

describe('StartTime is inclusive: datapoints start at it and hold no earlier data', () => {
  it('a StartTime of :10 with Period 3600 gives a datapoint at :10 that leaves out a datum at :05', async () => {
    const ns = uniqueNamespace('Start');
    await put(ns, [
      { MetricName: 'M', Timestamp: new Date(H + 5 * MINUTE), Value: 1 },
      { MetricName: 'M', Timestamp: new Date(H + 12 * MINUTE), Value: 2 },
    ]);
    // Before, StartTime was rounded down to a whole period: a datapoint at :00 with Sum 3.
    expect(await sums(ns, H + 10 * MINUTE, H + 70 * MINUTE, 3600)).toEqual([[H + 10 * MINUTE, 2]]);
    expect(await series(ns, H + 10 * MINUTE, H + 70 * MINUTE, 3600)).toEqual([[H + 10 * MINUTE, 2]]);
  });

  it('rounds a StartTime under 15 days old down to the whole minute', async () => {
    const ns = uniqueNamespace('Minute');
    await put(ns, [
      { MetricName: 'M', Timestamp: new Date(H + 10 * MINUTE + 10_000), Value: 4, StorageResolution: 1 },
    ]);
    expect(await sums(ns, H + 10 * MINUTE + 34_000, H + 20 * MINUTE, 600)).toEqual([[H + 10 * MINUTE, 4]]);
  });

  it('leaves out data at EndTime, which is exclusive', async () => {
    const ns = uniqueNamespace('End');
    await put(ns, [
      { MetricName: 'M', Timestamp: new Date(H + 9 * MINUTE), Value: 1 },
      { MetricName: 'M', Timestamp: new Date(H + 10 * MINUTE), Value: 2 },
    ]);
    expect(await sums(ns, H, H + 10 * MINUTE, 600)).toEqual([[H, 1]]);
  });
});

describe('periods under a minute', () => {
  const highResolution = [1, 2, 12, 25, 41].map((s, i) => ({
    MetricName: 'M',
    Timestamp: new Date(M + s * 1000),
    Value: i + 1,
    StorageResolution: 1,
  }));

  it('takes Period 20 (it was refused), and rounds StartTime to that division of the minute', async () => {
    const ns = uniqueNamespace('Twenty');
    await put(ns, highResolution);
    expect(await sums(ns, M, M + MINUTE, 20)).toEqual([
      [M, 1 + 2 + 3],
      [M + 20_000, 4],
      [M + 40_000, 5],
    ]);
    expect(await sums(ns, M + 23_000, M + MINUTE, 10)).toEqual([
      [M + 20_000, 4],
      [M + 40_000, 5],
    ]);
    expect(await sums(ns, M + 29_000, M + MINUTE, 30)).toEqual([
      [M, 1 + 2 + 3 + 4],
      [M + 30_000, 5],
    ]);
    expect(await sums(ns, M + 13_000, M + MINUTE, 5)).toEqual([
      [M + 10_000, 3],
      [M + 25_000, 4],
      [M + 40_000, 5],
    ]);
    expect(await series(ns, M + 21_000, M + MINUTE, 20)).toEqual([
      [M + 20_000, 4],
      [M + 40_000, 5],
    ]);
  });

  it('still refuses a period that is neither a division of a minute nor whole minutes', async () => {
    for (const Period of [2, 15, 45, 90]) {
      await expect(
        local.client.send(
          new GetMetricStatisticsCommand({
            Namespace: 'N',
            MetricName: 'M',
            StartTime: new Date(M),
            EndTime: new Date(M + MINUTE),
            Period,
            Statistics: ['Sum'],
          }),
        ),
      ).rejects.toMatchObject({
        Code: 'InvalidParameterValue',
        message: expect.stringContaining('1, 5, 10, 20, 30, 60'),
      });
    }
  });
});

describe('old StartTimes need coarser periods, or get no data', () => {
  it('more than 3 hours ago: a period under a minute gives nothing, whole minutes give the data', async () => {
    const ns = uniqueNamespace('ThreeHours');
    const at = Math.floor(now / MINUTE) * MINUTE - 4 * HOUR;
    await put(ns, [{ MetricName: 'M', Timestamp: new Date(at + 5_000), Value: 7, StorageResolution: 1 }]);
    expect(await sums(ns, at - MINUTE, at + MINUTE, 10)).toEqual([]);
    expect(await sums(ns, at - MINUTE, at + MINUTE, 60)).toEqual([[at, 7]]);
  });

  it('15 to 63 days ago: rounded to 5 minutes, and only periods in 5 minutes give data', async () => {
    const ns = uniqueNamespace('FifteenDays');
    const recent = Math.floor(now / MINUTE) * MINUTE - HOUR;
    await put(ns, [{ MetricName: 'M', Timestamp: new Date(recent), Value: 3 }]);
    // A StartTime 20 days ago at minute 2 past a 5-minute mark, second 34: rounded to the 5-minute mark.
    const fiveMinutes = 5 * MINUTE;
    const start = Math.floor((now - 20 * DAY) / fiveMinutes) * fiveMinutes + 2 * MINUTE + 34_000;
    expect(await series(ns, start, now, 60)).toEqual([]);
    expect(await series(ns, start, now, 120)).toEqual([]);
    const points = await series(ns, start, now, 300);
    expect(points).toEqual([[Math.floor(recent / fiveMinutes) * fiveMinutes, 3]]);
  });

  it('more than 63 days ago: rounded to the hour, and only periods in hours give data', async () => {
    const ns = uniqueNamespace('SixtyThreeDays');
    const recent = Math.floor(now / MINUTE) * MINUTE - 2 * HOUR;
    await put(ns, [{ MetricName: 'M', Timestamp: new Date(recent), Value: 5 }]);
    const start = Math.floor((now - 70 * DAY) / HOUR) * HOUR + 32 * MINUTE;
    expect(await series(ns, start, now, 300)).toEqual([]);
    expect(await series(ns, start, now, 3600)).toEqual([[Math.floor(recent / HOUR) * HOUR, 5]]);
  });
});

describe('at most 1,440 datapoints per GetMetricStatistics', () => {
  it('counts the periods from the rounded StartTime: 1,440 is served, 1,441 refused', async () => {
    const start = M - 1440 * MINUTE + 30_000;
    const ask = (endMs: number) =>
      local.client.send(
        new GetMetricStatisticsCommand({
          Namespace: 'N',
          MetricName: 'M',
          StartTime: new Date(start),
          EndTime: new Date(endMs),
          Period: 60,
          Statistics: ['Sum'],
        }),
      );
    await expect(ask(M)).resolves.toBeDefined();
    await expect(ask(M + 1)).rejects.toMatchObject({ Code: 'InvalidParameterCombination' });
  });
});
