/**
 * MetricsBuffer against a real HTTP endpoint (the JSON 1.0 stub in test/support), with vitest's fake timers
 * driving the flush schedule: only setTimeout and Date are faked, sockets stay real.
 */
import { once } from 'node:events';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextAlignedTime } from '../src/flush-schedule.js';
import {
  CwaggConfigError,
  type DropReport,
  type FlushReport,
  MetricsBuffer,
  type MetricsBufferOptions,
  type MetricsBufferStats,
  type RejectedValue,
} from '../src/index.js';
import { MAX_DATUMS_PER_REQUEST } from '../src/limits/index.js';
import { type Answer, type CloudWatchStub, startCloudWatchStub } from './support/cloudwatch-stub.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 10);
const stubs: CloudWatchStub[] = [];
const buffers: MetricsBuffer[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(START);
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(buffers.splice(0).map((buffer) => buffer.close()));
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

async function stubWith(...script: (Answer | Answer[])[]): Promise<CloudWatchStub> {
  const stub = await startCloudWatchStub(script.flat());
  stubs.push(stub);
  return stub;
}

/** SDK retries off (maxAttempts 1): the SDK's back-off sleeps would wait on the fake clock. */
function clientFor(stub: CloudWatchStub): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function buffer(stub: CloudWatchStub, options: Partial<MetricsBufferOptions> = {}): MetricsBuffer {
  const metrics = new MetricsBuffer({
    namespace: 'Test',
    client: clientFor(stub),
    random: () => 0.5,
    ...options,
  });
  buffers.push(metrics);
  return metrics;
}

/** Everything each event reported, to check that the accounts add up. */
function listen(metrics: MetricsBuffer) {
  const seen = {
    flushes: [] as FlushReport[],
    drops: [] as DropReport[],
    rejected: [] as RejectedValue[],
    errors: [] as string[],
  };
  metrics.on('flush', (report) => seen.flushes.push(report));
  metrics.on('drop', (report) => seen.drops.push(report));
  metrics.on('rejected', (values) => seen.rejected.push(...values));
  metrics.on('error', (_error, context) => seen.errors.push(context.errorCode));
  return seen;
}

function nextFlush(metrics: MetricsBuffer): Promise<FlushReport> {
  return once(metrics, 'flush').then(([report]) => report as FlushReport);
}

function samplesReceived(stub: CloudWatchStub): number {
  let samples = 0;
  for (const request of stub.received) {
    for (const datum of request.json.MetricData) {
      samples += (datum as unknown as { StatisticValues: { SampleCount: number } }).StatisticValues
        .SampleCount;
    }
  }
  return samples;
}

function expectBalanced(stats: MetricsBufferStats): void {
  expect(stats.recorded).toBe(
    stats.sent + stats.dropped + stats.rejected + stats.buffered + stats.retrying + stats.inFlight,
  );
}

describe('MetricsBuffer: construction', () => {
  it('refuses bad options with messages that name them', async () => {
    const stub = await stubWith();
    const client = clientFor(stub);
    const make = (options: Partial<MetricsBufferOptions>) => () =>
      new MetricsBuffer({ namespace: 'Test', client, ...options } as MetricsBufferOptions);
    expect(make({ namespace: 'AWS/EC2' })).toThrow(/reserved/);
    expect(make({ endpoint: 'http://127.0.0.1:1' })).toThrow(/either `client` or `endpoint`/);
    expect(make({ client: {} as never })).toThrow(/CloudWatchClient/);
    expect(make({ flushIntervalMs: -1 })).toThrow(/flushIntervalMs must be an integer >= 0/);
    expect(make({ flushJitterMs: Number.NaN })).toThrow(/flushJitterMs/);
    expect(make({ maxBufferedKeys: 0 })).toThrow(/maxBufferedKeys/);
    expect(make({ maxRetryDatums: 1.5 })).toThrow(/maxRetryDatums/);
    expect(make({ maxRelativeError: 2 })).toThrow(/maxRelativeError/);
    expect(make({ defaultDimensions: { '': 'x' } })).toThrow(/defaultDimensions/);
    expect(make({ random: 3 as never })).toThrow(/random must be a function/);
    expect(make({ namespace: 'AWS/EC2' })).toThrow(CwaggConfigError);
    expect(() => new MetricsBuffer(undefined as never)).toThrow(/namespace/);
  });

  it('creates its own client from an endpoint and destroys it on close', async () => {
    const stub = await stubWith();
    const metrics = new MetricsBuffer({
      namespace: 'Test',
      endpoint: stub.endpoint,
      region: 'us-east-1',
      clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
    metrics.record('Requests', 1, { unit: 'Count' });
    const stats = await metrics.close();
    expect(stats).toMatchObject({ recorded: 1, sent: 1, closed: true });
    expect(stub.received).toHaveLength(1);
  });
});

describe('MetricsBuffer: record() and its cache', () => {
  it('folds records with fresh option objects into one series per metric, defaults merged', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { defaultDimensions: { Service: 'shop' } });
    for (let i = 0; i < 1000; i++) {
      const route = i % 2 === 0 ? '/buy' : '/cart';
      // Same dimensions in another order: a second cache entry, but the same series.
      const dimensions = i % 4 < 2 ? { Route: route, Status: '200' } : { Status: '200', Route: route };
      expect(metrics.record('Latency', i % 10, { unit: 'Milliseconds', dimensions })).toBe(true);
    }
    expect(metrics.stats().bufferedKeys).toBe(2);
    const report = await metrics.flush();
    expect(report).toMatchObject({ reason: 'manual', requests: 1, sentSamples: 1000 });
    const datums = stub.received[0]?.json.MetricData as unknown as {
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    }[];
    expect(datums).toHaveLength(2);
    expect(datums.map((datum) => datum.Dimensions)).toEqual([
      [
        { Name: 'Route', Value: '/buy' },
        { Name: 'Service', Value: 'shop' },
        { Name: 'Status', Value: '200' },
      ],
      [
        { Name: 'Route', Value: '/cart' },
        { Name: 'Service', Value: 'shop' },
        { Name: 'Status', Value: '200' },
      ],
    ]);
  });

  it('never lets one metric hit another one’s cache entry', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    metrics.on('rejected', () => {});
    // Pairs that a naive concatenated key would confuse.
    metrics.record('ab', 1, { dimensions: { c: 'd' } });
    metrics.record('a', 1, { dimensions: { bc: 'd' } });
    metrics.record('a', 1, { unit: 'Count' });
    metrics.record('a', 1);
    metrics.record('a', 1, { dimensions: { x: 'y', z: 'w' } });
    metrics.record('a', 1, { dimensions: { x: 'yz', '': 'w' } }); // refused: empty dimension name
    expect(metrics.stats()).toMatchObject({ bufferedKeys: 5, rejected: 1 });
  });

  it('copies the caller’s dimensions: changing the object later does not move recorded values', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    const dimensions: Record<string, string> = { Route: '/buy' };
    metrics.record('Latency', 1, { dimensions });
    dimensions.Route = '/sell';
    metrics.record('Latency', 2, { dimensions });
    await metrics.flush();
    const values = (stub.received[0]?.json.MetricData ?? []).map((datum) => [
      (datum as unknown as { Dimensions: { Value: string }[] }).Dimensions[0]?.Value,
      datum.Values,
    ]);
    expect(values).toEqual([
      ['/buy', [1]],
      ['/sell', [2]],
    ]);
  });

  it('refuses what CloudWatch would refuse, returns false, and reports every refusal at the next flush', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    const seen = listen(metrics);
    expect(metrics.record('Latency', Number.NaN)).toBe(false);
    expect(metrics.record('Latency', 1, { unit: 'Parsecs' as never })).toBe(false);
    expect(metrics.record('Latency', 1, { dimensions: { Route: 42 as never } })).toBe(false);
    expect(metrics.record('Latency', 1, { dimensions: 'Route=/buy' as never })).toBe(false);
    expect(metrics.record('Latency', 1, 'fast' as never)).toBe(false);
    expect(metrics.record('Latency', 1, null as never)).toBe(false);
    expect(metrics.record('Latency', 1, { count: -2 })).toBe(false);
    expect(metrics.record('Latency', 3, { count: 4 })).toBe(true);
    expect(seen.rejected).toHaveLength(0);
    const report = await metrics.flush();
    expect(report.rejectedValues).toBe(7);
    expect(seen.rejected.map((value) => value.reason)).toEqual([
      expect.stringMatching(/dimensions must be an object/),
      expect.stringMatching(/record options must be an object \(got fast\)/),
      expect.stringMatching(/record options must be an object \(got null\)/),
      expect.stringMatching(/NaN/),
      expect.stringMatching(/not a CloudWatch unit/),
      expect.stringMatching(/must have a string value/),
      expect.stringMatching(/count must be a finite number/),
    ]);
    // An invalid count is one refused record; the valid one is 4 samples.
    expect(metrics.stats()).toMatchObject({ recorded: 11, sent: 4, rejected: 7 });
    expectBalanced(metrics.stats());
  });

  it('binds a metric once for hot loops', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    metrics.on('rejected', () => {});
    const latency = metrics.metric('Latency', { unit: 'Milliseconds', dimensions: { Route: '/buy' } });
    for (let i = 0; i < 500; i++) latency.record(i % 7, 2);
    expect(latency.record(Number.POSITIVE_INFINITY)).toBe(false);
    await metrics.flush();
    expect(samplesReceived(stub)).toBe(1000);
    expect(metrics.stats()).toMatchObject({ recorded: 1001, sent: 1000, rejected: 1 });
  });

  it('warns through process warnings when nobody listens, never silently', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      metrics.record('Latency', Number.NaN);
      await metrics.flush();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([expect.stringMatching(/refused 1 values, e.g. Latency: value is NaN/)]);
  });
});

