/**
 * An event source mapping from a Kinesis stream to one function: a shard poller per open shard (see
 * poller.ts), and a way to wait until every record produced has been moved past.
 */
import { DescribeStreamSummaryCommand, type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import {
  type GivenUpBatch,
  type KinesisStreamEvent,
  type ShardPoller,
  type ShardPollerOptions,
  type ShardPollerStats,
  startShardPoller,
} from './poller.js';
import { abortableSleep } from './util.js';

export interface EventSourceMappingOptions
  extends Omit<ShardPollerOptions, 'client' | 'streamArn' | 'shardId' | 'invoke' | 'startingPosition'> {
  client: KinesisClient;
  streamName: string;
  invoke: (event: KinesisStreamEvent, shardId: string) => Promise<unknown>;
  /** Per shard: where to start (default TRIM_HORIZON for every shard). */
  startingPosition?: (shardId: string) => ShardPollerOptions['startingPosition'];
}

export interface EventSourceMappingStats {
  /** Kinesis records moved past because the function handled them. */
  recordsProcessed: number;
  /** Kinesis records moved past because their batch was given up after its retries. */
  recordsGivenUp: number;
  invocations: number;
  partialFailures: number;
  functionErrors: number;
  retries: number;
  givenUp: GivenUpBatch[];
  /** Tumbling windows closed by their final invocation, and ended early (state over 1 MB), over the shards. */
  windowsClosed: number;
  windowsEndedEarly: number;
  /** From each processed record's arrival in the stream to the checkpoint past it, over the shards. */
  recordDelay: { records: number; meanMs: number; maxMs: number };
  shards: ShardPollerStats[];
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called about every `intervalMs` (default 250 ms) while waiting. */
  onProgress?: (stats: EventSourceMappingStats) => void;
  intervalMs?: number;
  /** Give up if no record is moved past for this long (default 120 s). */
  stallTimeoutMs?: number;
}

export interface EventSourceMapping {
  readonly streamArn: string;
  readonly shardIds: readonly string[];
  stats(): EventSourceMappingStats;
  /**
   * Resolves once `records` Kinesis records have been moved past (processed or given up) across the
   * shards; rejects if a poller fails, the stall timeout passes, or the signal aborts.
   */
  waitForRecords(records: number, options?: WaitOptions): Promise<EventSourceMappingStats>;
  /** Checkpoints per shard, to resume a mapping where this one stopped. */
  checkpoints(): Record<string, string | undefined>;
  stop(): Promise<void>;
}

export async function startEventSourceMapping(
  options: EventSourceMappingOptions,
): Promise<EventSourceMapping> {
  const { client, streamName } = options;
  const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
  const streamArn = summary.StreamDescriptionSummary?.StreamARN ?? `arn:aws:kinesis:::stream/${streamName}`;
  const shardIds: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }),
    );
    for (const shard of page.Shards ?? []) if (shard.ShardId) shardIds.push(shard.ShardId);
    nextToken = page.NextToken;
  } while (nextToken);
  if (shardIds.length === 0) throw new Error(`stream ${streamName} has no shards`);

  const { invoke, startingPosition, ...pollerOptions } = options;
  const pollers: ShardPoller[] = shardIds.map((shardId) => {
    const start = startingPosition?.(shardId);
    return startShardPoller({
      ...pollerOptions,
      streamArn,
      shardId,
      invoke: (event) => invoke(event, shardId),
      ...(start ? { startingPosition: start } : {}),
    });
  });
  // A poller that fails is reported through waitForRecords; never an unhandled rejection.
  const failure = Promise.race(pollers.map((poller) => poller.done.then(() => new Promise<never>(() => {}))));
  failure.catch(() => {});

  const stats = (): EventSourceMappingStats => {
    const shards = pollers.map((poller) => poller.stats());
    const sum = (pick: (s: ShardPollerStats) => number): number =>
      shards.reduce((total, shard) => total + pick(shard), 0);
    return {
      recordsProcessed: sum((s) => s.recordsProcessed),
      recordsGivenUp: sum((s) => s.recordsGivenUp),
      invocations: sum((s) => s.invocations),
      partialFailures: sum((s) => s.partialFailures),
      functionErrors: sum((s) => s.functionErrors),
      retries: sum((s) => s.retries),
      givenUp: shards.flatMap((s) => s.givenUp),
      windowsClosed: sum((s) => s.windowsClosed),
      windowsEndedEarly: sum((s) => s.windowsEndedEarly),
      recordDelay: {
        records: sum((s) => s.recordDelay.records),
        meanMs:
          sum((s) => s.recordDelay.records) > 0
            ? sum((s) => s.recordDelay.totalMs) / sum((s) => s.recordDelay.records)
            : 0,
        maxMs: Math.max(0, ...shards.map((s) => s.recordDelay.maxMs)),
      },
      shards,
    };
  };

  return {
    streamArn,
    shardIds,
    stats,
    checkpoints: () => Object.fromEntries(pollers.map((p) => [p.shardId, p.stats().checkpoint])),
    async waitForRecords(records, waitOptions = {}) {
      const { signal } = waitOptions;
      const stallTimeoutMs = waitOptions.stallTimeoutMs ?? 120_000;
      let lastMoved = -1;
      let lastMoveAt = Date.now();
      let failed: unknown;
      let hasFailed = false;
      failure.catch((error: unknown) => {
        failed = error;
        hasFailed = true;
      });
      for (;;) {
        const current = stats();
        waitOptions.onProgress?.(current);
        const moved = current.recordsProcessed + current.recordsGivenUp;
        if (moved >= records) return current;
        if (hasFailed) throw failed;
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        if (moved !== lastMoved) {
          lastMoved = moved;
          lastMoveAt = Date.now();
        } else if (Date.now() - lastMoveAt > stallTimeoutMs) {
          const lastError = current.shards.map((s) => s.lastError).find((e) => e !== undefined);
          throw new Error(
            `no progress for ${Math.round(stallTimeoutMs / 1000)} s: ${moved} of ${records} records moved past` +
              (lastError ? ` (last error: ${lastError})` : ''),
          );
        }
        await abortableSleep(waitOptions.intervalMs ?? 250, signal);
      }
    },
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}
