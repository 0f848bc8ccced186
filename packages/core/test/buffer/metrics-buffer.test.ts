/**
 * MetricsBuffer itself: construction, record() and its cache, the flush timers, the bounds that flush early,
 * the events, close() and the shutdown hooks. Over real HTTP against the JSON 1.0 stub, with fake timers.
 */
import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CwaggConfigError, MetricsBuffer, type MetricsBufferOptions } from '../../src/index.js';
import {
  buffer,
  clientFor,
  expectBalanced,
  listen,
  nextFlush,
  samplesReceived,
  stubWith,
  useBufferHarness,
} from '../support/buffer-harness.js';

useBufferHarness();

describe('MetricsBuffer: construction', () => {
  it('throws the option checks’ CwaggConfigError and leaves no timer behind', async () => {
    // Each check and its message is in options.test.ts; here, that the buffer applies them before it starts.
    const client = clientFor(await stubWith());
    const make = (options: Partial<MetricsBufferOptions>) => () =>
      new MetricsBuffer({ namespace: 'Test', client, ...options } as MetricsBufferOptions);
    expect(make({ namespace: 'AWS/EC2' })).toThrow(CwaggConfigError);
    expect(make({ maxRetryBytes: -1 })).toThrow(/maxRetryBytes/);
    expect(make({ concurrency: 0 })).toThrow(/concurrency/);
    expect(vi.getTimerCount()).toBe(0);
    const metrics = buffer(await stubWith());
    expect(metrics).toMatchObject({
      namespace: 'Test',
      flushIntervalMs: 60_000,
      highResolutionFlushIntervalMs: 1_000,
    });
    expect(vi.getTimerCount()).toBe(1); // the standard flush timer; the 1 s one waits for a record
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
    metrics.record('a', 1, { dimensions: { x: 'yz', '': 'w' } }); // rejected: empty dimension name
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

  it('rejects what CloudWatch would reject, returns false, and reports every rejection at the next flush', async () => {
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
    // An invalid count is one rejected record; the valid one is 4 samples.
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
    expect(warnings).toEqual([expect.stringMatching(/rejected 1 values, e.g. Latency: value is NaN/)]);
  });
});

describe('MetricsBuffer: flush schedule (fake timers)', () => {
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

describe('MetricsBuffer: events', () => {
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
  it('flushes everything, stops every timer, rejects later records clearly, and is idempotent', async () => {
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