describe('MetricsBuffer: flush schedule (fake timers)', () => {
  it('computes aligned times: the next boundary plus the offset, never the current instant', () => {
    expect(nextAlignedTime(START, 60_000, 5_000)).toBe(Date.UTC(2026, 10, 25, 12, 1, 5));
    expect(nextAlignedTime(Date.UTC(2026, 10, 25, 12, 0, 4), 60_000, 5_000)).toBe(
      Date.UTC(2026, 10, 25, 12, 0, 5),
    );
    expect(nextAlignedTime(Date.UTC(2026, 10, 25, 12, 0, 5), 60_000, 5_000)).toBe(
      Date.UTC(2026, 10, 25, 12, 1, 5),
    );
  });

  it('flushes once per interval at the period boundary plus this instance’s jitter', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { flushJitterMs: 10_000 }); // random 0.5: offset 5 s
    const seen = listen(metrics);
    metrics.record('Latency', 5);
    await vi.advanceTimersByTimeAsync(54_999); // 12:01:04.999
    expect(stub.received).toHaveLength(0);
    const first = once(metrics, 'flush');
    await vi.advanceTimersByTimeAsync(1); // 12:01:05.000
    await first;
    expect(Date.now()).toBe(Date.UTC(2026, 10, 25, 12, 1, 5));
    expect(stub.received).toHaveLength(1);
    expect(seen.flushes[0]).toMatchObject({ reason: 'interval', requests: 1, sentSamples: 1 });

    metrics.record('Latency', 6);
    metrics.record('Latency', 7);
    const second = once(metrics, 'flush');
    await vi.advanceTimersByTimeAsync(60_000); // 12:02:05.000
    await second;
    expect(stub.received).toHaveLength(2);
    expect(stub.received[1]?.json.MetricData[0]?.Values).toEqual([6, 7]);
    // An interval with nothing recorded sends nothing and stays quiet.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(stub.received).toHaveLength(2);
    expect(seen.flushes).toHaveLength(2);
  });

  it('spreads a fleet: instances with different draws flush at different seconds', async () => {
    const stub = await stubWith();
    // Default jitter: offsets up to 15 s into each minute; the clock starts at 12:00:10.
    const fleet = [0.99, 0, 0.3].map((draw) => {
      const metrics = buffer(stub, { random: () => draw });
      metrics.record('Latency', 1);
      return metrics;
    });
    const expected = [
      Date.UTC(2026, 10, 25, 12, 0, 14, 850),
      Date.UTC(2026, 10, 25, 12, 1, 0),
      Date.UTC(2026, 10, 25, 12, 1, 4, 500),
    ];
    for (const [i, at] of expected.entries()) {
      await vi.advanceTimersByTimeAsync(at - 1 - Date.now());
      expect(stub.received).toHaveLength(i);
      const flushed = nextFlush(fleet[i] as MetricsBuffer);
      await vi.advanceTimersByTimeAsync(1);
      expect((await flushed).reason).toBe('interval');
      expect(stub.received).toHaveLength(i + 1);
    }
  });

  it('flushes high-resolution metrics every second, standard ones only on their interval', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { flushJitterMs: 0 });
    metrics.record('Standard', 1);
    metrics.record('Fast', 1, { storageResolution: 1 });
    let flushed = nextFlush(metrics);
    await vi.advanceTimersByTimeAsync(1_000); // 12:00:11
    expect(await flushed).toMatchObject({ reason: 'high-resolution-interval', sentSamples: 1 });
    expect(stub.received[0]?.json.MetricData.map((datum) => datum.MetricName)).toEqual(['Fast']);
    expect(stub.received[0]?.json.MetricData[0]).toMatchObject({ StorageResolution: 1 });
    metrics.record('Fast', 2, { storageResolution: 1 });
    flushed = nextFlush(metrics);
    await vi.advanceTimersByTimeAsync(1_000); // 12:00:12
    await flushed;
    expect(stub.received[1]?.json.MetricData.map((datum) => datum.MetricName)).toEqual(['Fast']);
    // Idle: the 1 s timer stops; the standard one still runs.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.getTimerCount()).toBe(1);
    expect(stub.received).toHaveLength(2);
    flushed = nextFlush(metrics);
    await vi.advanceTimersByTimeAsync(43_000); // 12:01:00
    expect(await flushed).toMatchObject({ reason: 'interval', sentSamples: 1 });
    expect(stub.received[2]?.json.MetricData.map((datum) => datum.MetricName)).toEqual(['Standard']);
  });

  it('with flushIntervalMs 0 flushes only when asked (a Lambda flushes per invocation)', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { flushIntervalMs: 0 });
    metrics.record('Latency', 1);
    metrics.record('Fast', 1, { storageResolution: 1 });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(180_000);
    expect(stub.received).toHaveLength(0);
    await metrics.flush();
    expect(samplesReceived(stub)).toBe(2);
  });
});

