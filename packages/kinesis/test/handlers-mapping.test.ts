/**
 * Both handlers with a mapping, over HTTP against @cwagg/cloudwatch-local: events with fields become metrics
 * with dimensions, read back per (metric, dimensions); partial records publish what they hold and count the
 * rest by reason; a runaway dimension costs at most its cap of metrics, the overflow counted; records that
 * carry their own directive; and Lambda-style retries with a failing endpoint, exactly once.
 */
import { sameSum } from '@cwagg/cloudwatch-local';
import { describe, expect, it } from 'vitest';
import { type HandlerKind, TYPE_BY_KIND } from '../src/index.js';
import { startFlakyProxy } from './support/cloudwatch.js';
import { ARRIVAL, eventOf, seededRandom } from './support/fixtures.js';
import { consumeLikeLambda } from './support/lambda.js';
import { callsOf as callsOfKind, handlerFor, useCloudWatchLocal } from './support/local-handlers.js';
import { metricKey, type ReadBack, readNamespace, statisticsOf } from './support/read-all.js';

const cloudwatch = useCloudWatchLocal();
const callsOf = (kind: HandlerKind) => callsOfKind(cloudwatch, kind);

const EXAMPLE = {
  Dimensions: [['route'], ['route', 'status']],
  Metrics: [
    { Name: 'latencyMs', Unit: 'Milliseconds' },
    { Name: 'bytes', Unit: 'Bytes' },
  ],
};

/** Equal statistics: exact, except the sum, which each path adds in its own order. */
function expectSame(actual: ReadBack | undefined, expected: ReadBack, key: string): void {
  expect(actual, key).toEqual({ ...expected, Sum: expect.any(Number) });
  expect(
    sameSum(actual?.Sum ?? Number.NaN, expected.Sum),
    `${key}: Sum ${actual?.Sum} vs ${expected.Sum}`,
  ).toBe(true);
}

function events(count: number, seed: number) {
  const random = seededRandom(seed);
  const routes = ['/buy', '/cart', '/browse', '/search'];
  return Array.from({ length: count }, (_, i) => ({
    service: 'shop',
    route: routes[Math.floor(random() * routes.length)] as string,
    status: random() < 0.9 ? 200 : 500,
    latencyMs: Math.round(random() * 5000) / 10,
    bytes: Math.floor(random() * 10_000),
    requestId: `req-${i}`,
  }));
}

describe('the example event, two metrics under two dimension sets', () => {
  it('reads back per (metric, dimensions) what each value sent alone gives, for both handlers', async () => {
    const sent = events(300, 1);
    const expected = new Map<string, number[]>();
    for (const kind of ['aggregated', 'single'] as const) {
      for (const event of sent) {
        for (const metric of ['latencyMs', 'bytes'] as const) {
          const sets: Record<string, string>[] = [
            { route: event.route },
            { route: event.route, status: String(event.status) },
          ];
          for (const dimensions of sets) {
            const key = metricKey(metric, { ...dimensions, Type: TYPE_BY_KIND[kind] });
            expected.set(key, [...(expected.get(key) ?? []), event[metric]]);
          }
        }
      }
    }
    for (const kind of ['aggregated', 'single'] as const) {
      const { handler } = handlerFor(kind, cloudwatch.endpoint, {
        METRICS: JSON.stringify(EXAMPLE),
        PUBLISH_CONCURRENCY: '16',
      });
      expect(await handler(eventOf(sent.map((event) => JSON.stringify(event))))).toEqual({
        batchItemFailures: [],
      });
    }
    expect(callsOf('aggregated')).toBe(1);
    expect(callsOf('single')).toBe(300 * 4);
    const read = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
    for (const [key, values] of expected) expectSame(read.get(key), statisticsOf(values), key);
    const calls = read.get(metricKey('PutMetricDataCalls', { Type: TYPE_BY_KIND.aggregated }));
    expect(calls?.Sum).toBe(1);
  });
});

