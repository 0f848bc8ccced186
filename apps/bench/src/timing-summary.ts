/**
 * Median with min and max of timing samples (ns per record, import ms, records per second): how every
 * measured figure is reported. Not CloudWatch statistics: those are in output-statistics.ts.
 */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: sorted.length,
  };
}

/**
 * `measured[i] / reference[i]` for every round both have: how much slower one bundle imported than another in
 * each round. The machine's speed moves over a run by more than the difference measured (one bundle's import
 * CPU time ranged from 58 to 98 ms in one run); two imports a moment apart see nearly the same machine.
 *
 * @example
 * pairedRatios([110, 60], [100, 50]); // [1.1, 1.2]
 */
export function pairedRatios(measured: readonly number[], reference: readonly number[]): number[] {
  const rounds = Math.min(measured.length, reference.length);
  return Array.from({ length: rounds }, (_, i) => (measured[i] as number) / (reference[i] as number));
}

/**
 * The middle half of `samples`: from the lower to the upper quartile (nearest rank), a spread that one outlier
 * does not move, for figures with many samples.
 *
 * @example
 * middleHalf([1, 2, 3, 4, 5, 6, 7, 8]); // { low: 2, high: 6 }
 */
export function middleHalf(samples: readonly number[]): { low: number; high: number } {
  if (samples.length === 0) throw new Error('no samples to take the middle half of');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { low: at(0.25), high: at(0.75) };
}
