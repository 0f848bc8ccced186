/**
 * The extended statistics of "CloudWatch statistics definitions": trimmed mean, winsorized mean, trimmed
 * count, trimmed sum, IQM and percentile rank, on GetMetricStatistics (ExtendedStatistics) and
 * GetMetricData (Stat), over every protocol the SDK speaks. The worked examples come from the definitions
 * page; the property compares the endpoint with the definitions applied literally to the samples written
 * out one by one (test/support/expanded-multiset.ts), however they were grouped into Values and Counts.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minuteAgo, SDK_PROTOCOLS, type SdkProtocol, uniqueNamespace } from './helpers.js';
import { expand, naivePercentileRank, naiveTrimmed, type TestBoundary } from './support/expanded-multiset.js';
import { useLocalEndpoint } from './support/local-endpoint.js';

const local = useLocalEndpoint();
const { clients } = local;

const T0 = minuteAgo();
const window = { StartTime: T0, EndTime: new Date(T0.getTime() + 60_000), Period: 60 };

async function putPairs(client: CloudWatchClient, namespace: string, pairs: Array<[number, number]>) {
  for (let i = 0; i < pairs.length; i += 150) {
    const chunk = pairs.slice(i, i + 150);
    await client.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          { MetricName: 'M', Timestamp: T0, Values: chunk.map(([v]) => v), Counts: chunk.map(([, c]) => c) },
        ],
      }),
    );
  }
}

async function extended(client: CloudWatchClient, namespace: string, names: string[]) {
  const result: Record<string, number> = {};
  for (let i = 0; i < names.length; i += 10) {
    const { Datapoints = [] } = await client.send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: 'M',
        ...window,
        ExtendedStatistics: names.slice(i, i + 10),
      }),
    );
    Object.assign(result, Datapoints[0]?.ExtendedStatistics ?? {});
  }
  return result;
}

async function viaGetMetricData(client: CloudWatchClient, namespace: string, names: string[]) {
  const { MetricDataResults = [] } = await client.send(
    new GetMetricDataCommand({
      StartTime: window.StartTime,
      EndTime: window.EndTime,
      MetricDataQueries: names.map((Stat, i) => ({
        Id: `s${i}`,
        MetricStat: { Metric: { Namespace: namespace, MetricName: 'M' }, Period: 60, Stat },
      })),
    }),
  );
  return Object.fromEntries(
    names.flatMap((name, i) => {
      const value = MetricDataResults.find((r) => r.Id === `s${i}`)?.Values?.[0];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** 1..100, once each: the definitions page's examples worked out by hand. */
const ONE_TO_HUNDRED: Array<[number, number]> = Array.from({ length: 100 }, (_, i) => [i + 1, 1]);
const sumOf = (from: number, to: number) => ((from + to) * (to - from + 1)) / 2;
const EXPECTED: Record<string, number> = {
  tm90: sumOf(1, 90) / 90, // "removing the 10% of data points with the highest values"
  'TM(2%:98%)': sumOf(3, 98) / 96, // "removing the 2% lowest data points and the 2% highest"
  'TM(:95%)': sumOf(1, 95) / 95,
  'TM(10%:)': sumOf(11, 100) / 90,
  'TM(15:60)': sumOf(16, 60) / 45, // values: "lower than or equal to 150, or higher than 1000" removed
  IQM: sumOf(26, 75) / 50, // "the middle 50% of values", TM(25%:75%)
  wm98: (sumOf(1, 98) + 2 * 98) / 100, // "the 2% of the highest values ... equal to the value at the 98th percentile"
  'WM(10%:90%)': (10 * 10 + sumOf(11, 89) + 11 * 90) / 100,
  'WM(20:30)': (20 * 20 + sumOf(21, 29) + 71 * 30) / 100,
  tc90: 90, // "the number of data points not including any ... in the highest 10%"
  'TC(10:20)': 10, // "between 10 (exclusive) and 20 (inclusive)"
  'TC(:0.5)': 0,
  ts90: sumOf(1, 90),
  'TS(80%:)': sumOf(81, 100), // "not including any data points with values in the lowest 80%"
  'PR(:30)': 30, // "the percentage of data points that have a value of 300 or less", here 30
  'PR(10:20)': 10,
  'PR(100:)': 0,
  'tm99.5': sumOf(1, 100) / 100,
};

describe('the definitions page, worked out on 1..100', () => {
  for (const protocol of Object.keys(SDK_PROTOCOLS) as SdkProtocol[]) {
    it(`GetMetricStatistics and GetMetricData agree with the definitions (${protocol})`, async () => {
      const client = clients[protocol];
      const ns = uniqueNamespace(`Stats-${protocol}`);
      await putPairs(client, ns, ONE_TO_HUNDRED);
      const names = Object.keys(EXPECTED);
      const expected = Object.fromEntries(
        names.map((name) => [name, expect.closeTo(EXPECTED[name] as number, 9)]),
      );
      expect(await extended(client, ns, names)).toEqual(expected);
      expect(await viaGetMetricData(client, ns, names)).toEqual(expected);
    });
  }

  it('TC of decimal boundaries keeps lower < v <= upper: TC(0.005:0.030)', async () => {
    const ns = uniqueNamespace('Decimals');
    await putPairs(clients.json, ns, [
      [0.005, 2],
      [0.01, 3],
      [0.03, 1],
      [0.031, 4],
    ]);
    expect(await extended(clients.json, ns, ['TC(0.005:0.030)', 'TS(0.005:0.030)'])).toEqual({
      'TC(0.005:0.030)': 4,
      'TS(0.005:0.030)': expect.closeTo(0.06, 12),
    });
  });
});

