import { createHash } from 'node:crypto';
import { ServiceError } from './service-error.js';

export interface Dimension {
  Name: string;
  Value: string;
}

/** A metric's identity: namespace, name and the set of dimensions (kept sorted by name). */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** Summary statistics that add up across datums and seconds. */
export interface Summary {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * What one stored (metric, unit, second) holds: the summary, and the weighted multiset of raw values
 * (value -> summed count) the percentiles come from. Memory grows with distinct values, not samples.
 */
export interface Bucket extends Summary {
  values: Map<number, number>;
  /** Set once a datum gave only a StatisticValues set whose individual values cannot be known. */
  noPercentiles: boolean;
}

export interface StoredMetric extends MetricIdentity {
  key: string;
  lastWriteMs: number;
  /** unit -> second (epoch seconds, already floored to the datum's storage resolution) -> bucket */
  series: Map<string, Map<number, Bucket>>;
}

/** One validated datum, ready to store. */
export interface Sample {
  identity: MetricIdentity;
  unit: string;
  second: number;
  summary: Summary;
  /** [value, count] pairs with count > 0. */
  values: Array<[number, number]>;
  noPercentiles: boolean;
}

export interface StoreLimits {
  maxMetrics: number;
  maxStoredValues: number;
  maxStoreBytes: number;
}

/**
 * What the store's parts cost in memory, estimated on the high side from V8 heap measurements (Node 20):
 * a value in a bucket's Map 62 bytes, a bucket with its Map 280, a metric with its maps and strings 1,000
 * plus its identity (key, names and values, held twice). A count cap alone did not bound memory: 100,000
 * metrics with 30 dimensions of 1,024 characters are 3 GB.
 */
export const VALUE_BYTES = 64;
export const BUCKET_BYTES = 280;
export const METRIC_BYTES = 1_000;

function metricBytes(identity: MetricIdentity): number {
  let chars = identity.namespace.length + identity.metricName.length;
  for (const d of identity.dimensions) chars += d.Name.length + d.Value.length;
  // Held twice (identity and key); a name outside Latin-1 makes V8 store it with two bytes a character.
  return METRIC_BYTES + 2 * 2 * chars;
}

/**
 * Longer keys are stored as a digest. V8 hashes a string of more than 16,383 characters by its length
 * alone, so a Map holding many such keys degrades into a list: 30 dimensions of 1,024 characters make a
 * 31 KB key, and one PutMetricData of such datums took 20 s to store, blocking every other client.
 */
const MAX_RAW_KEY_CHARS = 1_024;

export function metricKey(identity: MetricIdentity): string {
  const canonical = JSON.stringify([
    identity.namespace,
    identity.metricName,
    identity.dimensions.map((d) => [d.Name, d.Value]),
  ]);
  if (canonical.length <= MAX_RAW_KEY_CHARS) return canonical;
  // '#' never starts a raw key (a JSON array), so the two forms cannot meet.
  return `#${createHash('sha256').update(canonical).digest('base64url')}`;
}

export function sortDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions]
    .map((d) => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/**
 * In-memory metric storage with hard caps: distinct metrics, and stored entries (one per distinct value
 * per (metric, unit, second) plus one per such bucket). A write that would pass a cap is refused whole.
 */
export class MetricStore {
  private readonly metrics = new Map<string, StoredMetric>();
  private entries = 0;
  private bytes = 0;

  constructor(private readonly limits: StoreLimits) {}

  get metricCount(): number {
    return this.metrics.size;
  }

  get storedValues(): number {
    return this.entries;
  }

  /** Estimated bytes of memory the stored metrics take (see VALUE_BYTES and the others). */
  get storedBytes(): number {
    return this.bytes;
  }

  get(identity: MetricIdentity): StoredMetric | undefined {
    return this.metrics.get(metricKey(identity));
  }

  /** All metrics, ordered by key so that paging is stable while new metrics arrive. */
  sorted(): StoredMetric[] {
    return [...this.metrics.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  reset(): void {
    this.metrics.clear();
    this.entries = 0;
    this.bytes = 0;
  }

  /** Stores every sample, or none of them when a cap would be passed. */
  add(samples: readonly Sample[], nowMs: number): void {
    const keys = samples.map((s) => metricKey(s.identity));
    this.checkCaps(samples, keys);
    samples.forEach((sample, i) => {
      const key = keys[i] as string;
      let metric = this.metrics.get(key);
      if (!metric) {
        metric = { ...sample.identity, key, lastWriteMs: nowMs, series: new Map() };
        this.metrics.set(key, metric);
        this.bytes += metricBytes(sample.identity);
      }
      metric.lastWriteMs = nowMs;
      let seconds = metric.series.get(sample.unit);
      if (!seconds) {
        seconds = new Map();
        metric.series.set(sample.unit, seconds);
      }
      let bucket = seconds.get(sample.second);
      if (!bucket) {
        bucket = { count: 0, sum: 0, min: Infinity, max: -Infinity, values: new Map(), noPercentiles: false };
        seconds.set(sample.second, bucket);
        this.entries++;
        this.bytes += BUCKET_BYTES;
      }
      bucket.count += sample.summary.count;
      bucket.sum += sample.summary.sum;
      bucket.min = Math.min(bucket.min, sample.summary.min);
      bucket.max = Math.max(bucket.max, sample.summary.max);
      bucket.noPercentiles ||= sample.noPercentiles;
      for (const [value, count] of sample.values) {
        const previous = bucket.values.get(value);
        if (previous === undefined) {
          this.entries++;
          this.bytes += VALUE_BYTES;
        }
        bucket.values.set(value, (previous ?? 0) + count);
      }
    });
  }

  private checkCaps(samples: readonly Sample[], keys: readonly string[]): void {
    const newMetrics = new Set(keys.filter((k) => !this.metrics.has(k)));
    let addedBytes = 0;
    const counted = new Set<string>();
    samples.forEach((sample, i) => {
      const key = keys[i] as string;
      if (newMetrics.has(key) && !counted.has(key)) {
        counted.add(key);
        addedBytes += metricBytes(sample.identity);
      }
    });
    if (this.metrics.size + newMetrics.size > this.limits.maxMetrics) {
      throw new ServiceError(
        'LimitExceeded',
        `cloudwatch-local stores at most ${this.limits.maxMetrics} distinct metrics (maxMetrics) and holds ` +
          `${this.metrics.size}; this request adds ${newMetrics.size} new ones, so nothing from it was stored. ` +
          'Reset the endpoint (POST /_cwagg/reset) or start it with a higher maxMetrics.',
      );
    }
    // Count exactly how many entries this request would add (duplicates within it count once). Nested
    // maps, not one set of concatenated strings: those would pass V8's hashing length (see metricKey).
    const added = new Map<string, Map<string, Map<number, Set<number>>>>();
    let addedEntries = 0;
    samples.forEach((sample, i) => {
      const key = keys[i] as string;
      const bucket = this.metrics.get(key)?.series.get(sample.unit)?.get(sample.second);
      let units = added.get(key);
      if (!units) {
        units = new Map();
        added.set(key, units);
      }
      let seconds = units.get(sample.unit);
      if (!seconds) {
        seconds = new Map();
        units.set(sample.unit, seconds);
      }
      let values = seconds.get(sample.second);
      if (!values) {
        values = new Set();
        seconds.set(sample.second, values);
        if (!bucket) {
          addedEntries++;
          addedBytes += BUCKET_BYTES;
        }
      }
      for (const [value] of sample.values) {
        if (bucket?.values.has(value) || values.has(value)) continue;
        values.add(value);
        addedEntries++;
        addedBytes += VALUE_BYTES;
      }
    });
    if (this.entries + addedEntries > this.limits.maxStoredValues) {
      throw new ServiceError(
        'LimitExceeded',
        `cloudwatch-local stores at most ${this.limits.maxStoredValues} distinct values (maxStoredValues) and ` +
          `holds ${this.entries}; this request adds ${addedEntries}, so nothing from it was stored. ` +
          'Reset the endpoint (POST /_cwagg/reset) or start it with a higher maxStoredValues.',
      );
    }
    if (this.bytes + addedBytes > this.limits.maxStoreBytes) {
      throw new ServiceError(
        'LimitExceeded',
        `cloudwatch-local stores at most ${this.limits.maxStoreBytes} bytes of metrics (maxStoreBytes, estimated) ` +
          `and holds ${this.bytes}; this request adds ${addedBytes}, so nothing from it was stored. ` +
          'Reset the endpoint (POST /_cwagg/reset) or start it with a higher maxStoreBytes.',
      );
    }
  }
}
