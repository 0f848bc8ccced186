/**
 * Histogram conversions, held by properties over raw values bucketed the way the SDK buckets them (explicit
 * boundaries here; exponential ones through the SDK itself in histogram-buckets.test.ts): every bucket's count
 * is carried exactly once, each representative lies inside its bucket and the data's min..max, and every
 * percentile of the values sent is within the stated relative error of the exact one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bucket, bucketValues, representative } from '../../src/convert/bucket-values.js';
import { geometricBoundaries } from '../../src/convert/geometric-boundaries.js';
import { exactPercentile, weightedPercentile } from '../support/sdk.js';

/** The bucket (lower, upper] of each value, as the SDK's explicit histogram assigns it. */
function explicitHistogram(values: readonly number[], boundaries: readonly number[]): Bucket[] {
  const buckets: Bucket[] = Array.from({ length: boundaries.length + 1 }, (_, i) => ({
    lower: i === 0 ? Number.NEGATIVE_INFINITY : (boundaries[i - 1] as number),
    upper: i < boundaries.length ? (boundaries[i] as number) : Number.POSITIVE_INFINITY,
    count: 0,
  }));
  for (const value of values) {
    let i = 0;
    while (i < boundaries.length && value > (boundaries[i] as number)) i++;
    (buckets[i] as Bucket).count++;
  }
  return buckets;
}

const positiveValues = fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), {
  minLength: 1,
  maxLength: 300,
});

describe('representative', () => {
  it('lies inside its range, within the stated relative error of every value of it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-200, max: 1e200, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lo, ratio, where) => {
          const hi = Math.min(lo * ratio, Number.MAX_VALUE);
          const { value, relativeError } = representative(lo, hi);
          expect(value).toBeGreaterThanOrEqual(lo);
          expect(value).toBeLessThanOrEqual(hi);
          const x = lo + (hi - lo) * where;
          expect(Math.abs(value - x)).toBeLessThanOrEqual(relativeError * x + 4 * Number.EPSILON * x);
          // Mirrored for negative ranges.
          expect(representative(-hi, -lo)).toEqual({ value: -value, relativeError });
        },
      ),
    );
  });

  it('has no relative bound for a range reaching zero or infinity', () => {
    expect(representative(0, 4)).toEqual({ value: 2, relativeError: Number.POSITIVE_INFINITY });
    expect(representative(Number.NEGATIVE_INFINITY, 1).relativeError).toBe(Number.POSITIVE_INFINITY);
    expect(representative(5, 5)).toEqual({ value: 5, relativeError: 0 });
  });
});

describe('bucketValues over explicit buckets', () => {
  it('carries every count once, representatives ascending inside their buckets and min..max', () => {
    fc.assert(
      fc.property(positiveValues, fc.double({ min: 0.005, max: 0.2, noNaN: true }), (values, error) => {
        const boundaries = geometricBoundaries({ from: 0.01, to: 1e5, relativeError: error });
        const buckets = explicitHistogram(values, boundaries);
        const min = Math.min(...values);
        const max = Math.max(...values);
        const sent = bucketValues(buckets, min, max);
        expect(sent.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        for (let i = 0; i < sent.values.length; i++) {
          const value = sent.values[i] as number;
          expect(value).toBeGreaterThanOrEqual(min);
          expect(value).toBeLessThanOrEqual(max);
          if (i > 0) expect(value).toBeGreaterThan(sent.values[i - 1] as number);
          // Some non-empty bucket holds it.
          expect(buckets.some((b) => b.count > 0 && value > b.lower && value <= b.upper)).toBe(true);
        }
        const nonEmpty = buckets.filter((b) => b.count > 0);
        expect(sent.values.length).toBe(nonEmpty.length);
        nonEmpty.forEach((bucket, i) => {
          expect(sent.counts[i]).toBe(bucket.count);
        });
      }),
    );
  });

  it('keeps every percentile within the stated error of the exact one', () => {
    fc.assert(
      fc.property(positiveValues, fc.double({ min: 0.005, max: 0.2, noNaN: true }), (values, error) => {
        const boundaries = geometricBoundaries({ from: 0.0001, to: 1e7, relativeError: error });
        const sorted = Float64Array.from(values).sort();
        const sent = bucketValues(
          explicitHistogram(values, boundaries),
          sorted[0],
          sorted[sorted.length - 1],
        );
        // Geometric boundaries bound the error by construction (a hair for rounding).
        expect(sent.relativeError).toBeLessThanOrEqual(error * (1 + 1e-9));
        for (const p of [0, 1, 25, 50, 90, 99, 99.9, 100]) {
          const exact = exactPercentile(sorted, p);
          const read = weightedPercentile(sent.values, sent.counts, p);
          expect(Math.abs(read - exact)).toBeLessThanOrEqual(
            sent.relativeError * exact + 4 * Number.EPSILON * exact,
          );
        }
      }),
    );
  });

  it('cuts the open-ended outer buckets to the recorded min and max', () => {
    const sent = bucketValues(explicitHistogram([0.5, 0.7, 150, 2000], [1, 10, 100]), 0.5, 2000);
    // (-Infinity, 1] cut to [0.5, 1]; (100, +Infinity] cut to [100, 2000].
    expect(sent.values[0]).toBeCloseTo((2 * 0.5 * 1) / 1.5, 12);
    expect(sent.values[1]).toBeCloseTo((2 * 100 * 2000) / 2100, 9);
    expect(sent.counts).toEqual([2, 2]);
    expect(sent.relativeError).toBeCloseTo(1900 / 2100, 12);
    // A lone value in the outermost bucket is the recorded extreme itself.
    expect(bucketValues(explicitHistogram([0.5, 5, 2000], [1, 10, 100]), 0.5, 2000).values).toEqual([
      0.5,
      (2 * 1 * 10) / 11,
      2000,
    ]);
    // Without min and max an open bucket keeps its finite bound and has no relative bound.
    expect(bucketValues(explicitHistogram([2000], [100]), undefined, undefined)).toEqual({
      values: [100],
      counts: [1],
      relativeError: Number.POSITIVE_INFINITY,
    });
  });
});

describe('geometricBoundaries', () => {
  it('spaces boundaries by (1+e)/(1-e) from `from` to at least `to`', () => {
    const bounds = geometricBoundaries({ from: 1, to: 1000, relativeError: 0.01 });
    expect(bounds[0]).toBe(1);
    expect(bounds.at(-1)).toBeGreaterThanOrEqual(1000);
    expect((bounds[1] as number) / (bounds[0] as number)).toBeCloseTo(1.01 / 0.99, 12);
    expect(() => geometricBoundaries({ from: 0, to: 1, relativeError: 0.01 })).toThrow(RangeError);
    expect(() => geometricBoundaries({ from: 1, to: 2, relativeError: 1 })).toThrow(RangeError);
  });
});
