import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordOfValue } from '../src/batch.js';
import { batchOf, type Entry } from './support/decoded-batch.js';

const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ value: fc.double({ noNaN: true }) }),
  fc.record({ invalid: fc.constant('bad') }),
);

describe('recordOfValue', () => {
  it('finds the record of every value, whatever the records hold (empty, invalid only, many values)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 6 }), { minLength: 1, maxLength: 40 }), (records) => {
        const batch = batchOf(records.map((entries) => ({ entries, arrival: 0 })));
        // The slow way: each record's values, in order.
        const expected = records.flatMap((entries, r) => entries.filter((e) => 'value' in e).map(() => r));
        const found = Array.from({ length: batch.valueCount }, (_, i) => recordOfValue(batch, i));
        expect(found).toEqual(expected);
      }),
    );
  });

  it('skips records without values at the start, in the middle and at the end', () => {
    const batch = { recordCount: 6, recordFirstValue: Int32Array.of(0, 0, 2, 2, 2, 3, 3) };
    expect([0, 1, 2].map((i) => recordOfValue(batch, i))).toEqual([1, 1, 4]);
  });
});
