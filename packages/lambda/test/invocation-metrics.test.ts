/**
 * One invocation's metrics: the context gets the buffer, the cold start is recorded once, and the flush at
 * the end keeps to the invocation's deadline less the margin. Deadlines on vitest's fake clock, against an
 * endpoint that never answers: the flush ends exactly when its time is up.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StalledEndpoint, startStalledEndpoint } from '../../../test/support/stalled-endpoint.js';
import type { InvocationOptions, LambdaBufferOptions, LambdaContext } from '../src/index.js';
import { InvocationMetrics } from '../src/invocation-metrics.js';
import { resolveLambdaMetricsOptions } from '../src/options.js';
import { bufferOptionsFor, lambdaContext } from './support/lambda.js';

let stalled: StalledEndpoint;
beforeEach(async () => {
  stalled = await startStalledEndpoint();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await stalled.close();
});

/** A wrapper's invocation metrics on the stalled endpoint; attempts time out only after the longest test. */
function invocationMetrics(options: Partial<LambdaBufferOptions & InvocationOptions>) {
  const invocation = new InvocationMetrics(
    resolveLambdaMetricsOptions({
      ...bufferOptionsFor(stalled.endpoint),
      requestTimeoutMs: 60_000,
      closeTimeoutMs: 0,
      ...options,
    }),
  );
  invocation.metrics.on('error', () => {});
  invocation.metrics.on('rejected', () => {});
  return invocation;
}

describe('InvocationMetrics.begin', () => {
  it('puts the buffer in the context, also one that cannot take a property, and makes one where there is none', () => {
    const invocation = invocationMetrics({});
    const context = lambdaContext();
    expect(invocation.begin(context)).toBe(context);
    expect(context).toMatchObject({ metrics: invocation.metrics });

    const frozen = Object.freeze(lambdaContext(5_000));
    const extended = invocation.begin(frozen);
    expect(extended.metrics).toBe(invocation.metrics);
    expect(extended.getRemainingTimeInMillis()).toBe(5_000);
    expect(extended.functionName).toBe('checkout');

    expect(invocation.begin(undefined as unknown as LambdaContext).metrics).toBe(invocation.metrics);
  });

  it('records the cold start once, on the first invocation, with the function name as a dimension', async () => {
    const invocation = invocationMetrics({ coldStartMetric: { dimensions: { Service: 'shop' } } });
    invocation.begin(lambdaContext());
    invocation.begin(lambdaContext());
    invocation.begin(lambdaContext());
    expect(invocation.metrics.stats()).toMatchObject({ recorded: 1, buffered: 1, bufferedKeys: 1 });
    const unnamed = invocationMetrics({ coldStartMetric: true });
    unnamed.begin({});
    expect(unnamed.metrics.stats()).toMatchObject({ recorded: 1, rejected: 0 });
  });

  it('records nothing when the cold-start metric is off', () => {
    const invocation = invocationMetrics({});
    invocation.begin(lambdaContext());
    expect(invocation.metrics.stats().recorded).toBe(0);
  });
});

describe('InvocationMetrics.end', () => {
  it('ends the flush responseMarginMs before the invocation’s deadline, or at once when that has passed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        async (remainingMs, responseMarginMs) => {
          const invocation = invocationMetrics({ responseMarginMs });
          const context = invocation.begin(lambdaContext(remainingMs));
          context.metrics.record('Latency', 1);
          const started = Date.now();
          let settledAt: number | undefined;
          const flushing = invocation.end(context).then((report) => {
            settledAt = Date.now();
            return report;
          });
          const expected = Math.max(0, remainingMs - responseMarginMs);
          if (expected > 0) {
            await vi.advanceTimersByTimeAsync(expected - 1);
            expect(settledAt).toBeUndefined();
          }
          await vi.advanceTimersByTimeAsync(expected === 0 ? 0 : 1);
          await flushing;
          expect(settledAt).toBe(started + expected);
          expect(invocation.metrics.stats()).toMatchObject({ recorded: 1, retrying: 1, inFlight: 0 });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('without a deadline in the context, the buffer’s flushTimeoutMs bounds the flush', async () => {
    const invocation = invocationMetrics({ flushTimeoutMs: 7_000 });
    invocation.metrics.record('Latency', 1);
    const started = Date.now();
    const flushing = invocation.end({});
    await vi.advanceTimersByTimeAsync(7_000);
    await flushing;
    expect(Date.now()).toBe(started + 7_000);
    expect(invocation.metrics.stats()).toMatchObject({ retrying: 1 });
  });
});