describe('availability', () => {
  it('none of them for a period holding a negative value, as for percentiles', async () => {
    const ns = uniqueNamespace('Negative');
    await putPairs(clients.json, ns, [
      [-1, 1],
      [5, 3],
    ]);
    expect(
      await extended(clients.json, ns, ['tm90', 'wm90', 'tc90', 'ts90', 'IQM', 'PR(:5)', 'p50']),
    ).toEqual({});
  });

  it('TM of an empty selection is left out; TC and TS of it are 0', async () => {
    const ns = uniqueNamespace('Empty');
    await putPairs(clients.json, ns, [[5, 3]]);
    expect(await extended(clients.json, ns, ['TM(10:20)', 'TC(10:20)', 'TS(10:20)'])).toEqual({
      'TC(10:20)': 0,
      'TS(10:20)': 0,
    });
  });
});

describe('names', () => {
  const invalid = [
    'TM99',
    'tm(1:2)',
    'TM(10%:500)',
    'TM(90%:10%)',
    'TM(:)',
    'PR(10%:20%)',
    'pr(:3)',
    'tm101',
    'wm',
    'IQM(1:2)',
    'tm99.12345678901',
    'TM(-5:5)',
  ];

  it.each(invalid)('%s is refused by both operations, naming the parameter', async (name) => {
    await expect(
      clients.json.send(
        new GetMetricStatisticsCommand({
          Namespace: 'N',
          MetricName: 'M',
          ...window,
          ExtendedStatistics: [name],
        }),
      ),
    ).rejects.toMatchObject({
      Code: 'InvalidParameterValue',
      message: expect.stringContaining('ExtendedStatistics.member.1'),
    });
    await expect(
      clients.json.send(
        new GetMetricDataCommand({
          StartTime: window.StartTime,
          EndTime: window.EndTime,
          MetricDataQueries: [
            { Id: 'a', MetricStat: { Metric: { Namespace: 'N', MetricName: 'M' }, Period: 60, Stat: name } },
          ],
        }),
      ),
    ).rejects.toMatchObject({ Code: 'ValidationError', message: expect.stringContaining('MetricStat.Stat') });
  });

  it('takes ten extended statistics in one GetMetricStatistics, not eleven', async () => {
    const names = ['tm1', 'tm2', 'tm3', 'tm4', 'tm5', 'tm6', 'tm7', 'tm8', 'tm9', 'tm10', 'tm11'];
    const ask = (ExtendedStatistics: string[]) =>
      clients.json.send(
        new GetMetricStatisticsCommand({ Namespace: 'N', MetricName: 'M', ...window, ExtendedStatistics }),
      );
    await expect(ask(names.slice(0, 10))).resolves.toBeDefined();
    await expect(ask(names)).rejects.toMatchObject({ Code: 'InvalidParameterValue' });
  });
});

describe('against the definitions applied to every sample', () => {
  const percent = fc.integer({ min: 0, max: 10_000 }).map((h): TestBoundary => ({ percentHundredths: h }));
  const value = fc.integer({ min: 0, max: 60 }).map((v): TestBoundary => ({ value: v }));
  const show = (b: TestBoundary | undefined) =>
    b === undefined ? '' : 'value' in b ? String(b.value) : `${(b.percentHundredths / 100).toFixed(2)}%`;
  const range = fc
    .oneof(
      fc.tuple(fc.option(percent, { nil: undefined }), fc.option(percent, { nil: undefined })),
      fc.tuple(fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined })),
    )
    .filter(([lower, upper]) => {
      if (!lower && !upper) return false;
      if (!lower || !upper) return true;
      return 'value' in lower
        ? lower.value <= (upper as { value: number }).value
        : lower.percentHundredths <= (upper as { percentHundredths: number }).percentHundredths;
    });

  it('TM, WM, TC, TS and PR of random multisets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 6 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        async (pairs, ranges) => {
          const ns = uniqueNamespace('Property');
          await putPairs(clients.json, ns, pairs);
          const samples = expand(pairs);
          const wanted: Record<string, number> = {};
          for (const [lower, upper] of ranges) {
            const bounds = `(${show(lower)}:${show(upper)})`;
            for (const [code, measure] of [
              ['TM', 'mean'],
              ['WM', 'winsorizedMean'],
              ['TC', 'count'],
              ['TS', 'sum'],
            ] as const) {
              const expected = naiveTrimmed(samples, measure, lower, upper);
              if (expected !== undefined) wanted[`${code}${bounds}`] = expected;
            }
            if ((!lower || 'value' in lower) && (!upper || 'value' in upper)) {
              wanted[`PR${bounds}`] = naivePercentileRank(samples, lower?.value, upper?.value);
            }
          }
          const names = Object.keys(wanted);
          const got = await extended(clients.json, ns, names);
          expect(Object.keys(got).sort()).toEqual(names.sort());
          for (const name of names) expect(got[name], name).toBeCloseTo(wanted[name] as number, 9);
        },
      ),
      { numRuns: 40, seed: 20261202 },
    );
  });
});
