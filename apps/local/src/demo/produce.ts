/**
 * Phase 2, producing: the stream created and every record sent with the producer, each payload also parsed
 * here so that the run knows what both handlers should publish.
 */
import type { KinesisLocal } from '@cwagg/local-lambda';
import {
  createKinesisClient,
  ensureStream,
  listShardRanges,
  type ProduceSummary,
  partitionKeysForShards,
  produce,
} from '@cwagg/producer';
import { createWorkload, type ProducedValues } from '../workload.js';
import { DemoError, errorMessage, throwIfInterrupted } from './error.js';
import type { DemoProgress } from './progress-events.js';
import { DEMO_STREAM_NAME, type DemoSettings } from './settings.js';

export interface Sent {
  /** Records the stream holds: all of them, or the phase fails. */
  records: number;
  /** The values of the valid records, and how many were malformed. */
  produced: ProducedValues;
}

/**
 * With `batches` partitioning, the stream is created first and each record's partition key chosen so that
 * block b of `batchSize` records lands on shard b mod shards. Undefined: random keys (the producer's).
 */
async function placement(
  kinesis: KinesisLocal,
  settings: DemoSettings,
): Promise<((index: number) => string) | undefined> {
  if (settings.partitioning !== 'batches' || settings.shards === 1) return undefined;
  const client = createKinesisClient({ endpoint: kinesis.endpoint, region: kinesis.region });
  try {
    await ensureStream(client, DEMO_STREAM_NAME, { shards: settings.shards });
    const keys = partitionKeysForShards(await listShardRanges(client, DEMO_STREAM_NAME));
    return (index) => keys[Math.floor(index / settings.batchSize) % keys.length] as string;
  } finally {
    client.destroy();
  }
}

/** Throws when the producer did not deliver every record: the comparison would mean nothing. */
function checkDelivered(summary: ProduceSummary, settings: DemoSettings): void {
  if (summary.failed === 0 && summary.sent === settings.records) return;
  const codes = Object.entries(summary.failureCodes)
    .map(([code, n]) => `${code} x${n}`)
    .join(', ');
  throw new DemoError(
    'producing',
    `the producer delivered ${summary.sent} of ${settings.records} records${codes ? ` (${codes})` : ''}`,
  );
}

export async function produceRecords(
  kinesis: KinesisLocal,
  settings: DemoSettings,
  signal: AbortSignal | undefined,
  onProgress: ((progress: DemoProgress) => void) | undefined,
): Promise<Sent> {
  const workload = createWorkload({
    template: settings.template,
    badRatio: settings.badRatio,
    seed: settings.seed,
    ...(settings.valueField ? { valueField: settings.valueField } : {}),
    ...(settings.metrics ? { metrics: settings.metrics } : {}),
  });
  let summary: ProduceSummary;
  try {
    const partitionKeyFor = await placement(kinesis, settings);
    summary = await produce({
      stream: DEMO_STREAM_NAME,
      endpoint: kinesis.endpoint,
      region: kinesis.region,
      count: settings.records,
      createStream: { shards: settings.shards },
      seed: settings.seed,
      payload: workload.payload,
      ...(partitionKeyFor ? { partitionKeyFor } : {}),
      ...(signal ? { signal } : {}),
      onProgress: (p) =>
        onProgress?.({
          phase: 'producing',
          sent: p.sent,
          total: settings.records,
          ratePerSecond: p.ratePerSecond,
        }),
    });
  } catch (error) {
    throw new DemoError('producing', `sending records to Kinesis failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  // Interrupted first: an aborted producer stops short, and that is not a delivery failure.
  throwIfInterrupted(signal, 'producing');
  checkDelivered(summary, settings);
  return { records: summary.sent, produced: workload.produced() };
}
