/**
 * The statistics CloudWatch computes between two boundaries ("CloudWatch statistics definitions", User
 * Guide): trimmed mean (TM), winsorized mean (WM), trimmed count (TC), trimmed sum (TS), and percentile
 * rank (PR), on the weighted multiset of a period's values.
 *
 * Where the definitions leave a choice, this is the one made (the package README lists them):
 * - Percentage boundaries select by rank, with the nearest ranks the percentiles use: with N samples in
 *   ascending order, TM(a%:b%) keeps the samples at ranks ceil(a/100·N)+1 .. ceil(b/100·N). So tm99
 *   averages exactly the values up to p99's ("p99 is the maximum value of the remaining 99%, while tm99
 *   is the average of the remaining 99%"), and IQM of 1..100 averages 26..75, the middle 50 values.
 * - Value boundaries keep lower < v <= upper, as the definitions say for TC and PR and for "two boundaries
 *   as fixed values".
 * - WM(a:b) is the mean after raising each value below the lower boundary to it and lowering each value
 *   above the upper one to it; a percentage boundary stands for the value at its nearest rank (p_a, p_b).
 * - An empty selection has no TM (left out of the answer), a TC and TS of 0.
 */

/** A boundary: a percentage (exact, scaled by 10^10: at most 10 decimals) or a value. */
export type Boundary = { kind: 'percent'; scaled: bigint } | { kind: 'value'; value: number };

/** Both boundaries of a range are of one kind; either may be absent (open on that side). */
export interface Range {
  lower?: Boundary;
  upper?: Boundary;
}

export type TrimmedMeasure = 'mean' | 'winsorizedMean' | 'count' | 'sum';

/** 100% scaled as percentages are: 100 x 10^10. */
export const HUNDRED_PERCENT = 100n * 10n ** 10n;

type Pairs = ReadonlyArray<readonly [value: number, count: number]>;

function ascending(values: Iterable<readonly [number, number]>): Pairs {
  return [...values].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
}

function total(pairs: Pairs): number {
  return pairs.reduce((sum, [, c]) => sum + c, 0);
}

/** ceil(percent/100 x n), exact for whole counts (BigInt), from the percentage scaled by 10^10. */
export function rankOf(scaledPercent: bigint, n: number): number {
  if (Number.isSafeInteger(n)) {
    const product = scaledPercent * BigInt(n);
    const quotient = product / HUNDRED_PERCENT;
    return Number(product % HUNDRED_PERCENT === 0n ? quotient : quotient + 1n);
  }
  // Fractional counts: no exact rank exists; the float product is as good as any.
  return Math.ceil((Number(scaledPercent) / Number(HUNDRED_PERCENT)) * n);
}

/** The smallest value whose cumulative count reaches `rank` (the largest value past the end). */
function valueAtRank(pairs: Pairs, rank: number): number | undefined {
  let cumulative = 0;
  for (const [value, count] of pairs) {
    cumulative += count;
    if (cumulative >= rank) return value;
  }
  return pairs[pairs.length - 1]?.[0];
}

interface Selection {
  count: number;
  sum: number;
}

function selectByRank(pairs: Pairs, range: Range, n: number): Selection {
  const low = range.lower?.kind === 'percent' ? rankOf(range.lower.scaled, n) : 0;
  const high = range.upper?.kind === 'percent' ? rankOf(range.upper.scaled, n) : n;
  let before = 0;
  const selection = { count: 0, sum: 0 };
  for (const [value, count] of pairs) {
    const kept = Math.max(0, Math.min(high, before + count) - Math.max(low, before));
    selection.count += kept;
    selection.sum += value * kept;
    before += count;
  }
  return selection;
}

function selectByValue(pairs: Pairs, range: Range): Selection {
  const low = range.lower?.kind === 'value' ? range.lower.value : Number.NEGATIVE_INFINITY;
  const high = range.upper?.kind === 'value' ? range.upper.value : Number.POSITIVE_INFINITY;
  const selection = { count: 0, sum: 0 };
  for (const [value, count] of pairs) {
    if (value > low && value <= high) {
      selection.count += count;
      selection.sum += value * count;
    }
  }
  return selection;
}

function isPercentRange(range: Range): boolean {
  return range.lower?.kind === 'percent' || range.upper?.kind === 'percent';
}

/** The value a boundary stands for: itself, or the value at its nearest rank. */
function boundaryValue(pairs: Pairs, boundary: Boundary | undefined, n: number): number | undefined {
  if (boundary === undefined) return undefined;
  if (boundary.kind === 'value') return boundary.value;
  const rank = rankOf(boundary.scaled, n);
  return rank === 0 ? undefined : valueAtRank(pairs, rank);
}

/** One trimmed statistic of a multiset; undefined when it has none (no values, or an empty TM). */
export function trimmedStatistic(
  values: Iterable<readonly [number, number]>,
  measure: TrimmedMeasure,
  range: Range,
): number | undefined {
  const pairs = ascending(values);
  const n = total(pairs);
  if (n === 0) return undefined;
  if (measure === 'winsorizedMean') {
    const low = boundaryValue(pairs, range.lower, n) ?? Number.NEGATIVE_INFINITY;
    const high = boundaryValue(pairs, range.upper, n) ?? Number.POSITIVE_INFINITY;
    let sum = 0;
    for (const [value, count] of pairs) sum += Math.min(high, Math.max(low, value)) * count;
    return sum / n;
  }
  const selection = isPercentRange(range) ? selectByRank(pairs, range, n) : selectByValue(pairs, range);
  if (measure === 'count') return selection.count;
  if (measure === 'sum') return selection.sum;
  return selection.count > 0 ? selection.sum / selection.count : undefined;
}

/** PR(a:b): the percentage of samples with a < value <= b (a and b values, either open). */
export function percentileRank(
  values: Iterable<readonly [number, number]>,
  range: Range,
): number | undefined {
  const pairs = ascending(values);
  const n = total(pairs);
  if (n === 0) return undefined;
  return (100 * selectByValue(pairs, range).count) / n;
}
