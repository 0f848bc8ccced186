/**
 * The buffer's bounds: reaching one queues an early flush; however fast values arrive (one synchronous loop,
 * or bursts while a flush waits behind a stalled one) the buffer never holds more than twice any of them, and
 * drops, counts and reports what arrives beyond. Checked on the counts the buffer reports (stats()), never on
 * the process's memory. Over real HTTP against the JSON 1.0 stub, with fake timers.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { MetricsBuffer, MetricsBufferStats } from '../../src/index.js';
import { MAX_DATUMS_PER_REQUEST } from '../../src/limits/index.js';
import {
  buffer,
  expectBalanced,
  listen,
  nextFlush,
  samplesReceived,
  stubWith,
  useBufferHarness,
} from '../support/buffer-harness.js';

useBufferHarness();

/** An answer the stub holds back for an hour of fake time: a flush that stalls. */
const STALL = { delayMs: 3_600_000 };

/** Lets the event loop turn once (setImmediate is not faked): queued flushes start, answers arrive. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

interface Bounds {
  maxBufferedKeys: number;
  maxBufferedValues: number;
  maxBufferedBytes: number;
}

/** What a buffer may hold, however values arrive: twice each bound. */
function expectWithinTwiceTheBounds(stats: MetricsBufferStats, bounds: Bounds): void {
  expect(stats.bufferedKeys).toBeLessThanOrEqual(2 * bounds.maxBufferedKeys);
  expect(stats.bufferedValues).toBeLessThanOrEqual(2 * bounds.maxBufferedValues);
  expect(stats.bufferedBytes).toBeLessThanOrEqual(2 * bounds.maxBufferedBytes);
}

