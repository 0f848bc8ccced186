/**
 * Metric math in GetMetricData, checked against the User Guide's "Metric math syntax and functions": its
 * worked tables for comparisons and IF, and each served function on series with gaps. Over the wire, with
 * the SDK in all three protocols for the tables.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { SDK_PROTOCOLS, type SdkProtocol, uniqueNamespace } from './helpers.js';
import { useLocalEndpoint } from './support/local-endpoint.js';

const local = useLocalEndpoint();
const { clients } = local;

const MINUTE = 60_000;
/** Five whole minutes, the first one 30 minutes ago: the periods t0..t4 every series below lies on. */
const T = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
const PERIODS = 5;
const range = { StartTime: new Date(T), EndTime: new Date(T + PERIODS * MINUTE) };

/** A series as the tables write it: a value per period, '-' for none. */
type Column = Array<number | '-'>;

/** Puts each named series as its own metric and returns a MetricStat query per name (Id = the name). */
async function publish(client: CloudWatchClient, series: Record<string, Column>): Promise<MetricDataQuery[]> {
  const ns = uniqueNamespace('Math');
  const MetricData = Object.entries(series).flatMap(([name, column]) =>
    column.flatMap((value, i) =>
      value === '-' ? [] : [{ MetricName: name, Timestamp: new Date(T + i * MINUTE), Value: value }],
    ),
  );
  await client.send(new PutMetricDataCommand({ Namespace: ns, MetricData }));
  return Object.keys(series).map((name) => ({
    Id: name,
    MetricStat: { Metric: { Namespace: ns, MetricName: name }, Period: 60, Stat: 'Sum' },
    ReturnData: false,
  }));
}

/** Evaluates expressions over the published series; each result as a column like the tables'. */
async function evaluate(
  client: CloudWatchClient,
  metrics: MetricDataQuery[],
  expressions: Record<string, string>,
) {
  const { MetricDataResults = [], NextToken } = await client.send(
    new GetMetricDataCommand({
      ...range,
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        ...metrics,
        ...Object.entries(expressions).map(([Id, Expression]) => ({ Id, Expression })),
      ],
    }),
  );
  expect(NextToken).toBeUndefined();
  const columns: Record<string, Column> = {};
  for (const result of MetricDataResults) {
    const column: Column = Array(PERIODS).fill('-');
    result.Timestamps?.forEach((t, i) => {
      column[(t.getTime() - T) / MINUTE] = result.Values?.[i] as number;
    });
    columns[result.Id as string] = column;
  }
  return columns;
}

describe('the worked tables of the User Guide', () => {
  for (const protocol of Object.keys(SDK_PROTOCOLS) as SdkProtocol[]) {
    it(`comparison and logical operators, and IF (${protocol})`, async () => {
      const client = clients[protocol];
      const comparisons = await publish(client, {
        metric1: [30, 20, 0, 0, '-'],
        metric2: [20, '-', 20, '-', '-'],
      });
      expect(
        await evaluate(client, comparisons, {
          lt: 'metric1 < metric2',
          ge: 'metric1 >= 30',
          both: 'metric1 > 15 AND metric2 > 15',
        }),
      ).toEqual({ lt: [0, 0, 1, 0, '-'], ge: [1, 0, 0, 0, '-'], both: [1, 0, 0, 0, '-'] });

      const conditions = await publish(client, {
        metric1: [1, 1, 0, 0, '-'],
        metric2: [30, '-', 0, 0, 30],
        metric3: [0, 0, 20, '-', 20],
      });
      expect(
        await evaluate(client, conditions, {
          a: 'IF(metric1, metric2, metric3)',
          b: 'IF(metric1, 5, metric3)',
          c: 'IF(metric1, metric2, 5)',
          d: 'IF(metric1 < 1, 10, 2)',
          e: 'IF(1, metric3)',
          f: 'IF(0, metric3)',
        }),
      ).toEqual({
        a: [30, 0, 20, '-', '-'],
        b: [5, 5, 20, '-', '-'],
        c: [30, 0, 5, 5, '-'],
        d: [2, 2, 10, 10, '-'],
        e: [0, 0, 20, '-', 20],
        f: ['-', '-', '-', '-', '-'],
      });
    });
  }
});

describe('arithmetic', () => {
  it('between series treats a missing value as 0 and drops a division by zero; with numbers, per point', async () => {
    const client = clients.json;
    const metrics = await publish(client, { m1: [30, 20, 0, 0, '-'], m2: [20, '-', 20, '-', 4] });
    expect(
      await evaluate(client, metrics, {
        sum: 'm1 + m2',
        ratio: 'm1 / m2',
        scaled: '5 * m1 - 1',
        negated: '-m1',
        squared: 'm2 ^ 2',
        grouped: '(m1 + m2) * 2',
        per_second: 'm1 / PERIOD(m1)',
      }),
    ).toEqual({
      sum: [50, 20, 20, 0, 4],
      ratio: [1.5, '-', 0, '-', 0],
      scaled: [149, 99, -1, -1, '-'],
      negated: [-30, -20, 0, 0, '-'], // -0 travels as 0
      squared: [400, '-', 400, '-', 16],
      grouped: [100, 40, 40, 0, 8],
      per_second: [0.5, 20 / 60, 0, 0, '-'],
    });
  });
});

