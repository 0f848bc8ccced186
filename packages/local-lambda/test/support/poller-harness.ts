/**
 * One kinesis-local per test file, and a shard poller run until it has moved past a number of records: the
 * set-up the poller's tests share.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll } from 'vitest';
import {
  type KinesisLocal,
  type PollerEvent,
  type ShardPoller,
  type ShardPollerOptions,
  startKinesisLocal,
  startShardPoller,
} from '../../src/index.js';
import { kinesisClient } from './stream.js';

/** How long a poller may take to move past its records before the test says it is stuck. */
const STUCK_AFTER_MS = 60_000;

export interface KinesisFixture {
  /** The file's client (set once its beforeAll ran). */
  readonly client: KinesisClient;
  /** Pollers the file started: each is stopped after the file's tests. */
  readonly pollers: ShardPoller[];
}

/** Starts kinesis-local before the file's tests and stops it, its client and every poller after them. */
export function useKinesisLocal(): KinesisFixture {
  let kinesis: KinesisLocal | undefined;
  let client: KinesisClient | undefined;
  const pollers: ShardPoller[] = [];
  beforeAll(async () => {
    kinesis = await startKinesisLocal();
    client = kinesisClient(kinesis);
  });
  afterAll(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    client?.destroy();
    await kinesis?.stop();
  });
  return {
    get client() {
      if (client === undefined) throw new Error('kinesis-local is not started yet (use it inside a test)');
      return client;
    },
    pollers,
  };
}

/** What a poller may be given beyond its stream and function; quick polls and retries unless told otherwise. */
export type PollerSettings = Partial<
  Omit<ShardPollerOptions, 'client' | 'streamName' | 'streamArn' | 'shardId' | 'invoke' | 'onEvent'>
>;

/**
 * Polls the one shard of `stream` with `invoke` until `records` were processed or given up, then stops the
 * poller; returns its stats and every event it reported.
 */
export async function pollUntilPast(
  fixture: KinesisFixture,
  stream: string,
  records: number,
  invoke: ShardPollerOptions['invoke'],
  settings: PollerSettings = {},
) {
  const events: PollerEvent[] = [];
  const poller = startShardPoller({
    client: fixture.client,
    streamName: stream,
    streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`,
    shardId: 'shardId-000000000000',
    invoke,
    idlePollMs: 20,
    retryBackoff: { baseMs: 1, maxMs: 5 },
    onEvent: (event) => events.push(event),
    ...settings,
  });
  fixture.pollers.push(poller);
  const deadline = Date.now() + STUCK_AFTER_MS;
  for (;;) {
    const stats = poller.stats();
    if (stats.recordsProcessed + stats.recordsGivenUp >= records) break;
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await poller.stop();
  return { stats: poller.stats(), events };
}

/** The options every poller needs, naming a stream that need not exist: for what startShardPoller refuses. */
export function bareOptions(fixture: KinesisFixture): ShardPollerOptions {
  return {
    client: fixture.client,
    streamName: 's',
    streamArn: 'arn',
    shardId: 'shardId-000000000000',
    invoke: async () => undefined,
  };
}
