/**
 * KPL deaggregation. A KPL aggregate is the magic bytes F3 89 9A C2, a protobuf `AggregatedRecord`, and the
 * 16-byte MD5 of that protobuf (amazon-kinesis-producer's aggregation-format.md). We read it with a small,
 * bounds-checked protobuf reader instead of the `aws-kinesis-agg` package: that package pulls protobufjs and
 * its aggregation dependencies into the Lambda bundle, reports a corrupt aggregate through callbacks that can
 * fire more than once, and logs with console.log. The tests check our reader against it.
 */
import { createHash } from 'node:crypto';
import { isKplAggregate, KPL_MAGIC } from './kpl-magic.js';

export { isKplAggregate, KPL_MAGIC } from './kpl-magic.js';

const CHECKSUM_BYTES = 16;

export type DeaggregateOutcome =
  | { records: Uint8Array[]; reason?: undefined }
  | { records?: undefined; reason: string };

class Malformed extends Error {}

/** Protobuf wire types. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

class Reader {
  /** The data range of the last user record read (see readUserRecord). */
  dataStart = 0;
  dataEnd = 0;

  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    public end: number,
  ) {}

  get done(): boolean {
    return this.at >= this.end;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.at >= this.end) throw new Malformed('a varint runs past the end');
      const byte = this.bytes[this.at++] as number;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Malformed('a varint is longer than 10 bytes');
  }

  /** Steps over a length-delimited field, returning where it starts (it ends at `at`). */
  delimited(): number {
    const length = this.varint();
    const start = this.at;
    if (length > this.end - start) throw new Malformed('a field length runs past the end');
    this.at = start + length;
    return start;
  }

  skip(wireType: number): void {
    if (wireType === VARINT) this.varint();
    else if (wireType === LENGTH_DELIMITED) this.delimited();
    else if (wireType === FIXED64 || wireType === FIXED32) {
      const size = wireType === FIXED64 ? 8 : 4;
      if (this.end - this.at < size) throw new Malformed('a fixed-width field runs past the end');
      this.at += size;
    } else throw new Malformed(`unsupported protobuf wire type ${wireType}`);
  }
}

/** Field numbers of `AggregatedRecord` and `Record` in the KPL's protobuf schema. */
const AGGREGATED_RECORDS_FIELD = 3;
const RECORD_PARTITION_KEY_INDEX_FIELD = 1;
const RECORD_DATA_FIELD = 3;

/**
 * Checks a KPL aggregate (magic bytes, MD5, every user record readable) and counts its user records, or says
 * why it cannot be trusted. Nothing is allocated per user record: a Lambda event of KPL aggregates holds
 * about 460,000 of them, and a subarray each made the young generation grow by tens of megabytes.
 */
export function checkAggregate(
  bytes: Uint8Array,
): { count: number; reason?: undefined } | { reason: string } {
  if (!isKplAggregate(bytes)) return { reason: 'not a KPL aggregate (magic bytes missing)' };
  if (bytes.length < KPL_MAGIC.length + CHECKSUM_BYTES) {
    return { reason: 'KPL aggregate is truncated: shorter than its magic bytes and checksum' };
  }
  const messageEnd = bytes.length - CHECKSUM_BYTES;
  const message = bytes.subarray(KPL_MAGIC.length, messageEnd);
  const digest = createHash('md5').update(message).digest();
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (digest[i] !== bytes[messageEnd + i]) {
      return { reason: 'KPL aggregate checksum (MD5) does not match: the record is truncated or corrupted' };
    }
  }
  try {
    const count = visitUserRecords(bytes, undefined);
    if (count === 0) return { reason: 'KPL aggregate holds no records' };
    return { count };
  } catch (error) {
    if (error instanceof Malformed) return { reason: `KPL aggregate is malformed: ${error.message}` };
    throw error;
  }
}

/**
 * Calls `visit` with the [start, end) of each user record's data, in order, and returns their number. Only
 * for an aggregate `checkAggregate` accepted: on any other it throws.
 */
export function forEachUserRecord(bytes: Uint8Array, visit: (start: number, end: number) => void): number {
  return visitUserRecords(bytes, visit);
}

function visitUserRecords(
  bytes: Uint8Array,
  visit: ((start: number, end: number) => void) | undefined,
): number {
  const reader = new Reader(bytes, KPL_MAGIC.length, bytes.length - CHECKSUM_BYTES);
  // One reader for every user record, moved from one to the next: no allocation per record.
  const inner = new Reader(bytes, 0, 0);
  let count = 0;
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === AGGREGATED_RECORDS_FIELD && wireType === LENGTH_DELIMITED) {
      inner.at = reader.delimited();
      inner.end = reader.at;
      readUserRecord(inner, count);
      if (visit !== undefined) visit(inner.dataStart, inner.dataEnd);
      count++;
    } else {
      reader.skip(wireType);
    }
  }
  return count;
}

/** Splits a KPL aggregate into its user records' payloads, or says why it cannot be trusted. */
export function deaggregate(bytes: Uint8Array): DeaggregateOutcome {
  const checked = checkAggregate(bytes);
  if (checked.reason !== undefined) return { reason: checked.reason };
  const records: Uint8Array[] = [];
  forEachUserRecord(bytes, (start, end) => {
    records.push(bytes.subarray(start, end));
  });
  return { records };
}

/**
 * Reads the user record `reader` spans; its data's range is left in `reader.dataStart`/`reader.dataEnd` (a
 * returned pair would be an allocation per user record).
 */
function readUserRecord(reader: Reader, index: number): void {
  let hasData = false;
  let hasPartitionKeyIndex = false;
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === RECORD_DATA_FIELD && wireType === LENGTH_DELIMITED) {
      reader.dataStart = reader.delimited();
      reader.dataEnd = reader.at;
      hasData = true;
    } else if (field === RECORD_PARTITION_KEY_INDEX_FIELD && wireType === VARINT) {
      reader.varint();
      hasPartitionKeyIndex = true;
    } else {
      reader.skip(wireType);
    }
  }
  if (!hasData || !hasPartitionKeyIndex) {
    throw new Malformed(`user record ${index} lacks its required data or partition key index`);
  }
}