describe('functions', () => {
  it('SUM, AVG, MIN and MAX: of METRICS() per timestamp, of one series a number', async () => {
    const client = clients.json;
    const metrics = await publish(client, {
      m1: [30, 20, 0, 0, '-'],
      m2: [20, '-', 20, '-', 4],
      other: [1, 1, 1, 1, 1],
    });
    expect(
      await evaluate(client, metrics, {
        sum_all: 'SUM(METRICS("m"))',
        avg_all: 'AVG(METRICS("m"))',
        min_all: 'MIN(METRICS("m"))',
        max_all: 'MAX(METRICS("m"))',
        list: 'SUM([m1, m2])',
        centred: 'm1 - AVG(m1)',
        share: 'm1 / SUM(m1) * 100',
        extremes: 'MAX(m2) - MIN(m2) + m1 * 0',
        counts: 'DATAPOINT_COUNT(METRICS("m"))',
        how_many: 'm1 * 0 + METRIC_COUNT(METRICS())',
      }),
    ).toEqual({
      sum_all: [50, 20, 20, 0, 4],
      avg_all: [25, 10, 10, 0, 2], // "Missing values are treated as 0"
      min_all: [20, 20, 0, 0, 4],
      max_all: [30, 20, 20, 0, 4],
      list: [50, 20, 20, 0, 4],
      centred: [17.5, 7.5, -12.5, -12.5, '-'],
      share: [60, 40, 0, 0, '-'],
      extremes: [16, 16, 16, 16, '-'],
      counts: [2, 1, 2, 1, 1],
      how_many: [3, 3, 3, 3, '-'],
    });
  });

  it('METRICS() returns every metric of the request as an array, METRICS("x") those whose Id has x', async () => {
    const client = clients.json;
    const metrics = await publish(client, {
      errors_a: [1, '-', '-', '-', '-'],
      errors_b: [2, '-', '-', '-', '-'],
      requests: [10, '-', '-', '-', '-'],
    });
    const { MetricDataResults = [] } = await client.send(
      new GetMetricDataCommand({
        ...range,
        MetricDataQueries: [...metrics, { Id: 'e', Expression: 'METRICS("errors") * 100', Label: 'In %' }],
      }),
    );
    expect(MetricDataResults.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ['e', 'In % errors_a', [100]],
      ['e', 'In % errors_b', [200]],
    ]);
  });

  it('RATE, DIFF and RUNNING_SUM follow consecutive points; ABS, CEIL and FLOOR each point', async () => {
    const client = clients.json;
    const metrics = await publish(client, { m1: [30, 20, '-', 0, 6], m2: [-1.5, 2.5, '-', '-', '-'] });
    expect(
      await evaluate(client, metrics, {
        rate: 'RATE(m1)',
        diff: 'DIFF(m1)',
        running: 'RUNNING_SUM(m1)',
        abs: 'ABS(m2)',
        ceil: 'CEIL(m2)',
        floor: 'FLOOR(m2)',
      }),
    ).toEqual({
      rate: ['-', -10 / 60, '-', -20 / 120, 6 / 60],
      diff: ['-', -10, '-', -20, 6],
      running: [30, 50, '-', 50, 56],
      abs: [1.5, 2.5, '-', '-', '-'],
      ceil: [-1, 3, '-', '-', '-'],
      floor: [-2, 2, '-', '-', '-'],
    });
  });

  it('FILL with a number, another series, REPEAT and LINEAR, over the periods of the range', async () => {
    const client = clients.json;
    const metrics = await publish(client, { m1: ['-', 10, '-', '-', 40], m2: [7, 7, 7, '-', 7] });
    expect(
      await evaluate(client, metrics, {
        zero: 'FILL(m1, 0)',
        other: 'FILL(m1, m2)',
        repeat: 'FILL(m1, REPEAT)',
        linear: 'FILL(m1, LINEAR)',
        scalar: 'FILL(m1, MIN(m1))',
        all: 'SUM(FILL(METRICS(), 1))',
      }),
    ).toEqual({
      zero: [0, 10, 0, 0, 40],
      other: [7, 10, 7, '-', 40],
      repeat: ['-', 10, 10, 10, 40],
      linear: ['-', 10, 20, 30, 40],
      scalar: [10, 10, 10, 10, 40],
      all: [8, 17, 8, 2, 47],
    });
  });
});

