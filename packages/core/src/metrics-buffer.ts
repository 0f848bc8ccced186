/**
 * MetricsBuffer: what the CloudWatch agent does, inside a long-running service. `record()` folds a value
 * into an Aggregator (no I/O, a few hundred nanoseconds); flushes drain it and send through a Publisher on
 * an aligned interval, when a bound is reached, on `flush()` and on `close()`. Requests that still fail after
 * the SDK's retries are held (bounded) and sent again with the next flush. Every value ends up sent,
 * dropped or rejected, and every drop and rejection is reported through events: nothing is lost silently.
 */
import { EventEmitter } from 'node:events';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { Aggregator, type MetricHandle } from './aggregator.js';
import { CwaggConfigError } from './errors.js';
import { AlignedTimer } from './flush-schedule.js';
import {
  HIGH_RESOLUTION,
  MAX_DATUMS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_TIMESTAMP_AGE_MS,
  MAX_VALUES_PER_DATUM,
  STANDARD_RESOLUTION,
} from './limits/constants.js';
import { TIMESTAMP_SAFETY_MARGIN_MS } from './limits/validation.js';
import { MetricCache, type MetricOptions } from './metric-cache.js';
import { datumBytes, packRequests } from './packing.js';
import { Publisher } from './publisher.js';
import { datumSamples, type HeldDatum, RetryBuffer, summarise } from './retry-buffer.js';
import { installShutdownHooks, type ShutdownHookOptions } from './shutdown-hooks.js';
import type { MetricDefinition, PutMetricDataRequest, RejectedValue } from './types.js';

export type { MetricOptions } from './metric-cache.js';
export type { ShutdownHookOptions } from './shutdown-hooks.js';

/** CloudWatch's standard period: the default flush interval. */
export const DEFAULT_FLUSH_INTERVAL_MS = STANDARD_RESOLUTION * 1000;
/** High-resolution metrics are flushed on their own period. */
export const DEFAULT_HIGH_RESOLUTION_FLUSH_INTERVAL_MS = HIGH_RESOLUTION * 1000;
/** Default jitter: a random offset of up to a quarter of the interval (15 s of a minute). */
export const DEFAULT_JITTER_FRACTION = 0.25;
/** Flush early at this many buffered metric keys (each key is at least one datum). */
export const DEFAULT_MAX_BUFFERED_KEYS = 10_000;
/** Flush early at this many distinct values: enough to fill one request of 1000 datums of 150 values. */
export const DEFAULT_MAX_BUFFERED_VALUES = MAX_DATUMS_PER_REQUEST * MAX_VALUES_PER_DATUM;
/** Flush early at this estimate of request bytes (five full requests). */
export const DEFAULT_MAX_BUFFERED_BYTES = 5 * MAX_REQUEST_BYTES;
/** The retry buffer holds at most ten full requests' worth of datums and bytes. */
export const DEFAULT_MAX_RETRY_DATUMS = 10 * MAX_DATUMS_PER_REQUEST;
export const DEFAULT_MAX_RETRY_BYTES = 10 * MAX_REQUEST_BYTES;
/** How long close() keeps re-sending what keeps failing before dropping it. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
/** SDK attempts per request for a client the buffer creates itself (the CloudWatch agent makes 5). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The defaults MetricsBuffer uses, in one object, for code that sizes its own settings from them.
 *
 * @example
 * new MetricsBuffer({ namespace: 'Shop', maxBufferedKeys: 2 * METRICS_BUFFER_DEFAULTS.maxBufferedKeys });
 */
export const METRICS_BUFFER_DEFAULTS = Object.freeze({
  flushIntervalMs: DEFAULT_FLUSH_INTERVAL_MS,
  highResolutionFlushIntervalMs: DEFAULT_HIGH_RESOLUTION_FLUSH_INTERVAL_MS,
  jitterFraction: DEFAULT_JITTER_FRACTION,
  maxBufferedKeys: DEFAULT_MAX_BUFFERED_KEYS,
  maxBufferedValues: DEFAULT_MAX_BUFFERED_VALUES,
  maxBufferedBytes: DEFAULT_MAX_BUFFERED_BYTES,
  maxRetryDatums: DEFAULT_MAX_RETRY_DATUMS,
  maxRetryBytes: DEFAULT_MAX_RETRY_BYTES,
  closeTimeoutMs: DEFAULT_CLOSE_TIMEOUT_MS,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
});