describe('MetricsBuffer: a bound flushes early', () => {
  // record() never drains: a bound queues a flush that starts on the next tick, so a synchronous burst
  // (up to twice the bound) ends up in that flush whole.
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

  it('counts rejected values towards that bound, so a flood of bad values cannot grow without limit', async () => {
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

describe('MetricsBuffer: never more than twice a bound', () => {
  const bounds: Bounds = { maxBufferedKeys: 100, maxBufferedValues: 1_000, maxBufferedBytes: 50_000 };

  it('100,000 distinct values in one synchronous loop: the buffer holds twice the bound, the rest is dropped and counted', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, bounds);
    const seen = listen(metrics);
    for (let i = 0; i < 100_000; i++) metrics.record('Latency', i + 0.5);
    const held = metrics.stats();
    expect(held.buffered).toBeLessThanOrEqual(2 * bounds.maxBufferedValues); // distinct values: samples
    expectWithinTwiceTheBounds(held, bounds);
    expect(held.dropped).toBe(100_000 - held.buffered);
    expectBalanced(held);

    // The flush the bound queued takes what was kept, and reports what was not.
    const report = await metrics.flush();
    expect(report.sentSamples + report.droppedSamples).toBe(100_000);
    expect(seen.drops).toEqual([{ reason: 'buffer-full', datums: 0, samples: held.dropped }]);
    expect(samplesReceived(stub)).toBe(held.buffered);
    // Empty again: the next values are kept.
    expect(metrics.record('Latency', 1)).toBe(true);
    expect(metrics.stats()).toMatchObject({ recorded: 100_001, buffered: 1, dropped: held.dropped });
  });

  it('distinct keys and long dimension values: keys and estimated bytes stay within twice their bounds', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, bounds);
    listen(metrics);
    for (let i = 0; i < 20_000; i++) metrics.record('Latency', 1, { dimensions: { Customer: `c${i}` } });
    expectWithinTwiceTheBounds(metrics.stats(), bounds);
    expect(metrics.stats().bufferedKeys).toBeGreaterThanOrEqual(bounds.maxBufferedKeys);
    await metrics.flush();

    const wide = 'x'.repeat(1_000);
    for (let i = 0; i < 20_000; i++)
      metrics.record('Latency', 1, { dimensions: { Customer: `${wide}${i}` } });
    expectWithinTwiceTheBounds(metrics.stats(), bounds);
    expect(metrics.stats().bufferedBytes).toBeGreaterThanOrEqual(bounds.maxBufferedBytes);
    await metrics.flush();
    expectBalanced(metrics.stats());
  });

  it('a flood of values CloudWatch would reject holds at most twice the bound of them too', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, bounds);
    const seen = listen(metrics);
    for (let i = 0; i < 100_000; i++) metrics.record('Latency', Number.NaN);
    expect(metrics.stats().rejected).toBeLessThanOrEqual(2 * bounds.maxBufferedValues);
    expect(metrics.stats().bufferedValues).toBeLessThanOrEqual(2 * bounds.maxBufferedValues);
    await metrics.flush();
    const stats = metrics.stats();
    expect(seen.rejected.length).toBe(stats.rejected);
    expect(stats.rejected).toBeLessThanOrEqual(2 * bounds.maxBufferedValues);
    expect(stats.rejected + stats.dropped).toBe(100_000);
  });

  it('bursts while a flush waits behind a stalled one: held within twice the bound at every turn, in flight too', async () => {
    const stub = await stubWith(STALL);
    const metrics = buffer(stub, { ...bounds, closeTimeoutMs: 0 });
    listen(metrics);
    const afterEachBurst: MetricsBufferStats[] = [];
    for (let burst = 0; burst < 40; burst++) {
      for (let i = 0; i < 5_000; i++) metrics.record('Latency', burst * 10_000 + i + 0.5);
      await turn();
      afterEachBurst.push(metrics.stats());
    }
    // Distinct values: samples held and values held are the same number here.
    expect(Math.max(...afterEachBurst.map((stats) => stats.buffered))).toBeLessThanOrEqual(
      2 * bounds.maxBufferedValues,
    );
    for (const stats of afterEachBurst) {
      expectWithinTwiceTheBounds(stats, bounds);
      expect(stats.inFlight).toBeLessThanOrEqual(2 * bounds.maxBufferedValues);
      expectBalanced(stats);
    }
    // One flush stalled; the next one waits behind it. On a busy machine the stalled request may still be on
    // its way to the stub after the last burst: wait for it (vi.waitFor keeps real timers), then count.
    await vi.waitFor(() => expect(stub.received.length).toBeGreaterThan(0), {
      timeout: 60_000,
      interval: 20,
    });
    expect(stub.received).toHaveLength(1);
    const stats = await metrics.close();
    expect(stats).toMatchObject({ recorded: 200_000, sent: 0, dropped: 200_000, buffered: 0, inFlight: 0 });
  });

  it('whatever the bursts and the answers, within twice every bound, and every sample accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxBufferedKeys: fc.integer({ min: 1, max: 50 }),
          maxBufferedValues: fc.integer({ min: 1, max: 2_000 }),
          maxBufferedBytes: fc.integer({ min: 1, max: 100_000 }),
        }),
        fc.array(
          fc.record({
            records: fc.integer({ min: 0, max: 3_000 }),
            keys: fc.integer({ min: 1, max: 200 }),
            distinct: fc.boolean(),
            stall: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (limits, bursts) => {
          const stub = await stubWith(bursts.map((burst) => (burst.stall ? STALL : 'ok')));
          const metrics: MetricsBuffer = buffer(stub, { ...limits, closeTimeoutMs: 0 });
          listen(metrics);
          let recorded = 0;
          for (const burst of bursts) {
            for (let i = 0; i < burst.records; i++) {
              const value = burst.distinct ? recorded + 0.5 : i % 7;
              metrics.record('Latency', value, { dimensions: { Key: `k${i % burst.keys}` } });
              recorded++;
            }
            expectWithinTwiceTheBounds(metrics.stats(), limits);
            expectBalanced(metrics.stats());
            await turn();
          }
          const stats = await metrics.close();
          expect(stats.recorded).toBe(recorded);
          expect(stats.sent + stats.dropped + stats.rejected).toBe(recorded);
        },
      ),
      { numRuns: 25 },
    );
  });
});
