import { seededRandom } from '@cwagg/cli';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator, type MetricDefinition } from '../src/index.js';
import { MAX_VALUE_MAGNITUDE, MIN_RELATIVE_ERROR } from '../src/limits/index.js';
import { emittedByMetric, mergedStatistics, nearestRank, type Weighted } from './support/statistics.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const metric: MetricDefinition = { name: 'Latency', unit: 'Milliseconds' };
// Floating-point slack on top of the bound: log/exp are not exact.
const SLACK = 1e-9;

describe('Aggregator bounded-error mode', () => {
  it('reports every percentile within the relative error of the true one, with exact count/sum/min/max', () => {
    fc.assert(
      fc.property(
        // The smallest error accepted and a very loose one hold the bound too.
        fc.constantFrom(MIN_RELATIVE_ERROR, 0.001, 0.005, 0.01, 0.02, 0.05, 0.9),
        fc.array(
          fc.record({
            value: fc.oneof(
              fc.double({ min: -1e9, max: 1e9, noNaN: true }),
              fc.double({ min: -MAX_VALUE_MAGNITUDE, max: MAX_VALUE_MAGNITUDE, noNaN: true }),
              fc.constantFrom(
                0,
                -0,
                1e-300,
                -1e-300,
                Number.MIN_VALUE,
                MAX_VALUE_MAGNITUDE,
                -MAX_VALUE_MAGNITUDE,
              ),
            ),
            count: fc.integer({ min: 1, max: 50 }),
          }),
          { minLength: 1, maxLength: 800 },
        ),
        fc.integer({ min: 0, max: 100 }),
        (maxRelativeError, adds, percent) => {
          const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW, maxRelativeError });
          for (const { value, count } of adds) expect(agg.add(metric, value, count, NOW)).toBe(true);
          const { requests, rejected } = agg.drain();
          expect(rejected).toEqual([]);
          const raw: Weighted[] = adds.map(({ value, count }) => ({ value: value + 0, count }));
          const emitted = emittedByMetric(requests).get('Latency') ?? [];
          for (const p of [percent, 50, 90, 99]) {
            const truth = nearestRank(raw, p);
            const reported = nearestRank(emitted, p);
            expect(Math.abs(reported - truth)).toBeLessThanOrEqual(
              Math.abs(truth) * (maxRelativeError + SLACK),
            );
            // Never a different sign, and zero stays exactly zero.
            if (truth === 0) expect(reported).toBe(0);
            else expect(Math.sign(reported)).toBe(Math.sign(truth));
          }
          const stats = mergedStatistics(requests, 'Latency');
          expect(stats.SampleCount).toBe(raw.reduce((sum, item) => sum + item.count, 0));
          expect(stats.Minimum).toBe(Math.min(...raw.map((item) => item.value)));
          expect(stats.Maximum).toBe(Math.max(...raw.map((item) => item.value)));
          const rawSum = raw.reduce((sum, item) => sum + item.value * item.count, 0);
          const scale = raw.reduce((sum, item) => sum + Math.abs(item.value * item.count), 0);
          expect(Math.abs(stats.Sum - rawSum)).toBeLessThanOrEqual(scale * 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a million distinct log-normal latencies in a handful of datums at 1%', () => {
    const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW, maxRelativeError: 0.01 });
    const handle = agg.metric(metric);
    const random = seededRandom(42);
    const raw: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      // Box-Muller: log-normal latencies around 20 ms with a long tail. 1 - random() is in (0, 1]: log stays finite.
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const value = Math.exp(3 + 0.8 * normal);
      raw.push(value);
      handle.add(value);
    }
    const { requests, stats } = agg.drain();
    expect(stats.samples).toBe(1_000_000);
    expect(requests).toHaveLength(1);
    expect(stats.datums).toBeLessThanOrEqual(5);
    raw.sort((a, b) => a - b);
    const emitted = emittedByMetric(requests).get('Latency') ?? [];
    for (const p of [50, 90, 99, 99.9]) {
      const truth = raw[Math.ceil((p / 100) * raw.length) - 1] as number;
      expect(Math.abs(nearestRank(emitted, p) - truth) / truth).toBeLessThanOrEqual(0.01 + SLACK);
    }
  });

  it('does better than the CloudWatch agent’s 4.9% and handles negatives the agent cannot', () => {
    const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW, maxRelativeError: 0.01 });
    for (let i = 1; i <= 10_000; i++) agg.add(metric, -i / 7);
    const emitted = emittedByMetric(agg.drain().requests).get('Latency') ?? [];
    for (const { value } of emitted) expect(value).toBeLessThan(0);
    // Ascending: -10000/7 .. -1/7, so the 5000th smallest (p50 by nearest rank) is -5001/7.
    const truth = -5001 / 7;
    expect(Math.abs(nearestRank(emitted, 50) - truth)).toBeLessThanOrEqual(Math.abs(truth) * (0.01 + SLACK));
    const worst = Math.max(
      ...[1, 10, 50, 90, 99].map((p) => {
        const rank = Math.ceil((p / 100) * 10_000);
        const exact = -(10_001 - rank) / 7;
        return Math.abs(nearestRank(emitted, p) - exact) / Math.abs(exact);
      }),
    );
    expect(worst).toBeLessThan(0.049);
  });
});
