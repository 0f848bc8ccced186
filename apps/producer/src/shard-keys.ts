/**
 * Partition keys that land on chosen shards. Kinesis puts a record on the shard whose hash key range holds
 * the MD5 of its partition key (read as a 128-bit unsigned integer); finding one key per shard lets a
 * caller decide where each record goes without the ExplicitHashKey parameter.
 */
import { createHash } from 'node:crypto';
import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';

export interface ShardHashRange {
  shardId: string;
  /** Decimal strings, as Kinesis reports them. */
  startingHashKey: string;
  endingHashKey: string;
}

/** The open shards of a stream with their hash key ranges, in shard-id order. */
export async function listShardRanges(client: KinesisClient, stream: string): Promise<ShardHashRange[]> {
  const ranges: ShardHashRange[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: stream }),
    );
    for (const shard of page.Shards ?? []) {
      if (shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) continue; // closed
      ranges.push({
        shardId: shard.ShardId ?? '',
        startingHashKey: shard.HashKeyRange?.StartingHashKey ?? '0',
        endingHashKey: shard.HashKeyRange?.EndingHashKey ?? '0',
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return ranges.sort((a, b) => a.shardId.localeCompare(b.shardId));
}

function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/** One partition key per shard, in the order given: `keys[i]` lands on `ranges[i]`. */
export function partitionKeysForShards(ranges: readonly ShardHashRange[], prefix = 'shard'): string[] {
  return ranges.map((range, i) => {
    const from = BigInt(range.startingHashKey);
    const to = BigInt(range.endingHashKey);
    if (from > to) {
      throw new RangeError(
        `no partition key found for shard ${range.shardId}: its hash key range looks empty`,
      );
    }
    // A shard of 1/S of the hash space takes about S tries; the bound only guards against a tiny range.
    for (let attempt = 0; attempt < 1_000_000; attempt++) {
      const key = `${prefix}-${i}-${attempt}`;
      const hash = hashKeyOf(key);
      if (hash >= from && hash <= to) return key;
    }
    throw new RangeError(`no partition key found for shard ${range.shardId}: its hash key range looks empty`);
  });
}
