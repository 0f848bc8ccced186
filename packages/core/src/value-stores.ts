/**
 * Where the values of one metric in one time bucket accumulate. Pure in-memory structures: no I/O.
 *
 * `ExactValues` keeps every distinct value with its count (what the CloudWatch agent does).
 * `LogBucketedValues` maps values to logarithmic buckets with a bounded relative error, so millions of
 * distinct floats fit in a few hundred buckets, while count, sum, min and max stay exact per bucket.
 */

/** One entry of a sorted store: the value to report and the exact statistics of what it stands for. */
export interface StoreEntries {
  /** Values to report, ascending and distinct. */
  values: Float64Array;
  counts: Float64Array;
  /** Exact sum, minimum and maximum of the raw values behind each entry. */
  sums: Float64Array;
  mins: Float64Array;
  maxs: Float64Array;
}

export interface ValueStore {
  add(value: number, count: number): void;
  /** Number of distinct entries (values or buckets). */
  readonly size: number;
  entries(): StoreEntries;
}

/**
 * Small non-negative integers (counts, status codes, millisecond latencies) are counted in a dense array
 * that grows to the largest such value seen, up to this bound; everything else goes to a Map. Profiling
 * showed the Map's hashing dominating the sample workload (integers 0..1000).
 */
export const DENSE_INTEGER_LIMIT = 4096;

export class ExactValues implements ValueStore {
  private readonly sparse = new Map<number, number>();
  private dense: Float64Array = new Float64Array(0);
  private denseDistinct = 0;

  add(value: number, count: number): void {
    // `value >>> 0 === value` holds for integers 0..2^32-1, and for -0 (counted with 0).
    if (value >>> 0 === value && value < DENSE_INTEGER_LIMIT) {
      let dense = this.dense;
      if (value >= dense.length) dense = this.grow(value);
      if (dense[value] === 0) this.denseDistinct++;
      (dense[value] as number) += count;
      return;
    }
    // Map keys use SameValueZero, so -0 and 0 would share one entry here too.
    const sparse = this.sparse;
    const previous = sparse.get(value);
    sparse.set(value, previous === undefined ? count : previous + count);
  }

  get size(): number {
    return this.sparse.size + this.denseDistinct;
  }

  entries(): StoreEntries {
    const n = this.size;
    const values = new Float64Array(n);
    let at = 0;
    for (const value of this.sparse.keys()) values[at++] = value;
    const dense = this.dense;
    for (let value = 0; value < dense.length; value++) {
      if (dense[value] !== 0) values[at++] = value;
    }
    values.sort();
    const counts = new Float64Array(n);
    const sums = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = values[i] as number;
      const count =
        value >>> 0 === value && value < dense.length
          ? (dense[value] as number)
          : (this.sparse.get(value) as number);
      // -0 + 0 is +0: never report a negative zero.
      values[i] = value + 0;
      counts[i] = count;
      sums[i] = value * count;
    }
    return { values, counts, sums, mins: values, maxs: values };
  }

  private grow(value: number): Float64Array {
    let length = Math.max(64, this.dense.length);
    while (length <= value) length *= 2;
    const grown = new Float64Array(Math.min(length, DENSE_INTEGER_LIMIT));
    grown.set(this.dense);
    this.dense = grown;
    return grown;
  }
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
    const n = all.length;
    const entries: StoreEntries = {
      values: new Float64Array(n),
      counts: new Float64Array(n),
      sums: new Float64Array(n),
      mins: new Float64Array(n),
      maxs: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const at = order[i] as number;
      const bucket = all[at] as BucketStats;
      entries.values[i] = reported[at] as number;
      entries.counts[i] = bucket.count;
      entries.sums[i] = bucket.sum;
      entries.mins[i] = bucket.min + 0;
      entries.maxs[i] = bucket.max + 0;
    }
    return entries;
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
