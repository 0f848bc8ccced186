/**
 * MetricsBuffer's options: the defaults, their checks, and the client. `resolveMetricsBufferOptions` turns
 * what a caller gives into settings a buffer is built from, throwing CwaggConfigError for anything CloudWatch
 * or the buffer could not work with. It does no I/O and starts no timer: the client it may create connects
 * only when the first request is sent.
 */
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { type AggregatorOptions, resolveAggregatorOptions } from '../aggregator.js';
import { CwaggConfigError } from '../errors.js';
import {
  HIGH_RESOLUTION,
  MAX_DATUMS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_VALUES_PER_DATUM,
  STANDARD_RESOLUTION,
} from '../limits/constants.js';
import type { PackingLimits } from '../packing.js';
import { DEFAULT_MAX_ATTEMPTS, Publisher } from '../publisher.js';

/** A client the buffer creates abandons a connection not made in this long (and the SDK retries it). */
export const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The defaults MetricsBuffer uses, in one object, for code that sizes its own settings from them.
 *
 * @example
 * new MetricsBuffer({ namespace: 'Shop', maxBufferedKeys: 2 * METRICS_BUFFER_DEFAULTS.maxBufferedKeys });
 */
export const METRICS_BUFFER_DEFAULTS = Object.freeze({
  /** CloudWatch's standard period. */
  flushIntervalMs: STANDARD_RESOLUTION * 1000,
  /** High-resolution metrics are flushed on their own period. */
  highResolutionFlushIntervalMs: HIGH_RESOLUTION * 1000,
  /** A random offset of up to a quarter of each period (15 s of a minute). */
  jitterFraction: 0.25,
  /** Each key is at least one datum. */
  maxBufferedKeys: 10_000,
  /** Enough to fill one request of 1000 datums of 150 values. */
  maxBufferedValues: MAX_DATUMS_PER_REQUEST * MAX_VALUES_PER_DATUM,
  /** Five full requests. */
  maxBufferedBytes: 5 * MAX_REQUEST_BYTES,
  /** The retry buffer holds at most ten full requests' worth of datums and bytes. */
  maxRetryDatums: 10 * MAX_DATUMS_PER_REQUEST,
  maxRetryBytes: 10 * MAX_REQUEST_BYTES,
  /** The whole of close(), its first flush included: then what is not sent is dropped (and reported). */
  closeTimeoutMs: 10_000,
  /**
   * The whole of a flush: requests still unanswered then are abandoned and kept for the next flush. Above
   * what a created client's attempts can take (5 x 5 s, plus at most 3 s of the SDK's back-off).
   */
  flushTimeoutMs: 30_000,
  /** One attempt of a client the buffer creates: PutMetricData answers in milliseconds when it answers. */
  requestTimeoutMs: 5_000,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
});

export interface MetricsBufferOptions {
  /** CloudWatch namespace of every metric; checked at construction. */
  namespace: string;
  /** A CloudWatchClient (its retry settings apply). Give this, or `endpoint`/`region`, not both. */
  client?: Pick<CloudWatchClient, 'send'>;
  /** Without `client`: the buffer creates a client for this endpoint (e.g. a local CloudWatch). */
  endpoint?: string;
  /** Without `client`: the region of the client the buffer creates (default: the SDK's region chain). */
  region?: string;
  /** Without `client`: further settings of the created client (credentials, maxAttempts: default 5...). */
  clientConfig?: CloudWatchClientConfig;
  /**
   * Without `client`: the created client abandons an attempt unanswered this long (default 5,000 ms; a
   * connection not made in 3 s), and the SDK retries it while attempts are left.
   */
  requestTimeoutMs?: number;
  /** Dimensions added to every metric (a metric's own dimensions win on a clash). */
  defaultDimensions?: Readonly<Record<string, string>>;
  /** Bounded-error mode of the Aggregator (e.g. 0.01): exact by default. */
  maxRelativeError?: number;
  /** Flush period of standard metrics (default 60,000 ms); 0 turns timed flushes off (Lambda). */
  flushIntervalMs?: number;
  /** Flush period of high-resolution metrics (default 1,000 ms). */
  highResolutionFlushIntervalMs?: number;
  /**
   * Flushes happen at the period boundary plus an offset drawn once in [0, jitter): default a quarter of
   * each period. 0 flushes exactly on the boundary.
   */
  flushJitterMs?: number;
  /** Flush early when this many metric keys are buffered (default 10,000). */
  maxBufferedKeys?: number;
  /** Flush early when this many distinct values (or rejected values) are buffered (default 150,000). */
  maxBufferedValues?: number;
  /** Flush early when the requests would be about this many bytes (default 5,000,000). */
  maxBufferedBytes?: number;
  /** Bounds of the retry buffer; beyond them the oldest datums are dropped (default 10,000 / 10 MB). */
  maxRetryDatums?: number;
  maxRetryBytes?: number;
  /**
   * The deadline of the whole of close(), its first flush included (default 10,000 ms): what is not sent by
   * then is dropped and reported. 0 sends nothing: everything still buffered is dropped.
   */
  closeTimeoutMs?: number;
  /** The deadline of each flush (default 30,000 ms): what is still unanswered then is kept for the next one. */
  flushTimeoutMs?: number;
  /** Requests in flight at once (default 10). */
  concurrency?: number;
  /** Lower the per-request limits (never above CloudWatch's). */
  maxDatumsPerRequest?: number;
  maxRequestBytes?: number;
  /** Clock in epoch milliseconds (default Date.now). */
  clock?: () => number;
  /** Source of the flush offsets, in [0, 1) (default Math.random). */
  random?: () => number;
}

