import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisClient,
  ensureStream,
  listShardRanges,
  partitionKeysForShards,
  produce,
} from '../src/index.js';
import { readAllRecords } from './support/kinesis.js';

const endpoint = inject('kinesisEndpoint');
let client: KinesisClient;
beforeAll(() => {
  client = createKinesisClient({ endpoint });
});
afterAll(() => client?.destroy());

describe('partition keys for chosen shards', () => {
  it('places each record on the shard its key was found for', async () => {
    await ensureStream(client, 'placed', { shards: 4 });
    const ranges = await listShardRanges(client, 'placed');
    expect(ranges).toHaveLength(4);
    const keys = partitionKeysForShards(ranges);
    expect(new Set(keys).size).toBe(4);
    // Blocks of 10 records go round the shards: 0-9 on shard 0, 10-19 on shard 1, ...
    const summary = await produce({
      stream: 'placed',
      endpoint,
      count: 100,
      seed: 3,
      partitionKeyFor: (index) => keys[Math.floor(index / 10) % keys.length] as string,
    });
    expect(summary.sent).toBe(100);
    const stored = await readAllRecords(client, 'placed');
    const perShard = new Map<string, number>();
    for (const record of stored) {
      const shard = keys.indexOf(record.partitionKey);
      expect(ranges[shard]?.shardId).toBe(record.shardId);
      perShard.set(record.shardId, (perShard.get(record.shardId) ?? 0) + 1);
    }
    expect([...perShard.values()].sort()).toEqual([20, 20, 30, 30]);
  });

  it('refuses a shard whose hash range is empty', () => {
    expect(() =>
      partitionKeysForShards([{ shardId: 'shardId-x', startingHashKey: '5', endingHashKey: '4' }]),
    ).toThrow(/range looks empty/);
  });
});
