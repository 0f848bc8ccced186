/**
 * Histogram buckets to CloudWatch Values/Counts: each non-empty bucket becomes one value, its representative,
 * carrying the bucket's count. The representative of values in [lo, hi] (0 < lo <= hi) is 2·lo·hi/(lo+hi):
 * the point whose worst relative distance to any value of the range is smallest, (hi-lo)/(hi+lo). Buckets
 * are first cut to the data point's own min..max, which tightens the outer ones (and bounds the open-ended
 * buckets of an explicit histogram); a bucket holding only the minimum or the maximum sends it exactly.
 * Representatives are non-decreasing in the bucket order, so every
 * percentile read back is the representative of the bucket holding the exact percentile, within that
 * bucket's relative error.
 */

/** Values in (lower, upper]; lower === upper for a bucket that holds one value (the zero bucket). */
export interface Bucket {
  lower: number;
  upper: number;
  count: number;
}

export interface BucketedValues {
  /** Ascending, distinct. */
  values: number[];
  /** Positive, one per value. */
  counts: number[];
  /** The largest relative error of a representative over its bucket's values; Infinity: unbounded. */
  relativeError: number;
}

export interface Representative {
  value: number;
  relativeError: number;
}

/** The representative of the values in [lo, hi] (lo <= hi), and its worst relative error over them. */
export function representative(lo: number, hi: number): Representative {
  if (lo === hi) return { value: lo, relativeError: 0 };
  // An open-ended bucket not cut by a recorded extreme: its finite bound, with no relative bound.
  if (lo === Number.NEGATIVE_INFINITY) return { value: hi, relativeError: Number.POSITIVE_INFINITY };
  if (hi === Number.POSITIVE_INFINITY) return { value: lo, relativeError: Number.POSITIVE_INFINITY };
  if (lo > 0) {
    // lo·(2hi/(lo+hi)), with halves so that neither product nor sum overflows near Number.MAX_VALUE.
    const value = Math.min(hi, Math.max(lo, lo * (hi / (lo / 2 + hi / 2))));
    return { value, relativeError: (hi / 2 - lo / 2) / (hi / 2 + lo / 2) };
  }
  if (hi < 0) {
    const mirrored = representative(-hi, -lo);
    return { value: -mirrored.value, relativeError: mirrored.relativeError };
  }
  // A range reaching zero has no relative bound: the midpoint halves the absolute error.
  return { value: lo / 2 + hi / 2, relativeError: Number.POSITIVE_INFINITY };
}

/**
 * The Values/Counts of buckets given in ascending order, cut to [min, max] when the data point recorded
 * them. Empty buckets are skipped; equal representatives (possible only after the cut) are merged.
 */
export function bucketValues(
  buckets: Iterable<Bucket>,
  min: number | undefined,
  max: number | undefined,
): BucketedValues {
  const nonEmpty = [...buckets].filter((bucket) => bucket.count > 0);
  const values: number[] = [];
  const counts: number[] = [];
  let relativeError = 0;
  nonEmpty.forEach(({ lower, upper, count }, i) => {
    let lo = min === undefined ? lower : Math.max(lower, min);
    let hi = max === undefined ? upper : Math.min(upper, max);
    if (!(lo <= hi)) {
      // min or max a rounding step outside the bucket's computed bounds: the nearer extreme is the value.
      lo = hi = min !== undefined && min > upper ? min : (max ?? upper);
    }
    // A lone value in the lowest (highest) bucket is the minimum (maximum) itself.
    if (count === 1 && i === 0 && min !== undefined) hi = lo;
    else if (count === 1 && i === nonEmpty.length - 1 && max !== undefined) lo = hi;
    const chosen = representative(lo, hi);
    if (chosen.relativeError > relativeError) relativeError = chosen.relativeError;
    const last = values.length - 1;
    if (last >= 0 && values[last] === chosen.value) counts[last] = (counts[last] as number) + count;
    else {
      values.push(chosen.value);
      counts.push(count);
    }
  });
  return { values, counts, relativeError };
}
