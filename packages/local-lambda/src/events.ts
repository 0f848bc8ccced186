/**
 * Building the event Lambda hands a Kinesis consumer from records as Kinesis returns them (GetRecords) or
 * as a test writes them. The one-machine pipeline's poller and the tests use it, so what they invoke looks
 * exactly like what Lambda invokes.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
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

/** When Kinesis received a record, epoch ms (now, for a record without one). */
export function arrivalOf(record: KinesisRecord): number {
  const arrival = record.ApproximateArrivalTimestamp;
  return arrival instanceof Date ? arrival.getTime() : typeof arrival === 'number' ? arrival : Date.now();
}

/** Records as GetRecords returns them, as `lambdaEventFromRecords` takes them. */
export function streamRecordsOf(records: readonly KinesisRecord[]): StreamRecordInput[] {
  return records.map((record) => ({
    data: record.Data ?? new Uint8Array(),
    sequenceNumber: record.SequenceNumber ?? '',
    partitionKey: record.PartitionKey ?? '',
    approximateArrivalTimestamp: arrivalOf(record),
  }));
}

function sourceOf(source: EventSource): Required<EventSource> {
  const region = source.region ?? 'us-east-1';
  return {
    region,
    streamArn: source.streamArn ?? `arn:aws:kinesis:${region}:000000000000:stream/local`,
    shardId: source.shardId ?? 'shardId-000000000000',
  };
}

export function lambdaEventFromRecords(
  records: readonly StreamRecordInput[],
  source: EventSource = {},
): KinesisStreamEvent {
  const { region, streamArn, shardId } = sourceOf(source);
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

/** The bounds of a tumbling window, epoch ms: [start, end). */
export interface WindowBounds {
  start: number;
  end: number;
}

/** The state a windowed invocation carries, and which of the window's invocations it is. */
export interface WindowInvocationFields {
  state: unknown;
  /** The window is over: no records, the whole state. */
  final?: boolean;
  /** The state grew past Lambda's limit: the window ends early. */
  terminatedEarly?: boolean;
}

/**
 * `event` as Lambda invokes a function in a tumbling window (TumblingWindowInSeconds): with the window's
 * bounds, the state, the shard and stream, and the final and terminated-early flags.
 */
export function windowedEvent(
  event: KinesisStreamEvent,
  window: WindowBounds,
  fields: WindowInvocationFields,
  source: EventSource = {},
): KinesisStreamEvent {
  const { streamArn, shardId } = sourceOf(source);
  return {
    ...event,
    window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
    state: fields.state,
    shardId,
    eventSourceARN: streamArn,
    isFinalInvokeForWindow: fields.final === true,
    isWindowTerminatedEarly: fields.terminatedEarly === true,
  } as KinesisStreamEvent;
}