describe('partial records', () => {
  it('publish what they hold, count every value set aside by reason, and never fail the batch', async () => {
    const payloads = [
      '{"route":"/buy","status":200,"latencyMs":12.5,"bytes":5120}',
      '{"route":"/buy","latencyMs":7,"bytes":"big"}', // no status; bytes not a number
      '{"status":500,"latencyMs":3}', // no route; no bytes
      '{"route":"caf\\u00e9","status":200,"latencyMs":1,"bytes":1}', // a route CloudWatch refuses
      'not json',
    ];
    for (const kind of ['aggregated', 'single'] as const) {
      const { handler, messages } = handlerFor(kind, cloudwatch.endpoint, {
        METRICS: JSON.stringify(EXAMPLE),
      });
      expect(await handler(eventOf(payloads))).toEqual({ batchItemFailures: [] });
      const type = TYPE_BY_KIND[kind];
      const read = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
      expect(read.get(metricKey('latencyMs', { route: '/buy', Type: type }))).toEqual(
        statisticsOf([12.5, 7]),
      );
      expect(read.get(metricKey('latencyMs', { route: '/buy', status: '200', Type: type }))).toEqual(
        statisticsOf([12.5]),
      );
      const counted = (reason: string) =>
        read.get(metricKey('InvalidValues', { Reason: reason, Type: type }))?.Sum;
      expect(counted('MissingDimension')).toBe(1 + 2 + 0); // /buy without status; the record without route
      expect(counted('NotANumber')).toBe(2);
      expect(counted('MissingField')).toBe(2);
      expect(counted('BadDimension')).toBe(4);
      expect(read.get(metricKey('InvalidRecords', { Type: type }))?.Sum).toBe(1);
      const warning = messages().find((line) => line.message === 'values set aside');
      expect(warning).toMatchObject({
        handler: kind,
        values: 11,
        byReason: { MissingDimension: 3, NotANumber: 2, MissingField: 2, BadDimension: 4 },
      });
      expect(warning.sample[0]).toEqual({
        sequenceNumber: expect.any(String),
        reason: 'MissingDimension',
        detail: 'dimension "status" is missing',
      });
    }
  });
});

describe('a dimension with 10,000 distinct values', () => {
  it('costs at most the cap’s number of metrics, and the overflow count is read back', async () => {
    const payloads = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ requestId: `req-${i}`, ms: i % 100 }),
    );
    const { handler, messages } = handlerFor('aggregated', cloudwatch.endpoint, {
      METRICS: JSON.stringify({ Dimensions: [['requestId']], Metrics: [{ Name: 'ms' }] }),
    });
    expect(await handler(eventOf(payloads))).toEqual({ batchItemFailures: [] });
    expect(callsOf('aggregated')).toBe(1);
    const read = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
    const metrics = [...read.keys()].filter((key) => key.startsWith('ms{'));
    expect(metrics).toHaveLength(100);
    const type = TYPE_BY_KIND.aggregated;
    expect(read.get(metricKey('ms', { requestId: 'Other', Type: type }))?.SampleCount).toBe(10_000 - 99);
    expect(read.get(metricKey('FoldedValues', { Dimension: 'requestId', Type: type }))?.Sum).toBe(
      10_000 - 99,
    );
    const total = [...read.entries()]
      .filter(([key]) => key.startsWith('ms{'))
      .reduce((sum, [, stats]) => sum + stats.SampleCount, 0);
    expect(total).toBe(10_000);
    const folded = messages().filter(
      (line) => line.message === 'dimension values folded into their overflow value',
    );
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({
      values: { requestId: 9_901 },
      dimensions: [
        {
          dimension: 'requestId',
          overflow: 'Other',
          sample: ['req-99', 'req-100', 'req-101', 'req-102', 'req-103'],
        },
      ],
    });
  });
});

