/** Whether every contender would leave CloudWatch with the same statistics for the same records. */
import type { MetricStatistics, StatisticsByMetric } from './statistics.js';

/** Sums of many doubles differ in the last bits with the order of addition. */
const SUM_RELATIVE_TOLERANCE = 1e-9;

export function sameStatistics(a: MetricStatistics, b: MetricStatistics): boolean {
  const scale = Math.max(Math.abs(a.Sum), Math.abs(b.Sum), 1);
  return (
    a.SampleCount === b.SampleCount &&
    a.Minimum === b.Minimum &&
    a.Maximum === b.Maximum &&
    Math.abs(a.Sum - b.Sum) <= SUM_RELATIVE_TOLERANCE * scale
  );
}

/** Differences between each contender and the first, described for a person; empty when all agree. */
export function disagreements(byContender: Readonly<Record<string, StatisticsByMetric>>): string[] {
  const entries = Object.entries(byContender);
  const [reference, ...others] = entries;
  if (reference === undefined) return [];
  const [referenceName, expected] = reference;
  const problems: string[] = [];
  for (const [name, actual] of others) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const want = expected[key];
      const got = actual[key];
      if (want === undefined || got === undefined) {
        problems.push(`${key}: ${want === undefined ? referenceName : name} has no such metric`);
      } else if (!sameStatistics(want, got)) {
        problems.push(`${key}: ${name} ${JSON.stringify(got)} vs ${referenceName} ${JSON.stringify(want)}`);
      }
    }
  }
  return problems;
}

/** One set of statistics over every metric: what a report shows in one line. */
export function overall(statistics: StatisticsByMetric): MetricStatistics {
  const total = { SampleCount: 0, Sum: 0, Minimum: Infinity, Maximum: -Infinity };
  for (const part of Object.values(statistics)) {
    total.SampleCount += part.SampleCount;
    total.Sum += part.Sum;
    total.Minimum = Math.min(total.Minimum, part.Minimum);
    total.Maximum = Math.max(total.Maximum, part.Maximum);
  }
  return total;
}
