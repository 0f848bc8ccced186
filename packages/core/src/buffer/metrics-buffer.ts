/**
 * MetricsBuffer: what the CloudWatch agent does, inside a long-running service. `record()` folds a value
 * into an Aggregator (no I/O, a few hundred nanoseconds); flushes drain it and send through a Publisher on
 * an aligned interval, when a bound is reached, on `flush()` and on `close()`. Requests that still fail after
 * the SDK's retries are held (bounded) and sent again with the next flush. Every value ends up sent,
 * dropped or rejected, and every drop and rejection is reported through events: nothing is lost silently.
 *
 * This file is the buffer itself: recording, the counters and the events. Options are resolved in
 * `options.ts`, the bounds (early flushes, and when the buffer is full) in `buffer-bounds.ts`, flushes run
 * in `flush-queue.ts`.
 */
import { EventEmitter } from 'node:events';
import { Aggregator, type MetricHandle } from '../aggregator.js';
import { HIGH_RESOLUTION } from '../limits/constants.js';
import { installShutdownHooks, type ShutdownHookOptions } from '../shutdown-hooks.js';
import type { MetricDefinition, RejectedValue } from '../types.js';
import { BufferBounds } from './buffer-bounds.js';
import {
  ALL_LANES,
  type Drained,
  FlushQueue,
  HIGH_RESOLUTION_LANE,
  type LaneScope,
  STANDARD_LANE,
} from './flush-queue.js';
import { AlignedTimer } from './flush-schedule.js';
import { MetricCache, type MetricOptions } from './metric-cache.js';
import {
  type MetricsBufferOptions,
  type MetricsBufferSettings,
  resolveMetricsBufferOptions,
} from './options.js';
import { BufferReporter, type FlushReason, type FlushReport, type MetricsBufferEvents } from './reports.js';

/** Bytes a datum adds to its name, dimensions and unit (timestamp, statistics, member names): an estimate. */
const ESTIMATED_DATUM_OVERHEAD_BYTES = 100;
/** Cache entries per bounded key: room for the same keys spelled with their dimensions in other orders. */
const CACHE_ENTRIES_PER_KEY = 2;
/** The reason given for every value recorded after close(). */
const CLOSED_REASON = 'the MetricsBuffer is closed';

/** `record()`'s options: the metric's identity, plus how many times the value was seen and when. */
export interface RecordOptions extends MetricOptions {
  /** The value was seen this many times (default 1). */
  count?: number;
  /** When the value was seen (default now). */
  timestamp?: Date | number;
}

/** `flush()`'s options. */
export interface FlushOptions {
  /**
   * The most the flush may take, e.g. the time a Lambda invocation has left: requests still unanswered then
   * are abandoned and kept for the next flush. Without it a flush ends within `flushTimeoutMs`.
   */
  timeoutMs?: number;
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
  /** Metric keys buffered now (bounded by twice maxBufferedKeys). */
  bufferedKeys: number;
  /**
   * Distinct values (or buckets) buffered now, plus rejected values waiting for their report (bounded by
   * twice maxBufferedValues). Counting them walks every key: O(keys).
   */
  bufferedValues: number;
  /** The estimated request bytes of what is buffered now (bounded by twice maxBufferedBytes). */
  bufferedBytes: number;
  closed: boolean;
}

/** A metric bound once, for hot loops: skips even the cache lookup. */
export interface BufferedMetric {
  readonly name: string;
  record(value: number, count?: number, timestamp?: Date | number): boolean;
}

/** One storage resolution: its aggregator and flush timer. */
interface Lane {
  readonly scope: LaneScope;
  readonly aggregator: Aggregator;
  readonly timer: AlignedTimer | undefined;
  /** Increments at each drain: a cache entry with an older generation is a new key for this interval. */
  generation: number;
  /** Estimated bytes of the datum shapes (name, dimensions, unit) of the keys seen since the drain. */
  keyBytes: number;
}

