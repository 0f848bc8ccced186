import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloudWatchPercentile,
  EMPTY_SUMMARY,
  mergeSummaries,
  nearestRankPercentile,
  sameSum,
  sameSummary,
  summaryStatistics,
} from '../src/multiset-statistics.js';
import { expand, naivePercentile } from './support/expanded-multiset.js';

const pairsArbitrary = fc.array(
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 20 })),
  { minLength: 1, maxLength: 60 },
);

describe('nearest-rank percentiles', () => {
  it('ranks exactly where floating point would not (p7 of 1..100 is 7, not 8)', () => {
    const oneToHundred = new Map(Array.from({ length: 100 }, (_, i) => [i + 1, 1] as [number, number]));
    expect(0.07 * 100).toBeGreaterThan(7); // the trap: 7.000000000000001
    expect(nearestRankPercentile(oneToHundred, 700)).toBe(7);
    expect(nearestRankPercentile(oneToHundred, 9999)).toBe(100);
    expect(nearestRankPercentile(oneToHundred, 0)).toBe(1);
    expect(nearestRankPercentile(oneToHundred, 5000)).toBe(50);
    expect(nearestRankPercentile(new Map(), 5000)).toBeUndefined();
  });

  it('equals the nearest rank of the expanded multiset, whether values repeat or not (property)', () => {
    fc.assert(
      fc.property(pairsArbitrary, fc.integer({ min: 0, max: 10_000 }), (pairs, hundredths) => {
        const expected = naivePercentile(expand(pairs), hundredths);
        expect(nearestRankPercentile(pairs, hundredths)).toBe(expected);
        const merged = new Map<number, number>();
        for (const [value, count] of pairs) merged.set(value, (merged.get(value) ?? 0) + count);
        expect(nearestRankPercentile(merged, hundredths)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores values counted zero times', () => {
    expect(
      nearestRankPercentile(
        [
          [1, 0],
          [5, 2],
          [9, 0],
        ],
        0,
      ),
    ).toBe(5);
    expect(nearestRankPercentile([[1, 0]], 5000)).toBeUndefined();
  });

  it('as CloudWatch serves them: none for a multiset with a negative value', () => {
    expect(
      cloudWatchPercentile(
        new Map([
          [-1, 1],
          [4, 3],
        ]),
        5000,
      ),
    ).toBeUndefined();
    expect(
      cloudWatchPercentile(
        new Map([
          [0, 1],
          [4, 3],
        ]),
        5000,
      ),
    ).toBe(4);
    // A negative value counted zero times is not in the multiset.
    expect(
      cloudWatchPercentile(
        [
          [-1, 0],
          [2, 1],
        ],
        9900,
      ),
    ).toBe(2);
    expect(cloudWatchPercentile([], 5000)).toBeUndefined();
  });
});

describe('SampleCount, Sum, Minimum and Maximum', () => {
  it('count each value as many times as its count says', () => {
    expect(
      summaryStatistics(
        new Map([
          [2, 3],
          [-1, 1],
          [10, 2],
        ]),
      ),
    ).toEqual({ SampleCount: 6, Sum: 25, Minimum: -1, Maximum: 10 });
  });

  it('of nothing: zero samples, and the identity of the merge', () => {
    expect(summaryStatistics([])).toEqual(EMPTY_SUMMARY);
    expect(summaryStatistics([[7, 0]])).toEqual(EMPTY_SUMMARY);
    const some = { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 };
    expect(mergeSummaries(EMPTY_SUMMARY, some)).toEqual(some);
    expect(() => {
      (EMPTY_SUMMARY as { SampleCount: number }).SampleCount = 1;
    }).toThrow(TypeError);
  });

  it('merge as the statistics of the two multisets together (property)', () => {
    fc.assert(
      fc.property(pairsArbitrary, pairsArbitrary, (a, b) => {
        expect(mergeSummaries(summaryStatistics(a), summaryStatistics(b))).toEqual(
          summaryStatistics([...a, ...b]),
        );
      }),
    );
  });
});

describe('when two answers are the same', () => {
  it('takes sums added in another order as the same, and nothing else', () => {
    const a = { SampleCount: 3, Sum: 0.1 + 0.2 + 0.3, Minimum: 0.1, Maximum: 0.3 };
    const b = { SampleCount: 3, Sum: 0.3 + 0.2 + 0.1, Minimum: 0.1, Maximum: 0.3 };
    expect(a.Sum).not.toBe(b.Sum);
    expect(sameSummary(a, b)).toBe(true);
    expect(sameSummary(a, { ...b, SampleCount: 4 })).toBe(false);
    expect(sameSummary(a, { ...b, Minimum: 0 })).toBe(false);
    expect(sameSummary(a, { ...b, Maximum: 0.31 })).toBe(false);
    expect(sameSum(1e12, 1e12 + 1)).toBe(true);
    expect(sameSum(1e12, 1e12 + 10_000)).toBe(false);
    // Near zero the tolerance is absolute: 1e-9.
    expect(sameSum(0, 1e-10)).toBe(true);
    expect(sameSum(0, 1e-6)).toBe(false);
  });
});
