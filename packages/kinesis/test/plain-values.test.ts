import { Aggregator } from '@cwagg/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedBatch } from '../src/index.js';
import { addPlainValues } from '../src/runs.js';
import {
  anArrival,
  anOutOfRangeValue,
  aValue,
  batchOf,
  NOW,
  type RecordSpec,
  recordsOfValues,
} from './support/decoded-batch.js';

const metric = { name: 'Value', dimensions: { Type: 'Plain' } };
const value = fc.oneof(aValue, anOutOfRangeValue, fc.constantFrom(-0, Number.MIN_VALUE, 0.1 + 0.2));
/** One value per record (the usual batch of numbers), or any mix with empty and many-valued records. */
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

/** The slow way: every value's time written out, all at once, for `addValues`. */
function timesOf(batch: DecodedBatch): Float64Array {
  return Float64Array.from(recordsOfValues(batch), (r) => batch.recordTimestamps[r] as number);
}

describe('addPlainValues', () => {
  it('adds what addValues adds with a time per value, refusing the same values', () => {
    fc.assert(
      fc.property(fc.oneof(onePerRecord, anyRecords), fc.nat(), fc.nat(), (records: RecordSpec[], a, b) => {
        const batch = batchOf(records);
        const first = a % records.length;
        const end = first + 1 + (b % (records.length - first));
        const fast = new Aggregator({ namespace: 'Plain', clock: () => NOW });
        const slow = new Aggregator({ namespace: 'Plain', clock: () => NOW });
        const from = batch.recordFirstValue[first] as number;
        const to = batch.recordFirstValue[end] as number;
        expect(addPlainValues(fast, metric, batch, first, end)).toEqual(
          slow.addValues(metric, batch.values, timesOf(batch), from, to),
        );
        expect(fast.drain()).toEqual(slow.drain());
      }),
      { numRuns: 300 },
    );
  });

  it('writes the times of large records out chunk by chunk, refusals at the chunk edges in place', () => {
    // Three KPL-sized records: 5,000 values now, 3,000 from 20 days ago, 4,100 now; out-of-range values
    // at the first chunk's edges (4,095 and 4,096) and further on.
    const sizes = [5_000, 3_000, 4_100];
    const arrivals = [NOW, NOW - 20 * 86_400_000, NOW - 1];
    const outOfRange = new Set([0, 4_095, 4_096, 8_191, 8_192, 12_099]);
    let n = 0;
    const records: RecordSpec[] = sizes.map((size, r) => ({
      arrival: arrivals[r] as number,
      entries: Array.from({ length: size }, () => ({ value: outOfRange.has(n++) ? 2 ** 361 : n % 1001 })),
    }));
    const batch = batchOf(records);
    const times = timesOf(batch);
    for (const [first, end] of [
      [0, 3],
      [1, 3],
      [2, 3],
    ] as const) {
      const fast = new Aggregator({ namespace: 'Plain', clock: () => NOW });
      const slow = new Aggregator({ namespace: 'Plain', clock: () => NOW });
      const from = batch.recordFirstValue[first] as number;
      const to = batch.recordFirstValue[end] as number;
      expect(addPlainValues(fast, metric, batch, first, end)).toEqual(
        slow.addValues(metric, batch.values, times, from, to),
      );
      expect(fast.drain()).toEqual(slow.drain());
    }
  });
});
