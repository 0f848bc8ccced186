/**
 * Flushing: passes one at a time, failed requests held in the retry buffer and re-sent re-packed, drops
 * and their accounting, close()'s re-sends. First FlushQueue on its own, in-process, with a scripted client
 * (fast-check drives the scripts); then the same behaviour through a MetricsBuffer over real HTTP.
 */
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_LANES,
  type Drained,
  FlushQueue,
  HIGH_RESOLUTION_LANE,
  STANDARD_LANE,
} from '../../src/buffer/flush-queue.js';
import {
  BufferReporter,
  type DropReport,
  type FlushReport,
  type MetricsBufferEvents,
} from '../../src/buffer/reports.js';
import { MAX_TIMESTAMP_AGE_MS } from '../../src/limits/index.js';
import { datumBytes, packRequests } from '../../src/packing.js';
import { Publisher } from '../../src/publisher.js';
import type { MetricDatum, PutMetricDataRequest, RejectedValue } from '../../src/types.js';
import { buffer, expectBalanced, listen, stubWith, useBufferHarness } from '../support/buffer-harness.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const NAMESPACE = 'Test';

/** How the scripted client answers one request; the error names are the SDK's. */
type Answer = 'ok' | 'Throttling' | 'InternalServiceError' | 'InvalidParameterValue' | 'MissingParameter';
/** The errors the README lists as CloudWatch rejecting the request itself: re-sending cannot succeed. */
const NOT_RETRYABLE: readonly Answer[] = ['InvalidParameterValue', 'MissingParameter'];

interface Call {
  request: PutMetricDataRequest;
  answer: Answer;
}

/** A CloudWatch client that answers from a script (then 'ok'), and remembers every request. */
function scriptedClient() {
  const client = {
    script: [] as Answer[],
    calls: [] as Call[],
    async send(command: { input: unknown }) {
      const request = command.input as PutMetricDataRequest;
      const answer = client.script.shift() ?? 'ok';
      client.calls.push({ request, answer });
      if (answer === 'ok') return { $metadata: { attempts: 1 } };
      throw Object.assign(new Error(`scripted ${answer}`), { name: answer, $metadata: { attempts: 1 } });
    },
  };
  return client;
}

/** A datum standing for `count` samples of the value `id`, named so that its offering order is readable. */
function datum(id: number, count: number, at = NOW): MetricDatum {
  const datum: MetricDatum = {
    MetricName: `M${String(id).padStart(6, '0')}`,
    Timestamp: new Date(at),
    Values: [id],
    StatisticValues: { SampleCount: count, Sum: id * count, Minimum: id, Maximum: id },
  };
  if (count !== 1) datum.Counts = [count];
  return datum;
}

const idOf = (datum: MetricDatum) => Number(datum.MetricName.slice(1));
const samplesOf = (datums: readonly MetricDatum[]) =>
  datums.reduce((sum, datum) => sum + datum.StatisticValues.SampleCount, 0);

interface Harness {
  queue: FlushQueue;
  client: ReturnType<typeof scriptedClient>;
  /** What the next pass drains. */
  fresh: MetricDatum[];
  rejected: RejectedValue[];
  scopes: number[];
  drops: DropReport[];
  errors: string[];
  flushes: FlushReport[];
  rejectedEvents: RejectedValue[][];
  now: { ms: number };
}

