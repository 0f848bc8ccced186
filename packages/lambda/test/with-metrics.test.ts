/**
 * withMetrics against cloudwatch-local (the real SDK over HTTP): one PutMetricData per invocation, the one that
 * throws included, the handler's answer and error passed on untouched, and a flush that ends within the time
 * the invocation has left even when CloudWatch stalls.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StalledEndpoint, startStalledEndpoint } from '../../../test/support/stalled-endpoint.js';
import { withMetrics } from '../src/index.js';
import { bufferOptionsFor, cloudWatchLocal, lambdaContext } from './support/lambda.js';

const stalled: StalledEndpoint[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stalled.splice(0).map((endpoint) => endpoint.close()));
});

/** SampleCount and Sum of a metric over the last hour, read back through the SDK. */
async function readBack(endpoint: string, name: string, dimensions: Record<string, string> = {}) {
  const client = new CloudWatchClient({
    ...bufferOptionsFor(endpoint).clientConfig,
    endpoint,
    region: 'us-east-1',
  });
  const now = Date.now();
  const { Datapoints = [] } = await client.send(
    new GetMetricStatisticsCommand({
      Namespace: 'Shop',
      MetricName: name,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      StartTime: new Date(now - 3_600_000),
      EndTime: new Date(now + 60_000),
      Period: 7_200,
      Statistics: ['SampleCount', 'Sum'],
    }),
  );
  client.destroy();
  return {
    SampleCount: Datapoints.reduce((sum, point) => sum + (point.SampleCount ?? 0), 0),
    Sum: Datapoints.reduce((sum, point) => sum + (point.Sum ?? 0), 0),
  };
}

describe('withMetrics against cloudwatch-local', () => {
  it('publishes once per invocation, the one that throws included, and passes the answer and the error on', async () => {
    const cloudwatch = await cloudWatchLocal();
    const failure = new Error('payment declined');
    const handler = withMetrics(
      async (event: { items: number[]; fail?: boolean }, { metrics }) => {
        for (const item of event.items) metrics.record('ItemPrice', item, { unit: 'None' });
        if (event.fail) throw failure;
        return { count: event.items.length };
      },
      { ...bufferOptionsFor(cloudwatch.endpoint), coldStartMetric: true },
    );

    expect(await handler({ items: [10, 20, 30] }, lambdaContext())).toEqual({ count: 3 });
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 1, accepted: 1 });
    expect(await handler({ items: [40] }, lambdaContext())).toEqual({ count: 1 });
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 2, accepted: 2 });
    await expect(handler({ items: [50, 60], fail: true }, lambdaContext())).rejects.toBe(failure);
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 3, accepted: 3 });

    expect(await readBack(cloudwatch.endpoint, 'ItemPrice')).toEqual({ SampleCount: 6, Sum: 210 });
    // The cold start: once, on the first invocation, named by the function.
    expect(await readBack(cloudwatch.endpoint, 'ColdStart', { FunctionName: 'checkout' })).toEqual({
      SampleCount: 1,
      Sum: 1,
    });
    expect(handler.metrics.stats()).toMatchObject({ recorded: 7, sent: 7, dropped: 0, buffered: 0 });
  });

  it('an invocation with nothing recorded sends nothing; a synchronous handler works the same', async () => {
    const cloudwatch = await cloudWatchLocal();
    const handler = withMetrics((event: { record: boolean }, { metrics }) => {
      if (event.record) metrics.record('Hits', 1);
      return 'done';
    }, bufferOptionsFor(cloudwatch.endpoint));
    expect(await handler({ record: false }, lambdaContext())).toBe('done');
    expect(cloudwatch.stats().putMetricData.received).toBe(0);
    expect(await handler({ record: true }, lambdaContext())).toBe('done');
    expect(cloudwatch.stats().putMetricData.received).toBe(1);
  });
});

describe('withMetrics: the flush keeps to the time the invocation has left', () => {
  it('a stalled CloudWatch holds an invocation until responseMarginMs before its deadline, no longer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const endpoint = await startStalledEndpoint();
    stalled.push(endpoint);
    const handler = withMetrics(
      async (_event: unknown, { metrics }) => {
        metrics.record('Latency', 12, { unit: 'Milliseconds' });
        return 'answered';
      },
      { ...bufferOptionsFor(endpoint.endpoint), responseMarginMs: 1_000, closeTimeoutMs: 0 },
    );
    const errors: string[] = [];
    handler.metrics.on('error', (_error, { errorCode, willRetry }) =>
      errors.push(`${errorCode}:${willRetry}`),
    );
    const invoked = Date.now();
    let answeredAt: number | undefined;
    const invocation = handler({}, lambdaContext(3_000)).then((answer) => {
      answeredAt = Date.now();
      return answer;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(answeredAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await invocation).toBe('answered');
    expect(answeredAt).toBe(invoked + 2_000);
    expect(errors).toEqual(['AbortError:true']);
    // Nothing lost: what was not sent waits for the next invocation's flush.
    expect(handler.metrics.stats()).toMatchObject({ recorded: 1, retrying: 1, dropped: 0 });
  });

  it('what an invocation could not send goes out with the next one', async () => {
    const cloudwatch = await cloudWatchLocal();
    const handler = withMetrics(
      async (event: { value: number }, { metrics }) => {
        metrics.record('Latency', event.value);
      },
      { ...bufferOptionsFor(cloudwatch.endpoint), responseMarginMs: 1_000 },
    );
    // An invocation already past its margin: its flush gives up at once.
    await handler({ value: 1 }, lambdaContext(500));
    expect(cloudwatch.stats().putMetricData.received).toBe(0);
    expect(handler.metrics.stats()).toMatchObject({ retrying: 1 });
    await handler({ value: 2 }, lambdaContext());
    expect(cloudwatch.stats().putMetricData).toMatchObject({ received: 1, samples: 2 });
    expect(handler.metrics.stats()).toMatchObject({ recorded: 2, sent: 2, retrying: 0 });
  });

  it('refuses what is not a handler', () => {
    expect(() => withMetrics('handler' as never, { namespace: 'Shop', region: 'us-east-1' })).toThrow(
      TypeError,
    );
  });
});
