/** The PutRecords pipeline against a stand-in Kinesis client: batching, retries, refusals and stops, in process. */
import type { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { type PipelineSettings, PutRecordsPipeline } from '../src/pipeline.js';
import type { GeneratedRecord } from '../src/records.js';

type Entry = { Data: Uint8Array; PartitionKey: string };
type Answer = { ErrorCode?: string; ErrorMessage?: string };

/** A client whose every PutRecords is recorded and answered by `answer` (per record), or thrown by it. */
function fakeKinesis(answer: (entry: Entry, call: number) => Answer | Error = () => ({})) {
  const calls: Entry[][] = [];
  let inFlightKeys: string[] = [];
  let overlaps = 0;
  const client = {
    async send(command: PutRecordsCommand) {
      const records = (command.input.Records ?? []) as Entry[];
      const call = calls.length;
      calls.push(records);
      const keys = records.map((r) => r.PartitionKey);
      if (keys.some((key) => inFlightKeys.includes(key))) overlaps += 1;
      inFlightKeys = [...inFlightKeys, ...keys];
      await new Promise((resolve) => setImmediate(resolve));
      inFlightKeys = inFlightKeys.filter((key) => !keys.includes(key));
      const answers = records.map((entry) => answer(entry, call));
      const thrown = answers.find((a): a is Error => a instanceof Error);
      if (thrown) throw thrown;
      return { Records: answers, FailedRecordCount: answers.filter((a) => (a as Answer).ErrorCode).length };
    },
  } as unknown as KinesisClient;
  return { client, calls, overlaps: () => overlaps };
}

function records(count: number, key: (i: number) => string = (i) => `key-${i}`, size = 10) {
  let index = 0;
  return (): GeneratedRecord | undefined =>
    index < count
      ? { index, data: new Uint8Array(size).fill(index % 256), partitionKey: key(index++) }
      : undefined;
}

function pipeline(
  client: KinesisClient,
  nextRecord: () => GeneratedRecord | undefined,
  overrides: Partial<PipelineSettings> = {},
) {
  return new PutRecordsPipeline({
    client,
    stream: 'test-stream',
    nextRecord,
    rate: 0,
    concurrency: 2,
    maxAttempts: 5,
    backoffBaseMs: 1,
    backoffMaxMs: 4,
    lingerMs: 0,
    maxRecordBytes: 1024 * 1024,
    maxFailuresKept: 100,
    ...overrides,
  });
}

const indexOf = (entry: Entry) => entry.Data[0] as number;

describe('the PutRecords pipeline', () => {
  it('sends every record once, in calls of at most 500 records', async () => {
    const kinesis = fakeKinesis();
    const run = pipeline(kinesis.client, records(1_200));
    await run.run();
    expect(kinesis.calls.map((call) => call.length).sort((a, b) => b - a)).toEqual([500, 500, 200]);
    expect(run.counters).toMatchObject({
      generated: 1_200,
      sent: 1_200,
      failed: 0,
      retries: 0,
      putRecordsCalls: 3,
    });
    expect(run.counters.bytes).toBe(
      1_200 * 10 + kinesis.calls.flat().reduce((n, e) => n + e.PartitionKey.length, 0),
    );
    expect(run.unsent).toBe(0);
  });

  it('re-sends only the records Kinesis refused, counting throttles', async () => {
    const kinesis = fakeKinesis((entry, call) =>
      call === 0 && indexOf(entry) % 3 === 0
        ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' }
        : {},
    );
    const run = pipeline(kinesis.client, records(30));
    await run.run();
    expect(run.counters).toMatchObject({ sent: 30, failed: 0, retries: 10, throttled: 10 });
    const sentTwice = kinesis.calls
      .slice(1)
      .flat()
      .map(indexOf)
      .sort((a, b) => a - b);
    expect(sentTwice).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('gives a record up after its attempts, keeping the first failures in detail', async () => {
    const kinesis = fakeKinesis((entry) =>
      indexOf(entry) < 3 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try later' } : {},
    );
    const run = pipeline(kinesis.client, records(10), { maxAttempts: 3, maxFailuresKept: 2 });
    await run.run();
    expect(run.counters).toMatchObject({ sent: 7, failed: 3, retries: 6 });
    expect(run.failureCodes).toEqual({ InternalFailure: 3 });
    // Two of the three kept, in the order they gave out: retries are jittered, so which two is not fixed.
    expect(run.failures).toHaveLength(2);
    const indexes = run.failures.map((failure) => failure.index);
    expect(new Set(indexes).size).toBe(2);
    for (const failure of run.failures) {
      expect([0, 1, 2]).toContain(failure.index);
      expect(failure).toEqual({
        index: failure.index,
        partitionKey: `key-${failure.index}`,
        errorCode: 'InternalFailure',
        errorMessage: 'try later',
        attempts: 3,
      });
    }
  });

  it('refuses before sending what Kinesis would refuse: empty or long keys, records over the limit', async () => {
    const kinesis = fakeKinesis();
    const keys = ['', 'k'.repeat(257), 'ok-2', 'ok-3'];
    const run = pipeline(
      kinesis.client,
      records(4, (i) => keys[i] as string, 10),
      { maxRecordBytes: 13 },
    );
    await run.run();
    // ok-2 is 10 + 4 bytes: one over the limit; ok-3 too. Only the keys decide the first two.
    expect(run.failureCodes).toEqual({ InvalidPartitionKey: 2, RecordTooLarge: 2 });
    expect(run.failures.map((f) => f.attempts)).toEqual([0, 0, 0, 0]);
    expect(run.failures[3]?.errorMessage).toBe(
      'record 3 is 14 bytes (data and partition key); the stream takes at most 13',
    );
    expect(kinesis.calls).toEqual([]);
  });

  it('stops on an error retrying cannot fix, keeping the records it did not send', async () => {
    const missing = Object.assign(new Error('Stream test-stream not found'), {
      name: 'ResourceNotFoundException',
    });
    const kinesis = fakeKinesis(() => missing);
    const run = pipeline(kinesis.client, records(50), { concurrency: 1 });
    await run.run();
    expect(run.fatalError).toBe(missing);
    expect(run.counters.sent).toBe(0);
    expect(run.counters.failed).toBe(0);
    expect(run.unsent).toBe(50);
    expect(kinesis.calls).toHaveLength(1);
  });

  it('retries a call that failed as a whole when it is worth it, and an answer of the wrong length', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    let calls = 0;
    const kinesis = fakeKinesis((_entry, call) => (call === 0 ? throttled : {}));
    const short = {
      async send(command: PutRecordsCommand) {
        calls += 1;
        if (calls === 1) return { Records: [] };
        return kinesis.client.send(command);
      },
    } as unknown as KinesisClient;
    // No back-off: jittered waits would let a retry go out with only the records already due, and
    // which records share a call (so how many the throttled call holds) would depend on timing.
    const run = pipeline(short, records(5), { concurrency: 1, backoffBaseMs: 0 });
    await run.run();
    expect(kinesis.calls.map((call) => call.length)).toEqual([5, 5]);
    expect(run.counters.sent).toBe(5);
    expect(run.counters.retries).toBe(10);
    expect(run.counters.throttled).toBe(5);
  });

  it('never puts one partition key in two calls at once', async () => {
    const kinesis = fakeKinesis();
    const run = pipeline(
      kinesis.client,
      records(2_000, (i) => `key-${i % 3}`),
      { concurrency: 4 },
    );
    await run.run();
    expect(run.counters.sent).toBe(2_000);
    expect(kinesis.overlaps()).toBe(0);
  });

  it('stops when aborted, accounting for what it generated', async () => {
    const controller = new AbortController();
    controller.abort();
    const kinesis = fakeKinesis();
    const run = pipeline(kinesis.client, records(100), { signal: controller.signal });
    await run.run();
    expect(run.aborted).toBe(true);
    expect(run.counters.sent + run.unsent + run.counters.failed).toBe(run.counters.generated);
  });

  it('stops with a clear error when generating a record fails', async () => {
    const kinesis = fakeKinesis();
    let index = 0;
    const run = pipeline(kinesis.client, () => {
      if (index === 3) throw new Error('template blew up');
      return { index, data: new Uint8Array(1), partitionKey: `k${index++}` };
    });
    await run.run();
    expect(run.fatalError).toMatchObject({
      code: 'RECORD_GENERATION',
      message: 'Generating record 3 failed: template blew up',
    });
  });
});