/** What a MetricsBuffer is built from: every option checked, every default filled in. */
export interface MetricsBufferSettings {
  readonly namespace: string;
  /** Each storage resolution gets its own Aggregator, made from these. */
  readonly aggregator: AggregatorOptions;
  readonly clock: () => number;
  /** The per-request limits, for re-packing what the retry buffer held. */
  readonly packing: Required<PackingLimits>;
  /** 0: no timers, flushes only when asked. */
  readonly flushIntervalMs: number;
  readonly highResolutionFlushIntervalMs: number;
  /** This instance's offset into each standard period, drawn once: 0 when there are no timers. */
  readonly flushOffsetMs: number;
  readonly highResolutionFlushOffsetMs: number;
  readonly maxBufferedKeys: number;
  readonly maxBufferedValues: number;
  readonly maxBufferedBytes: number;
  /** Estimated request bytes the default dimensions add to every key. */
  readonly defaultDimensionBytes: number;
  readonly maxRetryDatums: number;
  readonly maxRetryBytes: number;
  readonly closeTimeoutMs: number;
  readonly flushTimeoutMs: number;
  readonly publisher: Publisher;
  /** The client the buffer created, which close() destroys; undefined when the caller gave one. */
  readonly ownedClient: CloudWatchClient | undefined;
}

/**
 * Checks `options` and fills in the defaults. Throws CwaggConfigError naming the first problem, in a fixed
 * order: the options object, clock and random, what the Aggregator checks (namespace, maxRelativeError,
 * defaultDimensions, request limits), the intervals and jitter, the bounds, the close and flush deadlines,
 * then the client.
 */
