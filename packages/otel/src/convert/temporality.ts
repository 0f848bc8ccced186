/**
 * What CloudWatch is sent per export, whatever temporality the SDK collected with: the increase of a counter
 * and the new values of a histogram since the previous export (delta), and the current level of an up-down
 * counter. Cumulative counters and histograms are turned into deltas by difference with the previous export's
 * snapshot of the same stream; delta up-down counters into levels by accumulation. The exporter asks the SDK
 * for the temporality that needs no conversion; this covers a reader configured otherwise.
 */
import type { ExponentialHistogram, Histogram } from '@opentelemetry/sdk-metrics';
import { exponentialLowerBound } from './histogram-buckets.js';

type Snapshot =
  | { kind: 'sum'; start: number; value: number }
  | { kind: 'explicit'; start: number; histogram: Histogram }
  | { kind: 'exponential'; start: number; histogram: ExponentialHistogram };

export interface HistogramDelta<H> {
  histogram: H;
  /** True when min or max could not be known exactly (a cumulative stream whose extremes did not move). */
  extremesEstimated: boolean;
}

export class TemporalityConverter {
  /** The last cumulative snapshot of each stream, by stream key. */
  private readonly snapshots = new Map<string, Snapshot>();
  /** The level of each up-down counter collected as deltas. */
  private readonly levels = new Map<string, number>();
  private readonly seen = new Set<string>();

  /**
   * The increase of a cumulative counter since the previous export. A stream seen for the first time, restarted
   * (another start time) or gone down (a reset) counts whole: the SDK starts cumulative streams at zero.
   */
  counterDelta(key: string, start: number, value: number): number {
    const previous = this.remember(key, { kind: 'sum', start, value });
    if (previous?.kind !== 'sum' || previous.start !== start || value < previous.value) return value;
    return value - previous.value;
  }

  /** The level of an up-down counter collected as deltas: the sum of every delta seen for the stream. */
  level(key: string, delta: number): number {
    const level = (this.levels.get(key) ?? 0) + delta;
    this.levels.set(key, level);
    return level;
  }

  explicitDelta(key: string, start: number, current: Histogram): HistogramDelta<Histogram> {
    const copy: Histogram = {
      ...current,
      buckets: { boundaries: [...current.buckets.boundaries], counts: [...current.buckets.counts] },
    };
    const previous = this.remember(key, { kind: 'explicit', start, histogram: copy });
    const whole = { histogram: current, extremesEstimated: false };
    if (previous?.kind !== 'explicit' || previous.start !== start) return whole;
    const before = previous.histogram;
    const { boundaries } = current.buckets;
    if (
      before.buckets.boundaries.length !== boundaries.length ||
      before.buckets.boundaries.some((bound, i) => bound !== boundaries[i])
    ) {
      return whole;
    }
    const counts = current.buckets.counts.map((count, i) => count - (before.buckets.counts[i] ?? 0));
    if (counts.some((count) => count < 0) || current.count < before.count) return whole;
    const first = counts.findIndex((count) => count > 0);
    const last = counts.findLastIndex((count) => count > 0);
    const lowest = first <= 0 ? Number.NEGATIVE_INFINITY : (boundaries[first - 1] as number);
    const highest = last < boundaries.length && last >= 0 ? (boundaries[last] as number) : Infinity;
    const extremes = deltaExtremes(before, current, lowest, highest);
    return {
      histogram: {
        buckets: { boundaries: [...boundaries], counts },
        count: current.count - before.count,
        ...difference('sum', before, current),
        ...extremes.values,
      },
      extremesEstimated: extremes.estimated,
    };
  }

