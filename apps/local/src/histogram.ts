/** The distribution of the values sent, binned for the report's chart. */

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
