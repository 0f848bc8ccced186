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
  /** Time (epoch ms) of each value: its record's arrival, or its document's own timestamp. */
  timestamps: Float64Array;
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
  /**
   * recordFirstValue[r] is the index of record r's first value; recordFirstValue[recordCount] = valueCount.
   * The record a value came from is found from it (`recordOfValue`): a column of record indexes, one per
   * value, was 4 bytes more per value (1.8 MB of a KPL event's 460,000) for what only rare paths read.
   */
  recordFirstValue: Int32Array;
  /**
   * Arrival time (epoch ms) of each Kinesis record: the time of its values, unless a mapping gives them their
   * own (`mapped.timestamps`). A time per value instead was 8 bytes more per value (3.7 MB of a KPL event's
   * 460,000 values, which share their record's arrival). NaN for a record that could not be read.
   */
  recordTimestamps: Float64Array;
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
 * The record of value `valueIndex`, walking on from `record`: the record of an earlier value, or the first record
 * of the range the values come from. Loops over values in order use it instead of `recordOfValue`.
 */
export function recordFrom(batch: DecodedBatch, record: number, valueIndex: number): number {
  let r = record;
  while ((batch.recordFirstValue[r + 1] as number) <= valueIndex) r++;
  return r;
}

/** When value `valueIndex` (of record `record`) was seen: its own time with a mapping, else its record's arrival. */
export function timeOfValue(batch: DecodedBatch, valueIndex: number, record: number): number {
  const { mapped } = batch;
  return mapped === undefined
    ? (batch.recordTimestamps[record] as number)
    : (mapped.timestamps[valueIndex] as number);
}

/**
 * The columns of a released batch are kept for the next one (`releaseBatch`). A 6 MB event of KPL aggregates
 * fills 3.7 MB of them, and new ones per invocation waited for a collection (external memory is collected
 * late), which raised peak RSS by about 10 MB per invocation; at batch 10,000 allocating them was 7% of
 * the CPU time.
 */
interface Spare {
  /** A batch's values without a mapping (`BatchBuilder`). */
  values: ArrayBuffer;
  /**
   * A mapped batch's values, their times and their series, in one buffer (`BatchBuilder` with series). New
   * ones were 800 KB per invocation of 10,000 events read as 4 values each.
   */
  seriesColumns: ArrayBuffer;
  /** A batch's record columns (`recordColumns`). */
  records: ArrayBuffer;
}

/** The columns of the last released batch, for the next one; never held by a batch at the same time. */
const spare: Partial<Spare> = {};

/** The spare buffer of `kind` when it holds `bytes`, taken (nothing else gets it); else a new buffer. */
function bufferFor(kind: keyof Spare, bytes: number): ArrayBuffer {
  const kept = spare[kind];
  if (kept === undefined || kept.byteLength < bytes) return new ArrayBuffer(bytes);
  spare[kind] = undefined;
  return kept;
}

/** Keeps the larger of the spare buffer of `kind` and `released`. */
function keep(kind: keyof Spare, released: ArrayBuffer): void {
  const kept = spare[kind];
  if (kept === undefined || kept.byteLength < released.byteLength) spare[kind] = released;
}

/**
 * Hands a decoded batch's columns back for the next batch to reuse, once. Only for a batch nothing reads any more:
 * its value and record columns (with a mapping, the values' times and series too) are overwritten by the next
 * batch; what the planner made of them (runs, requests, set-aside entries) holds copies.
 */
export function releaseBatch(batch: DecodedBatch): void {
  const records = batch.recordFirstValue.buffer as ArrayBuffer;
  if (records !== batch.recordTimestamps.buffer) return;
  keep('records', records);
  const { mapped, values } = batch;
  if (mapped === undefined) keep('values', values.buffer as ArrayBuffer);
  // A mapped builder's one buffer (BatchBuilder.allocate): the values, their times and their series.
  else if (mapped.valueSeries.buffer === values.buffer) keep('seriesColumns', values.buffer as ArrayBuffer);
}

export interface RecordColumns {
  recordFirstValue: Int32Array;
  recordTimestamps: Float64Array;
}

/**
 * A batch's per-record columns for `recordCount` records, as views of one buffer (the released batch's when it
 * is large enough): at batch 10,000 a new buffer per invocation was 12 bytes per record allocated.
 */
export function recordColumns(recordCount: number): RecordColumns {
  const timesOffset = Math.ceil(((recordCount + 1) * Int32Array.BYTES_PER_ELEMENT) / 8) * 8;
  const buffer = bufferFor('records', timesOffset + recordCount * Float64Array.BYTES_PER_ELEMENT);
  return {
    recordFirstValue: new Int32Array(buffer, 0, recordCount + 1),
    recordTimestamps: new Float64Array(buffer, timesOffset, recordCount),
  };
}

/** Bytes per value of a mapped batch's columns: the value, its time and its series. */
const SERIES_COLUMNS_BYTES_PER_VALUE = 2 * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT;

const NO_DOUBLES = new Float64Array(0);
const NO_SERIES = new Int32Array(0);

/**
 * The value columns of a batch being decoded. Bare numbers need only `values` (their time is their record's);
 * the mapping decoder's builder (`withSeries`) also keeps each value's time and series.
 */
export class BatchBuilder {
  values: Float64Array = NO_DOUBLES;
  /** Filled only by the mapping decoder. */
  timestamps: Float64Array = NO_DOUBLES;
  /** Filled only by the mapping decoder. */
  valueSeries: Int32Array = NO_SERIES;
  count = 0;

  constructor(
    capacity: number,
    private readonly withSeries = false,
  ) {
    this.allocate(capacity);
  }

  /**
   * Columns for at least `capacity` values, the first `count` copied over; with series, as views of one buffer:
   * one allocation instead of three (at batch 150 the builder's typed arrays were 6% of a batch's CPU time).
   * A released batch's buffer is taken when it is large enough, and all of it is used: a KPL event of many
   * values per record then fills it without growing.
   */
  private allocate(capacity: number): void {
    const bytesPerValue = this.withSeries ? SERIES_COLUMNS_BYTES_PER_VALUE : Float64Array.BYTES_PER_ELEMENT;
    const buffer = bufferFor(this.withSeries ? 'seriesColumns' : 'values', capacity * bytesPerValue);
    const room = Math.floor(buffer.byteLength / bytesPerValue);
    const values = new Float64Array(buffer, 0, room);
    values.set(this.values.subarray(0, this.count));
    this.values = values;
    if (!this.withSeries) return;
    const doubles = room * Float64Array.BYTES_PER_ELEMENT;
    const timestamps = new Float64Array(buffer, doubles, room);
    const valueSeries = new Int32Array(buffer, 2 * doubles, room);
    timestamps.set(this.timestamps.subarray(0, this.count));
    valueSeries.set(this.valueSeries.subarray(0, this.count));
    this.timestamps = timestamps;
    this.valueSeries = valueSeries;
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

  /** Completes the value already written at `values[count]` (bare numbers). */
  commit(): void {
    this.count++;
  }

  /** Completes the value already written at `values[count]`, at `timestamp` (the mapping decoder). */
  commitAt(timestamp: number): void {
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  push(value: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count] = value;
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
    this.allocate(exactly > 0 ? exactly : Math.max(16, this.values.length * 2));
  }
}
