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
