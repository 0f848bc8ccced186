import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import { isThrottlingError, ProducerError } from './errors.js';
import { DEFAULT_MAX_RECORD_BYTES, MAX_PUT_RECORDS_BYTES_LARGE_RECORDS } from './limits.js';

export interface StreamInfo {
  name: string;
  arn: string | undefined;
  status: string;
  /** Open shards (provisioned and on-demand streams both report it). */
  shards: number;
  mode: string;
  /** Largest record (data + partition key) the stream takes, from MaxRecordSizeInKiB when reported. */
  maxRecordBytes: number;
  /** True when ensureStream created it in this call. */
  created: boolean;
}

export interface EnsureStreamOptions {
  /** Shards for a new provisioned stream. An existing stream is reused as it is. */
  shards: number;
  /** How long to wait for ACTIVE (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Control-plane calls are limited to a few per second: retry those throttles, nothing else. */
async function withThrottleRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottlingError(err) || attempt >= 6) throw err;
      await sleep(Math.random() * 200 * 2 ** attempt);
    }
  }
}

function toInfo(summary: StreamDescriptionSummary | undefined, name: string, created: boolean): StreamInfo {
  const kib = summary?.MaxRecordSizeInKiB;
  return {
    name,
    arn: summary?.StreamARN,
    status: summary?.StreamStatus ?? 'UNKNOWN',
    shards: summary?.OpenShardCount ?? 0,
    mode: summary?.StreamModeDetails?.StreamMode ?? 'PROVISIONED',
    maxRecordBytes:
      kib && kib > 0 ? Math.min(kib * 1024, MAX_PUT_RECORDS_BYTES_LARGE_RECORDS) : DEFAULT_MAX_RECORD_BYTES,
    created,
  };
}

/** DescribeStreamSummary: proves the stream exists and the credentials work before sending. */
export async function describeStream(client: KinesisClient, stream: string): Promise<StreamInfo> {
  const out = await withThrottleRetry(() =>
    client.send(new DescribeStreamSummaryCommand({ StreamName: stream })),
  );
  return toInfo(out.StreamDescriptionSummary, stream, false);
}

/** Waits until the stream can take writes (ACTIVE, or UPDATING which also accepts them). */
export async function waitForStreamActive(
  client: KinesisClient,
  stream: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<StreamInfo> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    const info = await describeStream(client, stream);
    if (info.status === 'ACTIVE' || info.status === 'UPDATING') return info;
    if (info.status === 'DELETING') {
      throw new ProducerError(
        'STREAM_NOT_ACTIVE',
        `Stream "${stream}" is being deleted; try again once it is gone.`,
      );
    }
    if (Date.now() + delay > deadline || options.signal?.aborted) {
      throw new ProducerError(
        'STREAM_NOT_ACTIVE',
        `Stream "${stream}" is still ${info.status}; gave up waiting.`,
      );
    }
    await sleep(delay, options.signal);
  }
}

/**
 * Creates a provisioned stream with `shards` shards, or reuses it if it exists, and waits until it
 * is ACTIVE. `created` in the result says which happened.
 */
export async function ensureStream(
  client: KinesisClient,
  stream: string,
  options: EnsureStreamOptions,
): Promise<StreamInfo> {
  if (!Number.isInteger(options.shards) || options.shards < 1) {
    throw new ProducerError(
      'INVALID_OPTIONS',
      `shards must be a whole number of at least 1, got ${options.shards}.`,
    );
  }
  let created = false;
  try {
    await withThrottleRetry(() =>
      client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: options.shards })),
    );
    created = true;
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  }
  const info = await waitForStreamActive(client, stream, options);
  return { ...info, created };
}
