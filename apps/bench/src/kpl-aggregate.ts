/**
 * KPL aggregates written as the Kinesis Producer Library writes them (amazon-kinesis-producer's
 * aggregation-format.md): the magic bytes F3 89 9A C2, a protobuf `AggregatedRecord` (a partition key table,
 * then the user records, each naming its key by index), and the MD5 of the protobuf. User records are packed
 * into an aggregate until the next one would pass the KPL's default `AggregationMaxSize` of 51,200 bytes.
 * The bench's test reads them back with aws-kinesis-agg.
 */
import { createHash } from 'node:crypto';

const MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const CHECKSUM_BYTES = 16;
/** The KPL's default `AggregationMaxSize`: what producers left at their defaults send. */
export const KPL_AGGREGATION_MAX_BYTES = 51_200;

/** Protobuf tags: (field << 3) | wire type. */
const PARTITION_KEY_TABLE_TAG = (1 << 3) | 2;
const RECORDS_TAG = (3 << 3) | 2;
const PARTITION_KEY_INDEX_TAG = (1 << 3) | 0;
const DATA_TAG = (3 << 3) | 2;

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

class ByteWriter {
  readonly bytes: Buffer;
  at = 0;
  constructor(capacity: number) {
    this.bytes = Buffer.alloc(capacity);
  }
  byte(value: number): void {
    this.bytes[this.at++] = value;
  }
  varint(value: number): void {
    while (value >= 0x80) {
      this.byte((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    this.byte(value);
  }
  raw(data: Uint8Array): void {
    this.bytes.set(data, this.at);
    this.at += data.length;
  }
}

/** Bytes a user record takes inside the aggregate, its own tag and length included. */
function userRecordBytes(keyIndex: number, data: Uint8Array): number {
  const body = 1 + varintLength(keyIndex) + 1 + varintLength(data.length) + data.length;
  return 1 + varintLength(body) + body;
}

function tableBytes(keys: readonly Uint8Array[]): number {
  return keys.reduce((sum, key) => sum + 1 + varintLength(key.length) + key.length, 0);
}

/** One aggregate of `records` (each naming its partition key by index into `keys`). */
export function kplAggregate(
  keys: readonly Uint8Array[],
  records: readonly { keyIndex: number; data: Uint8Array }[],
): Buffer {
  const messageBytes =
    tableBytes(keys) + records.reduce((sum, r) => sum + userRecordBytes(r.keyIndex, r.data), 0);
  const writer = new ByteWriter(MAGIC.length + messageBytes + CHECKSUM_BYTES);
  writer.raw(MAGIC);
  for (const key of keys) {
    writer.byte(PARTITION_KEY_TABLE_TAG);
    writer.varint(key.length);
    writer.raw(key);
  }
  for (const { keyIndex, data } of records) {
    writer.byte(RECORDS_TAG);
    writer.varint(1 + varintLength(keyIndex) + 1 + varintLength(data.length) + data.length);
    writer.byte(PARTITION_KEY_INDEX_TAG);
    writer.varint(keyIndex);
    writer.byte(DATA_TAG);
    writer.varint(data.length);
    writer.raw(data);
  }
  const message = writer.bytes.subarray(MAGIC.length, writer.at);
  writer.raw(createHash('md5').update(message).digest());
  return writer.bytes;
}

/**
 * Packs `count` user records, made one by one by `userRecord(i)`, into as few aggregates as the size limit
 * allows, in order; each aggregate is yielded as soon as it is full. Every aggregate carries the whole key
 * table, as the KPL does when its records use every key.
 */
export function* kplAggregates(
  keys: readonly string[],
  count: number,
  userRecord: (index: number) => { keyIndex: number; data: Uint8Array },
  maxBytes = KPL_AGGREGATION_MAX_BYTES,
): Generator<Buffer> {
  const keyBytes = keys.map((key) => Buffer.from(key, 'utf8'));
  const fixed = MAGIC.length + tableBytes(keyBytes) + CHECKSUM_BYTES;
  let pending: { keyIndex: number; data: Uint8Array }[] = [];
  let size = fixed;
  for (let i = 0; i < count; i++) {
    const record = userRecord(i);
    const bytes = userRecordBytes(record.keyIndex, record.data);
    if (size + bytes > maxBytes && pending.length > 0) {
      yield kplAggregate(keyBytes, pending);
      pending = [];
      size = fixed;
    }
    pending.push(record);
    size += bytes;
  }
  if (pending.length > 0) yield kplAggregate(keyBytes, pending);
}
