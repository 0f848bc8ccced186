import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import type { KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAMBDA_WINDOW_STATE_LIMIT_BYTES, TYPE_BY_KIND, WINDOW_STATE_BUDGET_BYTES } from '../../src/index.js';
import { expectedStatistics, readStatistics, type Statistics } from '../support/cloudwatch.js';
import { LONG } from '../support/figures.js';
import { ARRIVAL, seededRandom, sequenceNumber } from '../support/fixtures.js';
import { consumeWindow } from '../support/lambda-window.js';
import { handlerFor, useCloudWatchLocal } from '../support/local-handlers.js';
import { startScriptedProxy } from '../support/scripted-proxy.js';

const cloudwatch = useCloudWatchLocal();

const WINDOW = { start: ARRIVAL - 10_000, end: ARRIVAL + 50_000 };
const AGGREGATED = TYPE_BY_KIND.aggregated;

/** The aggregated handler without the SDK's retries (the tests script the failures), under `budget`. */
function windowedHandler(endpoint: string, budget?: number, env: Record<string, string> = {}) {
  return handlerFor('aggregated', endpoint, { MAX_ATTEMPTS: '1', ...env }, budget);
}

function batchesOf(values: readonly number[], sizes: readonly number[]): KinesisStreamRecord[][] {
  const out: KinesisStreamRecord[][] = [];
  let from = 0;
  for (let b = 0; from < values.length; b++) {
    const size = Math.max(1, sizes[b % sizes.length] as number);
    out.push(
      lambdaEventFromRecords(
        values.slice(from, from + size).map((value, i) => ({
          data: String(value),
          sequenceNumber: sequenceNumber(from + i),
          approximateArrivalTimestamp: ARRIVAL,
        })),
      ).Records,
    );
    from += size;
  }
  return out;
}

/** Equal statistics; the sum within a relative 1e-9 (the requests add the values in another order). */
function expectSameStatistics(read: Statistics | undefined, expected: Statistics): void {
  if (read === undefined) throw new Error('nothing read back');
  const { Sum, ...rest } = read;
  const { Sum: expectedSum, ...expectedRest } = expected;
  expect(rest).toEqual(expectedRest);
  expect(Math.abs(Sum - expectedSum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expectedSum)));
}

const calls = () => cloudwatch.stats().byAppId['cwagg-aggregated']?.putMetricDataRequests ?? 0;

describe('the window state budget', () => {
  it('publishes a window of 200,000 distinct floats in early flushes, never answering with a state over 1 MB', async () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 200_000 }, () => random() * 1000);
    const { handler, messages } = windowedHandler(cloudwatch.endpoint);
    const run = await consumeWindow(handler, batchesOf(values, [10_000]), WINDOW);
    expect(run.retries).toBe(0);
    expect(Math.max(...run.stateBytes)).toBeLessThanOrEqual(WINDOW_STATE_BUDGET_BYTES);
    expect(WINDOW_STATE_BUDGET_BYTES).toBeLessThan(LAMBDA_WINDOW_STATE_LIMIT_BYTES);
    const early = messages().filter((m) => String(m.message).startsWith('window state at its budget'));
    expect(early.length).toBeGreaterThanOrEqual(3);
    expect(calls()).toBe(early.length + 1);
    expectSameStatistics(
      await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED),
      expectedStatistics(values),
    );
  }, 300_000);

  it('answers a failed early flush with the state it was given and a retry at its first record', async () => {
    const proxy = await startScriptedProxy(cloudwatch.endpoint, (i) => (i === 0 ? 'fail' : 'forward'));
    try {
      const values = Array.from({ length: 600 }, (_, i) => i + 0.5);
      const { handler, messages } = windowedHandler(proxy.endpoint, 1_500);
      const run = await consumeWindow(handler, batchesOf(values, [200]), WINDOW);
      expect(run.retries).toBe(1);
      expect(proxy.actions[0]).toBe('fail');
      expect(messages().some((m) => String(m.message).includes('the early publication failed'))).toBe(true);
      expect(Math.max(...run.stateBytes)).toBeLessThanOrEqual(1_500);
      expectSameStatistics(
        await readStatistics(cloudwatch.endpoint, 'PutMetricDataExample', AGGREGATED),
        expectedStatistics(values),
      );
    } finally {
      await proxy.close();
    }
  });

  it('publishes exactly the values alone for any batches, budget and failing publications; the state under its budget', async () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: -50_000, max: 50_000 }).map((n) => n / 100),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { minLength: 1, maxLength: 600 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 600, max: 6_000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (values, sizes, budget, failures, bounded) => {
          cloudwatch.reset();
          const proxy = await startScriptedProxy(cloudwatch.endpoint, (i) =>
            failures[i % failures.length] && i < 40 ? 'fail' : 'forward',
          );
          try {
            const { handler } = windowedHandler(
              proxy.endpoint,
              budget,
              bounded ? { MAX_RELATIVE_ERROR: '0.01' } : {},
            );
            const run = await consumeWindow(handler, batchesOf(values, sizes), WINDOW, 5_000);
            expect(Math.max(...run.stateBytes)).toBeLessThanOrEqual(budget);
            const read = await readStatistics(
              cloudwatch.endpoint,
              'PutMetricDataExample',
              AGGREGATED,
              !bounded,
            );
            const expected = expectedStatistics(values);
            if (bounded || values.some((v) => v < 0)) {
              // CloudWatch gives no percentiles once a value is negative.
              const { p50: _a, p90: _b, p99: _c, ...exact } = expected;
              expectSameStatistics(read, exact);
            } else {
              expectSameStatistics(read, expected);
            }
          } finally {
            await proxy.close();
          }
        },
      ),
      { numRuns: LONG ? 300 : 25 },
    );
  }, 600_000);
});
