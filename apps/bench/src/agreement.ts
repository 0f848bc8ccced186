/** Whether every contender would leave CloudWatch with the same statistics for the same records. */
import { EMPTY_SUMMARY, mergeSummaries, sameSummary } from '@cwagg/cloudwatch-local/multiset-statistics';
import type { MetricStatistics, StatisticsByMetric } from './output-statistics.js';

/** Exact, except sums, which differ in the last bits with the order of addition (cloudwatch-local's rule). */
export const sameStatistics: (a: MetricStatistics, b: MetricStatistics) => boolean = sameSummary;

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
  return Object.values(statistics).reduce(mergeSummaries, { ...EMPTY_SUMMARY });
}
