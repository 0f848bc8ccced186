/** A multiset written out value by value: the plainest statement of what its statistics must be. */

export function expand(pairs: ReadonlyArray<readonly [number, number]>): number[] {
  return pairs.flatMap(([value, count]) => Array<number>(count).fill(value));
}

/** The nearest-rank definition on the expanded list: the value at 1-based rank ceil(p/100 * N). */
export function naivePercentile(samples: readonly number[], hundredths: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (hundredths === 0) return sorted[0] as number;
  // Integer arithmetic: (hundredths * N) / 10000, rounded up.
  const rank = Math.floor((hundredths * sorted.length + 9_999) / 10_000);
  return sorted[rank - 1] as number;
}

/** A boundary of a trimmed statistic as the tests write it: a percentage in hundredths, or a value. */
export type TestBoundary = { percentHundredths: number } | { value: number };

/** The 1-based nearest rank of a percentage in hundredths: ceil(p/100 * N), in integers. */
function rank(hundredths: number, n: number): number {
  return Math.floor((hundredths * n + 9_999) / 10_000);
}

/**
 * Trimmed mean, winsorized mean, trimmed count and trimmed sum on the expanded, sorted list, as the
 * statistics definitions describe them (with the choices the package README states): percentages keep the
 * samples at ranks after the lower one's nearest rank, up to the upper one's; values keep lower < v <= upper;
 * winsorizing clamps to the boundary values (a percentage standing for its nearest-rank value).
 */
export function naiveTrimmed(
  samples: readonly number[],
  measure: 'mean' | 'winsorizedMean' | 'count' | 'sum',
  lower: TestBoundary | undefined,
  upper: TestBoundary | undefined,
): number | undefined {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return undefined;
  const boundaryValue = (b: TestBoundary | undefined): number | undefined => {
    if (!b) return undefined;
    if ('value' in b) return b.value;
    const r = rank(b.percentHundredths, n);
    return r === 0 ? undefined : sorted[r - 1];
  };
  if (measure === 'winsorizedMean') {
    const low = boundaryValue(lower) ?? Number.NEGATIVE_INFINITY;
    const high = boundaryValue(upper) ?? Number.POSITIVE_INFINITY;
    return sorted.reduce((sum, v) => sum + Math.min(high, Math.max(low, v)), 0) / n;
  }
  const byPercent = (lower && 'percentHundredths' in lower) || (upper && 'percentHundredths' in upper);
  const kept = byPercent
    ? sorted.slice(
        lower && 'percentHundredths' in lower ? rank(lower.percentHundredths, n) : 0,
        upper && 'percentHundredths' in upper ? rank(upper.percentHundredths, n) : n,
      )
    : sorted.filter(
        (v) =>
          (!lower || v > (lower as { value: number }).value) &&
          (!upper || v <= (upper as { value: number }).value),
      );
  const sum = kept.reduce((a, b) => a + b, 0);
  if (measure === 'count') return kept.length;
  if (measure === 'sum') return sum;
  return kept.length === 0 ? undefined : sum / kept.length;
}

/** Percentile rank: the percentage of samples with lower < v <= upper. */
export function naivePercentileRank(samples: readonly number[], lower?: number, upper?: number): number {
  const inside = samples.filter(
    (v) => (lower === undefined || v > lower) && (upper === undefined || v <= upper),
  );
  return (100 * inside.length) / samples.length;
}