describe('MetricsBuffer: bounds', () => {
  // record() never drains: a bound queues a flush that starts on the next tick, so a synchronous burst
  // ends up in that flush whole.
  it('flushes early when the buffered keys reach the bound, without waiting for the interval', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { maxBufferedKeys: 10 });
    const record = (key: number) => metrics.record('Latency', 1, { dimensions: { Customer: `c${key}` } });
    for (let key = 0; key < 9; key++) record(key);
    await new Promise((resolve) => setImmediate(resolve));
    expect(metrics.stats().flushes).toBe(0);
    const flushed = nextFlush(metrics);
    record(9);
    expect(await flushed).toMatchObject({ reason: 'bounds', requests: 1, sentSamples: 10 });
    for (let key = 10; key < 15; key++) record(key);
    await new Promise((resolve) => setImmediate(resolve));
    expect(metrics.stats()).toMatchObject({ flushes: 1, sent: 10, buffered: 5, bufferedKeys: 5 });
  });

  it('flushes early when distinct values reach the bound', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { maxBufferedValues: 1_000 });
    for (let burst = 0; burst < 4; burst++) {
      const flushed = nextFlush(metrics);
      // Distinct values are counted every 256 records: the bound is seen at the 1,024th.
      for (let i = 0; i < 1_100; i++) metrics.record('Latency', burst * 10_000 + i + 0.5);
      expect(await flushed).toMatchObject({ reason: 'bounds', sentSamples: 1_100 });
    }
    expect(samplesReceived(stub)).toBe(4_400);
  });

  it('counts refused values towards that bound, so a flood of bad values cannot grow without limit', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { maxBufferedValues: 500 });
    metrics.on('rejected', () => {});
    const flushed = nextFlush(metrics);
    for (let i = 0; i < 600; i++) metrics.record('Latency', Number.NaN);
    expect(await flushed).toMatchObject({ reason: 'bounds', rejectedValues: 600, requests: 0 });
  });

  it('flushes early on the estimated bytes, and every request stays within the limits', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { maxBufferedBytes: 50_000 });
    for (let burst = 0; burst < 3; burst++) {
      const flushed = nextFlush(metrics);
      // About 24 bytes per distinct value: 50,000 bytes are reached after about 2,080 values.
      for (let i = 0; i < 2_500; i++) metrics.record('Latency', (burst * 10_000 + i) / 7);
      expect(await flushed).toMatchObject({ reason: 'bounds', sentSamples: 2_500 });
    }
    for (const request of stub.received) {
      expect(request.json.MetricData.length).toBeLessThanOrEqual(MAX_DATUMS_PER_REQUEST);
    }
  });
});

