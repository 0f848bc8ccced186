import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from './client.js';
import { explainAwsError, ProducerError } from './errors.js';
import { PutRecordsPipeline, type RecordFailure } from './pipeline.js';
import { createRecordSource, type GeneratedRecord, type RecordOptions } from './records.js';
import { describeStream, ensureStream, type StreamInfo, waitForStreamActive } from './stream.js';

/** PutRecords calls in flight at once when the options name none. */
export const DEFAULT_CONCURRENCY = 4;
/** PutRecords attempts per record before it counts as failed, when the options name none. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export interface ProduceOptions extends RecordOptions {
  /** The Kinesis stream to write to. */
  stream: string;
  region?: string;
  /** e.g. the local emulator's endpoint; dummy credentials are used there if the chain has none. */
  endpoint?: string;
  /** Use this client instead of creating one (region and endpoint are then ignored). */
  client?: KinesisClient;
  /** Records to send. Give `count`, `durationMs` or both (whichever ends first). */
  count?: number;
  /** Stop generating records after this long; records already generated are still delivered. */
  durationMs?: number;
  /** Records per second; 0 (default) = as fast as the stream takes them. */
  rate?: number;
  /** Create the stream with this many shards if it does not exist, and wait until it is ACTIVE. */
  createStream?: { shards: number };
  /** PutRecords attempts per record before it is reported as failed (default 10). */
  maxAttempts?: number;
  /** PutRecords calls in flight at once (default 4). */
  concurrency?: number;
  /** Retry back-off: full jitter over base * 2^attempt, capped (defaults 100 ms and 5 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** How long a record may wait for others to fill its batch (default 100 ms). */
  lingerMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ProduceProgress) => void;
  /** How often onProgress is called (default 250 ms); it is also called once at the end. */
  progressIntervalMs?: number;
}

export interface ProduceProgress {
  /** Records Kinesis accepted. */
  sent: number;
  /** Records given up on (after maxAttempts, or refused before sending). */
  failed: number;
  /** Re-sends of records a call did not accept. */
  retries: number;
  /** Record attempts refused for throughput (ProvisionedThroughputExceededException, throttled calls). */
  throttled: number;
  generated: number;
  /** Records in PutRecords calls in flight. */
  inFlight: number;
  /** Records generated and waiting (for a batch, or a retry back-off). */
  queued: number;
  putRecordsCalls: number;
  /** Bytes accepted (data + partition keys). */
  bytes: number;
  elapsedMs: number;
  /** Accepted records per second since sending started. */
  ratePerSecond: number;
  /** The requested count, if any, for a progress bar. */
  count: number | undefined;
  durationMs: number | undefined;
  done: boolean;
}

export interface ProduceSummary extends Omit<ProduceProgress, 'inFlight' | 'queued' | 'done'> {
  stream: string;
  /** The seed used: pass it again to send the very same records. */
  seed: number;
  /** Open shards of the stream when sending started. */
  shards: number;
  /** True if this run created the stream. */
  createdStream: boolean;
  /** Records generated but not delivered because the run stopped early (abort or fatal error). */
  unsent: number;
  aborted: boolean;
  /** Failed records by error code. */
  failureCodes: Record<string, number>;
  /** The first 100 failed records with their error. */
  failures: RecordFailure[];
}

/** A ProducerError from a run that had started sending: what got through is in `summary`. */
export class ProduceRunError extends ProducerError {
  readonly summary: ProduceSummary;
  constructor(error: ProducerError, summary: ProduceSummary) {
    super(error.code, error.message, { cause: error.cause });
    this.name = 'ProduceRunError';
    this.summary = summary;
  }
}

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

function invalid(message: string): ProducerError {
  return new ProducerError('INVALID_OPTIONS', message);
}

function wholeNumber(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw invalid(`${name} must be a whole number of at least ${min}, got ${value}.`);
  }
}

function validate(options: ProduceOptions): void {
  if (typeof options.stream !== 'string' || !STREAM_NAME.test(options.stream)) {
    throw invalid(
      `Stream name "${options.stream}" is not valid: 1 to 128 of a-z, A-Z, 0-9, "_", "." and "-".`,
    );
  }
  if (options.count === undefined && options.durationMs === undefined) {
    throw invalid('Say how much to send: a count of records, a duration, or both.');
  }
  wholeNumber(options.count, 'count', 1);
  if (options.durationMs !== undefined && !(options.durationMs > 0 && Number.isFinite(options.durationMs))) {
    throw invalid(`durationMs must be above 0, got ${options.durationMs}.`);
  }
  if (options.rate !== undefined && !(options.rate >= 0 && Number.isFinite(options.rate))) {
    throw invalid(
      `rate must be 0 (as fast as possible) or a positive number of records per second, got ${options.rate}.`,
    );
  }
  wholeNumber(options.maxAttempts, 'maxAttempts', 1);
  wholeNumber(options.concurrency, 'concurrency', 1);
  if (options.createStream) wholeNumber(options.createStream.shards, 'createStream.shards', 1);
  if (options.endpoint !== undefined) {
    try {
      new URL(options.endpoint);
    } catch {
      throw invalid(`Endpoint "${options.endpoint}" is not a URL (e.g. http://127.0.0.1:4567).`);
    }
  }
}