describe('what is refused, and how results come back', () => {
  async function refused(Expression: string, more: MetricDataQuery[] = []) {
    return clients.json
      .send(new GetMetricDataCommand({ ...range, MetricDataQueries: [...more, { Id: 'e1', Expression }] }))
      .then(
        () => undefined,
        (error: { Code?: string; message: string }) => ({ code: error.Code, message: error.message }),
      );
  }

  it('a final result that is a number, an unknown Id, a cycle, bad syntax and unserved functions', async () => {
    const metrics = await publish(clients.json, { m1: [1, 2, 3, 4, 5] });
    expect(await refused('AVG(m1)', metrics)).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('gives a number'),
    });
    expect(await refused('m2 * 2', metrics)).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('No query has the Id m2'),
    });
    expect(await refused('e2 + 1', [...metrics, { Id: 'e2', Expression: 'e1 * 2' }])).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('depends on itself'),
    });
    expect(await refused('(m1 + 2', metrics)).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('Expected ")"'),
    });
    expect(await refused('STDDEV(m1)', metrics)).toEqual({
      code: 'ValidationError',
      message: expect.stringMatching(/STDDEV is not served by cloudwatch-local; it serves SUM, AVG/),
    });
    expect(await refused('FILL(m1, SIDEWAYS)', metrics)).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('FILL takes'),
    });
    const both = await clients.json
      .send(
        new GetMetricDataCommand({
          ...range,
          MetricDataQueries: [{ Id: 'x', Expression: 'm1', MetricStat: metrics[0]?.MetricStat }],
        }),
      )
      .catch((error: { Code?: string; message: string }) => error);
    expect(both).toMatchObject({
      Code: 'ValidationError',
      message: expect.stringContaining('both Expression and MetricStat'),
    });
  });

  it('refuses, rather than hangs on, a request computing more than 2 million points', async () => {
    const ns = uniqueNamespace('Heavy');
    // 2,500 seconds of one-second data, within the 3 hours where Period 1 is served.
    const seconds = 2_500;
    const start = Math.floor(Date.now() / 1000) - seconds - 100;
    for (let batch = 0; batch * 1_000 < seconds; batch++) {
      await clients.json.send(
        new PutMetricDataCommand({
          Namespace: ns,
          MetricData: Array.from({ length: Math.min(1_000, seconds - batch * 1_000) }, (_, i) => ({
            MetricName: 'Dense',
            Value: i,
            StorageResolution: 1,
            Timestamp: new Date((start + batch * 1_000 + i) * 1000),
          })),
        }),
      );
    }
    // 1,024 operands in 2,047 characters: 1,023 additions of 2,500 points each.
    const Expression = Array.from({ length: 1_024 }, () => 'd').join('+');
    const heavy = await clients.json
      .send(
        new GetMetricDataCommand({
          StartTime: new Date(start * 1000),
          EndTime: new Date((start + seconds) * 1000),
          MetricDataQueries: [
            {
              Id: 'd',
              MetricStat: { Metric: { Namespace: ns, MetricName: 'Dense' }, Period: 1, Stat: 'Sum' },
              ReturnData: false,
            },
            { Id: 'e1', Expression },
          ],
        }),
      )
      .catch((error: { message: string }) => error.message);
    expect(heavy).toMatch(/more than 2000000 points/);
  });

  it('Ids start with a lowercase letter and are unique; at most 500 queries', async () => {
    const metrics = await publish(clients.json, { m1: [1, 2, 3, 4, 5] });
    const ask = (MetricDataQueries: MetricDataQuery[]) =>
      clients.json.send(new GetMetricDataCommand({ ...range, MetricDataQueries }));
    await expect(ask([{ ...metrics[0], Id: 'M1' } as MetricDataQuery])).rejects.toMatchObject({
      Code: 'ValidationError',
      message: expect.stringContaining('starts with a lowercase letter'),
    });
    await expect(ask([...metrics, { Id: 'm1', Expression: 'm1 * 2' }])).rejects.toMatchObject({
      message: expect.stringContaining('used by more than one query'),
    });
    const many = Array.from({ length: 501 }, (_, i) => ({ ...metrics[0], Id: `q${i}` }) as MetricDataQuery);
    await expect(ask(many.slice(0, 500))).resolves.toBeDefined();
    await expect(ask(many)).rejects.toMatchObject({ message: expect.stringContaining('more than 500') });
  });

  it('labels an expression by its Id unless given one; with math, a page is cut without a NextToken', async () => {
    const metrics = await publish(clients.json, { m1: [1, 2, 3, 4, 5] });
    const { MetricDataResults = [], NextToken } = await clients.json.send(
      new GetMetricDataCommand({
        ...range,
        MaxDatapoints: 3,
        MetricDataQueries: [
          { ...metrics[0], ReturnData: true } as MetricDataQuery,
          { Id: 'doubled', Expression: 'm1 * 2' },
          { Id: 'named', Expression: 'm1 + 1', Label: 'Plus one' },
        ],
      }),
    );
    // "NextToken is not returned if you are performing a math expression."
    expect(NextToken).toBeUndefined();
    expect(MetricDataResults.map((r) => [r.Id, r.Label, r.StatusCode, r.Values?.length])).toEqual([
      ['m1', 'm1', 'PartialData', 3],
      ['doubled', 'doubled', 'PartialData', 0],
      ['named', 'Plus one', 'PartialData', 0],
    ]);
  });
});
