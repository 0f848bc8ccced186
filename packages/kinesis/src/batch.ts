/**
 * A decoded batch, in columns: typed arrays keep 10,000 records cheap. Both decoders (bare numbers, and
 * records read with a mapping) fill one, and both planners read it.
 */
import type { MetricDefinition } from '@cwagg/core';
import type { FoldReport, SetAsideReason } from '@cwagg/core/mapping';
import type { MappedRuns } from './mapping/mapped-runs.js';

export interface InvalidRecord {
  /** Position of the Kinesis record in the batch. */
  recordIndex: number;
  sequenceNumber: string;
  /** Position of the user record inside a KPL aggregate. */
  subSequenceNumber?: number;
  reason: string;
}

/** Where a value goes: a metric with its dimensions, in a namespace. */
export interface Series {
  namespace: string;
  definition: MetricDefinition;
}

/**
 * Why a value was not published: core's reasons for what a record holds, and `OutsideTimeWindow` when
 * CloudWatch's window (14 days back, 2 hours ahead) refuses the record's time.
 */
export type ValueReason = SetAsideReason | 'OutsideTimeWindow';

/** A value of a readable record that was not published, with the reason. */
export interface SetAsideValue {
  recordIndex: number;
  reason: ValueReason;
  detail: string;
}

/** A value published under a dimension's overflow value instead of its own. */
export interface FoldedValue {
  valueIndex: number;
  dimension: string;
}

/** What a mapping adds to a batch: the series of each value, and what it set aside or folded. */
export interface MappedColumns {
  /** Index into `series` of each value. */
  valueSeries: Int32Array;
  series: readonly Series[];
  /** In record order: one entry per value and dimension set that could not be published. */
  setAside: SetAsideValue[];
  /** In value order: one entry per value and dimension that folded. */
  folded: FoldedValue[];
  /** The dimensions that folded values in this invocation, with a sample: for the log line. */
  foldReport: FoldReport[];
  /** How the run planner cuts and groups these columns (mapping/mapped-runs.ts): loaded with the mapping. */
  runs: MappedRuns;
}

export interface DecodedBatch {
  recordCount: number;
  /** Sequence number of Kinesis record `recordIndex` ('' when it had none); read when needed, not copied. */
  sequenceNumberOf(recordIndex: number): string;
  valueCount: number;
  values: Float64Array;
  /** Time (epoch ms) of each value: its record's arrival, or an embedded document's own timestamp. */
  timestamps: Float64Array;
  /**
   * recordFirstValue[r] is the index of record r's first value; recordFirstValue[recordCount] = valueCount.
   * The record a value came from is found from it (`recordOfValue`): a column of record indexes, one per
   * value, was 4 bytes more per value (1.8 MB of a KPL event's 460,000) for what only rare paths read.
   */
  recordFirstValue: Int32Array;
  invalid: InvalidRecord[];
  /** Absent: every value is the configured metric (bare numbers, VALUE_FIELD), in the configured namespace. */
  mapped?: MappedColumns;
}

/**
 * The Kinesis record value `valueIndex` (< valueCount) came from: the last record whose first value is at or
 * before it (records without values share their start with the next record, which holds the value).
 *
 * @example
 * // Record 0 holds values 0 and 1, record 1 none, record 2 value 2.
 * recordOfValue({ recordCount: 3, recordFirstValue: Int32Array.of(0, 2, 2, 3) }, 2); // 2
 */
