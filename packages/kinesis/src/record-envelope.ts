/**
 * What every reader takes from a Kinesis record before its data: the sequence number that names it (in a
 * retry point, in an invalid record) and its arrival time. Defined once, so that the plain decoder, the mapped
 * decoder and the handlers' error paths agree on which records have one. The per-record loops call them too:
 * against the checks written inline, the same work measured within 1% (V8 inlines them most of the time).
 */
import type { KinesisStreamRecord, KinesisStreamRecordPayload } from 'aws-lambda';

/** Why a record without its data or its sequence number holds no values. */
export const NO_DATA_OR_SEQUENCE_NUMBER = 'record has no kinesis data or sequence number';

/**
 * The payload's sequence number, or '' when it has none. A record without one holds no values: the retry
 * point (response.ts) relies on that.
 */
export function sequenceNumberIn(payload: KinesisStreamRecordPayload | undefined): string {
  const sequenceNumber = payload?.sequenceNumber;
  return typeof sequenceNumber === 'string' ? sequenceNumber : '';
}

/**
 * The sequence number of each record of `records` by index, '' for a record without one, as DecodedBatch and
 * `retryPoint` take it.
 *
 * @example
 * retryPoint(sequenceNumbersOf(event.Records), event.Records.length, 0);
 */
export function sequenceNumbersOf(records: readonly KinesisStreamRecord[]): (recordIndex: number) => string {
  return (recordIndex) => sequenceNumberIn(records[recordIndex]?.kinesis);
}

/** The record's arrival in epoch ms, or the clock's time when Kinesis did not stamp it with a finite time. */
export function arrivalMs(payload: KinesisStreamRecordPayload, clock: () => number): number {
  const arrival: unknown = payload.approximateArrivalTimestamp;
  return typeof arrival === 'number' && Number.isFinite(arrival) ? arrival * 1000 : clock();
}
