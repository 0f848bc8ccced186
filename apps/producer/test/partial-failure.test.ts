import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisClient, ensureStream, produce } from '../src/index.js';
import { startFailingProxy } from './support/failing-proxy.js';
import { readAllRecords } from './support/kinesis.js';

const endpoint = inject('kinesisEndpoint');
let client: KinesisClient;

beforeAll(() => {
  client = createKinesisClient({ endpoint });
});

afterAll(() => {
  client?.destroy();
});

/** Each record names itself, so duplicates and losses show. */
const numbered = (i: number) => `record-${i}`;
const fast = { baseMs: 1, maxMs: 20 };

describe('partial failures through a proxy that fails records and throttles calls', () => {
  it('the proxy really answers PutRecords with per-record failures', async () => {
    await ensureStream(client, 'proxy-check', { shards: 1 });
    const proxy = await startFailingProxy({
      target: endpoint,
      recordFailureRate: 0.5,
      throttleEvery: 0,
    });
    const viaProxy = createKinesisClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
    try {
      const out = await viaProxy.send(
        new PutRecordsCommand({
          StreamName: 'proxy-check',
          Records: Array.from({ length: 40 }, (_, i) => ({
            Data: Buffer.from(numbered(i)),
            PartitionKey: `k${i}`,
          })),
        }),
      );
      const failed = (out.Records ?? []).filter(
        (r) => r.ErrorCode === 'ProvisionedThroughputExceededException',
      );
      expect(out.FailedRecordCount).toBe(failed.length);
      expect(failed.length).toBeGreaterThan(5);
      expect(failed.length).toBeLessThan(35);
      expect((await readAllRecords(client, 'proxy-check')).length).toBe(40 - failed.length);
    } finally {
      viaProxy.destroy();
      await proxy.close();
    }
  });

  it('re-sends only the failed records: every record arrives exactly once', async () => {
    await ensureStream(client, 'exactly-once', { shards: 2 });
    const proxy = await startFailingProxy({
      target: endpoint,
      recordFailureRate: 0.3,
      throttleEvery: 3,
    });
    try {
      const summary = await produce({
        stream: 'exactly-once',
        endpoint: proxy.endpoint,
        count: 1_200,
        payload: numbered,
        maxAttempts: 30,
        backoff: fast,
      });
      expect(summary).toMatchObject({ sent: 1_200, failed: 0, unsent: 0 });
      expect(proxy.stats.throttledCalls).toBeGreaterThan(0);
      expect(proxy.stats.failedRecords).toBeGreaterThan(0);
      // Each refused record attempt, per record or in a throttled call, is retried once.
      expect(summary.retries).toBe(summary.throttled);
      expect(summary.retries).toBeGreaterThanOrEqual(proxy.stats.failedRecords);

      const stored = (await readAllRecords(client, 'exactly-once')).map((r) => r.data);
      expect(stored).toHaveLength(1_200);
      expect(new Set(stored)).toEqual(new Set(Array.from({ length: 1_200 }, (_, i) => numbered(i))));
    } finally {
      await proxy.close();
    }
  });

  it('keeps records of a partition key in order across retries and concurrent calls', async () => {
    await ensureStream(client, 'ordered', { shards: 2 });
    const proxy = await startFailingProxy({
      target: endpoint,
      recordFailureRate: 0.05,
      throttleEvery: 4,
    });
    try {
      const summary = await produce({
        stream: 'ordered',
        endpoint: proxy.endpoint,
        count: 600,
        payload: numbered,
        partitionKey: '{{random.arrayElement(["k1","k2","k3","k4","k5","k6"])}}',
        seed: 11,
        maxAttempts: 30,
        backoff: fast,
      });
      expect(summary).toMatchObject({ sent: 600, failed: 0 });
      expect(summary.retries).toBeGreaterThan(0);

      const stored = await readAllRecords(client, 'ordered'); // each shard in sequence order
      expect(stored).toHaveLength(600);
      const indexesByKey = new Map<string, number[]>();
      for (const r of stored) {
        const list = indexesByKey.get(r.partitionKey) ?? [];
        list.push(Number(r.data.slice('record-'.length)));
        indexesByKey.set(r.partitionKey, list);
      }
      expect(indexesByKey.size).toBe(6);
      for (const [key, indexes] of indexesByKey) {
        expect(indexes, key).toEqual([...indexes].sort((a, b) => a - b));
      }
    } finally {
      await proxy.close();
    }
  });

  it('reports records that still fail after maxAttempts instead of retrying forever', async () => {
    await ensureStream(client, 'doomed', { shards: 1 });
    const proxy = await startFailingProxy({
      target: endpoint,
      recordFailureRate: 0,
      throttleEvery: 0,
      alwaysFailKeys: ['doomed'],
    });
    try {
      const summary = await produce({
        stream: 'doomed',
        endpoint: proxy.endpoint,
        count: 60,
        payload: numbered,
        partitionKey: '{{random.arrayElement(["doomed","fine"])}}',
        seed: 2,
        maxAttempts: 3,
        backoff: fast,
      });
      const doomed = summary.failures.length;
      expect(doomed).toBeGreaterThan(0);
      expect(summary.failed).toBe(doomed);
      expect(summary.sent).toBe(60 - doomed);
      expect(summary.failureCodes).toEqual({ ProvisionedThroughputExceededException: doomed });
      for (const f of summary.failures) expect(f).toMatchObject({ partitionKey: 'doomed', attempts: 3 });
      expect((await readAllRecords(client, 'doomed')).every((r) => r.partitionKey === 'fine')).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
