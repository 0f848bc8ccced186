/** The retry buffer: bounded by datums and bytes, dropping exactly the oldest, with exact running sums. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datumSamples, type HeldDatum, RetryBuffer, summarise } from '../../src/buffer/retry-buffer.js';
import type { MetricDatum } from '../../src/types.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

let nextId = 0;
function held(samples: number, bytes: number, at = NOW): HeldDatum {
  const datum: MetricDatum = {
    MetricName: `M${nextId++}`,
    Timestamp: new Date(at),
    Values: [1],
    Counts: [samples],
    StatisticValues: { SampleCount: samples, Sum: samples, Minimum: 1, Maximum: 1 },
  };
  return { datum, bytes };
}

const aHeld = fc
  .record({
    samples: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.5, max: 1e6, noNaN: true })),
    bytes: fc.integer({ min: 50, max: 5000 }),
    ageMs: fc.integer({ min: 0, max: 3_600_000 }),
  })
  .map(({ samples, bytes, ageMs }) => held(samples, bytes, NOW - ageMs));

function sums(items: readonly HeldDatum[]) {
  return {
    datums: items.length,
    bytes: items.reduce((sum, item) => sum + item.bytes, 0),
    samples: items.reduce((sum, item) => sum + item.datum.StatisticValues.SampleCount, 0),
  };
}

describe('RetryBuffer', () => {
  it('stays within both bounds, drops only the oldest and no more than needed, and keeps exact sums', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(fc.array(aHeld, { maxLength: 8 }), { maxLength: 10 }),
        (maxDatums, maxBytes, batches) => {
          const buffer = new RetryBuffer(maxDatums, maxBytes);
          const added: HeldDatum[] = [];
          const dropped: HeldDatum[] = [];
          for (const batch of batches) {
            const before = buffer.takeAll();
            buffer.add(before); // what was held stays held, in order
            added.push(...batch);
            const overflow = buffer.add(batch);
            dropped.push(...overflow);
            const now = buffer.takeAll();
            buffer.add(now);
            // Everything added is either dropped (oldest first) or held (newest last), nothing else.
            expect([...dropped, ...now]).toEqual(added);
            expect(now.length).toBeLessThanOrEqual(maxDatums);
            expect(sums(now).bytes).toBeLessThanOrEqual(maxBytes);
            expect({ datums: buffer.datums, bytes: buffer.bytes }).toEqual({
              datums: sums(now).datums,
              bytes: sums(now).bytes,
            });
            expect(buffer.samples).toBeCloseTo(sums(now).samples, 6);
            // Keeping the newest dropped datum too would break a bound: nothing was dropped needlessly.
            const lastDropped = overflow.at(-1);
            if (lastDropped !== undefined) {
              const withIt = [lastDropped, ...now];
              expect(withIt.length > maxDatums || sums(withIt).bytes > maxBytes).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('removes exactly the datums older than a time, keeping the others in order', () => {
    fc.assert(
      fc.property(
        fc.array(aHeld, { maxLength: 20 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        (items, ageMs) => {
          const buffer = new RetryBuffer(1000, 10_000_000);
          buffer.add(items);
          const oldest = NOW - ageMs;
          const removed = buffer.removeOlderThan(oldest);
          const kept = buffer.takeAll();
          expect(removed).toEqual(items.filter((item) => item.datum.Timestamp.getTime() < oldest));
          expect(kept).toEqual(items.filter((item) => item.datum.Timestamp.getTime() >= oldest));
        },
      ),
    );
  });

  it('is empty, with sums of exactly 0, after takeAll, whatever float residue the sums carried', () => {
    const buffer = new RetryBuffer(10, 1_000_000);
    // 0.1 + 0.2 + 0.3 - 0.1 - 0.2 - 0.3 is 1.1e-16 in floating point, not 0.
    buffer.add([held(0.1, 100), held(0.2, 100), held(0.3, 100)]);
    buffer.takeAll();
    expect({ datums: buffer.datums, bytes: buffer.bytes, samples: buffer.samples }).toEqual({
      datums: 0,
      bytes: 0,
      samples: 0,
    });
  });

  it('with a bound of 0 holds nothing', () => {
    const items = [held(3, 100), held(4, 100)];
    expect(new RetryBuffer(0, 1_000_000).add(items)).toEqual(items);
    expect(new RetryBuffer(10, 0).add(items)).toEqual(items);
  });

  it('counts a datum’s samples as its SampleCount, the sum of its counts', () => {
    const items = [held(3, 10), held(2.5, 10)];
    expect(datumSamples(items[0]?.datum as MetricDatum)).toBe(3);
    expect(summarise(items)).toEqual({ datums: 2, samples: 5.5 });
    expect(summarise([])).toEqual({ datums: 0, samples: 0 });
  });
});