describe('records that carry their own directive', () => {
  const emf = (namespace: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      _aws: {
        Timestamp: ARRIVAL,
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [['functionVersion']],
            Metrics: [{ Name: 'time', Unit: 'Milliseconds' }],
          },
        ],
      },
      functionVersion: '$LATEST',
      time: 100,
      requestId: '989ffbf8',
      ...extra,
    });

  it('are read by their directive in an allowed namespace, the rest by METRICS, and refused elsewhere', async () => {
    const { handler, messages } = handlerFor('aggregated', cloudwatch.endpoint, {
      METRICS: JSON.stringify(EXAMPLE),
      RECORD_DIRECTIVE_NAMESPACES: 'Functions, Other',
    });
    const payloads = [
      emf('Functions'),
      emf('Functions', { time: [1, 2, 3] }),
      '{"route":"/buy","status":200,"latencyMs":5,"bytes":6}',
      emf('Billing'), // not allowed
      JSON.stringify({ _aws: { CloudWatchMetrics: [{ Dimensions: [[]], Metrics: [{ Name: 'x' }] }] }, x: 1 }), // no Namespace
      emf('Functions'),
    ];
    expect(await handler(eventOf(payloads))).toEqual({ batchItemFailures: [] });
    const type = TYPE_BY_KIND.aggregated;
    const functions = await readNamespace(cloudwatch.endpoint, 'Functions');
    expect(functions.get(metricKey('time', { functionVersion: '$LATEST', Type: type }))).toEqual(
      statisticsOf([100, 1, 2, 3, 100]),
    );
    expect(functions.get(metricKey('PutMetricDataCalls', { Type: type }))?.Sum).toBeGreaterThanOrEqual(1);
    const home = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
    expect(home.get(metricKey('latencyMs', { route: '/buy', Type: type }))).toEqual(statisticsOf([5]));
    expect(await readNamespace(cloudwatch.endpoint, 'Billing')).toEqual(new Map());
    const invalid = [...home.entries(), ...functions.entries()]
      .filter(([key]) => key.startsWith('InvalidRecords{'))
      .reduce((sum, [, stats]) => sum + stats.Sum, 0);
    expect(invalid).toBe(2);
    const reasons = messages()
      .find((line) => line.message === 'invalid records set aside')
      .sample.map((entry: { reason: string }) => entry.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/namespace "Billing" is not one this function may write/),
      expect.stringMatching(/_aws.CloudWatchMetrics\[0\]: Namespace is missing/),
    ]);
    // Namespaces change twice (Functions, home, Functions): one run per stretch, each one request.
    expect(callsOf('aggregated')).toBe(3);
  });
});

describe('with the endpoint failing every second request', () => {
  it('the aggregated handler, retried like Lambda, stores every mapped value exactly once', async () => {
    // Arrays of 60 distinct floats per record: 120,000 values in all, more than one request holds.
    const random = seededRandom(5);
    const sent = Array.from({ length: 2000 }, (_, i) => ({
      route: `/r${i % 3}`,
      latencyMs: Array.from({ length: 60 }, () => Math.round(random() * 1e9) / 1e3),
    }));
    const records = eventOf([...sent.map((event) => JSON.stringify(event)), 'bad']).Records;
    const proxy = await startFlakyProxy(cloudwatch.endpoint);
    try {
      const { handler, messages } = handlerFor('aggregated', proxy.endpoint, {
        MAX_ATTEMPTS: '1',
        METRICS: JSON.stringify({ Dimensions: [['route']], Metrics: [{ Name: 'latencyMs' }] }),
      });
      const replay = await consumeLikeLambda(handler, records, 2001);
      expect(proxy.failed).toBeGreaterThan(0);
      expect(replay.retriedInvocations).toBe(proxy.failed);
      const runs = messages().filter((line) => line.message === 'batch processed');
      expect(Math.max(...runs.map((line) => line.runs))).toBeGreaterThan(1);
    } finally {
      await proxy.close();
    }
    const read = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
    const type = TYPE_BY_KIND.aggregated;
    for (let r = 0; r < 3; r++) {
      const values = sent.filter((_, i) => i % 3 === r).flatMap((event) => event.latencyMs);
      const stats = read.get(metricKey('latencyMs', { route: `/r${r}`, Type: type }));
      const expected = statisticsOf(values);
      expect(stats).toEqual({ ...expected, Sum: expect.any(Number) });
      expect(Math.abs((stats?.Sum ?? 0) - expected.Sum) / expected.Sum).toBeLessThan(1e-12);
    }
    expect(read.get(metricKey('InvalidRecords', { Type: type }))?.Sum).toBe(1);
  });
});