export function recordOfValue(
  batch: Pick<DecodedBatch, 'recordCount' | 'recordFirstValue'>,
  valueIndex: number,
): number {
  const starts = batch.recordFirstValue;
  let low = 0;
  let high = batch.recordCount - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((starts[middle] as number) <= valueIndex) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The columns of a released batch are kept for the next one (`releaseBatch`). A 6 MB event of KPL aggregates
 * fills 7.4 MB of them, and new ones per invocation waited for a collection (external memory is collected
 * late), which raised peak RSS by about 10 MB per invocation; at batch 10,000 allocating them was 7% of
 * the CPU time.
 */

interface Columns {
  values: Float64Array;
  timestamps: Float64Array;
}

/** The columns of the last released large batch, for the next one; never held by a batch at the same time. */
let spare: Columns | undefined;

/**
 * Hands a decoded batch's columns back for the next batch to reuse, once. Only for a batch nothing reads any more:
 * its values, timestamps and record indexes are overwritten by the next large batch.
 */
export function releaseBatch(batch: DecodedBatch): void {
  if (batch.mapped !== undefined) return;
  if (spare !== undefined && spare.values.length >= batch.values.length) return;
  if (spare?.values === batch.values) return;
  spare = { values: batch.values, timestamps: batch.timestamps };
}

const NO_SERIES = new Int32Array(0);

export class BatchBuilder {
  values: Float64Array;
  timestamps: Float64Array;
  /** Filled only by the mapping decoder. */
  valueSeries: Int32Array;
  count = 0;

  constructor(
    capacity: number,
    private readonly withSeries = false,
  ) {
    const reused = spare;
    const columns =
      !withSeries && reused !== undefined && reused.values.length >= capacity
        ? { ...reused, valueSeries: NO_SERIES }
        : this.allocate(capacity);
    if (columns.values === reused?.values) spare = undefined;
    this.values = columns.values;
    this.timestamps = columns.timestamps;
    this.valueSeries = columns.valueSeries;
  }

  /**
   * The columns for `capacity` values as views of one buffer: one allocation instead of three or four (at
   * batch 150 the builder's typed arrays were 6% of a batch's CPU time).
   */
  private allocate(capacity: number): Columns & { valueSeries: Int32Array } {
    const doubles = capacity * Float64Array.BYTES_PER_ELEMENT;
    const ints = capacity * Int32Array.BYTES_PER_ELEMENT;
    const buffer = new ArrayBuffer(2 * doubles + (this.withSeries ? ints : 0));
    return {
      values: new Float64Array(buffer, 0, capacity),
      timestamps: new Float64Array(buffer, doubles, capacity),
      valueSeries: this.withSeries ? new Int32Array(buffer, 2 * doubles, capacity) : NO_SERIES,
    };
  }

  /** Room for one more value: the fast path parses straight into `values[count]`. */
  reserve(): void {
    if (this.count === this.values.length) this.grow();
  }

  /** Values the columns hold before they grow. */
  get room(): number {
    return this.values.length - this.count;
  }

  /**
   * Grows the columns to hold `total` values at once (a KPL aggregate's and the ones expected after it),
   * instead of doubling step by step: each step held the old columns and the new at once, and 460,000
   * values grew through 15 of them (26 MB allocated for 9 MB of columns).
   */
  growTo(total: number): void {
    if (total > this.values.length) this.grow(total);
  }

  /** Completes the value already written at `values[count]`. */
  commit(timestamp: number): void {
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  push(value: number, timestamp: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count] = value;
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  pushSeries(value: number, timestamp: number, series: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count] = value;
    this.timestamps[this.count] = timestamp;
    this.valueSeries[this.count] = series;
    this.count++;
  }

  private grow(exactly = 0): void {
    const capacity = exactly > 0 ? exactly : Math.max(16, this.values.length * 2);
    const reused = spare;
    if (!this.withSeries && reused !== undefined && reused.values.length >= capacity) {
      spare = undefined;
      reused.values.set(this.values.subarray(0, this.count));
      reused.timestamps.set(this.timestamps.subarray(0, this.count));
      this.values = reused.values;
      this.timestamps = reused.timestamps;
      return;
    }
    const columns = this.allocate(capacity);
    columns.values.set(this.values);
    columns.timestamps.set(this.timestamps);
    if (this.withSeries) columns.valueSeries.set(this.valueSeries);
    this.values = columns.values;
    this.timestamps = columns.timestamps;
    this.valueSeries = columns.valueSeries;
  }
}