function harness(
  options: {
    maxRetryDatums?: number;
    maxRetryBytes?: number;
    maxDatumsPerRequest?: number;
    closeTimeoutMs?: number;
    clock?: () => number;
    drain?: (scope: number) => Drained;
  } = {},
): Harness {
  const client = scriptedClient();
  const emitter = new EventEmitter<MetricsBufferEvents>();
  const packing = { maxDatumsPerRequest: options.maxDatumsPerRequest ?? 1000, maxRequestBytes: 1_000_000 };
  const now = { ms: NOW };
  const h: Harness = {
    client,
    fresh: [],
    rejected: [],
    scopes: [],
    drops: [],
    errors: [],
    flushes: [],
    rejectedEvents: [],
    now,
    queue: new FlushQueue({
      namespace: NAMESPACE,
      packing,
      // One request at a time: the client sees the requests in the order the pass built them.
      publisher: new Publisher({ client, concurrency: 1 }),
      clock: options.clock ?? (() => now.ms),
      maxRetryDatums: options.maxRetryDatums ?? 1000,
      maxRetryBytes: options.maxRetryBytes ?? 10_000_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 0,
      flushTimeoutMs: 30_000,
      reporter: new BufferReporter(emitter),
      drain:
        options.drain ??
        ((scope) => {
          h.scopes.push(scope);
          const datums = h.fresh.splice(0);
          const rejected = h.rejected.splice(0);
          return { requests: packRequests(NAMESPACE, datums, packing).requests, rejected };
        }),
    }),
  };
  emitter.on('drop', (report) => h.drops.push(report));
  emitter.on('error', (_error, context) => h.errors.push(context.errorCode));
  emitter.on('flush', (report) => h.flushes.push(report));
  emitter.on('rejected', (values) => h.rejectedEvents.push(values));
  return h;
}

const answer = fc.constantFrom<Answer>(
  'ok',
  'ok',
  'Throttling',
  'InternalServiceError',
  'InvalidParameterValue',
  'MissingParameter',
);
const aPass = fc.record({
  counts: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 8 }),
  answers: fc.array(answer, { maxLength: 6 }),
});

