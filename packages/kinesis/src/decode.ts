/**
 * Kinesis event records -> values. Each record is decoded (base64, KPL deaggregation), parsed, and either
 * yields its values with the record's arrival time, or is set aside as invalid with its reason. Nothing here
 * throws on bad data: a Lambda handler that throws on one record blocks its shard.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64 } from './base64.js';
import { deaggregate, isKplAggregate } from './kpl.js';
import { type ParseOptions, parseBase64DecimalInto, parsePayload } from './parse.js';

export interface InvalidRecord {
  /** Position of the Kinesis record in the batch. */
  recordIndex: number;
  sequenceNumber: string;
  /** Position of the user record inside a KPL aggregate. */
  subSequenceNumber?: number;
  reason: string;
}

/** A decoded batch, in columns: typed arrays keep 10,000 records cheap. */
export interface DecodedBatch {
  recordCount: number;
  /** Sequence number of Kinesis record `recordIndex` ('' when it had none); read when needed, not copied. */
  sequenceNumberOf(recordIndex: number): string;
  valueCount: number;
  values: Float64Array;
  /** Arrival time (epoch ms) of each value's record. */
  timestamps: Float64Array;
  /** Index of the Kinesis record each value came from; non-decreasing. */
  valueRecords: Int32Array;
  /** recordFirstValue[r] is the index of record r's first value; recordFirstValue[recordCount] = valueCount. */
  recordFirstValue: Int32Array;
  invalid: InvalidRecord[];
}

export interface DecodeOptions extends ParseOptions {
  /** Epoch-ms clock for records without an arrival timestamp. */
  clock?: () => number;
}

class BatchBuilder {
  values: Float64Array;
  timestamps: Float64Array;
  valueRecords: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.valueRecords = new Int32Array(capacity);
  }

  /** Room for one more value: the fast path parses straight into `values[count]`. */
  reserve(): void {
    if (this.count === this.values.length) this.grow();
  }

  /** Completes the value already written at `values[count]`. */
  commit(timestamp: number, record: number): void {
    this.timestamps[this.count] = timestamp;
    this.valueRecords[this.count] = record;
    this.count++;
  }

  push(value: number, timestamp: number, record: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count] = value;
    this.timestamps[this.count] = timestamp;
    this.valueRecords[this.count] = record;
    this.count++;
  }

  private grow(): void {
    const capacity = Math.max(16, this.values.length * 2);
    const values = new Float64Array(capacity);
    values.set(this.values);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    const valueRecords = new Int32Array(capacity);
    valueRecords.set(this.valueRecords);
    this.values = values;
    this.timestamps = timestamps;
    this.valueRecords = valueRecords;
  }
}

export function decodeBatch(
  records: readonly KinesisStreamRecord[],
  options: DecodeOptions = {},
): DecodedBatch {
  const recordCount = records.length;
  const builder = new BatchBuilder(recordCount);
  const recordFirstValue = new Int32Array(recordCount + 1);
  const invalid: InvalidRecord[] = [];
  decodeRecords(records, options, builder, recordFirstValue, invalid);
  recordFirstValue[recordCount] = builder.count;
  return {
    recordCount,
    sequenceNumberOf: (recordIndex) => sequenceNumberOf(records[recordIndex]),
    valueCount: builder.count,
    values: builder.values,
    timestamps: builder.timestamps,
    valueRecords: builder.valueRecords,
    recordFirstValue,
    invalid,
  };
}

/**
 * The per-record loop, on its own: V8 compiles a long loop while it runs (on-stack replacement), and code
 * after the loop in the same function had no type feedback yet, which deoptimised every call.
 */
function decodeRecords(
  records: readonly KinesisStreamRecord[],
  options: DecodeOptions,
  builder: BatchBuilder,
  recordFirstValue: Int32Array,
  invalid: InvalidRecord[],
): void {
  const clock = options.clock ?? Date.now;
  const recordCount = records.length;
  const jsonMode = options.valueField !== undefined;

  for (let r = 0; r < recordCount; r++) {
    recordFirstValue[r] = builder.count;
    const payload = records[r]?.kinesis;
    const sequenceNumber = typeof payload?.sequenceNumber === 'string' ? payload.sequenceNumber : '';
    if (payload === undefined || sequenceNumber === '' || typeof payload.data !== 'string') {
      invalid.push({
        recordIndex: r,
        sequenceNumber,
        reason: 'record has no kinesis data or sequence number',
      });
      continue;
    }
    const arrival = payload.approximateArrivalTimestamp;
    const timestamp = typeof arrival === 'number' && Number.isFinite(arrival) ? arrival * 1000 : clock();

    // Fast path: a small plain-decimal payload, decoded and parsed in one pass without allocating.
    if (!jsonMode) {
      builder.reserve();
      if (parseBase64DecimalInto(payload.data, builder.values, builder.count)) {
        builder.commit(timestamp, r);
        continue;
      }
    }
    // The slow path lives in its own function: a closure here would capture the loop's variables and make
    // V8 allocate a context for every record, fast path included.
    decodeRecord(payload.data, options, builder, invalid, r, sequenceNumber, timestamp);
  }
}

function sequenceNumberOf(record: KinesisStreamRecord | undefined): string {
  const sequenceNumber = record?.kinesis?.sequenceNumber;
  return typeof sequenceNumber === 'string' ? sequenceNumber : '';
}

/** The general path: any size, KPL aggregates, JSON payloads, and the reason each invalid record is invalid. */
function decodeRecord(
  data: string,
  options: ParseOptions,
  builder: BatchBuilder,
  invalid: InvalidRecord[],
  recordIndex: number,
  sequenceNumber: string,
  timestamp: number,
): void {
  const bytes = decodeBase64(data);
  if (bytes === undefined) {
    invalid.push({ recordIndex, sequenceNumber, reason: 'data is not valid base64' });
    return;
  }
  if (!isKplAggregate(bytes)) {
    const outcome = parsePayload(bytes, options);
    if (outcome.reason === undefined) builder.push(outcome.value, timestamp, recordIndex);
    else invalid.push({ recordIndex, sequenceNumber, reason: outcome.reason });
    return;
  }
  const aggregate = deaggregate(bytes);
  if (aggregate.reason !== undefined) {
    invalid.push({ recordIndex, sequenceNumber, reason: aggregate.reason });
    return;
  }
  for (const [subSequenceNumber, userRecord] of aggregate.records.entries()) {
    const outcome = parsePayload(userRecord, options);
    if (outcome.reason === undefined) builder.push(outcome.value, timestamp, recordIndex);
    else invalid.push({ recordIndex, sequenceNumber, subSequenceNumber, reason: outcome.reason });
  }
}
