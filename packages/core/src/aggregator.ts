/**
 * The aggregator: folds values into an exact (or bounded-error) value -> count map per metric and time
 * bucket, rejects up front what CloudWatch would reject, and drains into limit-respecting requests.
 * Pure computation: no I/O, no timers.
 */

import { CwaggConfigError } from './errors.js';
import { ExactValues } from './exact-values.js';
import {
  HIGH_RESOLUTION,
  MAX_DATUMS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_VALUE_MAGNITUDE,
  STANDARD_RESOLUTION,
} from './limits/constants.js';
import {
  countProblem,
  dimensionsProblem,
  metricNameProblem,
  namespaceProblem,
  relativeErrorProblem,
  storageResolutionProblem,
  timestampProblem,
  unitProblem,
  valueProblem,
} from './limits/validation.js';
import {
  type DatumShape,
  datumsFor,
  envelopeBytes,
  type PackingLimits,
  packRequests,
  type SizedDatums,
} from './packing.js';
import type { DrainResult, MetricDefinition, RejectedValue } from './types.js';
import { LogBucketedValues, LogMapping, type ValueStore } from './value-stores.js';

export interface AggregatorOptions {
  /** CloudWatch namespace of every metric; checked at construction. */
  namespace: string;
  /**
   * Opt-in bounded-error mode: values are mapped to logarithmic buckets whose reported value is within
   * this relative error of every value in the bucket (0 < e < 1, e.g. 0.01). Count, sum, min and max
   * stay exact. Default: exact, every distinct value kept.
   */
  maxRelativeError?: number;
  /** Dimensions added to every metric (a metric's own dimensions win on a name clash). */
  defaultDimensions?: Readonly<Record<string, string>>;
  /** Clock in epoch milliseconds, for values added without a timestamp and for the timestamp window. */
  clock?: () => number;
  /** Lower the per-request limits (never above CloudWatch's). */
  maxDatumsPerRequest?: number;
  maxRequestBytes?: number;
}

/** AggregatorOptions once checked, defaults filled in: what an Aggregator is built from. */
export interface AggregatorSettings {
  namespace: string;
  maxRelativeError: number | undefined;
  /** A private copy: the caller's object may change later. */
  defaultDimensions: Readonly<Record<string, string>>;
  limits: Required<PackingLimits>;
}

/**
 * Checks AggregatorOptions for what CloudWatch would reject in every request built from them, and fills in
 * the defaults. Throws CwaggConfigError naming the first problem. MetricsBuffer checks its options with it
 * first, so that a bad namespace reads the same whichever class was given it.
 */
export function resolveAggregatorOptions(options: AggregatorOptions): AggregatorSettings {
  const problem = namespaceProblem(options?.namespace);
  if (problem !== undefined) throw new CwaggConfigError(problem);
  const error = options.maxRelativeError;
  const errorProblem = relativeErrorProblem(error);
  if (errorProblem !== undefined) throw new CwaggConfigError(errorProblem);
  const defaultDimensions = { ...(options.defaultDimensions ?? {}) };
  const dimensionProblem = dimensionsProblem(defaultDimensions);
  if (dimensionProblem !== undefined) throw new CwaggConfigError(`defaultDimensions: ${dimensionProblem}`);
  return {
    namespace: options.namespace,
    maxRelativeError: error,
    defaultDimensions,
    limits: {
      maxDatumsPerRequest: boundedLimit(
        'maxDatumsPerRequest',
        options.maxDatumsPerRequest,
        MAX_DATUMS_PER_REQUEST,
      ),
      maxRequestBytes: boundedLimit('maxRequestBytes', options.maxRequestBytes, MAX_REQUEST_BYTES),
    },
  };
}

/** One metric's aggregation state across time buckets. */
class Series {
  readonly periodMs: number;
  readonly buckets = new Map<number, ValueStore>();
  /** Whether the series is in the aggregator's maps; drain resets it so drained series cost nothing. */
  live = false;
  lastBucketStart = Number.NaN;
  lastStore: ValueStore | undefined;

  constructor(
    readonly key: string,
    readonly shape: DatumShape,
    storageResolution: number,
  ) {
    this.periodMs = storageResolution * 1000;
  }

