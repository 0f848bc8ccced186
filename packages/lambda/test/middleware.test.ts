/**
 * metricsMiddleware in middy (the real @middy/core) against cloudwatch-local: one PutMetricData per
 * invocation, the one that throws included, errors passed on, the buffer in the handler's context, and a
 * flush that keeps to the time the invocation has left.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StalledEndpoint, startStalledEndpoint } from '../../../test/support/stalled-endpoint.js';
import { type MetricsContext, metricsMiddleware } from '../src/index.js';
import { bufferOptionsFor, cloudWatchLocal, lambdaContext } from './support/lambda.js';

const stalled: StalledEndpoint[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stalled.splice(0).map((endpoint) => endpoint.close()));
});

interface Order {
  items: number[];
  fail?: boolean;
}

describe('metricsMiddleware in middy, against cloudwatch-local', () => {
  it('publishes once per invocation, the one that throws included, and passes the answer and the error on', async () => {
    const cloudwatch = await cloudWatchLocal();
    const failure = new Error('payment declined');
    const cwagg = metricsMiddleware({ ...bufferOptionsFor(cloudwatch.endpoint), coldStartMetric: true });
    let contextMetrics: unknown;
    const handler = middy(async (event: Order, context: Context) => {
      // The buffer is in the context, and in the middleware object (typed, at module scope).
      contextMetrics = (context as Context & MetricsContext).metrics;
      for (const item of event.items) cwagg.metrics.record('ItemPrice', item, { unit: 'None' });
      if (event.fail) throw failure;
      return { count: event.items.length };
    }).use(cwagg);

    expect(await handler({ items: [10, 20, 30] }, lambdaContext())).toEqual({ count: 3 });
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 1, accepted: 1, samples: 4 });
    expect(await handler({ items: [40] }, lambdaContext())).toEqual({ count: 1 });
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 2, accepted: 2, samples: 5 });
    await expect(handler({ items: [50, 60], fail: true }, lambdaContext())).rejects.toBe(failure);
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 3, accepted: 3, samples: 7 });
    expect(cwagg.metrics.stats()).toMatchObject({ recorded: 7, sent: 7, dropped: 0, buffered: 0 });
    expect(contextMetrics).toBe(cwagg.metrics);
  });

  it('flushes after the other middlewares’ after (when used first), so what they record goes out too', async () => {
    const cloudwatch = await cloudWatchLocal();
    const cwagg = metricsMiddleware(bufferOptionsFor(cloudwatch.endpoint));
    const handler = middy(async () => 'hello')
      .use(cwagg)
      .use({
        after: async (request) => {
          cwagg.metrics.record('ResponseBytes', String(request.response).length, { unit: 'Bytes' });
        },
      });
    expect(await handler({}, lambdaContext())).toBe('hello');
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 1, samples: 1 });
  });

  it('an invocation another middleware ends early keeps its values for the next flush: nothing lost', async () => {
    const cloudwatch = await cloudWatchLocal();
    const cwagg = metricsMiddleware(bufferOptionsFor(cloudwatch.endpoint));
    const handler = middy<{ warmup?: boolean }, string>(async () => 'served')
      .use(cwagg)
      .use({
        before: (request) => {
          cwagg.metrics.record('Invocations', 1, { unit: 'Count' });
          // A warm-up ping: middy skips the handler and every `after`, the flush included.
          return request.event.warmup ? 'warm' : undefined;
        },
      });
    expect(await handler({ warmup: true }, lambdaContext())).toBe('warm');
    expect(cloudwatch.stats().putMetricData.received).toBe(0);
    expect(await handler({}, lambdaContext())).toBe('served');
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 1, samples: 2 });
  });

  it('a stalled CloudWatch holds an invocation until responseMarginMs before its deadline, no longer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const endpoint = await startStalledEndpoint();
    stalled.push(endpoint);
    const cwagg = metricsMiddleware({ ...bufferOptionsFor(endpoint.endpoint), responseMarginMs: 500 });
    cwagg.metrics.on('error', () => {});
    // middy's own early timeout is off here: the flush's deadline is what is measured.
    const handler = middy(
      async () => {
        cwagg.metrics.record('Latency', 12, { unit: 'Milliseconds' });
        throw new Error('failed after recording');
      },
      { timeoutEarlyInMillis: 0 },
    ).use(cwagg);
    const invoked = Date.now();
    let settledAt: number | undefined;
    const invocation = handler({}, lambdaContext(3_000)).catch((error: Error) => {
      settledAt = Date.now();
      return error.message;
    });
    await vi.advanceTimersByTimeAsync(2_499);
    expect(settledAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await invocation).toBe('failed after recording');
    expect(settledAt).toBe(invoked + 2_500);
    expect(cwagg.metrics.stats()).toMatchObject({ recorded: 1, retrying: 1, dropped: 0 });
  });
});
