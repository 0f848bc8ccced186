/**
 * Cumulative data turned into deltas (and delta up-down counters into levels), checked against the SDK
 * itself: one MeterProvider with a delta reader and a cumulative reader sees the same recordings, and what
 * the converter makes of the cumulative collections must be what the delta reader collected.
 */
import type { ExponentialHistogram, Histogram, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemporalityConverter } from '../../src/convert/temporality.js';
import { cumulative, delta, explicit, exponential, sdkWith, TestReader } from '../support/sdk.js';

function firstValue<T>(collected: ResourceMetrics, name: string): { value: T; start: number } | undefined {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      const point = metric.dataPoints[0];
      if (point === undefined) return undefined;
      return { value: point.value as T, start: point.startTime[0] * 1000 + point.startTime[1] / 1e6 };
    }
  }
  return undefined;
}

/** Rounds of recordings: each inner array is recorded, then both readers collect. */
const rounds = fc.array(fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { maxLength: 50 }), {
  minLength: 1,
  maxLength: 6,
});

describe('TemporalityConverter against the SDK', () => {
  it('cumulative counters and explicit histograms become exactly the deltas the SDK collects', async () => {
    await fc.assert(
      fc.asyncProperty(rounds, async (recordings) => {
        const boundaries = [1, 10, 100, 1000, 10_000];
        const deltaReader = new TestReader(delta, explicit(boundaries));
        const cumulativeReader = new TestReader(cumulative, explicit(boundaries));
        const { meter, provider } = sdkWith(deltaReader);
        // A second provider would see other recordings: add the reader to the same one instead.
        const both = sdkWith(cumulativeReader);
        const counters = [meter.createCounter('c'), both.meter.createCounter('c')];
        const histograms = [meter.createHistogram('h'), both.meter.createHistogram('h')];
        const converter = new TemporalityConverter();
        for (const round of recordings) {
          for (const value of round) {
            for (const counter of counters) counter.add(value);
            for (const histogram of histograms) histogram.record(value);
          }
          const fromDelta = await deltaReader.resourceMetrics();
          const fromCumulative = await cumulativeReader.resourceMetrics();
          const counterDelta = firstValue<number>(fromDelta, 'c')?.value ?? 0;
          const counterTotal = firstValue<number>(fromCumulative, 'c');
          if (counterTotal !== undefined) {
            const converted = converter.counterDelta('c', counterTotal.start, counterTotal.value);
            expect(converted).toBeCloseTo(counterDelta, 6);
          }
          const histogramTotal = firstValue<Histogram>(fromCumulative, 'h');
          const histogramDelta = firstValue<Histogram>(fromDelta, 'h')?.value;
          if (histogramTotal !== undefined) {
            const { histogram, extremesEstimated } = converter.explicitDelta(
              'h',
              histogramTotal.start,
              histogramTotal.value,
            );
            expect(histogram.count).toBe(histogramDelta?.count ?? 0);
            expect(histogram.buckets.counts).toEqual(
              histogramDelta?.buckets.counts ?? boundaries.map(() => 0).concat(0),
            );
            if (histogramDelta !== undefined && histogramDelta.count > 0) {
              expect(histogram.sum).toBeCloseTo(histogramDelta.sum as number, 6);
              // Estimated extremes stay within the delta's buckets; exact ones are the delta's own.
              if (!extremesEstimated) {
                expect(histogram.min).toBe(histogramDelta.min);
                expect(histogram.max).toBe(histogramDelta.max);
              }
              expect(histogram.min as number).toBeLessThanOrEqual(histogramDelta.min as number);
              expect(histogram.max as number).toBeGreaterThanOrEqual(histogramDelta.max as number);
            }
          }
          converter.endExport();
        }
        await provider.shutdown();
        await both.provider.shutdown();
      }),
      { numRuns: 40 },
    );
  });

  it('cumulative exponential histograms: the delta counts and sum, folded to the current scale', async () => {
    await fc.assert(
      fc.asyncProperty(rounds, async (recordings) => {
        const deltaReader = new TestReader(delta, exponential(40));
        const cumulativeReader = new TestReader(cumulative, exponential(40));
        const a = sdkWith(deltaReader);
        const b = sdkWith(cumulativeReader);
        const histograms = [a.meter.createHistogram('h'), b.meter.createHistogram('h')];
        const converter = new TemporalityConverter();
        for (const round of recordings) {
          for (const value of round) for (const histogram of histograms) histogram.record(value);
          const fromDelta = firstValue<ExponentialHistogram>(await deltaReader.resourceMetrics(), 'h');
          const total = firstValue<ExponentialHistogram>(await cumulativeReader.resourceMetrics(), 'h');
          if (total !== undefined) {
            const { histogram } = converter.exponentialDelta('h', total.start, total.value);
            const expected = fromDelta?.value;
            expect(histogram.count).toBe(expected?.count ?? 0);
            const sum = (counts: number[]) => counts.reduce((x, y) => x + y, 0);
            expect(sum(histogram.positive.bucketCounts) + histogram.zeroCount).toBe(expected?.count ?? 0);
            expect(histogram.scale).toBe(total.value.scale);
            if (expected !== undefined && expected.count > 0) {
              expect(histogram.sum).toBeCloseTo(expected.sum as number, 6);
              expect(histogram.min as number).toBeLessThanOrEqual(expected.min as number);
              expect(histogram.max as number).toBeGreaterThanOrEqual(expected.max as number);
            }
          }
          converter.endExport();
        }
        await a.provider.shutdown();
        await b.provider.shutdown();
      }),
      { numRuns: 40 },
    );
  });

  it('restarts a stream whose start time changed or that went down: the whole value counts', () => {
    const converter = new TemporalityConverter();
    expect(converter.counterDelta('c', 1000, 10)).toBe(10);
    expect(converter.counterDelta('c', 1000, 25)).toBe(15);
    expect(converter.counterDelta('c', 2000, 4)).toBe(4); // restarted
    expect(converter.counterDelta('c', 2000, 3)).toBe(3); // went down: a reset
  });

  it('forgets cumulative streams an export did not report, and keeps levels', () => {
    const converter = new TemporalityConverter();
    converter.counterDelta('gone', 0, 10);
    expect(converter.level('queue', 5)).toBe(5);
    converter.endExport();
    converter.endExport(); // 'gone' not reported in this one
    expect(converter.counterDelta('gone', 0, 12)).toBe(12);
    expect(converter.level('queue', -2)).toBe(3);
  });
});