  /** Empties the series, handing its stores back for reuse. */
  reset(release: (store: ValueStore) => void): void {
    for (const store of this.buckets.values()) release(store);
    this.buckets.clear();
    this.live = false;
    this.lastBucketStart = Number.NaN;
    this.lastStore = undefined;
  }
}

/**
 * Emptied stores kept for the next values: a Lambda handler drains every batch, and a store made afresh for
 * each regrew its arrays every time (at batch 150, 5% of the time). A batch of mapped events fills tens of
 * series (the bench's: 80), and with 8 kept the rest regrew their dense arrays on every batch. An emptied
 * store keeps at most its dense counts (40 KiB), so the pool holds at most 5 MiB; a service with many metrics
 * still keeps its memory following what is buffered.
 */
const STORE_POOL_SIZE = 128;

/** A metric bound to an aggregator: the fastest way to add values in a hot loop. */
export interface MetricHandle {
  readonly definition: MetricDefinition;
  /** Same as `aggregator.add(definition, value, count, timestamp)`. */
  add(value: number, count?: number, timestamp?: Date | number): boolean;
}

export class Aggregator {
  readonly namespace: string;
  readonly maxRelativeError: number | undefined;
  private readonly mapping: LogMapping | undefined;
  private readonly defaultDimensions: Readonly<Record<string, string>>;
  private readonly clock: () => number;
  private readonly limits: Required<PackingLimits>;
  private readonly live = new Map<string, Series>();
  private readonly byKey = new Map<string, Series>();
  private readonly byDefinition = new WeakMap<MetricDefinition, Series | string>();
  private rejected: RejectedValue[] = [];
  private acceptedSamples = 0;
  private readonly storePool: ValueStore[] = [];
  /** The live series in key order as of the last peek, reused while the same series are live. */
  private sortedSeries: Series[] = [];
  private readonly envelopeBytes: number;

  constructor(options: AggregatorOptions) {
    const settings = resolveAggregatorOptions(options);
    this.namespace = settings.namespace;
    this.maxRelativeError = settings.maxRelativeError;
    this.mapping =
      settings.maxRelativeError === undefined ? undefined : new LogMapping(settings.maxRelativeError);
    this.defaultDimensions = settings.defaultDimensions;
    this.clock = options.clock ?? Date.now;
    this.limits = settings.limits;
    this.envelopeBytes = envelopeBytes(settings.namespace);
  }

  /**
   * Adds `value`, seen `count` times (default 1), at `timestamp` (default now). Returns false, and records
   * the reason in `rejected`, when CloudWatch would reject it; a rejected value never affects the others.
   */
  add(metric: MetricDefinition, value: number, count = 1, timestamp?: Date | number): boolean {
    let series = this.byDefinition.get(metric);
    if (series === undefined) series = this.register(metric);
    if (typeof series === 'string') return this.reject(metric?.name, value, count, series, timestamp);
    return this.addTo(series, value, count, timestamp);
  }

  /** Binds a metric definition once, for repeated adds without the definition lookup. */
  metric(definition: MetricDefinition): MetricHandle {
    const series = this.register(definition);
    return {
      definition,
      add: (value, count = 1, timestamp) =>
        typeof series === 'string'
          ? this.reject(definition?.name, value, count, series, timestamp)
          : this.addTo(series, value, count, timestamp),
    };
  }

  /** Number of metric/time-bucket entries (distinct values or buckets) held now. */
  get distinctValues(): number {
    let total = 0;
    for (const series of this.live.values()) {
      for (const store of series.buckets.values()) total += store.size;
    }
    return total;
  }

  /** Sum of the counts accepted since the last drain. */
  get samples(): number {
    return this.acceptedSamples;
  }

  /** Number of metric keys (series) holding values. */
  get seriesCount(): number {
    return this.live.size;
  }