/** A metric as `record()` finds it: bound to its lane's aggregator, or rejected with the reason. */
interface Entry {
  readonly name: string;
  readonly handle: MetricHandle | undefined;
  /** Why the metric is rejected, for what the Aggregator cannot express (options that are not objects). */
  readonly rejection: string | undefined;
  readonly lane: Lane;
  readonly shapeBytes: number;
  generation: number;
}

export class MetricsBuffer extends EventEmitter<MetricsBufferEvents> {
  readonly namespace: string;
  readonly flushIntervalMs: number;
  readonly highResolutionFlushIntervalMs: number;
  private readonly settings: MetricsBufferSettings;
  private readonly reporter: BufferReporter;
  private readonly queue: FlushQueue;
  private readonly standard: Lane;
  private readonly highResolution: Lane;
  private readonly cache: MetricCache<Entry>;

  private readonly bounds: BufferBounds;

  private closed = false;
  private closing: Promise<MetricsBufferStats> | undefined;
  private boundsFlushQueued = false;
  /** Samples of the records dropped because the buffer was full, not yet handed to the flush queue. */
  private droppedWhileFull = 0;
  /** Rejections the Aggregator does not hold (bad options, records after close), reported at the next flush. */
  private rejectedHere: RejectedValue[] = [];
  private rejectedSinceFlush = 0;
  private afterCloseReport: Promise<void> | undefined;
  private recordedSamples = 0;
  private rejectedSamples = 0;

  constructor(options: MetricsBufferOptions) {
    super();
    const settings = resolveMetricsBufferOptions(options);
    this.settings = settings;
    this.namespace = settings.namespace;
    this.flushIntervalMs = settings.flushIntervalMs;
    this.highResolutionFlushIntervalMs = settings.highResolutionFlushIntervalMs;
    this.reporter = new BufferReporter(this);
    this.queue = new FlushQueue({
      namespace: settings.namespace,
      packing: settings.packing,
      publisher: settings.publisher,
      clock: settings.clock,
      maxRetryDatums: settings.maxRetryDatums,
      maxRetryBytes: settings.maxRetryBytes,
      closeTimeoutMs: settings.closeTimeoutMs,
      flushTimeoutMs: settings.flushTimeoutMs,
      reporter: this.reporter,
      drain: (scope) => this.drain(scope),
    });
    const timerFor = (periodMs: number, offsetMs: number, reason: FlushReason, scope: LaneScope) =>
      settings.flushIntervalMs > 0
        ? new AlignedTimer(periodMs, offsetMs, settings.clock, () => {
            void this.queue.request(reason, scope);
          })
        : undefined;
    this.standard = {
      scope: STANDARD_LANE,
      aggregator: new Aggregator(settings.aggregator),
      timer: timerFor(settings.flushIntervalMs, settings.flushOffsetMs, 'interval', ALL_LANES),
      generation: 0,
      keyBytes: 0,
    };
    this.highResolution = {
      scope: HIGH_RESOLUTION_LANE,
      aggregator: new Aggregator(settings.aggregator),
      // Started on the first high-resolution record: most services never pay for a 1 s timer.
      timer: timerFor(
        settings.highResolutionFlushIntervalMs,
        settings.highResolutionFlushOffsetMs,
        'high-resolution-interval',
        HIGH_RESOLUTION_LANE,
      ),
      generation: 0,
      keyBytes: 0,
    };
    this.cache = new MetricCache(CACHE_ENTRIES_PER_KEY * settings.maxBufferedKeys, (name, metricOptions) =>
      this.bind(name, metricOptions),
    );
    const lanes = [this.standard, this.highResolution];
    this.bounds = new BufferBounds(
      settings,
      {
        keys: () => this.standard.aggregator.seriesCount + this.highResolution.aggregator.seriesCount,
        keyBytes: () => this.standard.keyBytes + this.highResolution.keyBytes,
        distinctValues: () => lanes.reduce((sum, lane) => sum + lane.aggregator.distinctValues, 0),
        rejectedValues: () => this.rejectedSinceFlush,
      },
      () => this.flushForBounds(),
    );
    this.standard.timer?.start();
  }

