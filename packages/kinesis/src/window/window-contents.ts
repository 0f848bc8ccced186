/**
 * What a tumbling window holds between invocations: per series (namespace, metric, dimensions) and period
 * (the minute, or the second of a high-resolution metric), every distinct value with its count, or, in the
 * bounded-error mode, logarithmic buckets with the exact count, sum, minimum and maximum of their values; the
 * handler's own counts (invalid records, values set aside by reason, values folded by dimension); and the
 * values the cardinality guard kept, so that the guard applies to the whole window.
 */
import type { MetricDefinition } from '@cwagg/core';
import type { KeptValues } from '@cwagg/core/mapping';

export type WindowMode = { kind: 'exact' } | { kind: 'bounded'; relativeError: number };

/** The exact statistics of the values a bucket stands for. */
export interface BucketStats {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface SeriesValues {
  namespace: string;
  definition: MetricDefinition;
  /** Exact mode: period start (epoch ms) -> value -> count. */
  exact: Map<number, Map<number, number>>;
  /** Bounded mode: period start (epoch ms) -> bucket key -> statistics. */
  buckets: Map<number, Map<number, BucketStats>>;
}

export interface WindowContents {
  mode: WindowMode;
  /** Start of the window (epoch ms), as Lambda named it; NaN when the event did not say. */
  windowStart: number;
  series: Map<string, SeriesValues>;
  /** Kinesis records folded since the contents were last published (or since the window began). */
  records: number;
  invalidRecords: number;
  invalidValues: Map<string, number>;
  folded: Map<string, number>;
  /** The cardinality guard's values: they outlive a publication within the window. */
  kept: KeptValues[];
  /** Publications before the window's end so far (state budget reached). */
  earlyFlushes: number;
}

export function emptyContents(mode: WindowMode, windowStart: number): WindowContents {
  return {
    mode,
    windowStart,
    series: new Map(),
    records: 0,
    invalidRecords: 0,
    invalidValues: new Map(),
    folded: new Map(),
    kept: [],
    earlyFlushes: 0,
  };
}

/** After a publication within the window: nothing left to publish, the guard and the counts of flushes kept. */
export function afreshContents(published: WindowContents): WindowContents {
  return {
    ...emptyContents(published.mode, published.windowStart),
    kept: published.kept,
    earlyFlushes: published.earlyFlushes,
  };
}

/** An independent copy: folding into it leaves the original as it was. */
export function cloneContents(contents: WindowContents): WindowContents {
  const series = new Map<string, SeriesValues>();
  for (const [key, entry] of contents.series) {
    series.set(key, {
      namespace: entry.namespace,
      definition: entry.definition,
      exact: new Map([...entry.exact].map(([start, values]) => [start, new Map(values)])),
      buckets: new Map(
        [...entry.buckets].map(([start, buckets]) => [
          start,
          new Map([...buckets].map(([key, stats]) => [key, { ...stats }])),
        ]),
      ),
    });
  }
  return {
    ...contents,
    series,
    invalidValues: new Map(contents.invalidValues),
    folded: new Map(contents.folded),
    kept: contents.kept.map((entry) => ({ ...entry, values: [...entry.values] })),
  };
}

/** One key per series: what CloudWatch tells metrics apart by (namespace, name, dimensions, unit, resolution). */
export function seriesKey(namespace: string, definition: MetricDefinition): string {
  const dimensions = definition.dimensions ?? {};
  const names = Object.keys(dimensions).sort();
  return JSON.stringify([
    namespace,
    definition.name,
    names.map((name) => [name, dimensions[name]]),
    definition.unit ?? null,
    definition.storageResolution ?? 60,
  ]);
}

export function seriesEntry(contents: WindowContents, namespace: string, definition: MetricDefinition) {
  const key = seriesKey(namespace, definition);
  let entry = contents.series.get(key);
  if (entry === undefined) {
    entry = { namespace, definition, exact: new Map(), buckets: new Map() };
    contents.series.set(key, entry);
  }
  return entry;
}

/** Distinct values (exact) or buckets (bounded) held, over every series and period. */
export function entryCount(contents: WindowContents): number {
  let total = 0;
  for (const entry of contents.series.values()) {
    for (const values of entry.exact.values()) total += values.size;
    for (const buckets of entry.buckets.values()) total += buckets.size;
  }
  return total;
}

/** Samples held: the sum of the counts. */
export function sampleCount(contents: WindowContents): number {
  let total = 0;
  for (const entry of contents.series.values()) {
    for (const values of entry.exact.values()) for (const count of values.values()) total += count;
    for (const buckets of entry.buckets.values()) for (const stats of buckets.values()) total += stats.count;
  }
  return total;
}

export function addCount(counts: Map<string, number>, key: string, count: number): void {
  if (count > 0) counts.set(key, (counts.get(key) ?? 0) + count);
}