async function resolveRegion(client: KinesisClient): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}

/**
 * Sends generated records to a Kinesis stream and reports what happened. Templates and options are
 * checked before any connection; the stream is checked (or created) before any record is sent.
 * Resolves with a summary (also when aborted through `signal`); rejects with a ProducerError when
 * the run cannot start, or a ProduceRunError (carrying the summary) when it had to stop.
 */
export async function produce(options: ProduceOptions): Promise<ProduceSummary> {
  validate(options);
  const source = createRecordSource(options);
  const ownClient = options.client === undefined;
  const client =
    options.client ??
    createKinesisClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: 1, // the pipeline retries records itself, and counts what it retries
    });
  const context = { stream: options.stream, endpoint: options.endpoint, region: options.region };
  try {
    let info: StreamInfo;
    try {
      if (options.createStream) {
        info = await ensureStream(client, options.stream, {
          shards: options.createStream.shards,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } else {
        info = await describeStream(client, options.stream);
        if (info.status === 'CREATING') info = await waitForStreamActive(client, options.stream);
        else if (info.status === 'DELETING') {
          throw new ProducerError('STREAM_NOT_ACTIVE', `Stream "${options.stream}" is being deleted.`);
        }
      }
    } catch (err) {
      context.region ??= await resolveRegion(client);
      throw explainAwsError(err, context);
    }
    return await send(options, client, source.seed, source.next, info, context);
  } finally {
    if (ownClient) client.destroy();
  }
}

async function send(
  options: ProduceOptions,
  client: KinesisClient,
  seed: number,
  next: () => GeneratedRecord,
  info: StreamInfo,
  context: { stream: string; endpoint: string | undefined; region: string | undefined },
): Promise<ProduceSummary> {
  const started = Date.now();
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs;
  let produced = 0;
  const pipeline = new PutRecordsPipeline({
    client,
    stream: options.stream,
    nextRecord: () => {
      if (produced >= limit || Date.now() >= deadline) return undefined;
      produced += 1;
      return next();
    },
    rate: options.rate ?? 0,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffBaseMs: options.backoff?.baseMs ?? 100,
    backoffMaxMs: options.backoff?.maxMs ?? 5_000,
    lingerMs: options.lingerMs ?? 100,
    maxRecordBytes: info.maxRecordBytes,
    maxFailuresKept: 100,
    signal: options.signal,
  });

  const progress = (done: boolean): ProduceProgress => {
    const c = pipeline.counters;
    const elapsedMs = Date.now() - started;
    return {
      sent: c.sent,
      failed: c.failed,
      retries: c.retries,
      throttled: c.throttled,
      generated: c.generated,
      inFlight: c.inFlight,
      queued: c.queued,
      putRecordsCalls: c.putRecordsCalls,
      bytes: c.bytes,
      elapsedMs,
      ratePerSecond: elapsedMs > 0 ? (c.sent * 1000) / elapsedMs : 0,
      count: options.count,
      durationMs: options.durationMs,
      done,
    };
  };
  const { onProgress } = options;
  const ticker = onProgress
    ? setInterval(() => onProgress(progress(false)), options.progressIntervalMs ?? 250)
    : undefined;
  try {
    await pipeline.run();
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const last = progress(true);
  onProgress?.(last);
  const { inFlight: _inFlight, queued: _queued, done: _done, ...totals } = last;
  const summary: ProduceSummary = {
    ...totals,
    stream: options.stream,
    seed,
    shards: info.shards,
    createdStream: info.created,
    unsent: pipeline.unsent,
    aborted: pipeline.aborted,
    failureCodes: { ...pipeline.failureCodes },
    failures: [...pipeline.failures],
  };
  if (pipeline.fatalError !== undefined) {
    context.region ??= await resolveRegion(client);
    throw new ProduceRunError(explainAwsError(pipeline.fatalError, context), summary);
  }
  return summary;
}
