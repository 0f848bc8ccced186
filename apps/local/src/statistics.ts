/**
 * The statistics the demo shows and compares: seven of them, null where CloudWatch has no answer. What they
 * are, and when two of them are the same, is cloudwatch-local's definition; this module only picks the names.
 */
import {
  cloudWatchPercentile,
  sameSum,
  summaryStatistics,
} from '@cwagg/cloudwatch-local/multiset-statistics';

export const STATISTIC_NAMES = ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'p50', 'p90', 'p99'] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

/** null where CloudWatch has no answer (no data; percentiles of negative values). */
export type Statistics = Record<StatisticName, number | null>;

/** Each path adds the sum in its own order; beyond this relative difference two sums disagree. */
export { SUM_RELATIVE_TOLERANCE } from '@cwagg/cloudwatch-local/multiset-statistics';

export function emptyStatistics(): Statistics {
  return { SampleCount: null, Sum: null, Minimum: null, Maximum: null, p50: null, p90: null, p99: null };
}

/** The statistics of a value multiset (value -> count). */
export function statisticsOf(values: ReadonlyMap<number, number>): Statistics {
  const summary = summaryStatistics(values);
  if (summary.SampleCount === 0) return { ...emptyStatistics(), SampleCount: 0 };
  const percentile = (hundredths: number): number | null => cloudWatchPercentile(values, hundredths) ?? null;
  return { ...summary, p50: percentile(5_000), p90: percentile(9_000), p99: percentile(9_900) };
}

function sameNumber(name: StatisticName, a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return name === 'Sum' ? sameSum(a, b) : a === b;
}

/** The statistics that differ (empty when they agree): exact, except Sum within SUM_RELATIVE_TOLERANCE. */
export function differences(a: Statistics, b: Statistics): StatisticName[] {
  return STATISTIC_NAMES.filter((name) => !sameNumber(name, a[name], b[name]));
}
