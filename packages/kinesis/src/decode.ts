/**
 * Kinesis event records -> values. Each record is decoded (base64, KPL deaggregation), parsed, and either
 * yields its values with the record's arrival time, or is set aside as invalid with its reason. Nothing here
 * throws on bad data: a Lambda handler that throws on one record blocks its shard.
 */

import { MAX_VALUE_MAGNITUDE } from '@cwagg/core/limits';
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64IntoBuffer } from './base64.js';
import { BatchBuilder, type DecodedBatch, type InvalidRecord } from './batch.js';
import { deaggregate, isKplAggregate } from './kpl.js';
import { buildFieldPlan, METRIC_SLOT, NUMBER } from './mapping/field-plan.js';
import { JsonFieldScanner } from './mapping/json-scan.js';
import { type ParseOptions, parseBase64DecimalInto, parsePayload } from './parse.js';

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

/** One scanner per VALUE_FIELD path (the handler's configuration holds the same array for its life). */
const valueFieldScanners = new WeakMap<readonly string[], JsonFieldScanner>();

function valueFieldScanner(path: readonly string[]): JsonFieldScanner {
  let scanner = valueFieldScanners.get(path);
  if (scanner === undefined) {
    scanner = new JsonFieldScanner(buildFieldPlan([path], [METRIC_SLOT]));
    valueFieldScanners.set(path, scanner);
  }
  return scanner;
}

/**
 * The VALUE_FIELD fast path: the record decoded into the scratch buffer and scanned for the field. True when
 * it holds a number CloudWatch takes, written to `values[count]`; anything else takes the full parse, which
 * says why.
 */
function scanValueField(data: string, scanner: JsonFieldScanner, builder: BatchBuilder): boolean {
  scratch ??= Buffer.alloc(SCRATCH_BYTES);
  const length = decodeBase64IntoBuffer(data, scratch);
  if (length <= 0 || !scanner.scan(scratch, 0, length) || scanner.kinds[0] !== NUMBER) return false;
  const value = scanner.numbers[0] as number;
  if (!(value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE)) return false;
  builder.reserve();
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
      ? valueFieldScanner(options.valueField)
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