/**
 * Request-body bytes estimated per buffered distinct value: up to 17 significant digits, a count and two
 * commas. Only used to decide an early flush; packing measures exactly.
 */
const ESTIMATED_BYTES_PER_VALUE = 24;
/** Distinct values are counted every this many records at least (counting walks every buffered key). */
const MIN_RECORDS_BETWEEN_VALUE_CHECKS = 256;
/** First pause between close()'s re-sends of what failed; doubles each time. */
const CLOSE_RETRY_DELAY_MS = 100;
/** Errors that say the request itself is wrong: sending it again cannot succeed, so it is dropped. */
const NOT_RETRYABLE = /^(InvalidParameter(Value|Combination)|MissingParameter|MissingRequiredParameter)/;

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
  /** Flush early when this many distinct values (or refused values) are buffered (default 150,000). */
  maxBufferedValues?: number;
  /** Flush early when the requests would be about this many bytes (default 5,000,000). */
  maxBufferedBytes?: number;
  /** Bounds of the retry buffer; beyond them the oldest datums are dropped (default 10,000 / 10 MB). */
  maxRetryDatums?: number;
  maxRetryBytes?: number;
  /** How long close() keeps re-sending what keeps failing (default 10,000 ms). */
  closeTimeoutMs?: number;
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

/** `record()`'s options: the metric's identity, plus how many times the value was seen and when. */
export interface RecordOptions extends MetricOptions {
  /** The value was seen this many times (default 1). */
  count?: number;
  /** When the value was seen (default now). */
  timestamp?: Date | number;
}

export type FlushReason = 'interval' | 'high-resolution-interval' | 'bounds' | 'manual' | 'close';

/** What one flush did. Samples are sums of counts. */
export interface FlushReport {
  reason: FlushReason;
  /** PutMetricData requests made (each retried by the SDK as configured). */
  requests: number;
  sentRequests: number;
  failedRequests: number;
  /** SDK attempts summed over the requests, retries included. */
  attempts: number;
  sentSamples: number;
  /** Samples dropped during this flush (see the `drop` events). */
  droppedSamples: number;
  /** Values refused since the previous flush (see the `rejected` event). */
  rejectedValues: number;
  /** Held in the retry buffer after this flush, to be sent with the next one. */
  retryDatums: number;
  retrySamples: number;
  durationMs: number;
}

export type DropReason = 'retry-buffer-full' | 'not-retryable' | 'expired' | 'closed';

export interface DropReport {
  /**
   * `retry-buffer-full`: the oldest held datums, pushed out by the bound; `not-retryable`: CloudWatch
   * refused the request itself; `expired`: held past CloudWatch's 14-day window; `closed`: still failing
   * when close() gave up.
   */
  reason: DropReason;
  datums: number;
  samples: number;
  /** The SDK's error name, for `not-retryable`. */
  errorCode?: string;
  error?: Error;
}

export interface PublishErrorContext {
  errorCode: string;
  attempts: number;
  datums: number;
  samples: number;
  /** True when the datums were kept for the next flush, false when they were dropped. */
  willRetry: boolean;
}

/** Counters since construction, in samples (sums of counts). */
export interface MetricsBufferStats {
  /** recorded = sent + dropped + rejected + buffered + retrying + inFlight, always; after close() the last three are 0. */
  recorded: number;
  sent: number;
  dropped: number;
  rejected: number;
  /** In the aggregators, waiting for a flush. */
  buffered: number;
  /** In the retry buffer. */
  retrying: number;
  /** In requests being sent now. */
  inFlight: number;
  flushes: number;
  putMetricDataCalls: number;
  /** SDK attempts, retries included. */
  attempts: number;
  bufferedKeys: number;
  closed: boolean;
}