describe('FlushQueue: every sample sent once, dropped or held, never lost or duplicated', () => {
  it('keeps the accounts through any sequence of failing passes, then close() settles them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(aPass, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (passes, maxRetryDatums, maxDatumsPerRequest) => {
          // Time for close() to send what is held (it succeeds at once: no pause is taken).
          const h = harness({ maxRetryDatums, maxDatumsPerRequest, closeTimeoutMs: 60_000 });
          let nextId = 0;
          let offered = 0;
          let held: number[] = [];
          const sentOnce = new Set<number>();
          const droppedForGood = new Set<number>();
          for (const pass of passes) {
            h.fresh = pass.counts.map((count) => datum(nextId++, count));
            const freshIds = h.fresh.map(idOf);
            offered += samplesOf(h.fresh);
            h.client.script = [...pass.answers];
            const callsBefore = h.client.calls.length;
            const report = await h.queue.request('manual', ALL_LANES);
            const calls = h.client.calls.slice(callsBefore);

            // What was held goes first (oldest first), then the fresh datums, each within the limits.
            const ids = calls.flatMap((call) => call.request.MetricData.map(idOf));
            expect(ids).toEqual([...held, ...freshIds]);
            for (const call of calls) {
              expect(call.request.MetricData.length).toBeLessThanOrEqual(maxDatumsPerRequest);
            }
            for (const id of ids) expect(droppedForGood.has(id)).toBe(false);

            const failedRetryable: number[] = [];
            let sentSamples = 0;
            let rejectedSamples = 0;
            for (const call of calls) {
              const callIds = call.request.MetricData.map(idOf);
              if (call.answer === 'ok') {
                for (const id of callIds) {
                  expect(sentOnce.has(id)).toBe(false);
                  sentOnce.add(id);
                }
                sentSamples += samplesOf(call.request.MetricData);
              } else if (NOT_RETRYABLE.includes(call.answer)) {
                for (const id of callIds) droppedForGood.add(id);
                rejectedSamples += samplesOf(call.request.MetricData);
              } else {
                failedRetryable.push(...callIds);
              }
            }
            // The bound keeps the newest datums; the oldest are dropped for good.
            const kept = failedRetryable.slice(Math.max(0, failedRetryable.length - maxRetryDatums));
            for (const id of failedRetryable.slice(0, failedRetryable.length - kept.length)) {
              droppedForGood.add(id);
            }
            held = kept;

            expect(report).toMatchObject({
              requests: calls.length,
              sentRequests: calls.filter((call) => call.answer === 'ok').length,
              failedRequests: calls.filter((call) => call.answer !== 'ok').length,
              sentSamples,
              retryDatums: kept.length,
            });
            const passDrops = h.drops.splice(0);
            const dropped = (reason: string) =>
              passDrops.filter((drop) => drop.reason === reason).reduce((sum, drop) => sum + drop.datums, 0);
            expect(dropped('retry-buffer-full')).toBe(failedRetryable.length - kept.length);
            expect(passDrops.filter((drop) => drop.reason === 'not-retryable')).toHaveLength(
              calls.filter((call) => NOT_RETRYABLE.includes(call.answer)).length,
            );
            expect(
              passDrops.filter((drop) => drop.reason === 'not-retryable').reduce((s, d) => s + d.samples, 0),
            ).toBe(rejectedSamples);
            expect(h.queue.sentSamples + h.queue.droppedSamples + h.queue.retryingSamples).toBe(offered);
            expect(h.queue.inFlightSamples).toBe(0);
          }
          // The endpoint recovers: close() sends what is held, and nothing is left.
          h.client.script = [];
          const callsBefore = h.client.calls.length;
          await h.queue.close();
          const closeIds = h.client.calls
            .slice(callsBefore)
            .flatMap((call) => call.request.MetricData.map(idOf));
          expect(closeIds).toEqual(held);
          for (const id of closeIds) sentOnce.add(id);
          expect(h.queue.retryingSamples).toBe(0);
          expect(h.queue.sentSamples + h.queue.droppedSamples).toBe(offered);
          expect(sentOnce.size + droppedForGood.size).toBe(nextId);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('FlushQueue: passes', () => {
  it('runs one pass at a time; requests made meanwhile join the next pass and merge their lanes', async () => {
    let release: () => void = () => {};
    const h = harness();
    const slowSend = h.client.send;
    h.client.send = async (command) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return slowSend(command);
    };
    h.fresh = [datum(1, 1)];
    const first = h.queue.request('interval', STANDARD_LANE);
    // Still queued (it starts on a later tick): a second request joins it.
    expect(h.queue.request('high-resolution-interval', HIGH_RESOLUTION_LANE)).toBe(first);
    await vi.waitFor(() => expect(h.scopes).toEqual([ALL_LANES]));
    // The first pass is now sending: the next requests share one new pass.
    const second = h.queue.request('bounds', STANDARD_LANE);
    const third = h.queue.request('manual', HIGH_RESOLUTION_LANE);
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    release();
    expect((await first).reason).toBe('interval');
    const joined = await second;
    expect(joined.reason).toBe('bounds');
    expect(h.scopes).toEqual([ALL_LANES, STANDARD_LANE | HIGH_RESOLUTION_LANE]);
    expect(h.queue.passes).toBe(2);
  });

  it('reports the values rejected since the last pass, and stays quiet when a timed pass has nothing', async () => {
    const h = harness();
    const timedEmpty = await h.queue.request('interval', ALL_LANES);
    expect(timedEmpty).toMatchObject({ requests: 0, rejectedValues: 0 });
    expect(h.flushes).toEqual([]);
    await h.queue.request('manual', ALL_LANES);
    expect(h.flushes).toHaveLength(1); // asked for: always answered

    const value: RejectedValue = { metric: 'Latency', value: Number.NaN, count: 1, reason: 'NaN' };
    h.rejected = [value];
    const report = await h.queue.request('interval', ALL_LANES);
    expect(report.rejectedValues).toBe(1);
    expect(h.rejectedEvents).toEqual([[value]]);
    expect(h.flushes).toHaveLength(2);
  });

  it('a drain that throws is reported as an error, and the next pass still works', async () => {
    let fail = true;
    const h = harness({
      drain: () => {
        if (fail) throw new TypeError('drain bug');
        return { requests: packRequests(NAMESPACE, [datum(1, 2)]).requests, rejected: [] };
      },
    });
    const broken = await h.queue.request('manual', ALL_LANES);
    expect(broken).toMatchObject({ requests: 0, sentSamples: 0 });
    expect(h.errors).toEqual(['TypeError']);
    fail = false;
    expect(await h.queue.request('manual', ALL_LANES)).toMatchObject({ requests: 1, sentSamples: 2 });
  });
});

describe('FlushQueue: the retry buffer', () => {
  it('drops held datums that CloudWatch would now reject as too old, and never sends them', async () => {
    const h = harness();
    h.fresh = [datum(1, 3)];
    h.client.script = ['Throttling'];
    await h.queue.request('manual', ALL_LANES);
    expect(h.queue.retryingSamples).toBe(3);
    // Fourteen days later the held datum is outside the window CloudWatch accepts.
    h.now.ms = NOW + MAX_TIMESTAMP_AGE_MS;
    h.fresh = [datum(2, 1, h.now.ms)];
    const report = await h.queue.request('manual', ALL_LANES);
    expect(h.drops).toEqual([expect.objectContaining({ reason: 'expired', datums: 1, samples: 3 })]);
    expect(report).toMatchObject({ droppedSamples: 3, sentSamples: 1 });
    expect(h.client.calls.at(-1)?.request.MetricData.map(idOf)).toEqual([2]);
  });

  it('holds at most maxRetryBytes, dropping the oldest first', async () => {
    // Room for two of these datums (all the same size: ids of one digit), not three.
    const h = harness({ maxRetryBytes: 3 * datumBytes(datum(1, 1)) - 1 });
    h.fresh = [datum(1, 1), datum(2, 1), datum(3, 1)];
    h.client.script = ['Throttling'];
    const report = await h.queue.request('manual', ALL_LANES);
    expect(report.retryDatums).toBe(2);
    expect(h.drops).toEqual([expect.objectContaining({ reason: 'retry-buffer-full', datums: 1 })]);
    await h.queue.request('manual', ALL_LANES);
    expect(h.client.calls.at(-1)?.request.MetricData.map(idOf)).toEqual([2, 3]);
  });
});

describe('FlushQueue: close()', () => {
  it('with no time left, drops what still fails as closed, so nothing stays held', async () => {
    const h = harness({ closeTimeoutMs: 0 });
    h.fresh = [datum(1, 4), datum(2, 5)];
    h.client.script = ['Throttling'];
    await h.queue.close();
    expect(h.flushes.map((report) => report.reason)).toEqual(['close']);
    expect(h.drops).toEqual([expect.objectContaining({ reason: 'closed', datums: 2, samples: 9 })]);
    expect(h.queue).toMatchObject({ sentSamples: 0, droppedSamples: 9, retryingSamples: 0 });
  });

  it('re-sends after pauses of 100 ms, doubling, until it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    try {
      vi.setSystemTime(NOW);
      const h = harness({ closeTimeoutMs: 10_000, clock: () => Date.now() });
      const sentAt: number[] = [];
      const send = h.client.send;
      h.client.send = (command) => {
        sentAt.push(Date.now() - NOW);
        return send(command);
      };
      h.fresh = [datum(1, 1)];
      h.client.script = ['Throttling', 'Throttling', 'Throttling'];
      const closing = h.queue.close();
      await vi.advanceTimersByTimeAsync(1_000);
      await closing;
      expect(sentAt).toEqual([0, 100, 300, 700]);
      expect(h.queue).toMatchObject({ sentSamples: 1, droppedSamples: 0, retryingSamples: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('FlushQueue through a MetricsBuffer over HTTP', () => {
  useBufferHarness();
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

  it('drops a request CloudWatch rejects as invalid instead of re-sending it forever', async () => {
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
});
