import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../src/index.js';
import { jsonBytes, KEYS } from './support/adversarial-json.js';
import { contentsOf, recordsOfValues, timesOfValues } from './support/decoded-batch.js';
import { ARRIVAL, eventOf, kplAggregates, sequenceNumber } from './support/fixtures.js';

describe('decodeBatch', () => {
  it('yields each value with its record and arrival time, in order', () => {
    const batch = decodeBatch(eventOf(['1', ' 2.5 ', '-3']).Records);
    expect(batch.recordCount).toBe(3);
    expect(Array.from(batch.values.subarray(0, batch.valueCount))).toEqual([1, 2.5, -3]);
    expect(timesOfValues(batch)).toEqual([ARRIVAL, ARRIVAL, ARRIVAL]);
    expect(Array.from(batch.recordTimestamps)).toEqual([ARRIVAL, ARRIVAL, ARRIVAL]);
    expect(recordsOfValues(batch)).toEqual([0, 1, 2]);
    expect(Array.from(batch.recordFirstValue)).toEqual([0, 1, 2, 3]);
    expect(batch.invalid).toEqual([]);
  });

  it('deaggregates KPL records (sub-records share the parent’s position) and sets bad ones aside', async () => {
    const [aggregate] = await kplAggregates([['10', 'oops', '30']]);
    if (!aggregate) throw new Error('no aggregate');
    const truncated = aggregate.subarray(0, aggregate.length - 3);
    const batch = decodeBatch(eventOf(['5', aggregate, truncated, '6']).Records);
    expect(Array.from(batch.values.subarray(0, batch.valueCount))).toEqual([5, 10, 30, 6]);
    expect(recordsOfValues(batch)).toEqual([0, 1, 1, 3]);
    expect(Array.from(batch.recordFirstValue)).toEqual([0, 1, 3, 3, 4]);
    expect(batch.invalid).toEqual([
      {
        recordIndex: 1,
        sequenceNumber: sequenceNumber(1),
        subSequenceNumber: 1,
        reason: expect.stringMatching(/"oops"/),
      },
      { recordIndex: 2, sequenceNumber: sequenceNumber(2), reason: expect.stringMatching(/checksum/) },
    ]);
  });

  it('survives records that are not Kinesis records at all', () => {
    const good = eventOf(['7']).Records[0];
    const records = [
      null,
      {},
      { kinesis: { sequenceNumber: '1' } },
      { kinesis: { data: 'MTIz' } },
      { kinesis: { data: '%%%%', sequenceNumber: '2' } },
      good,
    ] as never;
    const batch = decodeBatch(records);
    expect(batch.valueCount).toBe(1);
    expect(batch.values[0]).toBe(7);
    expect(batch.invalid.map((entry) => entry.reason)).toEqual([
      'record has no kinesis data or sequence number',
      'record has no kinesis data or sequence number',
      'record has no kinesis data or sequence number',
      'record has no kinesis data or sequence number',
      'data is not valid base64',
    ]);
    // Unreadable records have no time; the good one keeps its arrival, whatever a reused buffer held.
    expect(Array.from(batch.recordTimestamps.subarray(0, 4))).toEqual([NaN, NaN, NaN, NaN]);
    expect(batch.recordTimestamps[5]).toBe(ARRIVAL);
  });

  it('uses the clock for records without an arrival time', () => {
    const event = lambdaEventFromRecords([{ data: '1', sequenceNumber: '1' }]);
    const record = event.Records[0] as (typeof event.Records)[number];
    delete (record.kinesis as { approximateArrivalTimestamp?: number }).approximateArrivalTimestamp;
    const batch = decodeBatch(event.Records, { clock: () => 1234 });
    expect(batch.recordTimestamps[0]).toBe(1234);
  });

  it('reads a JSON field when configured, and grows past its initial capacity', async () => {
    const [aggregate] = await kplAggregates([Array.from({ length: 50 }, (_, i) => JSON.stringify({ v: i }))]);
    if (!aggregate) throw new Error('no aggregate');
    const batch = decodeBatch(eventOf([aggregate, '{"v": 99}', '5']).Records, { valueField: ['v'] });
    expect(batch.valueCount).toBe(51);
    expect(batch.values[50]).toBe(99);
    expect(batch.invalid[0]?.reason).toMatch(/no field "v"/);
  });
});

describe('VALUE_FIELD', () => {
  it('gives the same batch with the fast path as with the full parse, on adversarial records', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...KEYS.filter((k) => k !== '')), { minLength: 1, maxLength: 2 }),
        fc.array(jsonBytes, { maxLength: 20 }),
        (valueField, payloads) => {
          const records = eventOf(payloads).Records;
          const fast = decodeBatch(records, { valueField, clock: () => 0 });
          const full = decodeBatch(records, { valueField, clock: () => 0, jsonFastPath: false });
          expect(contentsOf(fast)).toEqual(contentsOf(full));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
