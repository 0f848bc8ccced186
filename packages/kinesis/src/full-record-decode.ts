/**
 * The full decode of a Kinesis record: what decode-records.ts's fast paths do not read. Any size, KPL
 * aggregates, JSON payloads without VALUE_FIELD's readers, and the reason each invalid record is invalid. A
 * handler loads it with the first batch that holds such a record (optional-parts.ts): the cold start of a
 * handler whose records are bare numbers reads none of it, nor the strict parser and KPL reader it uses.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64IntoBuffer, decodedLength } from './base64.js';
import type { BatchBuilder, InvalidRecord } from './batch.js';
import { checkAggregate, forEachUserRecord, isKplAggregate } from './kpl.js';
import { type ParseOptions, parsePayload, parseSimpleDecimal } from './parse.js';

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

/**
 * Decodes one record of `records` whose data is `data` the long way, into `builder`, or sets it aside in
 * `invalid` with its reason.
 *
 * @example
 * const decoded = decodeKinesisRecords(event.Records, {}, { full: decodeRecordInFull });
 */
export function decodeRecordInFull(
  records: readonly KinesisStreamRecord[],
  data: string,
  options: ParseOptions,
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
      builder.push(value);
    } else {
      const outcome = parsePayload(bytes.subarray(start, end), options);
      if (outcome.reason === undefined) builder.push(outcome.value);
      else invalid.push({ recordIndex, sequenceNumber, subSequenceNumber, reason: outcome.reason });
    }
    subSequenceNumber++;
  });
}

/** What decodeKinesisRecords takes as `RecordReaders.full`. */
export type FullRecordDecode = typeof decodeRecordInFull;