export type MetricsBufferEvents = {
  flush: [report: FlushReport];
  drop: [report: DropReport];
  rejected: [rejected: RejectedValue[]];
  error: [error: Error, context: PublishErrorContext];
};

/** A metric bound once, for hot loops: skips even the cache lookup. */
export interface BufferedMetric {
  readonly name: string;
  record(value: number, count?: number, timestamp?: Date | number): boolean;
}

const STANDARD = 1;
const HIGH = 2;
const ALL = STANDARD | HIGH;

/** One storage resolution: its aggregator and flush timer. */
interface Lane {
  readonly scope: number;
  readonly aggregator: Aggregator;
  readonly timer: AlignedTimer | undefined;
  /** Increments at each drain: a cache entry with an older generation is a new key for this interval. */
  generation: number;
  /** Estimated bytes of the datum shapes (name, dimensions, unit) of the keys seen since the drain. */
  keyBytes: number;
}

interface Entry {
  readonly name: string;
  readonly handle: MetricHandle | undefined;
  /** Why the metric is refused, for what the Aggregator cannot express (options that are not objects). */
  readonly refusal: string | undefined;
  readonly lane: Lane;
  readonly shapeBytes: number;
  generation: number;
}

interface QueuedPass {
  reason: FlushReason;
  scope: number;
  promise: Promise<FlushReport>;
}

export class MetricsBuffer extends EventEmitter<MetricsBufferEvents> {
  readonly namespace: string;
  readonly flushIntervalMs: number;
  readonly highResolutionFlushIntervalMs: number;
  private readonly client: Pick<CloudWatchClient, 'send'>;
  private readonly ownedClient: CloudWatchClient | undefined;
  private readonly publisher: Publisher;
  private readonly clock: () => number;
  private readonly standard: Lane;
  private readonly highResolution: Lane;
  private readonly cache: MetricCache<Entry>;
  private readonly retry: RetryBuffer;
  private readonly limits: { maxDatumsPerRequest: number; maxRequestBytes: number };
  private readonly maxBufferedKeys: number;
  private readonly maxBufferedValues: number;
  private readonly maxBufferedBytes: number;
  private readonly closeTimeoutMs: number;
  private readonly defaultDimensionBytes: number;

  private closed = false;
  private closing: Promise<MetricsBufferStats> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private queued: QueuedPass | undefined;
  private boundsFlushQueued = false;
  private recordsUntilValueCheck = MIN_RECORDS_BETWEEN_VALUE_CHECKS;
  /** Refusals the Aggregator does not hold (bad options, records after close), reported at the next flush. */
  private refusedHere: RejectedValue[] = [];
  private refusedSinceFlush = 0;
  private afterCloseReport: Promise<void> | undefined;

  private recordedSamples = 0;
  private sentSamples = 0;
  private droppedSamples = 0;
  private rejectedSamples = 0;
  private inFlightSamples = 0;
  private flushCount = 0;
  private callCount = 0;
  private attemptCount = 0;