  /** What `drain()` would return, leaving the aggregator untouched. */
  peek(): DrainResult {
    const sized: SizedDatums = { datums: [], bytes: [] };
    // Datums of one bucket share its Date: a batch's values fall in few minutes.
    const dates = new Map<number, Date>();
    for (const series of this.seriesInKeyOrder()) {
      const starts =
        series.buckets.size === 1 ? series.buckets.keys() : [...series.buckets.keys()].sort((a, b) => a - b);
      for (const start of starts) {
        const store = series.buckets.get(start) as ValueStore;
        let date = dates.get(start);
        if (date === undefined) {
          date = new Date(start);
          dates.set(start, date);
        }
        datumsFor(series.shape, date, store.entries(), sized);
      }
    }
    const { datums } = sized;
    const { requests, requestBytes } = packRequests(
      this.namespace,
      datums,
      this.limits,
      sized.bytes,
      this.envelopeBytes,
    );
    let values = 0;
    let samples = 0;
    for (const datum of datums) {
      values += datum.Values.length;
      samples += datum.StatisticValues.SampleCount;
    }
    let bodyBytes = 0;
    for (const bytes of requestBytes) bodyBytes += bytes;
    return {
      requests,
      rejected: [...this.rejected],
      stats: {
        requests: requests.length,
        datums: datums.length,
        values,
        samples,
        bodyBytes,
        requestBytes,
        rejected: this.rejected.length,
      },
    };
  }

  /** Returns every request and every rejected value, and empties the aggregator. */
  drain(): DrainResult {
    const result = this.peek();
    const release = (store: ValueStore) => {
      if (this.storePool.length < STORE_POOL_SIZE) {
        store.clear();
        this.storePool.push(store);
      }
    };
    for (const series of this.live.values()) series.reset(release);
    this.live.clear();
    // Forget drained keys so a long-lived aggregator's memory follows what is buffered, not its history.
    this.byKey.clear();
    this.rejected = [];
    this.acceptedSamples = 0;
    return result;
  }

  /**
   * The live series sorted by key: the order of the datums, whatever the order of the adds. Sorting a thousand
   * keys on every drain was 15% of it; a handler or a service sees the same series drain after drain, so the
   * order is kept and sorted again only when the live series change.
   */
  private seriesInKeyOrder(): Series[] {
    const previous = this.sortedSeries;
    let same = previous.length === this.live.size;
    for (let i = 0; same && i < previous.length; i++) {
      const series = previous[i] as Series;
      same = this.live.get(series.key) === series;
    }
    if (!same) {
      this.sortedSeries = [...this.live.values()].sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
    }
    return this.sortedSeries;
  }

  private addTo(series: Series, value: number, count: number, timestamp: Date | number | undefined): boolean {
    if (typeof value !== 'number' || !(value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE)) {
      return this.reject(series.shape.MetricName, value, count, valueProblem(value) as string, timestamp);
    }
    if (count !== 1) {
      const problem = countProblem(count);
      if (problem !== undefined)
        return this.reject(series.shape.MetricName, value, count, problem, timestamp);
    }
    if (!series.live) series = this.activate(series);
    const at =
      timestamp === undefined
        ? this.clock()
        : typeof timestamp === 'number'
          ? timestamp
          : timestamp.getTime();
    const store = this.storeAt(series, at);
    if (typeof store === 'string') return this.reject(series.shape.MetricName, value, count, store, at);
    store.add(value, count);
    this.acceptedSamples += count;
    return true;
  }

  /**
   * Adds `values[from..to)`, each seen once, at `timestamps[i]` (epoch ms), in one tight loop: the fast way
   * to fold a decoded batch. Returns the indexes of the values rejected; their reasons are in `rejected`, in that order.
   */
  addValues(
    metric: MetricDefinition,
    values: ArrayLike<number>,
    timestamps: ArrayLike<number>,
    from = 0,
    to = values.length,
  ): number[] {
    const rejectedIndexes: number[] = [];
    let series = this.register(metric);
    if (typeof series === 'string') {
      for (let i = from; i < to; i++) {
        this.reject(metric?.name, values[i], 1, series as string, timestamps[i]);
        rejectedIndexes.push(i);
      }
      return rejectedIndexes;
    }
    if (!series.live) series = this.activate(series);
    this.acceptedSamples += this.addRange(series, values, timestamps, from, to, rejectedIndexes);
    return rejectedIndexes;
  }

