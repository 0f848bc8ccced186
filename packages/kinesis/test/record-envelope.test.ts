import type { KinesisStreamRecord, KinesisStreamRecordPayload } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { arrivalMs, sequenceNumberIn, sequenceNumbersOf } from '../src/record-envelope.js';

const payload = (fields: Record<string, unknown>) => fields as unknown as KinesisStreamRecordPayload;

describe('record envelope', () => {
  it("takes a record's arrival in ms, and the clock's time when it has no finite one", () => {
    const clock = () => 42;
    expect(arrivalMs(payload({ approximateArrivalTimestamp: 1_700_000_000.25 }), clock)).toBe(
      1_700_000_000_250,
    );
    expect(arrivalMs(payload({ approximateArrivalTimestamp: 0 }), clock)).toBe(0);
    for (const odd of [undefined, null, Number.NaN, Number.POSITIVE_INFINITY, '1700000000', {}]) {
      expect(arrivalMs(payload({ approximateArrivalTimestamp: odd }), clock)).toBe(42);
    }
  });

  it("names a record by its sequence number, and a record without a string one by ''", () => {
    expect(sequenceNumberIn(payload({ sequenceNumber: '4960' }))).toBe('4960');
    expect(sequenceNumberIn(undefined)).toBe('');
    expect(sequenceNumberIn(payload({ sequenceNumber: 4960 }))).toBe('');
    const records = [
      { kinesis: { sequenceNumber: '1' } },
      {},
      null,
      { kinesis: { sequenceNumber: ['2'] } },
    ] as unknown as KinesisStreamRecord[];
    const of = sequenceNumbersOf(records);
    expect([0, 1, 2, 3, 4].map(of)).toEqual(['1', '', '', '', '']);
  });
});
