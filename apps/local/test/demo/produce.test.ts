/** The producing phase with the producer's calls to Kinesis stood in for: placement, accounting and failures. */
import type { KinesisLocal } from '@cwagg/local-lambda';
import type { ProduceOptions, ProduceSummary } from '@cwagg/producer';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { produceRecords } from '../../src/demo/produce.js';
import { type DemoProgress, demoSettings } from '../../src/index.js';

const kinesis = vi.hoisted(() => ({
  ensured: [] as Array<{ stream: string; shards: number }>,
  produced: [] as ProduceOptions[],
  /** How the stand-in producer ends: all sent, short, or thrown. */
  outcome: 'all' as 'all' | 'short' | 'throws',
}));

vi.mock('@cwagg/producer', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/producer')>()),
  createKinesisClient: () => ({ destroy: () => {} }),
  ensureStream: async (_client: unknown, stream: string, options: { shards: number }) => {
    kinesis.ensured.push({ stream, shards: options.shards });
  },
  listShardRanges: async () => [],
  partitionKeysForShards: () => ['key-a', 'key-b', 'key-c'],
  produce: async (options: ProduceOptions): Promise<Partial<ProduceSummary>> => {
    kinesis.produced.push(options);
    if (kinesis.outcome === 'throws') throw new Error('ResourceNotFoundException: no stream');
    const count = options.count ?? 0;
    const sent = kinesis.outcome === 'short' ? count - 2 : count;
    let draw = 0;
    for (let i = 0; i < count; i++) options.payload?.(i, () => (draw = (draw + 0.618) % 1));
    options.onProgress?.({ sent, ratePerSecond: 100 } as never);
    return {
      sent,
      failed: count - sent,
      failureCodes: count > sent ? { ProvisionedThroughputExceededException: count - sent } : {},
    };
  },
}));

const emulator = { endpoint: 'http://127.0.0.1:4567', region: 'us-east-1' } as KinesisLocal;

beforeEach(() => {
  kinesis.ensured = [];
  kinesis.produced = [];
  kinesis.outcome = 'all';
});

describe('the producing phase', () => {
  it('sends every record into the demo stream, whole batches round the shards, and knows the values sent', async () => {
    const settings = demoSettings({
      records: 10,
      shards: 3,
      batchSize: 2,
      seed: 4,
      template: '{{random.number(5)}}',
    });
    const progress: DemoProgress[] = [];
    const sent = await produceRecords(emulator, settings, undefined, (p) => progress.push(p));
    expect(kinesis.ensured).toEqual([{ stream: 'cwagg-demo', shards: 3 }]);
    const options = kinesis.produced[0] as ProduceOptions;
    expect(options).toMatchObject({ stream: 'cwagg-demo', count: 10, seed: 4, createStream: { shards: 3 } });
    const keys = Array.from({ length: 8 }, (_, i) => options.partitionKeyFor?.(i));
    expect(keys).toEqual(['key-a', 'key-a', 'key-b', 'key-b', 'key-c', 'key-c', 'key-a', 'key-a']);
    expect(sent.records).toBe(10);
    expect(sent.produced).toMatchObject({ records: 10, valid: 10, invalid: 0 });
    expect([...sent.produced.values.values()].reduce((a, b) => a + b, 0)).toBe(10);
    expect(progress).toEqual([{ phase: 'producing', sent: 10, total: 10, ratePerSecond: 100 }]);
  });

  it('leaves the keys to the producer with random partitioning, or a single shard', async () => {
    for (const options of [{ partitioning: 'random' as const }, { shards: 1 }]) {
      kinesis.produced = [];
      await produceRecords(emulator, demoSettings({ records: 4, seed: 1, ...options }), undefined, undefined);
      expect(kinesis.produced[0]?.partitionKeyFor).toBeUndefined();
    }
    expect(kinesis.ensured).toEqual([]);
  });

  it('fails when a record was not delivered, with the error codes', async () => {
    kinesis.outcome = 'short';
    await expect(
      produceRecords(emulator, demoSettings({ records: 5, seed: 1 }), undefined, undefined),
    ).rejects.toMatchObject({
      name: 'DemoError',
      phase: 'producing',
      message: 'the producer delivered 3 of 5 records (ProvisionedThroughputExceededException x2)',
    });
  });

  it('says it was interrupted, not that records went missing, once aborted', async () => {
    kinesis.outcome = 'short';
    const controller = new AbortController();
    controller.abort();
    await expect(
      produceRecords(emulator, demoSettings({ records: 5, seed: 1 }), controller.signal, undefined),
    ).rejects.toMatchObject({ phase: 'producing', message: 'stopped (interrupted)' });
    expect(kinesis.produced[0]?.signal).toBe(controller.signal);
  });

  it('fails as the producing phase when sending fails', async () => {
    kinesis.outcome = 'throws';
    await expect(
      produceRecords(emulator, demoSettings({ records: 5, seed: 1 }), undefined, undefined),
    ).rejects.toMatchObject({
      phase: 'producing',
      message: 'sending records to Kinesis failed: ResourceNotFoundException: no stream',
    });
  });
});