describe('MetricsBuffer: failures, the retry buffer and drop accounting', () => {
  it('keeps a request that failed after the SDK’s retries and re-sends it, re-packed, with the next flush', async () => {
    const stub = await stubWith('throttle');
    const metrics = buffer(stub);
    const seen = listen(metrics);
    metrics.record('Latency', 1);
    const failed = await metrics.flush();
    expect(failed).toMatchObject({ requests: 1, failedRequests: 1, retryDatums: 1, retrySamples: 1 });
    expect(seen.errors).toEqual(['Throttling']);
    expect(metrics.stats()).toMatchObject({ retrying: 1, sent: 0 });
    expectBalanced(metrics.stats());
    metrics.record('Latency', 2);
    const resent = await metrics.flush();
    // The held datum and the fresh one travel in one request.
    expect(resent).toMatchObject({ requests: 1, sentRequests: 1, sentSamples: 2, retryDatums: 0 });
    expect(stub.received[1]?.json.MetricData.map((datum) => datum.Values)).toEqual([[1], [2]]);
    expect(seen.drops).toEqual([]);
    expect(metrics.stats()).toMatchObject({ recorded: 2, sent: 2, dropped: 0, putMetricDataCalls: 2 });
  });

  it('drops the oldest datums when the retry buffer is full, and the counts add up', async () => {
    const stub = await stubWith(Array.from({ length: 5 }, () => 'throttle' as const));
    const metrics = buffer(stub, { maxRetryDatums: 2 });
    const seen = listen(metrics);
    for (let flush = 0; flush < 5; flush++) {
      metrics.record(`M${flush}`, flush, { count: 10 });
      await metrics.flush();
      expectBalanced(metrics.stats());
    }
    // Five failed flushes, one new datum each: three oldest pushed out, M3 and M4 held.
    expect(seen.drops.map((drop) => [drop.reason, drop.datums, drop.samples])).toEqual([
      ['retry-buffer-full', 1, 10],
      ['retry-buffer-full', 1, 10],
      ['retry-buffer-full', 1, 10],
    ]);
    metrics.record('M5', 5, { count: 10 });
    await metrics.flush(); // the stub answers ok again
    expect(stub.received.at(-1)?.json.MetricData.map((datum) => datum.MetricName)).toEqual([
      'M3',
      'M4',
      'M5',
    ]);
    const stats = metrics.stats();
    expect(stats).toMatchObject({ recorded: 60, sent: 30, dropped: 30, rejected: 0, retrying: 0 });
    const droppedInEvents = seen.drops.reduce((sum, drop) => sum + drop.samples, 0);
    const sentInReports = seen.flushes.reduce((sum, report) => sum + report.sentSamples, 0);
    expect(stats.recorded).toBe(sentInReports + droppedInEvents + stats.rejected);
  });

  it('drops a request CloudWatch refuses as invalid instead of re-sending it forever', async () => {
    const stub = await stubWith('invalid');
    const metrics = buffer(stub);
    const seen = listen(metrics);
    metrics.record('Latency', 1, { count: 3 });
    const report = await metrics.flush();
    expect(report).toMatchObject({ failedRequests: 1, droppedSamples: 3, retryDatums: 0 });
    expect(seen.drops).toEqual([
      expect.objectContaining({
        reason: 'not-retryable',
        samples: 3,
        errorCode: expect.stringMatching(/InvalidParameterValue/),
      }),
    ]);
    await metrics.flush();
    expect(stub.received).toHaveLength(1);
  });

  it('a listener that throws neither stops the flush nor goes unnoticed', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    metrics.on('flush', () => {
      throw new Error('listener bug');
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    metrics.record('Latency', 1);
    const report = await metrics.flush();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    metrics.removeAllListeners('flush');
    expect(report.sentSamples).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/'flush' listener threw: Error: listener bug/)]);
  });
});

