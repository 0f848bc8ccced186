/**
 * Kinesis event records -> values. Each record is decoded (base64, KPL deaggregation), parsed, and either
 * yields its values with the record's arrival time, or is set aside as invalid with its reason. Nothing here
 * throws on bad data: a Lambda handler that throws on one record blocks its shard.
 *
 * This is the loop and its fast paths: a bare decimal number read straight from its base64, and with VALUE_FIELD
 * the field readers (value-field-reader.ts). Every other record (JSON payloads without those readers, KPL
 * aggregates, long or invalid ones) takes the full decode (full-record-decode.ts). Both come in from the
 * caller, so that a cold start loads neither before a batch needs it; decode.ts puts them together.
 */

import type { KinesisStreamRecord } from 'aws-lambda';
import { parseBase64DecimalInto } from './base64-decimal.js';
import {
  BatchBuilder,
  type DecodedBatch,
  type InvalidRecord,
  type RecordColumns,
  recordColumns,
} from './batch.js';
import type { FullRecordDecode } from './full-record-decode.js';
import type { ParseOptions } from './parse.js';
import {
  arrivalMs,
  NO_DATA_OR_SEQUENCE_NUMBER,
  sequenceNumberIn,
  sequenceNumbersOf,
} from './record-envelope.js';
import type { ValueFieldReader } from './value-field-reader.js';

export interface RecordDecodeOptions extends ParseOptions {
  /** Epoch-ms clock for records without an arrival timestamp. */
  clock?: () => number;
}

/**
 * Thrown by `decodeKinesisRecords` on a record its fast paths do not read when it was given no full decode:
 * load full-record-decode.ts and decode the batch again.
 */
export class FullDecodeNeeded extends Error {
  override name = 'FullDecodeNeeded';
  constructor() {
    super('the batch holds a record the fast paths do not read: decode it again with the full decode');
  }
}

/** The code a batch may need beyond bare numbers; what is absent is loaded when first needed. */
export interface RecordReaders {
  /** With VALUE_FIELD: reads each record first, and the full parse takes what it cannot. */
  field?: ValueFieldReader;
  /** Reads every other record; without it, a batch holding one throws FullDecodeNeeded. */
  full?: FullRecordDecode;
}

/**
 * Decodes `records`. Without a field reader, every VALUE_FIELD record takes the full decode: the same values
 * and reasons, slower.
 */
export function decodeKinesisRecords(
  records: readonly KinesisStreamRecord[],
  options: RecordDecodeOptions = {},
  readers: RecordReaders = {},
): DecodedBatch {
  const recordCount = records.length;
  const builder = new BatchBuilder(recordCount);
  const columns = recordColumns(recordCount);
  const invalid: InvalidRecord[] = [];
  decodeRecords(records, options, readers, builder, columns, invalid);
  columns.recordFirstValue[recordCount] = builder.count;
  return {
    recordCount,
    sequenceNumberOf: sequenceNumbersOf(records),
    valueCount: builder.count,
    values: builder.values,
    ...columns,
    invalid,
  };
}

/**
 * The per-record loop, on its own: V8 compiles a long loop while it runs (on-stack replacement), and code
 * after the loop in the same function had no type feedback yet, which deoptimised every call.
 */
function decodeRecords(
  records: readonly KinesisStreamRecord[],
  options: RecordDecodeOptions,
  readers: RecordReaders,
  builder: BatchBuilder,
  { recordFirstValue, recordTimestamps }: RecordColumns,
  invalid: InvalidRecord[],
): void {
  const clock = options.clock ?? Date.now;
  const recordCount = records.length;
  const jsonMode = options.valueField !== undefined;
  const reader = jsonMode ? readers.field : undefined;
  const full = readers.full;

  for (let r = 0; r < recordCount; r++) {
    recordFirstValue[r] = builder.count;
    const payload = records[r]?.kinesis;
    const sequenceNumber = sequenceNumberIn(payload);
    if (payload === undefined || sequenceNumber === '' || typeof payload.data !== 'string') {
      recordTimestamps[r] = Number.NaN;
      invalid.push({ recordIndex: r, sequenceNumber, reason: NO_DATA_OR_SEQUENCE_NUMBER });
      continue;
    }
    recordTimestamps[r] = arrivalMs(payload, clock);

    // Fast path: a small plain-decimal payload, decoded and parsed in one pass without allocating.
    if (!jsonMode) {
      builder.reserve();
      if (parseBase64DecimalInto(payload.data, builder.values, builder.count)) {
        builder.commit();
        continue;
      }
    } else if (reader?.read(payload.data, builder)) {
      builder.commit();
      continue;
    }
    if (full === undefined) throw new FullDecodeNeeded();
    full(records, payload.data, options, builder, invalid, r, sequenceNumber);
  }
}