  constructor(options: MetricsBufferOptions) {
    super();
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
    this.clock = options.clock ?? (() => Date.now());
    const random = options.random ?? Math.random;
    const aggregatorOptions = {
      namespace: options.namespace,
      maxRelativeError: options.maxRelativeError,
      defaultDimensions: options.defaultDimensions,
      clock: this.clock,
      maxDatumsPerRequest: options.maxDatumsPerRequest,
      maxRequestBytes: options.maxRequestBytes,
    };
    // The Aggregator checks namespace, dimensions, error and request limits with its own clear messages.
    const standardAggregator = new Aggregator(aggregatorOptions);
    this.namespace = standardAggregator.namespace;
    this.defaultDimensionBytes = JSON.stringify(options.defaultDimensions ?? {}).length;
    this.limits = {
      maxDatumsPerRequest: options.maxDatumsPerRequest ?? MAX_DATUMS_PER_REQUEST,
      maxRequestBytes: options.maxRequestBytes ?? MAX_REQUEST_BYTES,
    };

    this.flushIntervalMs = integerOption(
      'flushIntervalMs',
      options.flushIntervalMs,
      DEFAULT_FLUSH_INTERVAL_MS,
      0,
    );
    this.highResolutionFlushIntervalMs = integerOption(
      'highResolutionFlushIntervalMs',
      options.highResolutionFlushIntervalMs,
      DEFAULT_HIGH_RESOLUTION_FLUSH_INTERVAL_MS,
      1,
    );
    const jitter = options.flushJitterMs;
    if (jitter !== undefined && !(Number.isFinite(jitter) && jitter >= 0)) {
      throw new CwaggConfigError(
        `flushJitterMs must be a number of milliseconds >= 0 (got ${String(jitter)})`,
      );
    }
    const offsetFor = (periodMs: number) => {
      const spread = Math.min(jitter ?? periodMs * DEFAULT_JITTER_FRACTION, periodMs);
      return Math.min(Math.floor(random() * spread), periodMs - 1);
    };
    this.maxBufferedKeys = integerOption(
      'maxBufferedKeys',
      options.maxBufferedKeys,
      DEFAULT_MAX_BUFFERED_KEYS,
    );
    this.maxBufferedValues = integerOption(
      'maxBufferedValues',
      options.maxBufferedValues,
      DEFAULT_MAX_BUFFERED_VALUES,
    );
    this.maxBufferedBytes = integerOption(
      'maxBufferedBytes',
      options.maxBufferedBytes,
      DEFAULT_MAX_BUFFERED_BYTES,
    );
    this.retry = new RetryBuffer(
      integerOption('maxRetryDatums', options.maxRetryDatums, DEFAULT_MAX_RETRY_DATUMS, 0),
      integerOption('maxRetryBytes', options.maxRetryBytes, DEFAULT_MAX_RETRY_BYTES, 0),
    );
    this.closeTimeoutMs = integerOption(
      'closeTimeoutMs',
      options.closeTimeoutMs,
      DEFAULT_CLOSE_TIMEOUT_MS,
      0,
    );

    const hasEndpoint = options.endpoint !== undefined || options.region !== undefined;
    if (options.client !== undefined) {
      if (hasEndpoint || options.clientConfig !== undefined) {
        throw new CwaggConfigError(
          'give either `client` or `endpoint`/`region`/`clientConfig` (for a client the buffer creates), not both',
        );
      }
      if (options.client === null || typeof options.client.send !== 'function') {
        throw new CwaggConfigError('`client` must be a CloudWatchClient from @aws-sdk/client-cloudwatch');
      }
      this.client = options.client;
    } else {
      if (options.endpoint !== undefined && typeof options.endpoint !== 'string') {
        throw new CwaggConfigError(`endpoint must be a URL string (got ${typeof options.endpoint})`);
      }
      this.ownedClient = new CloudWatchClient({
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
        ...options.clientConfig,
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.region === undefined ? {} : { region: options.region }),
      });
      this.client = this.ownedClient;
    }
    this.publisher = new Publisher({ client: this.client, concurrency: options.concurrency });

