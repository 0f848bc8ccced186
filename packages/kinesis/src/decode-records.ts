/**
 * Kinesis event records -> values. Each record is decoded (base64, KPL deaggregation), parsed, and either
 * yields its values with the record's arrival time, or is set aside as invalid with its reason. Nothing here
 * throws on bad data: a Lambda handler that throws on one record blocks its shard.
 */

import { MAX_VALUE_MAGNITUDE } from '@cwagg/core/limits';
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64IntoBuffer, decodedLength } from './base64.js';
import { BatchBuilder, type DecodedBatch, type InvalidRecord } from './batch.js';
import { checkAggregate, forEachUserRecord, isKplAggregate } from './kpl.js';
import { buildFieldPlan, METRIC_SLOT, NUMBER } from './mapping/field-plan.js';
import { JsonFieldScanner } from './mapping/json-scan.js';
import { SingleFieldReader } from './mapping/single-field.js';
import { type ParseOptions, parseBase64DecimalInto, parsePayload, parseSimpleDecimal } from './parse.js';

export type { DecodedBatch, InvalidRecord } from './batch.js';

export interface DecodeOptions extends ParseOptions {
  /** Epoch-ms clock for records without an arrival timestamp. */
  clock?: () => number;
  /** With VALUE_FIELD: scan records for the field before parsing them whole (default true; tests turn it off). */
  jsonFastPath?: boolean;
}

/**
 * Records decoded into this buffer for the JSON fast path: one buffer for the process, reused record after
 * record. A record that does not fit takes the full parse, which allocates its own.
 */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

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

/** The VALUE_FIELD readers of a path: the one-member reader (a path of one key) and the scanner. */
interface ValueFieldReaders {
  single: SingleFieldReader | undefined;
  scanner: JsonFieldScanner;
}

/** One set of readers per VALUE_FIELD path (the handler's configuration holds the same array for its life). */
const valueFieldReaders = new WeakMap<readonly string[], ValueFieldReaders>();

function readersOf(path: readonly string[]): ValueFieldReaders {
  let readers = valueFieldReaders.get(path);
  if (readers === undefined) {
    readers = {
      single: path.length === 1 ? new SingleFieldReader(path[0] as string) : undefined,
      scanner: new JsonFieldScanner(buildFieldPlan([path], [METRIC_SLOT])),
    };
    valueFieldReaders.set(path, readers);
  }
  return readers;
}

/**
 * The VALUE_FIELD fast paths: a one-member record read from its base64, or the record decoded into the
 * scratch buffer and scanned for the field. True when it holds a number CloudWatch takes, written to
 * `values[count]`; anything else takes the full parse, which says why.
 */
function scanValueField(data: string, readers: ValueFieldReaders, builder: BatchBuilder): boolean {
  builder.reserve();
  let value: number;
  if (readers.single?.read(data, builder.values, builder.count) === true) {
    value = builder.values[builder.count] as number;
  } else {
    scratch ??= Buffer.alloc(SCRATCH_BYTES);
    const length = decodeBase64IntoBuffer(data, scratch);
    const { scanner } = readers;
    if (length <= 0 || !scanner.scan(scratch, 0, length) || scanner.kinds[0] !== NUMBER) return false;
    value = scanner.numbers[0] as number;
  }
  if (!(value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE)) return false;
  builder.values[builder.count] = value;
  return true;
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
  const scanner =
    options.valueField !== undefined && options.jsonFastPath !== false
      ? readersOf(options.valueField)
      : undefined;

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
    } else if (scanner !== undefined && scanValueField(payload.data, scanner, builder)) {
      builder.commit(timestamp, r);
      continue;
    }
    // The slow path lives in its own function: a closure here would capture the loop's variables and make
    // V8 allocate a context for every record, fast path included.
    decodeRecord(records, payload.data, options, builder, invalid, r, sequenceNumber, timestamp);
  }
}

function sequenceNumberOf(record: KinesisStreamRecord | undefined): string {
  const sequenceNumber = record?.kinesis?.sequenceNumber;
  return typeof sequenceNumber === 'string' ? sequenceNumber : '';
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
  builder: BatchBuilder,
  invalid: InvalidRecord[],
  recordIndex: number,
  sequenceNumber: string,
  timestamp: number,
): void {
  const bytes = decodedRecord(data);
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
  const aggregate = checkAggregate(bytes);
  if (aggregate.reason !== undefined) {
    invalid.push({ recordIndex, sequenceNumber, reason: aggregate.reason });
    return;
  }
  if (aggregate.count > builder.room) {
    builder.growTo(builder.count + expectedValues(aggregate.count, bytes.length, records, recordIndex));
  }
  const plain = options.valueField === undefined;
  let subSequenceNumber = 0;
  forEachUserRecord(bytes, (start, end) => {
    // The fast grammar straight on the aggregate's bytes; anything else is parsed (and explained) on a copy.
    const value = plain ? parseSimpleDecimal(bytes, start, end) : Number.NaN;
    if (!Number.isNaN(value)) {
      builder.push(value, timestamp, recordIndex);
    } else {
      const outcome = parsePayload(bytes.subarray(start, end), options);
      if (outcome.reason === undefined) builder.push(outcome.value, timestamp, recordIndex);
      else invalid.push({ recordIndex, sequenceNumber, subSequenceNumber, reason: outcome.reason });
    }
    subSequenceNumber++;
  });
}
