/**
 * Building the event Lambda hands a Kinesis consumer from records as Kinesis returns them (GetRecords) or
 * as a test writes them. The one-machine pipeline's poller and the tests use it, so what they invoke looks
 * exactly like what Lambda invokes.
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export interface StreamRecordInput {
  /** Payload bytes, or text (encoded as UTF-8). */
  data: Uint8Array | string;
  sequenceNumber: string;
  partitionKey?: string;
  /** Arrival time: a Date or epoch milliseconds. */
  approximateArrivalTimestamp?: Date | number;
}

export interface EventSource {
  streamArn?: string;
  region?: string;
  shardId?: string;
}

export function lambdaEventFromRecords(
  records: readonly StreamRecordInput[],
  source: EventSource = {},
): KinesisStreamEvent {
  const region = source.region ?? 'us-east-1';
  const streamArn = source.streamArn ?? `arn:aws:kinesis:${region}:000000000000:stream/local`;
  const shardId = source.shardId ?? 'shardId-000000000000';
  const Records = records.map((record): KinesisStreamRecord => {
    const arrival = record.approximateArrivalTimestamp ?? Date.now();
    const arrivalMs = typeof arrival === 'number' ? arrival : arrival.getTime();
    const bytes = typeof record.data === 'string' ? Buffer.from(record.data, 'utf8') : record.data;
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: record.partitionKey ?? 'key',
        sequenceNumber: record.sequenceNumber,
        data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        approximateArrivalTimestamp: arrivalMs / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${record.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::000000000000:role/cwagg-local`,
      awsRegion: region,
      eventSourceARN: streamArn,
    };
  });
  return { Records };
}