  exponentialDelta(
    key: string,
    start: number,
    current: ExponentialHistogram,
  ): HistogramDelta<ExponentialHistogram> {
    const copy: ExponentialHistogram = {
      ...current,
      positive: { offset: current.positive.offset, bucketCounts: [...current.positive.bucketCounts] },
      negative: { offset: current.negative.offset, bucketCounts: [...current.negative.bucketCounts] },
    };
    const previous = this.remember(key, { kind: 'exponential', start, histogram: copy });
    const whole = { histogram: current, extremesEstimated: false };
    if (previous?.kind !== 'exponential' || previous.start !== start) return whole;
    const before = previous.histogram;
    // The SDK only ever lowers a cumulative stream's scale: the earlier buckets fold into the current ones.
    if (before.scale < current.scale) return whole;
    const shift = before.scale - current.scale;
    const positive = subtractBuckets(current.positive, before.positive, shift);
    const negative = subtractBuckets(current.negative, before.negative, shift);
    const zeroCount = current.zeroCount - before.zeroCount;
    if (positive === undefined || negative === undefined || zeroCount < 0 || current.count < before.count) {
      return whole;
    }
    const { scale } = current;
    const lowNegative = negative.bucketCounts.findLastIndex((count) => count > 0);
    const lowPositive = positive.bucketCounts.findIndex((count) => count > 0);
    const highPositive = positive.bucketCounts.findLastIndex((count) => count > 0);
    const highNegative = negative.bucketCounts.findIndex((count) => count > 0);
    const lowest =
      lowNegative >= 0
        ? -exponentialLowerBound(scale, negative.offset + lowNegative + 1)
        : zeroCount > 0
          ? 0
          : exponentialLowerBound(scale, positive.offset + Math.max(lowPositive, 0));
    const highest =
      highPositive >= 0
        ? exponentialLowerBound(scale, positive.offset + highPositive + 1)
        : zeroCount > 0
          ? 0
          : -exponentialLowerBound(scale, negative.offset + Math.max(highNegative, 0));
    const extremes = deltaExtremes(before, current, lowest, highest);
    return {
      histogram: {
        scale,
        zeroCount,
        positive,
        negative,
        count: current.count - before.count,
        ...difference('sum', before, current),
        ...extremes.values,
      },
      extremesEstimated: extremes.estimated,
    };
  }

  /**
   * Called after each export: forgets cumulative streams it did not report, since the SDK reports every live
   * cumulative stream at every collection. Levels are kept: a delta stream is reported only when it changed.
   */
  endExport(): void {
    for (const key of this.snapshots.keys()) if (!this.seen.has(key)) this.snapshots.delete(key);
    this.seen.clear();
  }

  private remember(key: string, snapshot: Snapshot): Snapshot | undefined {
    const previous = this.snapshots.get(key);
    this.snapshots.set(key, snapshot);
    this.seen.add(key);
    return previous;
  }
}

interface Extremes {
  min?: number;
  max?: number;
}

/** `{ [field]: current - before }` when both are known, else nothing. */
function difference(field: 'sum', before: { sum?: number }, current: { sum?: number }): { sum?: number } {
  const now = current[field];
  const then = before[field];
  return now === undefined || then === undefined ? {} : { [field]: now - then };
}

/**
 * The min and max of the values recorded between two cumulative snapshots. A cumulative minimum that went
 * down was recorded in between: exact. Otherwise the delta's lowest bucket bound (kept inside the
 * cumulative extremes) is the best estimate there is; likewise for the maximum.
 */
function deltaExtremes(
  before: Extremes,
  current: Extremes,
  lowest: number,
  highest: number,
): { values: Extremes; estimated: boolean } {
  if (current.min === undefined || current.max === undefined) return { values: {}, estimated: false };
  let estimated = false;
  let min = current.min;
  if (before.min !== undefined && !(current.min < before.min)) {
    min = Math.min(Math.max(lowest, current.min), current.max);
    estimated = true;
  }
  let max = current.max;
  if (before.max !== undefined && !(current.max > before.max)) {
    max = Math.max(Math.min(highest, current.max), min);
    estimated = true;
  }
  return { values: { min, max }, estimated };
}

interface BucketRange {
  offset: number;
  bucketCounts: number[];
}

/**
 * current - before, with `before` folded down by `shift` scales first (bucket i becomes i >> shift).
 * Undefined when a count would go negative or `before` holds a bucket `current` does not: a reset.
 */
function subtractBuckets(current: BucketRange, before: BucketRange, shift: number): BucketRange | undefined {
  const counts = [...current.bucketCounts];
  for (let k = 0; k < before.bucketCounts.length; k++) {
    const count = before.bucketCounts[k] as number;
    if (count === 0) continue;
    const index = Math.floor((before.offset + k) / 2 ** shift) - current.offset;
    if (index < 0 || index >= counts.length) return undefined;
    counts[index] = (counts[index] as number) - count;
    if ((counts[index] as number) < 0) return undefined;
  }
  return { offset: current.offset, bucketCounts: counts };
}