export function resolveMetricsBufferOptions(options: MetricsBufferOptions): MetricsBufferSettings {
  if (options === null || typeof options !== 'object') {
    throw new CwaggConfigError(
      'MetricsBuffer needs options: { namespace, client } or { namespace, endpoint }',
    );
  }
  for (const name of ['clock', 'random'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new CwaggConfigError(`${name} must be a function (got ${typeof options[name]})`);
    }
  }
  const clock = options.clock ?? (() => Date.now());
  const aggregator: AggregatorOptions = {
    namespace: options.namespace,
    maxRelativeError: options.maxRelativeError,
    defaultDimensions: options.defaultDimensions,
    clock,
    maxDatumsPerRequest: options.maxDatumsPerRequest,
    maxRequestBytes: options.maxRequestBytes,
  };
  // The Aggregator's own checks, with its messages: namespace, dimensions, error and request limits.
  const checked = resolveAggregatorOptions(aggregator);

  const defaults = METRICS_BUFFER_DEFAULTS;
  const flushIntervalMs = integerOption(
    'flushIntervalMs',
    options.flushIntervalMs,
    defaults.flushIntervalMs,
    0,
  );
  const highResolutionFlushIntervalMs = integerOption(
    'highResolutionFlushIntervalMs',
    options.highResolutionFlushIntervalMs,
    defaults.highResolutionFlushIntervalMs,
  );
  const jitterMs = options.flushJitterMs;
  if (jitterMs !== undefined && !(Number.isFinite(jitterMs) && jitterMs >= 0)) {
    throw new CwaggConfigError(
      `flushJitterMs must be a number of milliseconds >= 0 (got ${String(jitterMs)})`,
    );
  }
  const maxBufferedKeys = integerOption('maxBufferedKeys', options.maxBufferedKeys, defaults.maxBufferedKeys);
  const maxBufferedValues = integerOption(
    'maxBufferedValues',
    options.maxBufferedValues,
    defaults.maxBufferedValues,
  );
  const maxBufferedBytes = integerOption(
    'maxBufferedBytes',
    options.maxBufferedBytes,
    defaults.maxBufferedBytes,
  );
  const maxRetryDatums = integerOption('maxRetryDatums', options.maxRetryDatums, defaults.maxRetryDatums, 0);
  const maxRetryBytes = integerOption('maxRetryBytes', options.maxRetryBytes, defaults.maxRetryBytes, 0);
  const closeTimeoutMs = integerOption('closeTimeoutMs', options.closeTimeoutMs, defaults.closeTimeoutMs, 0);
  const flushTimeoutMs = integerOption('flushTimeoutMs', options.flushTimeoutMs, defaults.flushTimeoutMs);
  const { client, ownedClient } = resolveClient(options);
  const publisher = new Publisher({ client, concurrency: options.concurrency });

  // Drawn last, once each, standard period first: a seeded `random` gives the same offsets every run.
  const random = options.random ?? Math.random;
  const timed = flushIntervalMs > 0;
  const offsetFor = (periodMs: number) => (timed ? flushOffset(periodMs, jitterMs, random()) : 0);
  const flushOffsetMs = offsetFor(flushIntervalMs);
  const highResolutionFlushOffsetMs = offsetFor(highResolutionFlushIntervalMs);

  return {
    namespace: checked.namespace,
    aggregator,
    clock,
    packing: checked.limits,
    flushIntervalMs,
    highResolutionFlushIntervalMs,
    flushOffsetMs,
    highResolutionFlushOffsetMs,
    maxBufferedKeys,
    maxBufferedValues,
    maxBufferedBytes,
    defaultDimensionBytes: JSON.stringify(options.defaultDimensions ?? {}).length,
    maxRetryDatums,
    maxRetryBytes,
    closeTimeoutMs,
    flushTimeoutMs,
    publisher,
    ownedClient,
  };
}

/**
 * The offset into a period at which this instance flushes: `draw` (in [0, 1)) of the jitter, which is a
 * quarter of the period by default and never more than the period, so the offset stays inside it.
 */
export function flushOffset(periodMs: number, jitterMs: number | undefined, draw: number): number {
  const spread = Math.min(jitterMs ?? periodMs * METRICS_BUFFER_DEFAULTS.jitterFraction, periodMs);
  return Math.min(Math.floor(draw * spread), periodMs - 1);
}

/**
 * The caller's client, or one the buffer creates (and will destroy) from endpoint/region/clientConfig, which
 * gives up on an attempt nobody answers (`requestHandler` in clientConfig replaces that).
 */
function resolveClient(options: MetricsBufferOptions): {
  client: Pick<CloudWatchClient, 'send'>;
  ownedClient: CloudWatchClient | undefined;
} {
  const forCreatedClient =
    options.endpoint !== undefined ||
    options.region !== undefined ||
    options.clientConfig !== undefined ||
    options.requestTimeoutMs !== undefined;
  if (options.client !== undefined) {
    if (forCreatedClient) {
      throw new CwaggConfigError(
        'give either `client` or `endpoint`/`region`/`clientConfig`/`requestTimeoutMs` (for a client the buffer creates), not both',
      );
    }
    if (options.client === null || typeof options.client.send !== 'function') {
      throw new CwaggConfigError('`client` must be a CloudWatchClient from @aws-sdk/client-cloudwatch');
    }
    return { client: options.client, ownedClient: undefined };
  }
  if (options.endpoint !== undefined && typeof options.endpoint !== 'string') {
    throw new CwaggConfigError(`endpoint must be a URL string (got ${typeof options.endpoint})`);
  }
  const requestTimeoutMs = integerOption(
    'requestTimeoutMs',
    options.requestTimeoutMs,
    METRICS_BUFFER_DEFAULTS.requestTimeoutMs,
  );
  const ownedClient = new CloudWatchClient({
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: requestTimeoutMs,
      // Without it the SDK's HTTP handler only logs a warning past requestTimeout and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...options.clientConfig,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  return { client: ownedClient, ownedClient };
}

function integerOption(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CwaggConfigError(`${name} must be an integer >= ${min} (got ${String(value)})`);
  }
  return value;
}
