/**
 * Series to datums: however many values a series holds, the datums CloudWatch combines give back exactly the
 * series' count, sum, min and max, every value and count is carried once, and no datum passes 150 values.
 */
import { mergeSummaries, sameSum, summaryStatistics } from '@cwagg/cloudwatch-local';
import { MAX_VALUES_PER_DATUM } from '@cwagg/core/limits';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../src/convert/metric-points.js';
import { datumsOf } from '../../src/publish/datums.js';
import { groupSeries } from '../../src/publish/series.js';

/** A histogram-like point: representatives with counts, and exact statistics of raw values near them. */
const points = fc.array(
  fc
    .record({
      entries: fc.array(
        fc.record({
          value: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
          count: fc.integer({ min: 1, max: 1000 }),
        }),
        { minLength: 1, maxLength: 400 },
      ),
      drift: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      route: fc.constantFrom('/a', '/b'),
    })
    .map(({ entries, drift, route }): MetricPoint => {
      const merged = new Map<number, number>();
      for (const { value, count } of entries) merged.set(value, (merged.get(value) ?? 0) + count);
      const values = [...merged.keys()].sort((a, b) => a - b);
      const counts = values.map((v) => merged.get(v) as number);
      const stats = summaryStatistics(values.map((v, i) => [v, counts[i] as number] as const));
      return {
        name: 'Latency',
        unit: 'Milliseconds',
        dimensions: { Route: route },
        timestamp: 1_700_000_000_000 + 30_000,
        values,
        counts,
        // The exact sum differs from what the representatives add up to, as for a real histogram.
        statistics: { ...stats, Sum: stats.Sum * (1 + drift) },
        relativeError: 0.01,
        estimated: false,
      };
    }),
  { minLength: 1, maxLength: 5 },
);

describe('datumsOf', () => {
  it('gives back the exact statistics of each series, every value and count once, 150 values at most', () => {
    fc.assert(
      fc.property(points, (generated) => {
        for (const series of groupSeries(generated, 60)) {
          const datums = datumsOf(series, 60);
          const combined = datums.map((d) => d.StatisticValues).reduce((a, b) => mergeSummaries(a, b));
          expect(combined.SampleCount).toBe(series.sampleCount);
          expect(sameSum(combined.Sum, series.sum.value)).toBe(true);
          expect(combined.Minimum).toBe(series.min);
          expect(combined.Maximum).toBe(series.max);
          const sent = new Map<number, number>();
          for (const datum of datums) {
            expect(datum.Values.length).toBeLessThanOrEqual(MAX_VALUES_PER_DATUM);
            expect(datum.Timestamp.getTime()).toBe(series.timestamp);
            expect(datum.StatisticValues.Minimum).toBeLessThanOrEqual(datum.Values[0] as number);
            expect(datum.StatisticValues.Maximum).toBeGreaterThanOrEqual(datum.Values.at(-1) as number);
            datum.Values.forEach((value, i) => {
              expect(sent.has(value)).toBe(false);
              sent.set(value, datum.Counts?.[i] ?? 1);
            });
          }
          expect(sent).toEqual(series.counts);
        }
      }),
    );
  });

  it('merges points made alike: equal values add their counts, statistics combine', () => {
    const base: Omit<MetricPoint, 'values' | 'counts' | 'statistics'> = {
      name: 'Requests',
      unit: 'Count',
      dimensions: {},
      timestamp: 1_700_000_010_000,
      relativeError: 0,
      estimated: false,
    };
    const [series] = groupSeries(
      [
        { ...base, values: [3], counts: [1], statistics: { SampleCount: 1, Sum: 3, Minimum: 3, Maximum: 3 } },
        { ...base, values: [3], counts: [1], statistics: { SampleCount: 1, Sum: 3, Minimum: 3, Maximum: 3 } },
        { ...base, values: [7], counts: [1], statistics: { SampleCount: 1, Sum: 7, Minimum: 7, Maximum: 7 } },
      ],
      60,
    );
    expect(datumsOf(series as never, 60)).toEqual([
      {
        MetricName: 'Requests',
        Timestamp: new Date(1_699_999_980_000),
        Values: [3, 7],
        Counts: [2, 1],
        StatisticValues: { SampleCount: 3, Sum: 13, Minimum: 3, Maximum: 7 },
        Unit: 'Count',
      },
    ]);
  });
});
