/**
 * Kinesis event records -> values. Each record is decoded (base64, KPL deaggregation), parsed, and either
 * yields its values with the record's arrival time, or is set aside as invalid with its reason. Nothing here
 * throws on bad data: a Lambda handler that throws on one record blocks its shard.
 *
 * The VALUE_FIELD fast paths (value-field-reader.ts) and the KPL deaggregation (kpl.ts) come in from the
 * caller, so that a cold start loads none of their code before a batch needs it; decode.ts puts them together.
 */

import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64IntoBuffer, decodedLength } from './base64.js';
import {
  BatchBuilder,
  type DecodedBatch,
  type InvalidRecord,
  type RecordColumns,
  recordColumns,
} from './batch.js';
import type { KplReader } from './kpl.js';
import { isKplAggregate } from './kpl-magic.js';
import { type ParseOptions, parseBase64DecimalInto, parsePayload, parseSimpleDecimal } from './parse.js';
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

/** The smallest buffer records are decoded into (it doubles up to the largest record seen). */
const SCRATCH_BYTES = 64 * 1024;

/**
 * Kinesis's limit on a record's data (1 MiB): records up to it are decoded into one buffer for the process,
 * grown as needed, instead of a new one each. A batch of KPL aggregates decoded 4 MB into new buffers per
 * invocation, and those waited for a collection: with the columns, peak RSS rose 40 MB over a few invocations.
 */
const MAX_RECORD_BYTES = 1024 * 1024;
let recordScratch: Buffer | undefined;

/** The record's bytes, in the shared buffer when they fit it (valid until the next record), or undefined. */
function decodedRecord(data: string): Uint8Array | undefined {
  const length = decodedLength(data);
  if (length < 0) return undefined;
  if (length > MAX_RECORD_BYTES) return decodeBase64(data);
  if (recordScratch === undefined || recordScratch.length < length) {
    let size = SCRATCH_BYTES;
    while (size < length) size *= 2;
    recordScratch = Buffer.alloc(size);
  }
  const written = decodeBase64IntoBuffer(data, recordScratch);
  return written === length ? recordScratch.subarray(0, length) : undefined;
}

/** Thrown by `decodeKinesisRecords` on a KPL aggregate when it was given no KplReader: load kpl.ts and retry. */
export class KplReaderNeeded extends Error {
  override name = 'KplReaderNeeded';
  constructor() {
    super('the batch holds a KPL aggregate: decode it again with the KPL reader (kpl.ts)');
  }
}

/** The code a batch may need beyond bare numbers; what is absent is loaded when first needed. */
export interface RecordReaders {
  /** With VALUE_FIELD: reads each record first, and the full parse takes what it cannot. */
  field?: ValueFieldReader;
  /** Deaggregates KPL aggregates; without it, a batch holding one throws KplReaderNeeded. */
  kpl?: KplReader;
}

/**
 * Decodes `records`. Without a field reader, every VALUE_FIELD record takes the full parse: the same values and
 * reasons, slower.
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
  const kpl = readers.kpl;

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
    // The slow path lives in its own function: a closure here would capture the loop's variables and make
    // V8 allocate a context for every record, fast path included.
    decodeRecord(records, payload.data, options, kpl, builder, invalid, r, sequenceNumber);
  }
}

/**
 * Values expected from a KPL aggregate of `count` user records in `bytes` bytes and from the records after
 * it: this one's values per byte times the bytes left (3 per 4 base64 characters), and an eighth more. Large KPL batches are
 * aggregates of one size, so the columns then grow once; a wrong guess costs a later grow, or room never
 * written (untouched pages of a large typed array take no memory).
 */
function expectedValues(
  count: number,
  bytes: number,
  records: readonly KinesisStreamRecord[],
  recordIndex: number,
): number {
  let characters = 0;
  for (let r = recordIndex + 1; r < records.length; r++) {
    const data = records[r]?.kinesis?.data;
    if (typeof data === 'string') characters += data.length;
  }
  // An eighth more: the first aggregate of a batch measured up to 2% fewer values per byte than the batch,
  // and falling short by one value meant allocating the columns twice.
  return count + Math.ceil(((count / bytes) * characters * 3 * 9) / 32);
}

/** The general path: any size, KPL aggregates, JSON payloads, and the reason each invalid record is invalid. */
function decodeRecord(
  records: readonly KinesisStreamRecord[],
  data: string,
  options: ParseOptions,
  kpl: KplReader | undefined,
  builder: BatchBuilder,
  invalid: InvalidRecord[],
  recordIndex: number,
  sequenceNumber: string,
): void {
  const bytes = decodedRecord(data);
  if (bytes === undefined) {
    invalid.push({ recordIndex, sequenceNumber, reason: 'data is not valid base64' });
    return;
  }
  if (!isKplAggregate(bytes)) {
    const outcome = parsePayload(bytes, options);
    if (outcome.reason === undefined) builder.push(outcome.value);
    else invalid.push({ recordIndex, sequenceNumber, reason: outcome.reason });
    return;
  }
  if (kpl === undefined) throw new KplReaderNeeded();
  const aggregate = kpl.checkAggregate(bytes);
  if (aggregate.reason !== undefined) {
    invalid.push({ recordIndex, sequenceNumber, reason: aggregate.reason });
    return;
  }
  if (aggregate.count > builder.room) {
    builder.growTo(builder.count + expectedValues(aggregate.count, bytes.length, records, recordIndex));
  }
  const plain = options.valueField === undefined;
  let subSequenceNumber = 0;
  kpl.forEachUserRecord(bytes, (start, end) => {
    // The fast grammar straight on the aggregate's bytes; anything else is parsed (and explained) on a copy.
    const value = plain ? parseSimpleDecimal(bytes, start, end) : Number.NaN;
    if (!Number.isNaN(value)) {
      builder.push(value);
    } else {
      const outcome = parsePayload(bytes.subarray(start, end), options);
      if (outcome.reason === undefined) builder.push(outcome.value);
      else invalid.push({ recordIndex, sequenceNumber, subSequenceNumber, reason: outcome.reason });
    }
    subSequenceNumber++;
  });
}