describe('MetricsBuffer: close()', () => {
  it('flushes everything, stops every timer, refuses later records clearly, and is idempotent', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    const seen = listen(metrics);
    for (let i = 0; i < 10_000; i++) metrics.record('Latency', i % 1001, { unit: 'Milliseconds' });
    metrics.record('Fast', 1, { storageResolution: 1 });
    expect(vi.getTimerCount()).toBe(2);
    const closing = metrics.close();
    expect(metrics.close()).toBe(closing);
    const stats = await closing;
    expect(stats).toMatchObject({ recorded: 10_001, sent: 10_001, buffered: 0, retrying: 0, closed: true });
    expect(vi.getTimerCount()).toBe(0);
    expect(samplesReceived(stub)).toBe(10_001);
    expect(seen.flushes.at(-1)?.reason).toBe('close');

    expect(metrics.record('Latency', 1)).toBe(false);
    await vi.waitFor(() => expect(seen.rejected).toHaveLength(1));
    expect(seen.rejected[0]).toMatchObject({ metric: 'Latency', reason: 'the MetricsBuffer is closed' });
    expect(metrics.stats()).toMatchObject({ recorded: 10_002, sent: 10_001, rejected: 1 });
    expectBalanced(metrics.stats());
  });

  it('re-sends what keeps failing until closeTimeoutMs, then drops it and says so', async () => {
    vi.useRealTimers(); // close()'s pauses are real waits here (about 1.3 s in all)
    const stub = await stubWith('throttle', 'throttle');
    const metrics = buffer(stub, { closeTimeoutMs: 1_000 });
    const seen = listen(metrics);
    metrics.record('Latency', 1, { count: 5 });
    const stats = await metrics.close();
    expect(stub.received).toHaveLength(3);
    expect(stats).toMatchObject({ recorded: 5, sent: 5, dropped: 0 });
    expect(seen.drops).toEqual([]);

    const stubDown = await stubWith(Array.from({ length: 20 }, () => 'error' as const));
    const doomed = buffer(stubDown, { closeTimeoutMs: 1_000 });
    const doomedSeen = listen(doomed);
    doomed.record('Latency', 1, { count: 7 });
    const doomedStats = await doomed.close();
    expect(doomedStats).toMatchObject({ recorded: 7, sent: 0, dropped: 7, retrying: 0 });
    expect(doomedSeen.drops).toEqual([expect.objectContaining({ reason: 'closed', samples: 7 })]);
  });

  it('installs shutdown hooks that close on SIGTERM and can be removed', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub);
    const before = process.listeners('SIGTERM');
    const uninstall = metrics.installShutdownHooks({ exit: false });
    const added = process.listeners('SIGTERM').filter((listener) => !before.includes(listener));
    expect(added).toHaveLength(1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    metrics.record('Latency', 1);
    const closed = nextFlush(metrics);
    // As the signal would (emitting a real SIGTERM here would reach the test runner's own handlers).
    (added[0] as () => void)();
    expect((await closed).reason).toBe('close');
    await vi.waitFor(() => expect(metrics.stats().closed).toBe(true));
    expect(samplesReceived(stub)).toBe(1);
    expect(process.listenerCount('SIGTERM')).toBe(before.length);
    uninstall(); // harmless after the hooks have fired

    const other = buffer(stub);
    const remove = other.installShutdownHooks({ exit: false, signals: ['SIGTERM'], beforeExit: false });
    expect(process.listenerCount('SIGTERM')).toBe(before.length + 1);
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(before.length);
  });
});
