import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator, type MetricDefinition } from '../src/index.js';
import { MAX_VALUE_MAGNITUDE } from '../src/limits/index.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

const metrics: MetricDefinition[] = [
  { name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/buy' } },
  { name: 'Ticks', storageResolution: 1 },
];

const value = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -MAX_VALUE_MAGNITUDE, max: MAX_VALUE_MAGNITUDE, noNaN: true }),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 361, Number.MIN_VALUE),
);
/** Times around now, one second or a minute apart, and outside CloudWatch's window both ways. */
const time = fc.oneof(
  fc.integer({ min: -3 * 60_000, max: 3 * 60_000 }).map((offset) => NOW + offset),
  fc.constantFrom(NOW - 15 * DAY, NOW + 3 * 60 * 60 * 1000),
);
/** Runs of 0 to 6 values, each run with one time (a Kinesis record, a KPL aggregate, an empty record). */
const runs = fc.array(fc.record({ values: fc.array(value, { maxLength: 6 }), at: time }), { maxLength: 60 });

describe('Aggregator.addValueRuns', () => {
  it('folds runs exactly as addValues does with each run’s time repeated, rejecting the same values', () => {
    fc.assert(
      fc.property(
        runs,
        fc.nat({ max: 5 }),
        fc.nat({ max: 5 }),
        fc.nat({ max: 1 }),
        (list, skipFirst, skipLast, m) => {
          const metric = metrics[m] as MetricDefinition;
          const values = Float64Array.from(list.flatMap((run) => run.values));
          const runStarts = new Int32Array(list.length + 1);
          list.forEach((run, k) => {
            runStarts[k + 1] = (runStarts[k] as number) + run.values.length;
          });
          const runTimes = Float64Array.from(list.map((run) => run.at));
          const firstRun = Math.min(skipFirst, list.length);
          const endRun = Math.max(firstRun, list.length - skipLast);

          // The slow way: a time per value, over the same values.
          const timestamps = Float64Array.from(list.flatMap((run) => run.values.map(() => run.at)));
          const perValue = new Aggregator({ namespace: 'Runs', clock: () => NOW });
          const from = runStarts[firstRun] as number;
          const to = runStarts[endRun] as number;
          const expectedRejected = perValue.addValues(metric, values, timestamps, from, to);

          const byRuns = new Aggregator({ namespace: 'Runs', clock: () => NOW });
          const rejected = byRuns.addValueRuns(metric, values, runStarts, runTimes, firstRun, endRun);
          expect(rejected).toEqual(expectedRejected);
          expect(byRuns.samples).toBe(perValue.samples);
          const a = perValue.drain();
          const b = byRuns.drain();
          expect(b.requests).toEqual(a.requests);
          expect(b.rejected).toEqual(a.rejected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes every run by default, and rejects every value of an invalid metric with its run’s time', () => {
    const agg = new Aggregator({ namespace: 'Runs', clock: () => NOW });
    const values = [1, 2, 3, 4];
    const runStarts = [0, 2, 2, 4];
    const runTimes = [NOW, NOW - 60_000, NOW - 120_000];
    expect(agg.addValueRuns({ name: 'Latency' }, values, runStarts, runTimes)).toEqual([]);
    expect(agg.samples).toBe(4);
    expect(agg.drain().stats.datums).toBe(2);
    expect(agg.addValueRuns({ name: '' }, values, runStarts, runTimes, 1)).toEqual([2, 3]);
    expect(agg.drain().rejected.map((r) => r.timestamp)).toEqual([NOW - 120_000, NOW - 120_000]);
  });
});
