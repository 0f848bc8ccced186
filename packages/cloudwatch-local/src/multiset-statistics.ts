/**
 * The statistics CloudWatch computes from a multiset of values, given as (value, count) pairs: SampleCount,
 * Sum, Minimum, Maximum and nearest-rank percentiles, and when two such answers count as the same.
 *
 * This is the repository's one definition of them. The endpoint serves it (period-statistics.ts applies it
 * to each period of a query); the demo, the bench and the tests of core and kinesis compute the answer they
 * expect with it. It lives here because this package is the repository's reference for CloudWatch's
 * semantics and depends on none of the code those checks are about.
 */

/** (value, count) pairs, such as a Map from value to count. A value may repeat; counts of 0 add nothing. */
export type ValueCounts = Iterable<readonly [value: number, count: number]>;

export interface SummaryStatistics {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
}

/** No values: SampleCount 0, and Minimum/Maximum the identities of mergeSummaries (+/-Infinity). */
export const EMPTY_SUMMARY: Readonly<SummaryStatistics> = Object.freeze({
  SampleCount: 0,
  Sum: 0,
  Minimum: Number.POSITIVE_INFINITY,
  Maximum: Number.NEGATIVE_INFINITY,
});

export function summaryStatistics(values: ValueCounts): SummaryStatistics {
  const summary = { ...EMPTY_SUMMARY };
  for (const [value, count] of values) {
    if (!(count > 0)) continue;
    summary.SampleCount += count;
    summary.Sum += value * count;
    if (value < summary.Minimum) summary.Minimum = value;
    if (value > summary.Maximum) summary.Maximum = value;
  }
  return summary;
}

/** The summary of two multisets together: how CloudWatch combines datums, StatisticSets included. */
export function mergeSummaries(a: SummaryStatistics, b: SummaryStatistics): SummaryStatistics {
  return {
    SampleCount: a.SampleCount + b.SampleCount,
    Sum: a.Sum + b.Sum,
    Minimum: Math.min(a.Minimum, b.Minimum),
    Maximum: Math.max(a.Maximum, b.Maximum),
  };
}

/**
 * Nearest-rank percentile, p in hundredths of a percent (p99.9 -> 9990, so the rank arithmetic stays exact):
 * the smallest value v such that the counts of values <= v add up to at least ceil(p/100 * N), N being the
 * total count; p0 is the minimum. Undefined for an empty multiset.
 */
export function nearestRankPercentile(values: ValueCounts, hundredths: number): number | undefined {
  const sorted = [...values].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  if (sorted.length === 0) return undefined;
  if (hundredths === 0) return sorted[0]?.[0];
  const total = sorted.reduce((sum, [, c]) => sum + c, 0);
  const rank = ceilDiv10000(hundredths * total);
  let cumulative = 0;
  for (const [value, count] of sorted) {
    cumulative += count;
    if (cumulative >= rank) return value;
  }
  // Only reachable with fractional counts whose float sum falls short of the rank: the maximum it is.
  return sorted[sorted.length - 1]?.[0];
}

/** ceil(x / 10000), exact for integer x (float division alone rounds 700.0000001 the wrong way). */
function ceilDiv10000(x: number): number {
  if (Number.isSafeInteger(x)) {
    const remainder = x % 10_000;
    return (x - remainder) / 10_000 + (remainder > 0 ? 1 : 0);
  }
  return Math.ceil(x / 10_000);
}

/**
 * A percentile as CloudWatch serves it: the nearest rank, except that CloudWatch gives none for a multiset
 * holding a negative value. Undefined then, and for an empty multiset.
 */
export function cloudWatchPercentile(values: ValueCounts, hundredths: number): number | undefined {
  const pairs = [...values];
  if (pairs.some(([value, count]) => count > 0 && value < 0)) return undefined;
  return nearestRankPercentile(pairs, hundredths);
}

/**
 * Sums of the same values added in another order (per record, per batch, per request) differ in the last
 * bits; within this relative difference they are the same sum.
 */
export const SUM_RELATIVE_TOLERANCE = 1e-9;

export function sameSum(a: number, b: number): boolean {
  return Math.abs(a - b) <= SUM_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1);
}

/** The same summary: SampleCount, Minimum and Maximum exactly, Sum within SUM_RELATIVE_TOLERANCE. */
export function sameSummary(a: SummaryStatistics, b: SummaryStatistics): boolean {
  return (
    a.SampleCount === b.SampleCount &&
    a.Minimum === b.Minimum &&
    a.Maximum === b.Maximum &&
    sameSum(a.Sum, b.Sum)
  );
}
