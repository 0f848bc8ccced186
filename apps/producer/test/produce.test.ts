import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisClient,
  DEFAULT_MAX_RECORD_BYTES,
  generateRecords,
  type ProduceProgress,
  ProducerError,
  produce,
  TemplateError,
} from '../src/index.js';
import { readAllRecords, recordLines } from './support/kinesis.js';

const TEMPLATE = '{"sensor":"{{random.uuid}}","value":{{random.number(1000)}},"owner":"{{name.firstName}}"}';
const decoder = new TextDecoder();

const endpoint = inject('kinesisEndpoint');
let client: KinesisClient;

beforeAll(() => {
  client = createKinesisClient({ endpoint });
});

afterAll(() => {
  client?.destroy();
});

function expected(options: Parameters<typeof generateRecords>[0]): string[] {
  return recordLines(
    [...generateRecords(options)].map((r) => ({
      partitionKey: r.partitionKey,
      data: decoder.decode(r.data),
    })),
  );
}

describe('produce against kinesis-local', () => {
  it('creates the stream, and every record reads back as generated for the seed', async () => {
    const progress: ProduceProgress[] = [];
    const summary = await produce({
      stream: 'round-trip',
      endpoint,
      template: TEMPLATE,
      count: 1_500,
      seed: 7,
      createStream: { shards: 3 },
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({
      stream: 'round-trip',
      sent: 1_500,
      failed: 0,
      unsent: 0,
      generated: 1_500,
      seed: 7,
      shards: 3,
      createdStream: true,
      aborted: false,
    });
    expect(summary.putRecordsCalls).toBeGreaterThanOrEqual(3); // 500 records per call at most
    expect(progress.at(-1)).toMatchObject({ done: true, sent: 1_500 });

    const stored = await readAllRecords(client, 'round-trip');
    expect(stored).toHaveLength(1_500);
    expect(new Set(stored.map((r) => r.shardId)).size).toBe(3);
    expect(recordLines(stored)).toEqual(expected({ template: TEMPLATE, count: 1_500, seed: 7 }));
    expect(summary.bytes).toBe(
      stored.reduce((n, r) => n + Buffer.byteLength(r.data) + r.partitionKey.length, 0),
    );
  });

  it('reuses a stream that exists', async () => {
    const summary = await produce({
      stream: 'round-trip',
      endpoint,
      count: 10,
      createStream: { shards: 5 },
    });
    expect(summary).toMatchObject({ sent: 10, createdStream: false, shards: 3 });
  });

  it('refuses records over the size limit before sending them, and sends the rest', async () => {
    const summary = await produce({
      stream: 'round-trip',
      client,
      count: 20,
      payload: (i) => (i === 3 ? new Uint8Array(DEFAULT_MAX_RECORD_BYTES) : `small ${i}`),
      partitionKey: '{{random.arrayElement(["a","b"])}}',
    });
    expect(summary).toMatchObject({ sent: 19, failed: 1, failureCodes: { RecordTooLarge: 1 } });
    expect(summary.failures[0]).toMatchObject({ index: 3, attempts: 0, errorCode: 'RecordTooLarge' });
    expect(summary.failures[0]?.errorMessage).toContain('1,048,577 bytes');
  });

  it('says clearly when the stream does not exist', async () => {
    const error = await produce({ stream: 'no-such-stream', endpoint, count: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(ProducerError);
    expect(error.code).toBe('STREAM_NOT_FOUND');
    expect(error.message).toContain('Stream "no-such-stream" does not exist');
  });

  it('checks the template before connecting to anything', async () => {
    // Port 9 (discard) on 127.0.0.1 refuses connections: a template error must come first.
    const error = await produce({
      stream: 's',
      endpoint: 'http://127.0.0.1:9',
      count: 5,
      template: '{{random.nmber}}',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    const unreachable = await produce({ stream: 's', endpoint: 'http://127.0.0.1:9', count: 5 }).catch(
      (e) => e,
    );
    expect(unreachable.code).toBe('ENDPOINT_UNREACHABLE');
  });

  it('stops cleanly when aborted, accounting for every record', async () => {
    const controller = new AbortController();
    const summary = await produce({
      stream: 'round-trip',
      client,
      count: 100_000,
      rate: 200,
      signal: controller.signal,
      progressIntervalMs: 20,
      onProgress: (p) => {
        if (p.sent > 0) controller.abort();
      },
    });
    expect(summary.aborted).toBe(true);
    expect(summary.sent).toBeGreaterThan(0);
    expect(summary.sent).toBeLessThan(100_000);
    expect(summary.sent + summary.failed + summary.unsent).toBe(summary.generated);
  });

  it('never generates faster than the rate allows over a duration', async () => {
    const summary = await produce({ stream: 'round-trip', client, durationMs: 600, rate: 200 });
    expect(summary.sent).toBeGreaterThan(0);
    // A token bucket allows its burst (20 at 200/s) plus the rate times the duration.
    expect(summary.generated).toBeLessThanOrEqual(20 + 120);
    expect(summary.failed).toBe(0);
  });
});
