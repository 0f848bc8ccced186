/**
 * Where the values of one metric in one time bucket accumulate. Pure in-memory structures: no I/O.
 *
 * `ExactValues` (exact-values.ts) keeps every distinct value with its count (what the CloudWatch agent does).
 * `LogBucketedValues` maps values to logarithmic buckets with a bounded relative error, so millions of
 * distinct floats fit in a few hundred buckets, while count, sum, min and max stay exact per bucket.
 */

/**
 * What a store reports: its entries in ascending order of the value reported for each, with the exact
 * statistics of the raw values behind each entry.
 */
export interface StoreEntries {
  /** Values to report, ascending and distinct. */
  values: number[];
  counts: number[];
  /** Exact sum, minimum and maximum of the raw values behind each entry; absent when each entry is one raw
   * value (the exact store): its sum is value x count, its minimum and maximum the value. */
  sums?: number[];
  mins?: number[];
  maxs?: number[];
  /**
   * Set when the entries are the first `length` slots of longer arrays the store lends (exact-values.ts):
   * they hold until the next `entries()` of any store, so whatever keeps them copies them.
   */
  length?: number;
}

export interface ValueStore {
  add(value: number, count: number): void;
  /** Number of distinct entries (values or buckets). */
  readonly size: number;
  entries(): StoreEntries;
  /** Empties the store for reuse. */
  clear(): void;
}

/**
 * A logarithmic mapping with relative error `alpha`: bucket i holds magnitudes in (gamma^(i-1), gamma^i]
 * with gamma = (1 + alpha) / (1 - alpha); its representative 2 gamma^i / (gamma + 1) is within alpha of
 * every magnitude in the bucket. The same construction as DDSketch.
 */
export class LogMapping {
  readonly gamma: number;
  private readonly lnGamma: number;
  private readonly midpointFactor: number;

  constructor(readonly relativeError: number) {
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.lnGamma = Math.log(this.gamma);
    this.midpointFactor = 2 / (1 + this.gamma);
  }

  index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) / this.lnGamma);
  }

  representative(index: number): number {
    return Math.exp(index * this.lnGamma) * this.midpointFactor;
  }
}

class BucketStats {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  constructor(readonly key: number) {}
}

export class LogBucketedValues implements ValueStore {
  // Key: 2 * index for positive values, 2 * index + 1 for negative ones; zero has its own bucket.
  private readonly buckets = new Map<number, BucketStats>();
  private zero: BucketStats | undefined;

  constructor(private readonly mapping: LogMapping) {}

  add(value: number, count: number): void {
    let bucket: BucketStats | undefined;
    if (value === 0) {
      bucket = this.zero ??= new BucketStats(0);
    } else {
      const key = value > 0 ? 2 * this.mapping.index(value) : 2 * this.mapping.index(-value) + 1;
      bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = new BucketStats(key);
        this.buckets.set(key, bucket);
      }
    }
    bucket.count += count;
    bucket.sum += value * count;
    if (value < bucket.min) bucket.min = value;
    if (value > bucket.max) bucket.max = value;
  }

  get size(): number {
    return this.buckets.size + (this.zero === undefined ? 0 : 1);
  }

  entries(): StoreEntries {
    const all = [...this.buckets.values()];
    if (this.zero !== undefined) all.push(this.zero);
    const reported = all.map((bucket) => this.reportedValue(bucket));
    const order = reported.map((_, i) => i).sort((a, b) => (reported[a] as number) - (reported[b] as number));
    const entries = {
      values: [] as number[],
      counts: [] as number[],
      sums: [] as number[],
      mins: [] as number[],
      maxs: [] as number[],
    };
    for (const at of order) {
      const bucket = all[at] as BucketStats;
      entries.values.push(reported[at] as number);
      entries.counts.push(bucket.count);
      entries.sums.push(bucket.sum);
      entries.mins.push(bucket.min + 0);
      entries.maxs.push(bucket.max + 0);
    }
    return entries;
  }

  clear(): void {
    this.buckets.clear();
    this.zero = undefined;
  }

  private reportedValue(bucket: BucketStats): number {
    if (bucket === this.zero) return 0;
    const negative = (bucket.key & 1) === 1;
    const magnitude = this.mapping.representative((bucket.key - (negative ? 1 : 0)) / 2);
    const representative = negative ? -magnitude : magnitude;
    // Clamping into the bucket's own range keeps buckets ordered and distinct, never widens the error,
    // and keeps the reported value inside CloudWatch's range.
    return Math.min(Math.max(representative, bucket.min), bucket.max) + 0;
  }
}
