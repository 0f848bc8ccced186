/**
 * The windows phase on one small point: the real aggregated handler behind local-lambda's pollers, per
 * batch and in tumbling windows, each publishing to its own local CloudWatch over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { simulatedStream } from '../src/phases/simulated-stream.js';
import { measureWindowsPoint, windowsTable } from '../src/phases/windows.js';

describe('the simulated stream', () => {
  it('delivers records as they arrive, at most Limit at a time, from an iterator or a sequence number', async () => {
    const stream = simulatedStream({
      shards: 2,
      recordsPerSecond: 2_000,
      durationMs: 100,
      startMs: Date.now() - 1_000,
      payload: (shard, index) => `${shard}/${index}`,
    });
    expect(stream.shards.map((shard) => shard.records)).toEqual([100, 100]);
    const { ShardIterator } = (await stream.client.send({
      constructor: { name: 'GetShardIteratorCommand' },
      input: { ShardId: 'shardId-000000000001', ShardIteratorType: 'TRIM_HORIZON' },
    })) as { ShardIterator: string };
    const first = (await stream.client.send(
      Object.assign(Object.create({ constructor: { name: 'GetRecordsCommand' } }), {
        input: { ShardIterator, Limit: 60 },
      }),
    )) as { Records: { SequenceNumber: string; Data: Uint8Array }[]; NextShardIterator: string };
    expect(first.Records).toHaveLength(60);
    expect(new TextDecoder().decode(first.Records[0]?.Data)).toBe('1/0');
    const after = (await stream.client.send({
      constructor: { name: 'GetShardIteratorCommand' },
      input: {
        ShardId: 'shardId-000000000001',
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: first.Records[59]?.SequenceNumber,
      },
    })) as { ShardIterator: string };
    expect(after.ShardIterator).toBe(first.NextShardIterator);
  });
});

describe('the windows phase', () => {
  it('counts fewer calls in windows than per batch, every record checkpointed, the delay longer', async () => {
    const point = await measureWindowsPoint(400, 2, { windowSeconds: 2, durationSeconds: 4 });
    expect(point.records).toBe(1_600);
    // Per batch: at least one call per batch of 150 on each shard.
    expect(point.perBatch.calls).toBeGreaterThanOrEqual(Math.ceil(800 / 150) * 2);
    // Windowed: one call per shard and window the records span (4 s of 2 s windows: 2 or 3 per shard).
    expect(point.windowed.calls).toBe(point.windowed.windowsClosed + point.windowed.windowsEndedEarly);
    expect(point.windowed.calls).toBeLessThanOrEqual(2 * 3);
    expect(point.windowed.calls).toBeLessThan(point.perBatch.calls);
    expect(point.windowed.meanDelayMs).toBeGreaterThan(point.perBatch.meanDelayMs);
    const table = windowsTable({
      grid: { recordsPerSecond: [400], shards: [2], windowSeconds: 2, durationSeconds: 4 },
      batchSize: 150,
      points: [point],
    });
    // Padded as Biome writes tables (RESULTS.md is linted as written).
    expect(table.join('\n')).toMatch(/\| 400 +\| 2 +\| 1,600 +\|/);
  });
});