    const timerFor = (periodMs: number, reason: FlushReason, scope: number) =>
      new AlignedTimer(periodMs, offsetFor(periodMs), this.clock, () => {
        void this.requestPass(reason, scope);
      });
    const timed = this.flushIntervalMs > 0;
    this.standard = {
      scope: STANDARD,
      aggregator: standardAggregator,
      timer: timed ? timerFor(this.flushIntervalMs, 'interval', ALL) : undefined,
      generation: 0,
      keyBytes: 0,
    };
    this.highResolution = {
      scope: HIGH,
      aggregator: new Aggregator(aggregatorOptions),
      // Started on the first high-resolution record: most services never pay for a 1 s timer.
      timer: timed
        ? timerFor(this.highResolutionFlushIntervalMs, 'high-resolution-interval', HIGH)
        : undefined,
      generation: 0,
      keyBytes: 0,
    };
    this.cache = new MetricCache(2 * this.maxBufferedKeys, (name, metricOptions) =>
      this.bind(name, metricOptions),
    );
    this.standard.timer?.start();
  }

  /**
   * Buffers `value` for the metric `name`. Never does I/O and never throws for bad input: returns false
   * when the value is refused (it is then reported in the next `rejected` event), true when buffered.
   */
  record(name: string, value: number, options?: RecordOptions): boolean {
    const entry = this.cache.get(name, options);
    // A null or non-object `options` is refused by the entry; it must not throw here either.
    return options === undefined || options === null || typeof options !== 'object'
      ? this.recordTo(entry, value, 1, undefined)
      : this.recordTo(entry, value, options.count ?? 1, options.timestamp);
  }

  /** Binds a metric once: `const latency = metrics.metric('Latency', { unit }); latency.record(12)`. */
  metric(name: string, options?: MetricOptions): BufferedMetric {
    const entry = this.bind(name, options);
    return {
      name,
      record: (value, count = 1, timestamp) => this.recordTo(entry, value, count, timestamp),
    };
  }

  /** Sends everything buffered now, with what the retry buffer holds. Never rejects. */
  flush(): Promise<FlushReport> {
    return this.requestPass('manual', ALL);
  }

  /**
   * Stops the timers, refuses further records, flushes everything, re-sends what fails until
   * `closeTimeoutMs`, drops (and reports) what still fails, and destroys a client the buffer created.
   * Safe to call more than once.
   */
  close(): Promise<MetricsBufferStats> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  /** Closes the buffer on SIGTERM/SIGINT (then exits like the default handler) and on 'beforeExit'. */
  installShutdownHooks(options?: ShutdownHookOptions): () => void {
    return installShutdownHooks(this, options);
  }

  stats(): MetricsBufferStats {
    const buffered = this.standard.aggregator.samples + this.highResolution.aggregator.samples;
    return {
      recorded: this.recordedSamples,
      sent: this.sentSamples,
      dropped: this.droppedSamples,
      rejected: this.rejectedSamples,
      buffered,
      retrying: this.retry.samples,
      inFlight: this.inFlightSamples,
      flushes: this.flushCount,
      putMetricDataCalls: this.callCount,
      attempts: this.attemptCount,
      bufferedKeys: this.standard.aggregator.seriesCount + this.highResolution.aggregator.seriesCount,
      closed: this.closed,
    };
  }

  // --- recording ---------------------------------------------------------------------------------------

  private bind(name: string, options: MetricOptions | undefined): Entry {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      return this.refusedEntry(name, `record options must be an object (got ${String(options)})`);
    }
    const dimensions = options?.dimensions;
    if (
      dimensions !== undefined &&
      (dimensions === null || typeof dimensions !== 'object' || Array.isArray(dimensions))
    ) {
      return this.refusedEntry(
        name,
        `dimensions must be an object of name: value strings (got ${String(dimensions)})`,
      );
    }
    const lane = options?.storageResolution === HIGH_RESOLUTION ? this.highResolution : this.standard;
    // A private copy: the Aggregator treats a definition as immutable, the caller's object may change.
    const definition: MetricDefinition = {
      name,
      unit: options?.unit,
      dimensions: dimensions === undefined ? undefined : { ...dimensions },
      storageResolution: options?.storageResolution,
    };
    return {
      name,
      handle: lane.aggregator.metric(definition),
      refusal: undefined,
      lane,
      shapeBytes: estimateShapeBytes(definition) + this.defaultDimensionBytes,
      generation: -1,
    };
  }

  private refusedEntry(name: string, refusal: string): Entry {
    return { name, handle: undefined, refusal, lane: this.standard, shapeBytes: 0, generation: -1 };
  }

  private recordTo(
    entry: Entry,
    value: number,
    count: number,
    timestamp: Date | number | undefined,
  ): boolean {
    // An invalid count is one refused record, so that the sums of the counters always add up.
    const samples =
      count === 1 ? 1 : typeof count === 'number' && count > 0 && Number.isFinite(count) ? count : 1;
    this.recordedSamples += samples;
    if (--this.recordsUntilValueCheck <= 0) this.checkValueBounds();
    if (this.closed)
      return this.refuse(entry.name, value, count, samples, 'the MetricsBuffer is closed', timestamp);
    if (entry.handle === undefined) {
      return this.refuse(entry.name, value, count, samples, entry.refusal as string, timestamp);
    }
    if (!entry.handle.add(value, count, timestamp)) {
      this.rejectedSamples += samples;
      this.refusedSinceFlush++;
      return false;
    }
    const lane = entry.lane;
    if (entry.generation !== lane.generation) {
      // The first value of this key since the last drain: keys and shape bytes grow only here.
      entry.generation = lane.generation;
      lane.keyBytes += entry.shapeBytes;
      if (lane === this.highResolution && lane.timer !== undefined && !lane.timer.running && !this.closed) {
        lane.timer.start();
      }
      this.checkKeyBounds();
    }
    return true;
  }

  private refuse(
    metric: string,
    value: unknown,
    count: number,
    samples: number,
    reason: string,
    timestamp: Date | number | undefined,
  ): false {
    this.rejectedSamples += samples;
    this.refusedSinceFlush++;
    const refused: RejectedValue = { metric: String(metric), value, count, reason };
    if (timestamp !== undefined)
      refused.timestamp = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    this.refusedHere.push(refused);
    // After close() there is no next flush to report it: report on the next tick, batched.
    if (this.closed && this.afterCloseReport === undefined && this.closing !== undefined) {
      this.afterCloseReport = this.closing.then(() => {
        this.afterCloseReport = undefined;
        this.reportRejected(this.takeRefusedHere());
      });
    }
    return false;
  }

  private checkKeyBounds(): void {
    const keys = this.standard.aggregator.seriesCount + this.highResolution.aggregator.seriesCount;
    if (
      keys >= this.maxBufferedKeys ||
      this.standard.keyBytes + this.highResolution.keyBytes >= this.maxBufferedBytes
    ) {
      this.flushForBounds();
    }
  }

  /** Counting distinct values walks every key, so it runs every max(256, keys) records: O(1) per record. */
  private checkValueBounds(): void {
    const standard = this.standard.aggregator;
    const highResolution = this.highResolution.aggregator;
    const keys = standard.seriesCount + highResolution.seriesCount;
    this.recordsUntilValueCheck = Math.max(MIN_RECORDS_BETWEEN_VALUE_CHECKS, keys);
    if (this.closed || this.boundsFlushQueued) return;
    const values = standard.distinctValues + highResolution.distinctValues;
    const bytes = this.standard.keyBytes + this.highResolution.keyBytes + values * ESTIMATED_BYTES_PER_VALUE;
    if (values + this.refusedSinceFlush >= this.maxBufferedValues || bytes >= this.maxBufferedBytes) {
      this.flushForBounds();
    }
  }

  private flushForBounds(): void {
    if (this.boundsFlushQueued || this.closed) return;
    this.boundsFlushQueued = true;
    void this.requestPass('bounds', ALL);
  }

  // --- flushing ----------------------------------------------------------------------------------------

  /**
   * Flushes run one at a time. A request while one runs joins the next (which drains when it starts, so it
   * carries everything recorded before the request); the aggregators keep folding meanwhile.
   */
  private requestPass(reason: FlushReason, scope: number): Promise<FlushReport> {
    const queued = this.queued;
    if (queued !== undefined) {
      queued.scope |= scope;
      return queued.promise;
    }
    const pass = { reason, scope } as QueuedPass;
    pass.promise = this.tail.then(() => {
      this.queued = undefined;
      return this.runPass(pass.reason, pass.scope);
    });
    this.queued = pass;
    this.tail = pass.promise;
    return pass.promise;
  }

  private async runPass(reason: FlushReason, scope: number): Promise<FlushReport> {
    const started = this.clock();
    const droppedBefore = this.droppedSamples;
    const report: FlushReport = {
      reason,
      requests: 0,
      sentRequests: 0,
      failedRequests: 0,
      attempts: 0,
      sentSamples: 0,
      droppedSamples: 0,
      rejectedValues: 0,
      retryDatums: 0,
      retrySamples: 0,
      durationMs: 0,
    };
    try {
      const { requests, rejected } = this.drain(scope);
      report.rejectedValues = rejected.length;
      this.reportRejected(rejected);
      await this.send(this.withRetries(requests), report);
    } catch (caught) {
      // Nothing here should throw; if it does, say so rather than break every later flush.
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.reportError(error, {
        errorCode: error.name,
        attempts: 0,
        datums: 0,
        samples: 0,
        willRetry: false,
      });
    }
    this.flushCount++;
    report.droppedSamples = this.droppedSamples - droppedBefore;
    report.retryDatums = this.retry.datums;
    report.retrySamples = this.retry.samples;
    report.durationMs = this.clock() - started;
    const eventful = report.requests > 0 || report.rejectedValues > 0 || report.droppedSamples > 0;
    if (eventful || reason === 'manual' || reason === 'close') this.safeEmit('flush', report);
    return report;
  }

  private drain(scope: number): { requests: PutMetricDataRequest[]; rejected: RejectedValue[] } {
    const requests: PutMetricDataRequest[] = [];
    const rejected = this.takeRefusedHere();
    for (const lane of [this.standard, this.highResolution]) {
      if ((scope & lane.scope) === 0) continue;
      const drained = lane.aggregator.drain();
      lane.generation++;
      lane.keyBytes = 0;
      // An idle high-resolution timer stops; the next high-resolution record starts it again.
      if (lane === this.highResolution && drained.stats.samples === 0) lane.timer?.stop();
      for (const request of drained.requests) requests.push(request);
      for (const value of drained.rejected) rejected.push(value);
    }
    this.boundsFlushQueued = false;
    this.refusedSinceFlush = 0;
    this.recordsUntilValueCheck = MIN_RECORDS_BETWEEN_VALUE_CHECKS;
    return { requests, rejected };
  }

  /** Held datums go first (they are older), re-packed with the fresh ones into as few requests as fit. */
  private withRetries(fresh: PutMetricDataRequest[]): PutMetricDataRequest[] {
    // Datums held too long would make CloudWatch refuse their whole request: drop them, and say so.
    const oldest = this.clock() - MAX_TIMESTAMP_AGE_MS + TIMESTAMP_SAFETY_MARGIN_MS;
    const expired = this.retry.removeOlderThan(oldest);
    if (expired.length > 0) this.drop('expired', expired);
    if (this.retry.datums === 0) return fresh;
    const held = this.retry.takeAll();
    for (const request of fresh) {
      for (const datum of request.MetricData) held.push({ datum, bytes: datumBytes(datum) });
    }
    return packRequests(
      this.namespace,
      held.map((item) => item.datum),
      this.limits,
      held.map((item) => item.bytes),
    ).requests;
  }

  private async send(requests: PutMetricDataRequest[], report: FlushReport): Promise<void> {
    if (requests.length === 0) return;
    let inFlight = 0;
    for (const request of requests) inFlight += requestSamples(request);
    this.inFlightSamples += inFlight;
    let outcome: Awaited<ReturnType<Publisher['publish']>>;
    try {
      outcome = await this.publisher.publish(requests);
    } finally {
      this.inFlightSamples -= inFlight;
    }
    const toRetry: HeldDatum[] = [];
    for (const result of outcome.outcomes) {
      // The publisher hands back the SDK's input type; ours is the request at the same index.
      const request = requests[result.index] as PutMetricDataRequest;
      const samples = requestSamples(request);
      if (result.status === 'sent') {
        this.sentSamples += samples;
        report.sentSamples += samples;
        report.sentRequests++;
        report.attempts += result.attempts;
        continue;
      }
      const held = request.MetricData.map((datum) => ({ datum, bytes: datumBytes(datum) }));
      if (result.status === 'not-attempted') {
        toRetry.push(...held);
        continue;
      }
      report.failedRequests++;
      report.attempts += result.attempts;
      const willRetry = !NOT_RETRYABLE.test(result.errorCode);
      this.reportError(result.error, {
        errorCode: result.errorCode,
        attempts: result.attempts,
        datums: held.length,
        samples,
        willRetry,
      });
      if (willRetry) toRetry.push(...held);
      else this.drop('not-retryable', held, result.errorCode, result.error);
    }
    report.requests = report.sentRequests + report.failedRequests;
    this.callCount += report.requests;
    this.attemptCount += report.attempts;
    const overflow = this.retry.add(toRetry);
    if (overflow.length > 0) this.drop('retry-buffer-full', overflow);
  }

  private async closeOnce(): Promise<MetricsBufferStats> {
    this.closed = true;
    this.standard.timer?.stop();
    this.highResolution.timer?.stop();
    await this.requestPass('close', ALL);
    const deadline = this.clock() + this.closeTimeoutMs;
    let delay = CLOSE_RETRY_DELAY_MS;
    while (this.retry.datums > 0 && this.clock() < deadline) {
      // A plain (ref'd) timer: the process must stay up until close() is done.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(delay, Math.max(0, deadline - this.clock()))),
      );
      delay *= 2;
      await this.requestPass('close', ALL);
    }
    if (this.retry.datums > 0) this.drop('closed', this.retry.takeAll());
    // Values refused during the final flushes.
    this.reportRejected(this.takeRefusedHere());
    this.ownedClient?.destroy();
    return this.stats();
  }

  // --- reporting ---------------------------------------------------------------------------------------

  private drop(reason: DropReason, held: HeldDatum[], errorCode?: string, error?: Error): void {
    const { datums, samples } = summarise(held);
    this.droppedSamples += samples;
    const report: DropReport = { reason, datums, samples };
    if (errorCode !== undefined) report.errorCode = errorCode;
    if (error !== undefined) report.error = error;
    if (this.listenerCount('drop') > 0) this.safeEmit('drop', report);
    else warn(`cwagg MetricsBuffer dropped ${samples} samples in ${datums} datums (${reason})`);
  }

  private takeRefusedHere(): RejectedValue[] {
    const refused = this.refusedHere;
    this.refusedHere = [];
    return refused;
  }

  private reportRejected(rejected: RejectedValue[]): void {
    if (rejected.length === 0) return;
    if (this.listenerCount('rejected') > 0) this.safeEmit('rejected', rejected);
    else {
      const first = rejected[0] as RejectedValue;
      warn(`cwagg MetricsBuffer refused ${rejected.length} values, e.g. ${first.metric}: ${first.reason}`);
    }
  }

  private reportError(error: Error, context: PublishErrorContext): void {
    // EventEmitter throws an 'error' nobody listens to; a metrics client must not crash its service.
    if (this.listenerCount('error') > 0) this.safeEmit('error', error, context);
    else {
      const fate = context.willRetry ? 'kept for the next flush' : 'dropped';
      warn(
        `cwagg MetricsBuffer: PutMetricData failed (${context.errorCode}); ${context.samples} samples ${fate}`,
      );
    }
  }

  /** A listener that throws must not stop the flush, nor go unnoticed. */
  private safeEmit<K extends keyof MetricsBufferEvents>(event: K, ...args: MetricsBufferEvents[K]): void {
    try {
      (this.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
    } catch (error) {
      warn(`cwagg MetricsBuffer: a '${event}' listener threw: ${String(error)}`);
    }
  }
}

function warn(message: string): void {
  process.emitWarning(message, { code: 'CWAGG_METRICS_BUFFER' });
}

function requestSamples(request: PutMetricDataRequest): number {
  let samples = 0;
  for (const datum of request.MetricData) samples += datumSamples(datum);
  return samples;
}

/** Bytes of a datum's name, dimensions and unit in the body: an estimate, for early-flush bounds only. */
function estimateShapeBytes(definition: MetricDefinition): number {
  return JSON.stringify(definition).length + 100;
}

function integerOption(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CwaggConfigError(`${name} must be an integer >= ${min} (got ${String(value)})`);
  }
  return value;
}
