/**
 * The value stores on their own: the exact store keeps every distinct value with its count, whichever of its
 * two layouts (dense small integers, a Map for the rest) holds it; the logarithmic store keeps every value
 * within its relative error of the value reported for it, with exact counts, sums, minima and maxima.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VALUE_MAGNITUDE } from '../src/limits/index.js';
import {
  DENSE_INTEGER_LIMIT,
  ExactValues,
  LogBucketedValues,
  LogMapping,
  type StoreEntries,
} from '../src/value-stores.js';

/** Floating-point slack on top of the error bound: log and exp are not exact. */
const SLACK = 1e-9;

const aValue = fc.oneof(
  fc.integer({ min: 0, max: 2 * DENSE_INTEGER_LIMIT }),
  fc.constantFrom(-0, 0, DENSE_INTEGER_LIMIT - 1, DENSE_INTEGER_LIMIT, 2 ** 32, -1, 0.5, Number.MIN_VALUE),
  fc.double({ min: -MAX_VALUE_MAGNITUDE, max: MAX_VALUE_MAGNITUDE, noNaN: true }),
);
const anAdd = fc.record({
  value: aValue,
  count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1000 })),
});

function rows(entries: StoreEntries) {
  return Array.from(entries.values, (value, i) => ({
    value,
    count: entries.counts[i] as number,
    sum: entries.sums[i] as number,
    min: entries.mins[i] as number,
    max: entries.maxs[i] as number,
  }));
}

describe('ExactValues', () => {
  it('holds each distinct value once, ascending, with the sum of its counts (-0 counted as 0)', () => {
    fc.assert(
      fc.property(fc.array(anAdd, { maxLength: 300 }), (adds) => {
        const store = new ExactValues();
        const expected = new Map<number, number>();
        for (const { value, count } of adds) {
          store.add(value, count);
          expected.set(value + 0, (expected.get(value + 0) ?? 0) + count);
        }
        const sorted = [...expected].sort(([a], [b]) => a - b);
        expect(store.size).toBe(sorted.length);
        expect(rows(store.entries())).toEqual(
          sorted.map(([value, count]) => ({ value, count, sum: value * count, min: value, max: value })),
        );
        for (const row of rows(store.entries())) expect(Object.is(row.value, -0)).toBe(false);
      }),
    );
  });
});

describe('LogMapping', () => {
  it('reports every magnitude within the relative error, for any error in (0, 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        (relativeError, magnitude) => {
          const mapping = new LogMapping(relativeError);
          const reported = mapping.representative(mapping.index(magnitude));
          expect(Math.abs(reported - magnitude)).toBeLessThanOrEqual((relativeError + SLACK) * magnitude);
        },
      ),
    );
  });
});

describe('LogBucketedValues', () => {
  it('reports each value within the error, in ascending distinct buckets whose counts, sums, minima and maxima are exact', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.001, 0.01, 0.05),
        fc.array(anAdd, { minLength: 1, maxLength: 300 }),
        (relativeError, adds) => {
          const store = new LogBucketedValues(new LogMapping(relativeError));
          for (const { value, count } of adds) store.add(value, count);
          const buckets = rows(store.entries());
          expect(buckets).toHaveLength(store.size);
          for (let i = 1; i < buckets.length; i++) {
            expect((buckets[i] as (typeof buckets)[number]).value).toBeGreaterThan(
              (buckets[i - 1] as (typeof buckets)[number]).value,
            );
          }
          // Each value's bucket: the one whose range holds it. Its reported value is within the error.
          const perBucket = buckets.map(() => ({ count: 0, sum: 0, min: Infinity, max: -Infinity }));
          for (const { value, count } of adds) {
            const at = buckets.findIndex((bucket) => bucket.min <= value && value <= bucket.max);
            expect(at).toBeGreaterThanOrEqual(0);
            const bucket = buckets[at] as (typeof buckets)[number];
            expect(Math.abs(bucket.value - value)).toBeLessThanOrEqual(
              (relativeError + SLACK) * Math.abs(value),
            );
            const own = perBucket[at] as (typeof perBucket)[number];
            own.count += count;
            own.sum += value * count;
            own.min = Math.min(own.min, value + 0);
            own.max = Math.max(own.max, value + 0);
          }
          for (const [i, bucket] of buckets.entries()) {
            const own = perBucket[i] as (typeof perBucket)[number];
            expect(bucket.count).toBe(own.count);
            expect(bucket.min).toBe(own.min);
            expect(bucket.max).toBe(own.max);
            expect(bucket.sum).toBe(own.sum);
          }
        },
      ),
    );
  });

  it('keeps zero exact, in a bucket of its own, and negatives apart from positives', () => {
    const store = new LogBucketedValues(new LogMapping(0.01));
    store.add(0, 2);
    store.add(-0, 1);
    store.add(5, 1);
    store.add(-5, 1);
    expect(rows(store.entries()).map((bucket) => [bucket.value, bucket.count])).toEqual([
      [-5, 1],
      [0, 3],
      [5, 1],
    ]);
  });
});