  /**
   * Adds each `values[i]`, seen once at `timestamps[i]` (epoch ms), to the metric `metrics[seriesOf[i]]`, for i
   * in [from, to): the same as calling `add` for each in turn (the same values kept, the same ones rejected, in
   * the same order; a time within a hair of a bucket's end may go to either side, as with addValues), in one
   * pass over a batch of many metrics. Regrouping such a batch by metric first, to add each with addValues,
   * took a quarter of the mapped-events bench's aggregation. Returns the indexes of the values rejected; their
   * reasons are in `rejected`, in that order.
   *
   * @example
   * // Two metrics, values interleaved.
   * aggregator.addEach([latency, size], Int32Array.of(0, 1, 0), [12.5, 512, 9.75], [now, now, now]);
   */
  addEach(
    metrics: readonly MetricDefinition[],
    seriesOf: ArrayLike<number>,
    values: ArrayLike<number>,
    timestamps: ArrayLike<number>,
    from = 0,
    to = values.length,
  ): number[] {
    const n = metrics.length;
    // Per metric, the bucket its last value went to: a value inside it goes straight to its store.
    const cached = {
      stores: new Array<ValueStore | undefined>(n).fill(undefined),
      from: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
      to: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    };
    // The same arrays, in locals: the loop reads them without going through `cached` (addAndRemember writes them).
    const { stores, from: bucketFrom, to: bucketTo } = cached;
    const rejectedIndexes: number[] = [];
    let accepted = 0;
    for (let i = from; i < to; i++) {
      const s = seriesOf[i] as number;
      const value = values[i] as number;
      const at = timestamps[i] as number;
      if (
        at >= (bucketFrom[s] as number) &&
        at < (bucketTo[s] as number) &&
        typeof value === 'number' &&
        value <= MAX_VALUE_MAGNITUDE &&
        value >= -MAX_VALUE_MAGNITUDE
      ) {
        (stores[s] as ValueStore).add(value, 1);
        accepted++;
      } else if (!this.addAndRemember(metrics[s] as MetricDefinition, s, value, at, cached)) {
        rejectedIndexes.push(i);
      }
    }
    // add() counted the values it took; the ones added straight to a store are counted here.
    this.acceptedSamples += accepted;
    return rejectedIndexes;
  }

  /** addEach's slow way: `add`, then the store and bucket the value went to kept for the metric's next values. */
  private addAndRemember(
    metric: MetricDefinition,
    s: number,
    value: number,
    at: number,
    cached: { stores: (ValueStore | undefined)[]; from: Float64Array; to: Float64Array },
  ): boolean {
    if (!this.add(metric, value, 1, at)) return false;
    // The series that took it: this definition's, or another live one with the same key (activate).
    const own = this.register(metric) as Series;
    const series = this.live.get(own.key) as Series;
    cached.stores[s] = series.lastStore;
    cached.from[s] = series.lastBucketStart;
    cached.to[s] = series.lastBucketStart + series.periodMs;
    return true;
  }

  /**
   * addValues' loop, on its own: V8 compiles a long loop while it runs (on-stack replacement), and code after
   * the loop in the same function had no type feedback yet; the latencies bench deoptimised it up to a hundred
   * times in one process, and which processes did was chance. Returns how many values it accepted.
   */
  private addRange(
    series: Series,
    values: ArrayLike<number>,
    timestamps: ArrayLike<number>,
    from: number,
    to: number,
    rejectedIndexes: number[],
  ): number {
    // Records of a batch fall in few buckets: look a bucket up only when a time leaves the current one.
    const periodMs = series.periodMs;
    let bucketFrom = Number.POSITIVE_INFINITY;
    let bucketTo = Number.NEGATIVE_INFINITY;
    let store: ValueStore | string = '';
    let accepted = 0;
    for (let i = from; i < to; i++) {
      const value = values[i] as number;
      const at = timestamps[i] as number;
      // The same checks, in the same order, as add().
      if (typeof value !== 'number' || !(value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE)) {
        this.reject(series.shape.MetricName, value, 1, valueProblem(value) as string, at);
        rejectedIndexes.push(i);
        continue;
      }
      if (!(at >= bucketFrom && at < bucketTo)) {
        store = this.storeAt(series, at);
        bucketFrom = typeof store === 'string' ? Number.POSITIVE_INFINITY : series.lastBucketStart;
        bucketTo = bucketFrom + periodMs;
      }
      if (typeof store === 'string') {
        this.reject(series.shape.MetricName, value, 1, store, at);
        rejectedIndexes.push(i);
        continue;
      }
      store.add(value, 1);
      accepted++;
    }
    return accepted;
  }

