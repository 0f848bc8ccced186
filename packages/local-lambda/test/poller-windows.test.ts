/**
 * Tumbling windows in the shard poller, against a real kinesis-local, with a plain async function that keeps
 * a count of its records in the state: batches never span windows and each window's records reach its state
 * once, in order; the final invocation has no records and the whole state; the checkpoint moves only when it
 * succeeds; a failed invocation is retried with the state it had, a partial failure goes on from the state it
 * answered; a state over 1 MB ends the window early; a final invocation failing past its retries is reported.
 */
import { describe, expect, it } from 'vitest';
import { startShardPoller } from '../src/index.js';
import { bareOptions, pollUntilPast, useKinesisLocal } from './support/poller-harness.js';
import { payloadsOf, putPayloads, streamWith } from './support/stream.js';

const kinesis = useKinesisLocal();

interface WindowedEvent {
  Records: { kinesis: { data: string; sequenceNumber: string; approximateArrivalTimestamp: number } }[];
  window: { start: string; end: string };
  state: { seen?: string[] } & Record<string, unknown>;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
  shardId: string;
}

type Invoke = (event: WindowedEvent) => Promise<unknown>;

/** The state every test's function keeps: the payloads of its window so far. */
function folding(event: WindowedEvent): { state: { seen: string[] }; batchItemFailures: [] } {
  return { state: { seen: [...(event.state.seen ?? []), ...payloadsOf(event)] }, batchItemFailures: [] };
}

const numbers = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(from + i));

/** Polls the one shard of `stream` in windows (of 1 s, batches of 4, unless told), keeping a copy of each event. */
async function windowed(
  stream: string,
  records: number,
  invoke: Invoke,
  options: { windowSeconds?: number; batchSize?: number; maxRetryAttempts?: number } = {},
) {
  const invoked: WindowedEvent[] = [];
  const copyThenInvoke = (event: unknown) => {
    const copy = structuredClone(event) as WindowedEvent;
    invoked.push(copy);
    return invoke(copy);
  };
  const { stats, events } = await pollUntilPast(kinesis, stream, records, copyThenInvoke, {
    batchSize: options.batchSize ?? 4,
    tumblingWindowSeconds: options.windowSeconds ?? 1,
    ...(options.maxRetryAttempts !== undefined ? { maxRetryAttempts: options.maxRetryAttempts } : {}),
  });
  return { stats, events, invoked };
}

/** A stream holding `payloads`, all put just after a window of `seconds` began: they share one window. */
async function oneWindowStream(payloads: readonly string[], seconds = 3): Promise<string> {
  const stream = await streamWith(kinesis.client, []);
  const length = seconds * 1000;
  const wait = length - (Date.now() % length);
  if (wait < length - 300) await new Promise((resolve) => setTimeout(resolve, wait + 20));
  await putPayloads(kinesis.client, stream, payloads);
  return stream;
}

/** A stream whose records fall in (at least) two windows of `seconds`: a pause of a window between groups. */
async function twoWindowStream(first: number, second: number, seconds = 1): Promise<string> {
  const stream = await streamWith(kinesis.client, numbers(0, first));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 100));
  await putPayloads(kinesis.client, stream, numbers(first, second));
  return stream;
}

