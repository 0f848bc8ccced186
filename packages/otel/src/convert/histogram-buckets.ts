/**
 * The buckets of the SDK's two histogram kinds, in ascending order of their values, as bucket-values.ts
 * takes them. An explicit histogram's buckets are (-Infinity, b0], (b0, b1], ..., (bn-1, +Infinity); an
 * exponential histogram's bucket i at scale s holds (base^i, base^(i+1)] with base = 2^(2^-s), mirrored for
 * negative values, plus a zero bucket.
 */
import type { ExponentialHistogram, Histogram } from '@opentelemetry/sdk-metrics';
import type { Bucket } from './bucket-values.js';

export function* explicitBuckets(histogram: Histogram): Generator<Bucket> {
  const { boundaries, counts } = histogram.buckets;
  for (let i = 0; i < counts.length; i++) {
    yield {
      lower: i === 0 ? Number.NEGATIVE_INFINITY : (boundaries[i - 1] as number),
      upper: i < boundaries.length ? (boundaries[i] as number) : Number.POSITIVE_INFINITY,
      count: counts[i] as number,
    };
  }
}

/** base^index at `scale`, i.e. 2^(index · 2^-scale): the lower bound of bucket `index`. */
export function exponentialLowerBound(scale: number, index: number): number {
  return 2 ** (index * 2 ** -scale);
}

/**
 * The worst relative error of a representative of an exponential bucket at `scale` (bucket bounds L and
 * L·base): (base - 1) / (base + 1). Scale 0: 1/3; scale 3: 4.3%; scale 5: 1.1%; scale 8: 0.14%.
 */
export function exponentialRelativeError(scale: number): number {
  const base = 2 ** (2 ** -scale);
  return (base - 1) / (base + 1);
}

export function* exponentialBuckets(histogram: ExponentialHistogram): Generator<Bucket> {
  const { scale, negative, positive, zeroCount } = histogram;
  // Negative values ascend from the bucket of the largest magnitude down to the smallest.
  for (let k = negative.bucketCounts.length - 1; k >= 0; k--) {
    const index = negative.offset + k;
    yield {
      lower: -exponentialLowerBound(scale, index + 1),
      upper: -exponentialLowerBound(scale, index),
      count: negative.bucketCounts[k] as number,
    };
  }
  if (zeroCount > 0) yield { lower: 0, upper: 0, count: zeroCount };
  for (let k = 0; k < positive.bucketCounts.length; k++) {
    const index = positive.offset + k;
    yield {
      lower: exponentialLowerBound(scale, index),
      upper: exponentialLowerBound(scale, index + 1),
      count: positive.bucketCounts[k] as number,
    };
  }
}