  /** The store of the bucket `at` falls in (created on first use), or why a value at that time is rejected. */
  private storeAt(series: Series, at: number): ValueStore | string {
    const bucketStart = Math.floor(at / series.periodMs) * series.periodMs;
    let store = series.lastStore;
    if (bucketStart === series.lastBucketStart && store !== undefined) return store;
    const problem = this.windowProblem(bucketStart, at);
    if (problem !== undefined) return problem;
    store = series.buckets.get(bucketStart);
    if (store === undefined) {
      store =
        this.storePool.pop() ??
        (this.mapping === undefined ? new ExactValues() : new LogBucketedValues(this.mapping));
      series.buckets.set(bucketStart, store);
    }
    series.lastBucketStart = bucketStart;
    series.lastStore = store;
    return store;
  }

  /**
   * Makes a series live again after a drain. Another definition object with the same key may have made
   * its own series live meanwhile: then that one receives the values, so one key never has two series.
   */
  private activate(series: Series): Series {
    const current = this.byKey.get(series.key);
    if (current !== undefined && current !== series && current.live) return current;
    series.live = true;
    this.byKey.set(series.key, series);
    this.live.set(series.key, series);
    return series;
  }

  /** The timestamp sent is the bucket start: that is what must sit inside CloudWatch's window. */
  private windowProblem(bucketStart: number, at: number): string | undefined {
    if (!Number.isFinite(at)) return `timestamp ${String(at)} is not a valid time`;
    return timestampProblem(bucketStart, this.clock(), at);
  }

  private reject(
    metric: unknown,
    value: unknown,
    count: number,
    reason: string,
    timestamp: Date | number | undefined,
  ): false {
    const entry: RejectedValue = { metric: String(metric), value, count, reason };
    if (timestamp !== undefined)
      entry.timestamp = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    this.rejected.push(entry);
    return false;
  }

  /** Validates a definition once and finds (or creates) its series; a string is the reason it is invalid. */
  private register(definition: MetricDefinition): Series | string {
    const cached = this.byDefinition.get(definition);
    if (cached !== undefined) return cached;
    const resolved = this.resolve(definition);
    if (definition !== null && typeof definition === 'object') this.byDefinition.set(definition, resolved);
    return resolved;
  }

  private resolve(definition: MetricDefinition): Series | string {
    if (definition === null || typeof definition !== 'object') return 'metric definition must be an object';
    const problem =
      metricNameProblem(definition.name) ??
      unitProblem(definition.unit) ??
      storageResolutionProblem(definition.storageResolution);
    if (problem !== undefined) return problem;
    const dimensions: Record<string, string> = {
      ...this.defaultDimensions,
      ...(definition.dimensions ?? {}),
    };
    const dimensionProblem = dimensionsProblem(dimensions);
    if (dimensionProblem !== undefined) return dimensionProblem;
    const resolution = definition.storageResolution ?? STANDARD_RESOLUTION;
    const sorted = Object.keys(dimensions)
      .sort()
      .map((name) => ({ Name: name, Value: dimensions[name] as string }));
    const key = JSON.stringify([definition.name, sorted, definition.unit ?? null, resolution]);
    let series = this.byKey.get(key);
    if (series === undefined) {
      const shape: DatumShape = { MetricName: definition.name };
      if (sorted.length > 0) shape.Dimensions = sorted;
      if (definition.unit !== undefined) shape.Unit = definition.unit;
      // 60 is CloudWatch's default: leaving it out saves bytes and reads back the same.
      if (resolution === HIGH_RESOLUTION) shape.StorageResolution = HIGH_RESOLUTION;
      series = new Series(key, shape, resolution);
      this.byKey.set(key, series);
    }
    return series;
  }
}

function boundedLimit(name: string, value: number | undefined, limit: number): number {
  if (value === undefined) return limit;
  if (!Number.isInteger(value) || value < 1 || value > limit) {
    throw new CwaggConfigError(`${name} must be an integer from 1 to ${limit} (got ${String(value)})`);
  }
  return value;
}
