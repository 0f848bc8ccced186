import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import type { KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  CALLS_METRIC_NAME,
  createCloudWatchClient,
  createSingleHandler,
  FOLDED_VALUES_METRIC_NAME,
  INVALID_RECORDS_METRIC_NAME,
  loadHandlerConfig,
  STATE_MEMBER,
  TYPE_BY_KIND,
} from '../../src/index.js';
import { expectedStatistics, readStatistics } from '../support/cloudwatch.js';
import { ARRIVAL, sequenceNumber } from '../support/fixtures.js';
import { consumeWindow, windowEvent } from '../support/lambda-window.js';
import { handlerFor, useCloudWatchLocal } from '../support/local-handlers.js';
import { metricKey, readNamespace } from '../support/read-all.js';
import { startScriptedProxy } from '../support/scripted-proxy.js';

const cloudwatch = useCloudWatchLocal();

const AGGREGATED = TYPE_BY_KIND.aggregated;
const WINDOW = { start: ARRIVAL - 10_000, end: ARRIVAL + 50_000 };

/** The aggregated handler (the one that takes tumbling windows), under `budget`. */
function windowedHandler(endpoint: string, env: Record<string, string> = {}, budget?: number) {
  return handlerFor('aggregated', endpoint, env, budget);
}

/** Records `first`.. with these payloads, as Lambda passes them (sequence numbers increase across calls). */
function records(payloads: readonly string[], first: number, arrival = ARRIVAL): KinesisStreamRecord[] {
  return lambdaEventFromRecords(
    payloads.map((data, i) => ({
      data,
      sequenceNumber: sequenceNumber(first + i),
      approximateArrivalTimestamp: typeof arrival === 'number' ? arrival : arrival,
    })),
  ).Records;
}

/** `count` batches of `size` records each, numbered on from each other. */
function batchesOf(values: readonly (number | string)[], size: number): KinesisStreamRecord[][] {
  const out: KinesisStreamRecord[][] = [];
  for (let from = 0; from < values.length; from += size) {
    out.push(records(values.slice(from, from + size).map(String), from));
  }
  return out;
}

const calls = () => cloudwatch.stats().byAppId['cwagg-aggregated']?.putMetricDataRequests ?? 0;

