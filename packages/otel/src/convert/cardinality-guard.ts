/**
 * The cardinality guard: at most `maxValuesPerDimension` distinct values of each dimension per export; the
 * others are folded into one overflow value (`Other` by default), so that an attribute fed from request ids
 * cannot create thousands of custom metrics, each billed per month. Values kept in the previous export keep
 * their place first, so a metric does not flap in and out of `Other` from one minute to the next; new
 * values fill the room left in the order they appear.
 *
 * Not core's CardinalityScope (`@cwagg/core/mapping`): that one decides value by value as records stream
 * through a scope that starts afresh, so that a replayed Lambda batch folds the same way; an export holds all
 * its points at once, and a long-running service wants the values it kept last minute to stay kept.
 */

/** A point as the guard sees it: its dimensions (rewritten in place) and the samples it carries. */
export interface GuardedPoint {
  dimensions: Record<string, string>;
  statistics: { SampleCount: number };
}

/** What the guard folded in one dimension during one export. */
export interface FoldedDimension {
  dimension: string;
  /** Distinct values seen in this export, the overflow value aside. */
  distinctValues: number;
  /** Values kept as they were. */
  keptValues: number;
  /** Distinct values folded into the overflow value. */
  foldedValues: number;
  /** Data points whose value was folded, and the samples they carry. */
  dataPoints: number;
  samples: number;
}

export class CardinalityGuard {
  /** The values kept in the previous export, by dimension name. */
  private kept = new Map<string, Set<string>>();

  constructor(
    readonly maxValuesPerDimension: number,
    readonly overflowValue: string,
  ) {}

  /** Folds, in place, every value past the cap into the overflow value; returns what it folded. */
  apply(points: readonly GuardedPoint[]): FoldedDimension[] {
    const seen = new Map<string, Set<string>>();
    for (const point of points) {
      for (const [name, value] of Object.entries(point.dimensions)) {
        if (value === this.overflowValue) continue;
        let values = seen.get(name);
        if (values === undefined) {
          values = new Set();
          seen.set(name, values);
        }
        values.add(value);
      }
    }
    const keep = new Map<string, Set<string>>();
    const folded: FoldedDimension[] = [];
    for (const [name, values] of seen) {
      const chosen = new Set<string>();
      const before = this.kept.get(name);
      if (before !== undefined) {
        for (const value of values) {
          if (chosen.size === this.maxValuesPerDimension) break;
          if (before.has(value)) chosen.add(value);
        }
      }
      for (const value of values) {
        if (chosen.size === this.maxValuesPerDimension) break;
        chosen.add(value);
      }
      keep.set(name, chosen);
      if (chosen.size < values.size) {
        folded.push({
          dimension: name,
          distinctValues: values.size,
          keptValues: chosen.size,
          foldedValues: values.size - chosen.size,
          dataPoints: 0,
          samples: 0,
        });
      }
    }
    this.kept = keep;
    if (folded.length === 0) return folded;
    const byName = new Map(folded.map((entry) => [entry.dimension, entry]));
    for (const point of points) {
      for (const [name, value] of Object.entries(point.dimensions)) {
        const entry = byName.get(name);
        if (entry === undefined || value === this.overflowValue || keep.get(name)?.has(value)) continue;
        point.dimensions[name] = this.overflowValue;
        entry.dataPoints++;
        entry.samples += point.statistics.SampleCount;
      }
    }
    return folded;
  }
}