  /**
   * Buffers `value` for the metric `name`. Never does I/O and never throws for bad input: returns false
   * when the value is rejected (it is then reported in the next `rejected` event), true when buffered.
   */
  record(name: string, value: number, options?: RecordOptions): boolean {
    // Full: dropped before the cache lookup, which could create a key.
    if (this.bounds.full) return this.dropWhileFull(samplesOf(options?.count));
    const entry = this.cache.get(name, options);
    // A null or non-object `options` is rejected by the entry; it must not throw here either.
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

  /**
   * Sends everything buffered now, with what the retry buffer holds. Never rejects. Settles within
   * `timeoutMs` when given (and within flushTimeoutMs anyway): requests still unanswered then are abandoned
   * and kept for the next flush. Throws a RangeError for a timeoutMs that is not a number >= 0.
   */
  flush(options?: FlushOptions): Promise<FlushReport> {
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs === undefined) return this.queue.request('manual', ALL_LANES);
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) {
      throw new RangeError(
        `flush timeoutMs must be a number of milliseconds >= 0 (got ${String(timeoutMs)})`,
      );
    }
    return this.queue.request('manual', ALL_LANES, this.settings.clock() + timeoutMs);
  }

  /**
   * Stops the timers, rejects further records, flushes everything, re-sends what fails until
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
    const standard = this.standard.aggregator;
    const highResolution = this.highResolution.aggregator;
    const queue = this.queue;
    const distinctValues = standard.distinctValues + highResolution.distinctValues;
    return {
      recorded: this.recordedSamples,
      sent: queue.sentSamples,
      dropped: queue.droppedSamples + this.droppedWhileFull,
      rejected: this.rejectedSamples,
      buffered: standard.samples + highResolution.samples,
      retrying: queue.retryingSamples,
      inFlight: queue.inFlightSamples,
      flushes: queue.passes,
      putMetricDataCalls: queue.putMetricDataCalls,
      attempts: queue.attempts,
      bufferedKeys: standard.seriesCount + highResolution.seriesCount,
      bufferedValues: distinctValues + this.rejectedSinceFlush,
      bufferedBytes: this.bounds.estimatedBytes(distinctValues),
      closed: this.closed,
    };
  }

  // --- recording ---------------------------------------------------------------------------------------

  private bind(name: string, options: MetricOptions | undefined): Entry {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      return this.rejectedEntry(name, `record options must be an object (got ${String(options)})`);
    }
    const dimensions = options?.dimensions;
    if (
      dimensions !== undefined &&
      (dimensions === null || typeof dimensions !== 'object' || Array.isArray(dimensions))
    ) {
      return this.rejectedEntry(
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
      rejection: undefined,
      lane,
      shapeBytes: estimateShapeBytes(definition) + this.settings.defaultDimensionBytes,
      generation: -1,
    };
  }

  private rejectedEntry(name: string, rejection: string): Entry {
    return { name, handle: undefined, rejection, lane: this.standard, shapeBytes: 0, generation: -1 };
  }

  private recordTo(
    entry: Entry,
    value: number,
    count: number,
    timestamp: Date | number | undefined,
  ): boolean {
    const samples = samplesOf(count);
    const bounds = this.bounds;
    if (bounds.full) return this.dropWhileFull(samples);
    this.recordedSamples += samples;
    if (--bounds.recordsUntilCount <= 0) bounds.countValues();
    if (this.closed) return this.reject(entry.name, value, count, samples, CLOSED_REASON, timestamp);
    if (entry.handle === undefined) {
      return this.reject(entry.name, value, count, samples, entry.rejection as string, timestamp);
    }
    const lane = entry.lane;
    // The first value of this key since the last drain: keys and shape bytes grow only here.
    const newKey = entry.generation !== lane.generation;
    if (bounds.full || (newKey && !bounds.admitsKey(entry.shapeBytes))) {
      this.droppedWhileFull += samples;
      return false;
    }
    if (!entry.handle.add(value, count, timestamp)) {
      // The Aggregator holds the rejected value and its reason until the drain.
      this.rejectedSamples += samples;
      this.rejectedSinceFlush++;
      return false;
    }
    if (newKey) {
      entry.generation = lane.generation;
      lane.keyBytes += entry.shapeBytes;
      if (lane === this.highResolution && lane.timer !== undefined && !lane.timer.running && !this.closed) {
        lane.timer.start();
      }
      bounds.keyAdded();
    }
    return true;
  }

  /** A record that came while the buffer was full: counted, and reported as `buffer-full` at the next drain. */
  private dropWhileFull(samples: number): false {
    this.recordedSamples += samples;
    this.droppedWhileFull += samples;
    return false;
  }

  /** Rejects a value the Aggregator never saw, holding it for the next `rejected` event. */
  private reject(
    metric: string,
    value: unknown,
    count: number,
    samples: number,
    reason: string,
    timestamp: Date | number | undefined,
  ): false {
    this.rejectedSamples += samples;
    this.rejectedSinceFlush++;
    const rejected: RejectedValue = { metric: String(metric), value, count, reason };
    if (timestamp !== undefined)
      rejected.timestamp = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    this.rejectedHere.push(rejected);
    // After close() there is no next flush to report it: report on the next tick, batched.
    if (this.closed && this.afterCloseReport === undefined && this.closing !== undefined) {
      this.afterCloseReport = this.closing.then(() => {
        this.afterCloseReport = undefined;
        this.reporter.rejected(this.takeRejectedHere());
        this.rejectedSinceFlush = 0;
        this.handOverFullDrops();
      });
    }
    return false;
  }

  // --- bounds ------------------------------------------------------------------------------------------

  /** Queues one flush for the bounds; record() itself never drains. */
  private flushForBounds(): void {
    if (this.boundsFlushQueued || this.closed) return;
    this.boundsFlushQueued = true;
    void this.queue.request('bounds', ALL_LANES);
  }

  // --- what the flush queue takes ----------------------------------------------------------------------

  private drain(scope: LaneScope): Drained {
    const requests: Drained['requests'] = [];
    const rejected = this.takeRejectedHere();
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
    this.rejectedSinceFlush = 0;
    this.handOverFullDrops();
    return { requests, rejected };
  }

  /** Records dropped while the buffer was full go to the queue's accounts, reported as one drop; open again. */
  private handOverFullDrops(): void {
    this.bounds.reset();
    if (this.droppedWhileFull === 0) return;
    this.queue.dropUnbuffered('buffer-full', this.droppedWhileFull);
    this.droppedWhileFull = 0;
  }

  private takeRejectedHere(): RejectedValue[] {
    const rejected = this.rejectedHere;
    this.rejectedHere = [];
    return rejected;
  }

  private async closeOnce(): Promise<MetricsBufferStats> {
    this.closed = true;
    this.standard.timer?.stop();
    this.highResolution.timer?.stop();
    await this.queue.close();
    // Values rejected during the final flushes.
    this.reporter.rejected(this.takeRejectedHere());
    this.settings.ownedClient?.destroy();
    return this.stats();
  }
}

/** Bytes of a datum's name, dimensions and unit in the body: an estimate, for early-flush bounds only. */
function estimateShapeBytes(definition: MetricDefinition): number {
  return JSON.stringify(definition).length + ESTIMATED_DATUM_OVERHEAD_BYTES;
}

/** Samples a record stands for: an invalid count is one sample, so that the sums of the counters add up. */
function samplesOf(count: unknown): number {
  return count === 1 ? 1 : typeof count === 'number' && count > 0 && Number.isFinite(count) ? count : 1;
}