describe('the aggregated handler in a tumbling window', () => {
  it('folds batches across invocations and publishes them in one call when the window closes', async () => {
    const values = Array.from({ length: 1_500 }, (_, i) => (i * 7) % 1001);
    const payloads: (number | string)[] = [...values];
    payloads.splice(300, 0, 'NaN', '0x10');
    payloads.splice(900, 0, 'not a number');
    const { handler, messages } = windowedHandler(cloudwatch.endpoint);
    const run = await consumeWindow(handler, batchesOf(payloads, 150), WINDOW);
    expect(run).toMatchObject({ invocations: 12, retries: 0, last: { state: {}, batchItemFailures: [] } });
    // Each answer before the close carries the state, small for 1,001 distinct integers.
    expect(run.stateBytes.slice(0, -1).every((bytes) => bytes > 20 && bytes < 4_000)).toBe(true);
    expect(calls()).toBe(1);
    expect(await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED)).toEqual(
      expectedStatistics(values),
    );
    const published = await readStatistics(cloudwatch.endpoint, CALLS_METRIC_NAME, AGGREGATED, false);
    expect(published?.Sum).toBe(1);
    const invalid = await readStatistics(cloudwatch.endpoint, INVALID_RECORDS_METRIC_NAME, AGGREGATED, false);
    expect(invalid).toMatchObject({ Sum: 3, SampleCount: 1 });
    const last = messages().at(-1);
    expect(last).toMatchObject({ message: 'window published', records: 1_503, requests: 1, earlyFlushes: 0 });
  });

  it('without a window answers as before: no state', async () => {
    const { handler } = windowedHandler(cloudwatch.endpoint);
    expect(await handler({ Records: records(['1', '2'], 0) })).toEqual({ batchItemFailures: [] });
    expect(calls()).toBe(1);
  });

  it('gives one datum per minute in a window longer than a minute, still in one call', async () => {
    const minute = Math.floor(ARRIVAL / 60_000) * 60_000;
    const batches = [0, 1, 2].map((m) =>
      records(['10', '20', '30'], m * 3, minute - (2 - m) * 60_000 + 5_000),
    );
    const { handler } = windowedHandler(cloudwatch.endpoint);
    await consumeWindow(handler, batches, { start: minute - 120_000, end: minute + 60_000 });
    expect(calls()).toBe(1);
    const body = cloudwatch.stats();
    expect(body.byAppId['cwagg-aggregated']?.datums).toBe(3 + 2); // three minutes, InvalidRecords, calls
    const all = await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED, false);
    expect(all).toMatchObject({ SampleCount: 9, Sum: 180 });
  });

  it('answers a failed publication at the close with the state it was given: Lambda retries, nothing twice', async () => {
    // The close fails twice (nothing stored), then goes through.
    const proxy = await startScriptedProxy(cloudwatch.endpoint, (i) => (i < 2 ? 'fail' : 'forward'));
    try {
      const { handler } = windowedHandler(proxy.endpoint, { MAX_ATTEMPTS: '1' });
      const values = Array.from({ length: 400 }, (_, i) => i);
      let state: unknown = {};
      for (const batch of batchesOf(values, 100)) {
        state = ((await handler(windowEvent(batch, WINDOW, state))) as unknown as { state: unknown }).state;
      }
      const close = windowEvent([], WINDOW, state, { final: true });
      const failed = (await handler(close)) as unknown as { state: unknown };
      expect(failed).toEqual({ state, batchItemFailures: [{ itemIdentifier: '' }] });
      expect(await handler(close)).toEqual({ state, batchItemFailures: [{ itemIdentifier: '' }] });
      expect(await handler(close)).toEqual({ state: {}, batchItemFailures: [] });
      expect(proxy.actions).toEqual(['fail', 'fail', 'forward']);
      expect(await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED)).toEqual(
        expectedStatistics(values),
      );
    } finally {
      await proxy.close();
    }
  });

  it('reports a damaged or foreign state and keeps the batch', async () => {
    for (const state of [{ '1': 282, '2': 715 }, { [STATE_MEMBER]: 'Q1dXAQAAAAAA' }]) {
      cloudwatch.reset();
      const { handler, messages } = windowedHandler(cloudwatch.endpoint);
      const folded = (await handler(windowEvent(records(['5', '6'], 0), WINDOW, state))) as unknown as {
        state: unknown;
      };
      expect(folded.state).toHaveProperty(STATE_MEMBER);
      expect(messages()[0]).toMatchObject({
        level: 'ERROR',
        message: 'window state unreadable; the window goes on afresh, this batch included',
      });
      await handler(windowEvent([], WINDOW, folded.state, { final: true }));
      expect(
        await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED, false),
      ).toMatchObject({
        SampleCount: 2,
        Sum: 11,
      });
    }
  });

  it('publishes everything when Lambda ends the window early, and the window goes on afresh', async () => {
    const { handler } = windowedHandler(cloudwatch.endpoint);
    const first = (await handler(windowEvent(records(['1', '2'], 0), WINDOW, {}))) as unknown as {
      state: unknown;
    };
    const ended = await handler(
      windowEvent(records(['3'], 2), WINDOW, first.state, { terminatedEarly: true }),
    );
    expect(ended).toEqual({ state: {}, batchItemFailures: [] });
    expect(calls()).toBe(1);
    expect(
      await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED, false),
    ).toMatchObject({
      SampleCount: 3,
      Sum: 6,
    });
  });

  it('applies the cardinality guard to the whole window, and carries the counts of what it folded', async () => {
    const metrics = JSON.stringify({
      Namespace: 'Shop',
      Dimensions: [['route']],
      Metrics: [{ Name: 'latencyMs', Unit: 'Milliseconds' }],
      DimensionOptions: { route: { MaxValues: 3 } },
    });
    const event = (route: string, ms: number) => JSON.stringify({ route, latencyMs: ms });
    // /a and /b are the two routes kept; /c, /d and /e arrive in later invocations and fold into Other.
    const batches = [
      records([event('/a', 1), event('/b', 2)], 0),
      records([event('/c', 3), event('/a', 4)], 2),
      records([event('/d', 5), event('/e', 6), event('/b', 7)], 4),
    ];
    const { handler } = windowedHandler(cloudwatch.endpoint, { METRICS: metrics });
    await consumeWindow(handler, batches, WINDOW);
    expect(calls()).toBe(1);
    const read = await readNamespace(cloudwatch.endpoint, 'Shop');
    const route = (value: string) => metricKey('latencyMs', { Type: AGGREGATED, route: value });
    expect(read.get(route('/a'))).toMatchObject({ SampleCount: 2, Sum: 5 });
    expect(read.get(route('/b'))).toMatchObject({ SampleCount: 2, Sum: 9 });
    expect(read.get(route('Other'))).toMatchObject({ SampleCount: 3, Sum: 14 });
    expect(
      read.get(metricKey(FOLDED_VALUES_METRIC_NAME, { Type: AGGREGATED, Dimension: 'route' })),
    ).toMatchObject({
      Sum: 3,
    });
  });

  it('keeps the bounded-error mode exact in count, minimum and maximum, percentiles within the error', async () => {
    const values = Array.from({ length: 3_000 }, (_, i) => 1 + ((i * 7919) % 5000) / 7);
    const { handler } = windowedHandler(cloudwatch.endpoint, { MAX_RELATIVE_ERROR: '0.01' });
    await consumeWindow(handler, batchesOf(values, 500), WINDOW);
    expect(calls()).toBe(1);
    const expected = expectedStatistics(values);
    const read = await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED);
    if (!read) throw new Error('nothing read back');
    expect(read).toMatchObject({ SampleCount: 3_000, Minimum: expected.Minimum, Maximum: expected.Maximum });
    expect(Math.abs(read.Sum - expected.Sum) / expected.Sum).toBeLessThan(1e-12);
    for (const p of ['p50', 'p90', 'p99'] as const) {
      expect(
        Math.abs((read[p] as number) - (expected[p] as number)) / (expected[p] as number),
      ).toBeLessThanOrEqual(0.01);
    }
  });

  it('answers a windowed event from the single handler with a state too (a window changes nothing for it)', async () => {
    const config = loadHandlerConfig('single', {
      CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
      LOG_LEVEL: 'silent',
    });
    const handler = createSingleHandler({ config, client: createCloudWatchClient(config) });
    expect(await handler(windowEvent(records(['1'], 0), WINDOW, {}))).toEqual({
      state: {},
      batchItemFailures: [],
    });
  });
});
