/**
 * The value stores on their own: the exact store keeps every distinct value with its count, whichever of its
 * layouts (dense small integers, values appended and sorted when reported, weighted values, earlier merges)
 * holds it, before and after it is emptied for reuse; the logarithmic store keeps every value within its
 * relative error of the value reported for it, with exact counts, sums, minima and maxima.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DENSE_AFTER, DENSE_INTEGER_LIMIT, ExactValues, MERGE_AT } from '../src/exact-values.js';
import { MAX_VALUE_MAGNITUDE } from '../src/limits/index.js';
import { LogBucketedValues, LogMapping, type StoreEntries } from '../src/value-stores.js';

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

/** Entries as rows; an exact store's sums, minima and maxima are its values' own. */
function rows(entries: StoreEntries) {
  return entries.values.map((value, i) => {
    const count = entries.counts[i] as number;
    return {
      value,
      count,
      sum: entries.sums?.[i] ?? value * count,
      min: entries.mins?.[i] ?? value,
      max: entries.maxs?.[i] ?? value,
    };
  });
}

/** What an exact store must report for `adds`: each distinct value once (-0 as 0), ascending. */
function expectedRows(adds: readonly { value: number; count: number }[]) {
  const expected = new Map<number, number>();
  for (const { value, count } of adds) expected.set(value + 0, (expected.get(value + 0) ?? 0) + count);
  return [...expected]
    .sort(([a], [b]) => a - b)
    .map(([value, count]) => ({ value, count, sum: value * count, min: value, max: value }));
}

/** Runs of one small integer after another: enough of them that the store starts counting them densely. */
const manySmallIntegers = fc.array(
  fc.record({ value: fc.integer({ min: 0, max: DENSE_INTEGER_LIMIT - 1 }), count: fc.constant(1) }),
  { minLength: DENSE_AFTER, maxLength: 3 * DENSE_AFTER },
);

describe('ExactValues', () => {
  it('holds each distinct value once, ascending, with the sum of its counts (-0 counted as 0)', () => {
    fc.assert(
      fc.property(
        fc.array(anAdd, { maxLength: 300 }),
        manySmallIntegers,
        fc.boolean(),
        (adds, small, dense) => {
          // With enough small integers mixed in (before, among and after the rest), the dense array takes over.
          const all = dense ? [...adds.slice(0, 50), ...small, ...adds.slice(50)] : adds;
          const store = new ExactValues();
          for (const { value, count } of all) store.add(value, count);
          const expected = expectedRows(all);
          expect(store.size).toBe(expected.length);
          expect(rows(store.entries())).toEqual(expected);
          for (const row of rows(store.entries())) expect(Object.is(row.value, -0)).toBe(false);
        },
      ),
    );
  });

  it('reports values added one by one and dense counts in one pass as the consolidated store does', () => {
    fc.assert(
      fc.property(fc.array(aValue, { maxLength: 600 }), manySmallIntegers, fc.nat(), (values, small, cut) => {
        // Small integers before, among and after the rest: the dense array takes over at some point.
        const at = values.length === 0 ? 0 : cut % values.length;
        const adds = [
          ...values.slice(0, at).map((value) => ({ value, count: 1 })),
          ...small,
          ...values.slice(at).map((value) => ({ value, count: 1 })),
        ];
        const onePass = new ExactValues();
        const consolidated = new ExactValues();
        for (const { value } of adds) {
          onePass.add(value, 1);
          consolidated.add(value, 1);
        }
        // `size` consolidates first: the store then reports from its merged run and its dense counts.
        expect(consolidated.size).toBeGreaterThan(0);
        const expected = expectedRows(adds);
        expect(rows(onePass.entries())).toEqual(expected);
        expect(rows(consolidated.entries())).toEqual(expected);
        // Asked again (a peek, then the drain): the same.
        expect(rows(onePass.entries())).toEqual(expected);
        expect(onePass.size).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reports the same after a peek, after more adds, and once emptied and reused', () => {
    fc.assert(
      fc.property(
        fc.array(anAdd, { maxLength: 200 }),
        fc.array(anAdd, { maxLength: 200 }),
        (first, second) => {
          const store = new ExactValues();
          for (const { value, count } of first) store.add(value, count);
          // The entries themselves, not a copy: a datum may hold their arrays.
          const held = store.entries();
          const peeked = rows(held);
          expect(peeked).toEqual(expectedRows(first));
          for (const { value, count } of second) store.add(value, count);
          expect(rows(store.entries())).toEqual(expectedRows([...first, ...second]));
          // What was reported before is never changed by what came after, nor by emptying the store.
          expect(rows(held)).toEqual(peeked);
          store.clear();
          expect(rows(held)).toEqual(peeked);
          expect(store.size).toBe(0);
          for (const { value, count } of second) store.add(value, count);
          expect(rows(store.entries())).toEqual(expectedRows(second));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('merges values that repeat, so that a store holds about its distinct values', () => {
    const store = new ExactValues();
    const adds = Array.from({ length: 2 * MERGE_AT + 17 }, (_, i) => ({ value: 0.5 + (i % 7), count: 1 }));
    for (const { value } of adds) store.add(value, 1);
    expect(store.size).toBe(7);
    expect(rows(store.entries())).toEqual(expectedRows(adds));
  });

  it('reads dense counts at every bit of a word in order, and forgets them all when emptied', () => {
    const store = new ExactValues();
    // Past DENSE_AFTER small integers: the rest are counted densely; 31, 32, 63 and 4,095 sit at word edges.
    const edges = [4_095, 63, 0, 31, 32, 1, 30, 33, 2_048, 2_047];
    const adds = [...Array.from({ length: DENSE_AFTER }, (_, i) => 100 + i), ...edges, ...edges].map(
      (value) => ({ value, count: 1 }),
    );
    for (const { value } of adds) store.add(value, 1);
    expect(rows(store.entries())).toEqual(expectedRows(adds));
    store.clear();
    expect(rows(store.entries())).toEqual([]);
    const few = [
      { value: 4_095, count: 1 },
      { value: 63, count: 2 },
      { value: 7, count: 1 },
    ];
    for (const { value, count } of few) store.add(value, count);
    expect(rows(store.entries())).toEqual(expectedRows(few));
  });

  it('holds more distinct values than it merges at, and starts afresh once emptied', () => {
    const store = new ExactValues();
    const many = Array.from({ length: 3 * MERGE_AT + 5 }, (_, i) => ({
      value: ((i * 7919) % (3 * MERGE_AT + 5)) + 0.25,
      count: 1,
    }));
    for (const { value } of many) store.add(value, 1);
    expect(store.size).toBe(many.length);
    expect(rows(store.entries())).toEqual(expectedRows(many));
    store.clear();
    const few = [
      { value: 2.5, count: 1 },
      { value: -1.5, count: 1 },
      { value: 2.5, count: 1 },
    ];
    for (const { value } of few) store.add(value, 1);
    expect(rows(store.entries())).toEqual(expectedRows(few));
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
