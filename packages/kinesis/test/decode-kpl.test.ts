/**
 * The KPL path of decodeBatch: user records read in place (the fast grammar on the aggregate's bytes) against
 * each payload decoded as a record of its own, on adversarial texts; and a released batch's columns reused by
 * the next large batch without changing what either holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedBatch, decodeBatch, releaseBatch } from '../src/index.js';
import { recordsOfValues } from './support/decoded-batch.js';
import { eventOf, kplAggregates } from './support/fixtures.js';

/** Texts that trip number readers: exponents, signs, leading zeros, whitespace, -0, long digits, garbage. */
const aPayload = fc.oneof(
  fc.constantFrom(
    '-0',
    '+0',
    '007',
    ' 12 ',
    '\t3.5\n',
    '1e3',
    '1E-7',
    '.5',
    '5.',
    '-.5',
    '1e400',
    '12345678901234567890',
    '0.1000000000000000055511151231257827',
    '--1',
    '1 2',
    '',
    ' ',
    'NaN',
    '0x10',
    '１',
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true }).map(String),
  fc.string({ maxLength: 6 }),
);

const valuesOf = (batch: DecodedBatch) => Array.from(batch.values.subarray(0, batch.valueCount));

describe('decodeBatch on KPL aggregates', () => {
  it('reads each user record as the same payload sent as a record of its own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aPayload, { minLength: 1, maxLength: 30 }), async (payloads) => {
        const [aggregate] = await kplAggregates([payloads]);
        if (!aggregate) throw new Error('no aggregate');
        const fromAggregate = decodeBatch(eventOf([aggregate]).Records);
        const alone = decodeBatch(eventOf(payloads).Records);
        expect(valuesOf(fromAggregate).map((value) => (Object.is(value, -0) ? 'minus zero' : value))).toEqual(
          valuesOf(alone).map((value) => (Object.is(value, -0) ? 'minus zero' : value)),
        );
        expect(
          fromAggregate.invalid.map(({ subSequenceNumber, reason }) => [subSequenceNumber, reason]),
        ).toEqual(alone.invalid.map(({ recordIndex, reason }) => [recordIndex, reason]));
      }),
      { numRuns: 60 },
    );
  });

  it('reuses a released batch’s columns for the next large batch, values intact', async () => {
    const texts = (offset: number) => Array.from({ length: 40_000 }, (_, i) => String((i + offset) % 1001));
    const aggregates = await kplAggregates([0, 1, 2].map((k) => texts(k * 40_000)));
    const first = decodeBatch(eventOf(aggregates).Records);
    expect(first.valueCount).toBe(120_000);
    const firstValues = valuesOf(first);
    releaseBatch(first);
    const later = await kplAggregates([0, 1].map((k) => texts(7 + k * 40_000)));
    const second = decodeBatch(eventOf(later).Records);
    expect(second.values.buffer).toBe(first.values.buffer);
    expect(valuesOf(second)).toEqual([...texts(7), ...texts(40_007)].map(Number));
    // The record columns too, cut to this batch's records.
    expect(second.recordFirstValue.buffer).toBe(first.recordFirstValue.buffer);
    expect(Array.from(second.recordFirstValue)).toEqual([0, 40_000, 80_000]);
    expect(second.recordTimestamps).toHaveLength(2);
    expect(recordsOfValues(second)).toEqual(Array.from({ length: 80_000 }, (_, i) => (i < 40_000 ? 0 : 1)));
    // Not released: the next batch makes its own columns.
    const third = decodeBatch(eventOf(aggregates).Records);
    expect(third.values.buffer).not.toBe(second.values.buffer);
    expect(valuesOf(third)).toEqual(firstValues);
  });
});
