import { Aggregator } from '@cwagg/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPlainValues } from '../src/runs.js';
import {
  anArrival,
  anOutOfRangeValue,
  aValue,
  batchOf,
  NOW,
  type RecordSpec,
} from './support/decoded-batch.js';

const metric = { name: 'Value', dimensions: { Type: 'Plain' } };
const value = fc.oneof(aValue, anOutOfRangeValue, fc.constantFrom(-0, Number.MIN_VALUE, 0.1 + 0.2));
/** One value per record (the fast path's case), or any mix with empty and many-valued records. */
const onePerRecord = fc.array(fc.record({ entries: value.map((v) => [{ value: v }]), arrival: anArrival }), {
  minLength: 1,
  maxLength: 80,
});
const anyRecords = fc.array(
  fc.record({
    entries: fc.array(
      value.map((v) => ({ value: v })),
      { maxLength: 3 },
    ),
    arrival: anArrival,
  }),
  { minLength: 1, maxLength: 80 },
);

describe('addPlainValues', () => {
  it('adds what addValueRuns adds, refusing the same values, whichever way it reads the times', () => {
    fc.assert(
      fc.property(fc.oneof(onePerRecord, anyRecords), fc.nat(), fc.nat(), (records: RecordSpec[], a, b) => {
        const batch = batchOf(records);
        const first = a % records.length;
        const end = first + 1 + (b % (records.length - first));
        const fast = new Aggregator({ namespace: 'Plain', clock: () => NOW });
        const slow = new Aggregator({ namespace: 'Plain', clock: () => NOW });
        const refused = addPlainValues(fast, metric, batch, first, end);
        const expected = slow.addValueRuns(
          metric,
          batch.values,
          batch.recordFirstValue,
          batch.recordTimestamps,
          first,
          end,
        );
        expect(refused).toEqual(expected);
        const x = fast.drain();
        const y = slow.drain();
        expect(x.requests).toEqual(y.requests);
        expect(x.rejected).toEqual(y.rejected);
      }),
      { numRuns: 300 },
    );
  });
});
