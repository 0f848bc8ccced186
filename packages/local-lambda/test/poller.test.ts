/**
 * The shard poller against a real kinesis-local: batches in order, checkpointing that honours
 * batchItemFailures, retries of failed batches, and batches given up after bounded retries, reported.
 * The function is a plain async function here; demo.test.ts runs the real handler bundles.
 */
import { describe, expect, it } from 'vitest';
import { interpretResponse, startShardPoller } from '../src/index.js';
import {
  bareOptions,
  type PollerSettings,
  pollUntilPast,
  useKinesisLocal,
} from './support/poller-harness.js';
import { payloadsOf, putPayloads, streamWith } from './support/stream.js';

const kinesis = useKinesisLocal();

const numbers = (count: number): string[] => Array.from({ length: count }, (_, i) => String(i));

type Invoke = (event: {
  Records: { kinesis: { data: string; sequenceNumber: string } }[];
}) => Promise<unknown>;

/** Starts a poller on the one shard of `stream` (batches of 10 unless told) and waits until `records` were moved past. */
function consume(stream: string, records: number, invoke: Invoke, settings: PollerSettings = {}) {
  return pollUntilPast(kinesis, stream, records, invoke, { batchSize: 10, ...settings });
}

describe('interpretResponse (Lambda reads partial-batch answers this way)', () => {
  const batch = ['100', '200', '300'].map((SequenceNumber) => ({ SequenceNumber }));
  it('treats no answer, an empty list and a missing list as success', () => {
    for (const response of [undefined, null, {}, { batchItemFailures: [] }, 'ok']) {
      expect(interpretResponse(response, batch)).toEqual({ kind: 'success' });
    }
  });
  it('resumes at the lowest reported sequence number, compared as a number', () => {
    const response = { batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] };
    expect(interpretResponse(response, batch)).toEqual({ kind: 'partial', failedIndex: 1 });
  });
  it('fails the whole batch on an empty, malformed or unknown itemIdentifier', () => {
    for (const itemIdentifier of ['', 'abc', undefined, 42, '999']) {
      expect(interpretResponse({ batchItemFailures: [{ itemIdentifier }] }, batch).kind).toBe('error');
    }
    expect(interpretResponse({ batchItemFailures: 'nope' }, batch).kind).toBe('error');
  });
});

describe('startShardPoller against kinesis-local', () => {
  it('hands every record over once, in order, in batches of batchSize, and checkpoints the last', async () => {
    const stream = await streamWith(kinesis.client, numbers(45));
    const seen: string[] = [];
    const sizes: number[] = [];
    let lastSequence = '';
    const { stats } = await consume(stream, 45, async (event) => {
      seen.push(...payloadsOf(event));
      sizes.push(event.Records.length);
      lastSequence = event.Records.at(-1)?.kinesis.sequenceNumber ?? '';
      return { batchItemFailures: [] };
    });
    expect(seen).toEqual(numbers(45));
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(stats).toMatchObject({
      recordsProcessed: 45,
      invocations: 5,
      retries: 0,
      checkpoint: lastSequence,
    });
  });

  it('honours batchItemFailures: resumes at the lowest reported record, re-read from the stream', async () => {
    const stream = await streamWith(kinesis.client, numbers(30));
    const seen: string[] = [];
    let failedOnce = false;
    const { stats, events } = await consume(stream, 30, async (event) => {
      const payloads = payloadsOf(event);
      seen.push(...payloads);
      // Records 13 and 16 fail the first time they are seen: Lambda must resume at 13.
      const failing = failedOnce
        ? []
        : event.Records.filter((_, i) => payloads[i] === '13' || payloads[i] === '16');
      if (failing.length > 0) failedOnce = true;
      return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    });
    // 10..19 first, then 13.. again from the stream: 10, 11, 12 are never handed over twice.
    expect(seen).toEqual([
      ...numbers(20),
      ...['13', '14', '15', '16', '17', '18', '19', '20', '21', '22'],
      ...numbers(30).slice(23),
    ]);
    expect(stats).toMatchObject({ recordsProcessed: 30, partialFailures: 1, retries: 1, recordsGivenUp: 0 });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ type: 'retry', attempt: 0 });
  });

  it('retries a batch whose function failed, then moves on', async () => {
    const stream = await streamWith(kinesis.client, numbers(20));
    const seen: string[] = [];
    let failures = 0;
    const { stats } = await consume(stream, 20, async (event) => {
      const payloads = payloadsOf(event);
      if (payloads[0] === '10' && failures < 2) {
        failures += 1;
        throw new Error('function crashed');
      }
      seen.push(...payloads);
      return undefined;
    });
    expect(seen).toEqual(numbers(20));
    expect(stats).toMatchObject({ recordsProcessed: 20, functionErrors: 2, retries: 2, recordsGivenUp: 0 });
    expect(stats.lastError).toMatch(/function crashed/);
  });

  it('gives a batch up after maxRetryAttempts retries without progress, reports it, and goes on', async () => {
    const stream = await streamWith(kinesis.client, numbers(25));
    const seen: string[] = [];
    let attemptsOnPoison = 0;
    const { stats, events } = await consume(
      stream,
      25,
      async (event) => {
        const payloads = payloadsOf(event);
        if (payloads.includes('12')) {
          attemptsOnPoison += 1;
          return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
        }
        seen.push(...payloads);
        return {};
      },
      { maxRetryAttempts: 3 },
    );
    expect(attemptsOnPoison).toBe(4); // the first try and 3 retries
    expect(seen).toEqual([...numbers(10), ...numbers(25).slice(20)]);
    expect(stats.recordsGivenUp).toBe(10);
    expect(stats.recordsProcessed).toBe(15);
    expect(stats.givenUp).toEqual([
      expect.objectContaining({
        records: 10,
        attempts: 4,
        reason: expect.stringMatching(/malformed itemIdentifier/),
      }),
    ]);
    expect(events.filter((e) => e.type === 'given-up')).toHaveLength(1);
  });

  it('with a batching window, waits for a full batch instead of invoking with what it has', async () => {
    const stream = await streamWith(kinesis.client, numbers(3));
    const sizes: number[] = [];
    const poller = startShardPoller({
      client: kinesis.client,
      streamName: stream,
      streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/window',
      shardId: 'shardId-000000000000',
      invoke: async (event) => {
        sizes.push(event.Records.length);
      },
      batchSize: 7,
      batchingWindowMs: 60_000,
      idlePollMs: 20,
    });
    kinesis.pollers.push(poller);
    while (poller.stats().getRecordsCalls < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sizes).toEqual([]); // 3 records read, the window is open: no invocation yet
    await putPayloads(kinesis.client, stream, ['3', '4', '5', '6']);
    while (poller.stats().recordsProcessed < 7) await new Promise((resolve) => setTimeout(resolve, 20));
    await poller.stop();
    expect(sizes).toEqual([7]); // full: invoked at once, long before the window closed
  });

  it('refuses options outside what Lambda allows', () => {
    const base = bareOptions(kinesis);
    expect(() => startShardPoller({ ...base, batchSize: 0 })).toThrow(
      /batchSize must be a whole number from 1 to 10000/,
    );
    expect(() => startShardPoller({ ...base, batchSize: 10_001 })).toThrow(RangeError);
    expect(() => startShardPoller({ ...base, batchingWindowMs: -1 })).toThrow(/batchingWindowMs/);
    expect(() => startShardPoller({ ...base, maxRetryAttempts: 1.5 })).toThrow(/maxRetryAttempts/);
  });
});
