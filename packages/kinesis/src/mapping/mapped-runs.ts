/**
 * What the aggregated handler's run planner (runs.ts) does only with a mapping: cut a batch where the
 * namespace of its values changes, and add a run's values to the aggregators of their series (in one pass
 * into the run's namespace; grouped by series for a record whose values go to several), with the handler's
 * counts of what was set aside or folded. The mapped decoder hands these to the planner with its columns
 * (`MappedColumns.runs`), so a cold start without a mapping loads none of it.
 */
import type { Aggregator } from '@cwagg/core';
import type { DecodedBatch, MappedColumns, SetAsideValue } from '../batch.js';
import { foldedCounts, inRecords, reasonCounts, rejectionReason, type SelfMetrics } from '../self-metrics.js';

/** Consecutive records [first, end) whose values go to one namespace (several only for one record). */
export interface Segment {
  first: number;
  end: number;
  namespace: string;
}

/** The namespace of a record whose values go to more than one. */
const MIXED = Symbol('mixed');

/**
 * Cuts the batch where the namespace of its values changes. Records without values (invalid, or everything
 * set aside) join the segment they are in, or the next one; a record with values in several namespaces is a
 * segment of its own, counted in the namespace of its first value.
 */
function segmentsOf(batch: DecodedBatch, mapped: MappedColumns, home: string): Segment[] {
  const only = onlyNamespace(mapped);
  if (only !== undefined && batch.valueCount > 0) {
    // Every value goes to one namespace (a mapping's usual batch): one segment, found without visiting values.
    return [{ first: 0, end: batch.recordCount, namespace: only }];
  }
  return segmentsByValue(batch, mapped, home);
}

/** segmentsOf the long way, value by value (exported for the tests, which hold the short way to it). */
export function segmentsByValue(batch: DecodedBatch, mapped: MappedColumns, home: string): Segment[] {
  const segments: { first: number; end: number; namespace: string | typeof MIXED | undefined }[] = [];
  let current: (typeof segments)[number] | undefined;
  for (let r = 0; r < batch.recordCount; r++) {
    let namespace: string | typeof MIXED | undefined;
    for (let i = batch.recordFirstValue[r] as number; i < (batch.recordFirstValue[r + 1] as number); i++) {
      const own = namespaceOfValue(mapped, i);
      namespace = namespace === undefined || namespace === own ? own : MIXED;
    }
    if (namespace === MIXED) {
      segments.push({ first: r, end: r + 1, namespace });
      current = undefined;
    } else if (
      current !== undefined &&
      (namespace === undefined || current.namespace === undefined || namespace === current.namespace)
    ) {
      current.end = r + 1;
      current.namespace ??= namespace;
    } else {
      current = { first: r, end: r + 1, namespace };
      segments.push(current);
    }
  }
  return segments.map(({ first, end, namespace }) => ({
    first,
    end,
    namespace:
      namespace === MIXED
        ? namespaceOfValue(mapped, batch.recordFirstValue[first] as number)
        : (namespace ?? home),
  }));
}

function namespaceOfValue(mapped: MappedColumns, i: number): string {
  return (mapped.series[mapped.valueSeries[i] as number] as { namespace: string }).namespace;
}

/** The namespace of every series, when they share one. */
function onlyNamespace(mapped: MappedColumns): string | undefined {
  const first = mapped.series[0]?.namespace;
  for (const series of mapped.series) if (series.namespace !== first) return undefined;
  return first;
}

