/**
 * The statistics the demo compares, computed the way CloudWatch defines them (nearest-rank percentiles,
 * as @cwagg/cloudwatch-local serves them), and the rule for "the two handlers agree".
 */
import { nearestRankPercentile } from '@cwagg/cloudwatch-local';

export const STATISTIC_NAMES = ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'p50', 'p90', 'p99'] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

/** null where CloudWatch has no answer (no data; percentiles of negative values). */
export type Statistics = Record<StatisticName, number | null>;

/** Sums are added in a different order by each path; beyond this relative difference they disagree. */
export const SUM_RELATIVE_TOLERANCE = 1e-9;

export function emptyStatistics(): Statistics {
  return { SampleCount: null, Sum: null, Minimum: null, Maximum: null, p50: null, p90: null, p99: null };
}

/** The statistics of a value multiset (value -> count). */
export function statisticsOf(values: ReadonlyMap<number, number>): Statistics {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const [value, n] of values) {
    count += n;
    sum += value * n;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (count === 0) return { ...emptyStatistics(), SampleCount: 0 };
  // CloudWatch gives no percentile for a period with a negative value.
  const percentile = (hundredths: number): number | null =>
    min < 0 ? null : (nearestRankPercentile(values, hundredths) ?? null);
  return {
    SampleCount: count,
    Sum: sum,
    Minimum: min,
    Maximum: max,
    p50: percentile(5_000),
    p90: percentile(9_000),
    p99: percentile(9_900),
  };
}

function sameNumber(name: StatisticName, a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (name !== 'Sum') return a === b;
  return Math.abs(a - b) <= SUM_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1);
}

/** The statistics that differ (empty when they agree): exact, except Sum within SUM_RELATIVE_TOLERANCE. */
export function differences(a: Statistics, b: Statistics): StatisticName[] {
  return STATISTIC_NAMES.filter((name) => !sameNumber(name, a[name], b[name]));
}

export interface HistogramBin {
  /** Lower bound (inclusive). */
  from: number;
  /** Upper bound (exclusive, except for the last bin). */
  to: number;
  count: number;
}

/** A histogram of a value multiset in `bins` equal-width bins over [min, max] (one bin if all are equal). */
export function histogramOf(values: ReadonlyMap<number, number>, bins = 40): HistogramBin[] {
  if (values.size === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values.keys()) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === max) return [{ from: min, to: max, count: [...values.values()].reduce((a, b) => a + b, 0) }];
  const width = (max - min) / bins;
  const histogram = Array.from({ length: bins }, (_, i) => ({
    from: min + i * width,
    to: i === bins - 1 ? max : min + (i + 1) * width,
    count: 0,
  }));
  for (const [value, count] of values) {
    const bin = histogram[Math.min(bins - 1, Math.floor((value - min) / width))];
    if (bin) bin.count += count;
  }
  return histogram;
}
