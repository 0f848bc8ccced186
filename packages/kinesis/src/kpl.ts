/**
 * KPL deaggregation. A KPL aggregate is the magic bytes F3 89 9A C2, a protobuf `AggregatedRecord`, and the
 * 16-byte MD5 of that protobuf (amazon-kinesis-producer's aggregation-format.md). We read it with a small,
 * bounds-checked protobuf reader instead of the `aws-kinesis-agg` package: that package pulls protobufjs and
 * its aggregation dependencies into the Lambda bundle, reports a corrupt aggregate through callbacks that can
 * fire more than once, and logs with console.log. The tests check our reader against it.
 */
import { createHash } from 'node:crypto';

export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const CHECKSUM_BYTES = 16;

export function isKplAggregate(bytes: Uint8Array): boolean {
  return (
    bytes.length >= KPL_MAGIC.length &&
    bytes[0] === KPL_MAGIC[0] &&
    bytes[1] === KPL_MAGIC[1] &&
    bytes[2] === KPL_MAGIC[2] &&
    bytes[3] === KPL_MAGIC[3]
  );
}

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
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
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

  /** Returns [start, end) of a length-delimited field. */
  delimited(): [number, number] {
    const length = this.varint();
    const start = this.at;
    if (length > this.end - start) throw new Malformed('a field length runs past the end');
    this.at = start + length;
    return [start, this.at];
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

/** Splits a KPL aggregate into its user records' payloads, or says why it cannot be trusted. */
export function deaggregate(bytes: Uint8Array): DeaggregateOutcome {
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
    const records: Uint8Array[] = [];
    const reader = new Reader(bytes, KPL_MAGIC.length, messageEnd);
    while (!reader.done) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (field === AGGREGATED_RECORDS_FIELD && wireType === LENGTH_DELIMITED) {
        const [start, end] = reader.delimited();
        records.push(readUserRecord(bytes, start, end, records.length));
      } else {
        reader.skip(wireType);
      }
    }
    if (records.length === 0) return { reason: 'KPL aggregate holds no records' };
    return { records };
  } catch (error) {
    if (error instanceof Malformed) return { reason: `KPL aggregate is malformed: ${error.message}` };
    throw error;
  }
}

function readUserRecord(bytes: Uint8Array, start: number, end: number, index: number): Uint8Array {
  const reader = new Reader(bytes, start, end);
  let data: Uint8Array | undefined;
  let hasPartitionKeyIndex = false;
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === RECORD_DATA_FIELD && wireType === LENGTH_DELIMITED) {
      const [from, to] = reader.delimited();
      data = bytes.subarray(from, to);
    } else if (field === RECORD_PARTITION_KEY_INDEX_FIELD && wireType === VARINT) {
      reader.varint();
      hasPartitionKeyIndex = true;
    } else {
      reader.skip(wireType);
    }
  }
  if (data === undefined || !hasPartitionKeyIndex) {
    throw new Malformed(`user record ${index} lacks its required data or partition key index`);
  }
  return data;
}