/** A range's values regrouped so that each series' values are contiguous: `order[k]` is the value at k. */
export interface Grouped {
  /** Values of series s are at [starts[s], starts[s + 1]). */
  starts: Int32Array;
  order: Int32Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/**
 * Ranges of up to this many values share one set of grouped columns (1.3 MB), reused by every call: new ones
 * were 20 bytes per value per invocation, 80 of the 446 bytes the mapped-events bench allocated per event.
 * A longer range gets columns of its own, so that one huge batch does not stay in memory.
 */
const MAX_SHARED_GROUPED_VALUES = 65_536;
const GROUPED_BYTES_PER_VALUE = 2 * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT;
let sharedGrouped: ArrayBuffer | undefined;

/** Columns for `n` grouped values; shared ones are overwritten by the next call (addRange reads them first). */
function groupedColumns(n: number): Omit<Grouped, 'starts'> {
  let buffer = sharedGrouped;
  if (buffer === undefined || buffer.byteLength < n * GROUPED_BYTES_PER_VALUE) {
    buffer = new ArrayBuffer(n * GROUPED_BYTES_PER_VALUE);
    if (n <= MAX_SHARED_GROUPED_VALUES) sharedGrouped = buffer;
  }
  const doubles = n * Float64Array.BYTES_PER_ELEMENT;
  return {
    values: new Float64Array(buffer, 0, n),
    timestamps: new Float64Array(buffer, doubles, n),
    order: new Int32Array(buffer, 2 * doubles, n),
  };
}

/**
 * A counting sort of values [from, to) by series, in batch order within each series: each series is then
 * added in one tight loop (Aggregator.addValues), which costs about half of a call per value.
 */
function groupBySeries(batch: DecodedBatch, mapped: MappedColumns, from: number, to: number): Grouped {
  const seriesCount = mapped.series.length;
  const starts = new Int32Array(seriesCount + 1);
  for (let i = from; i < to; i++) {
    const s = (mapped.valueSeries[i] as number) + 1;
    starts[s] = (starts[s] as number) + 1;
  }
  for (let s = 0; s < seriesCount; s++) starts[s + 1] = (starts[s + 1] as number) + (starts[s] as number);
  const next = starts.slice(0, seriesCount);
  const { order, values, timestamps } = groupedColumns(to - from);
  for (let i = from; i < to; i++) {
    const s = mapped.valueSeries[i] as number;
    const k = next[s] as number;
    next[s] = k + 1;
    order[k] = i;
    values[k] = batch.values[i] as number;
    timestamps[k] = mapped.timestamps[i] as number;
  }
  return { starts, order, values, timestamps };
}

/** Whether the values [from, to) go to more than one namespace. */
function severalNamespaces(mapped: MappedColumns, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    if (namespaceOfValue(mapped, i) !== namespaceOfValue(mapped, from)) return true;
  }
  return false;
}

/**
 * Adds a range whose series go to several namespaces (one record's, the only range that can: segmentsOf
 * makes such a record a segment of its own): grouped by series, each series added to its namespace's
 * aggregator. Values an aggregator refused are pushed to `refused`.
 */
function addBySeries(
  { batch, mapped, fromValue, toValue }: MappedRange,
  aggregatorFor: (namespace: string) => Aggregator,
  refused: { valueIndex: number; aggregator: Aggregator }[],
): void {
  const grouped = groupBySeries(batch, mapped, fromValue, toValue);
  for (let s = 0; s < mapped.series.length; s++) {
    const from = grouped.starts[s] as number;
    const to = grouped.starts[s + 1] as number;
    if (from === to) continue;
    const series = mapped.series[s] as (typeof mapped.series)[number];
    const aggregator = aggregatorFor(series.namespace);
    for (const k of aggregator.addValues(series.definition, grouped.values, grouped.timestamps, from, to)) {
      refused.push({ valueIndex: grouped.order[k] as number, aggregator });
    }
  }
}

/** A run's records [first, end) and their values [fromValue, toValue), in a batch read with a mapping. */
export interface MappedRange {
  batch: DecodedBatch;
  mapped: MappedColumns;
  first: number;
  end: number;
  fromValue: number;
  toValue: number;
}

/** Where a run's values and the handler's own counts go. */
export interface RunAggregators {
  /** The run's own namespace: the handler's counts. */
  own: Aggregator;
  aggregatorFor: (namespace: string) => Aggregator;
  self: SelfMetrics;
}

/**
 * Adds the range's values, series by series, and counts on `own` its `invalidRecords`, its values set aside
 * and refused by reason, and its folded values by dimension. Values an aggregator refused (a time outside
 * CloudWatch's window) are pushed to `refused`; returns the values set aside.
 */
function addRange(
  range: MappedRange,
  into: RunAggregators,
  invalidRecords: number,
  refused: { valueIndex: number; aggregator: Aggregator }[],
): SetAsideValue[] {
  const { batch, mapped, fromValue, toValue } = range;
  const { own, aggregatorFor, self } = into;
  const setAside = inRecords(mapped.setAside, range.first, range.end);
  if (range.end - range.first === 1 && severalNamespaces(mapped, fromValue, toValue)) {
    addBySeries(range, aggregatorFor, refused);
  } else {
    // Every value of the run goes to its own namespace: in batch order, in one pass.
    const definitions = mapped.series.map((series) => series.definition);
    const { valueSeries, timestamps } = mapped;
    for (const i of own.addEach(definitions, valueSeries, batch.values, timestamps, fromValue, toValue)) {
      refused.push({ valueIndex: i, aggregator: own });
    }
  }
  own.add(self.invalidRecords, invalidRecords);
  const reasons = reasonCounts(setAside);
  for (const { valueIndex } of refused) {
    const reason = rejectionReason(batch.values[valueIndex] as number);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) own.add(self.invalidValues(reason), count);
  const skip = new Set(refused.map((entry) => entry.valueIndex));
  for (const [dimension, count] of foldedCounts(batch, fromValue, toValue, skip)) {
    own.add(self.folded(dimension), count);
  }
  return setAside;
}

/** The planner's mapped operations, as `MappedColumns.runs` carries them. */
export const mappedRuns = { segmentsOf, addRange };
export type MappedRuns = typeof mappedRuns;