describe('tumbling windows in the shard poller', () => {
  it("cuts batches at window boundaries, passes each window's state on, and closes each window once", async () => {
    const stream = await twoWindowStream(6, 5);
    const { stats, events, invoked } = await windowed(stream, 11, async (event) => folding(event));
    for (const event of invoked) {
      const start = Date.parse(event.window.start);
      const end = Date.parse(event.window.end);
      expect(end - start).toBe(1_000);
      for (const record of event.Records) {
        const arrival = record.kinesis.approximateArrivalTimestamp * 1000;
        expect(arrival >= start && arrival < end).toBe(true);
      }
      expect(event.Records.length).toBeLessThanOrEqual(4);
    }
    const finals = invoked.filter((event) => event.isFinalInvokeForWindow);
    expect(finals.length).toBeGreaterThanOrEqual(2);
    for (const final of finals) expect(final.Records).toEqual([]);
    // Every record reached one final state, once, in order.
    expect(finals.flatMap((final) => final.state.seen ?? [])).toEqual(numbers(0, 11));
    // The first invocation of each window starts from {}.
    const starts = new Set<string>();
    for (const event of invoked) {
      if (starts.has(event.window.start)) continue;
      starts.add(event.window.start);
      expect(event.state).toEqual({});
    }
    expect(stats).toMatchObject({ recordsProcessed: 11, windowsClosed: finals.length, retries: 0 });
    // The checkpoint moves only as a window closes.
    const kinds = events
      .filter((e) => e.type === 'checkpoint' || e.type === 'window-closed')
      .map((e) => e.type);
    expect(kinds).toEqual(finals.flatMap(() => ['window-closed', 'checkpoint']));
    expect(stats.recordDelay.records).toBe(11);
  });

  it('retries a failed invocation with the state it had, and a failed final invocation until it succeeds', async () => {
    const stream = await oneWindowStream(numbers(0, 10));
    let failures = 0;
    const { stats, invoked } = await windowed(
      stream,
      10,
      async (event) => {
        if ((payloadsOf(event)[0] === '4' || event.isFinalInvokeForWindow) && failures < 4) {
          failures += 1;
          throw new Error('function crashed');
        }
        return folding(event);
      },
      { windowSeconds: 3 },
    );
    const retried = invoked.filter((event) => payloadsOf(event)[0] === '4');
    expect(retried.length).toBeGreaterThanOrEqual(2);
    for (const event of retried) expect(event.state).toEqual({ seen: numbers(0, 4) });
    const finals = invoked.filter((event) => event.isFinalInvokeForWindow);
    for (const final of finals) expect(final.state.seen).toEqual(numbers(0, 10));
    expect(stats).toMatchObject({ recordsProcessed: 10, functionErrors: 4, retries: 4, windowsClosed: 1 });
  });

  it('after batchItemFailures, goes on from the lowest record reported with the state that answer returned', async () => {
    const stream = await oneWindowStream(numbers(0, 8));
    let failed = false;
    const { stats, invoked } = await windowed(
      stream,
      8,
      async (event) => {
        const payloads = payloadsOf(event);
        const at = payloads.indexOf('5');
        if (at >= 0 && !failed) {
          failed = true;
          const kept = { seen: [...(event.state.seen ?? []), ...payloads.slice(0, at)] };
          return {
            state: kept,
            batchItemFailures: [{ itemIdentifier: event.Records[at]?.kinesis.sequenceNumber }],
          };
        }
        return folding(event);
      },
      { windowSeconds: 3 },
    );
    const resumed = invoked.find((event, i) => i > 0 && payloadsOf(event)[0] === '5');
    expect(resumed?.state).toEqual({ seen: numbers(0, 5) });
    expect(invoked.find((event) => event.isFinalInvokeForWindow)?.state.seen).toEqual(numbers(0, 8));
    expect(stats).toMatchObject({ recordsProcessed: 8, partialFailures: 1 });
  });

  it('treats an answer without a state as a failed invocation', async () => {
    const stream = await streamWith(kinesis.client, numbers(0, 3));
    let answeredBadly = false;
    const { stats } = await windowed(stream, 3, async (event) => {
      if (!answeredBadly && event.Records.length > 0) {
        answeredBadly = true;
        return { batchItemFailures: [] };
      }
      return folding(event);
    });
    expect(stats).toMatchObject({ recordsProcessed: 3, functionErrors: 1 });
    expect(stats.lastError).toMatch(/without a state object/);
  });

  it('ends a window early when its state passes 1 MB, and goes on in the same window with a fresh state', async () => {
    const stream = await oneWindowStream(numbers(0, 6));
    const big = 'x'.repeat(1_000_001);
    const { stats, invoked } = await windowed(
      stream,
      6,
      async (event) => {
        const answer = folding(event);
        return payloadsOf(event).includes('1') ? { ...answer, state: { ...answer.state, big } } : answer;
      },
      { windowSeconds: 3, batchSize: 2 },
    );
    const ended = invoked.findIndex((event) => event.isWindowTerminatedEarly);
    expect(ended).toBeGreaterThan(0);
    expect(invoked[ended]).toMatchObject({ Records: [], isFinalInvokeForWindow: false });
    expect(invoked[ended]?.state).toMatchObject({ seen: ['0', '1'], big });
    expect(invoked[ended + 1]?.state).toEqual({});
    expect(invoked[ended + 1]?.window).toEqual(invoked[0]?.window);
    expect(stats).toMatchObject({ recordsProcessed: 6, windowsEndedEarly: 1, windowsClosed: 1 });
  });

  it('gives a window up when its final invocation fails past the retries, and reports its records', async () => {
    const stream = await streamWith(kinesis.client, numbers(0, 5));
    const { stats, events } = await windowed(
      stream,
      5,
      async (event) => {
        if (event.isFinalInvokeForWindow) return { state: {}, batchItemFailures: [{ itemIdentifier: '' }] };
        return folding(event);
      },
      { maxRetryAttempts: 2 },
    );
    expect(stats).toMatchObject({ recordsGivenUp: 5, recordsProcessed: 0, windowsClosed: 0 });
    expect(stats.givenUp).toEqual([
      expect.objectContaining({
        records: 5,
        attempts: 3,
        reason: expect.stringMatching(/final invocation failed/),
      }),
    ]);
    expect(events.some((e) => e.type === 'window-closed' && e.outcome === 'given-up')).toBe(true);
  });

  it('refuses a window longer than Lambda allows', () => {
    const base = bareOptions(kinesis);
    expect(() => startShardPoller({ ...base, tumblingWindowSeconds: 901 })).toThrow(
      /tumblingWindowSeconds must be a whole number from 0 to 900/,
    );
  });
});
