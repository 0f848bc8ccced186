/** The events Lambda hands a Kinesis consumer: a batch of records, and the same batch in a tumbling window. */
import { describe, expect, it } from 'vitest';
import { lambdaEventFromRecords, windowedEvent } from '../src/index.js';

const records = [
  { data: '42', sequenceNumber: '1', approximateArrivalTimestamp: 1_764_000_001_500 },
  { data: 'x', sequenceNumber: '2', approximateArrivalTimestamp: 1_764_000_002_000 },
];

describe('lambdaEventFromRecords', () => {
  it('gives each record base64 data, its sequence number and its arrival in seconds', () => {
    const [first] = lambdaEventFromRecords(records).Records;
    expect(first?.kinesis).toMatchObject({
      data: Buffer.from('42').toString('base64'),
      sequenceNumber: '1',
      approximateArrivalTimestamp: 1_764_000_001.5,
    });
    expect(first?.eventSourceARN).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/local');
  });
});

describe('windowedEvent', () => {
  const window = { start: 1_764_000_000_000, end: 1_764_000_060_000 };

  it('adds the window, the state and the shard to the batch, its records unchanged', () => {
    const batch = lambdaEventFromRecords(records);
    const event = windowedEvent(batch, window, { state: { seen: 3 } });
    expect(event.Records).toEqual(batch.Records);
    expect(event).toMatchObject({
      window: { start: '2025-11-24T16:00:00.000Z', end: '2025-11-24T16:01:00.000Z' },
      state: { seen: 3 },
      shardId: 'shardId-000000000000',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/local',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
  });

  it('marks the final and the early-ending invocation, on the shard and stream it is given', () => {
    const source = { streamArn: 'arn:aws:kinesis:eu-west-1:1:stream/s', shardId: 'shardId-000000000007' };
    const final = windowedEvent({ Records: [] }, window, { state: {}, final: true }, source);
    expect(final).toMatchObject({
      shardId: 'shardId-000000000007',
      eventSourceARN: 'arn:aws:kinesis:eu-west-1:1:stream/s',
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    });
    const early = windowedEvent({ Records: [] }, window, { state: {}, terminatedEarly: true });
    expect(early).toMatchObject({ isFinalInvokeForWindow: false, isWindowTerminatedEarly: true });
  });
});
