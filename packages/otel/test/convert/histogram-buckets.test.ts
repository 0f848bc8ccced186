/**
 * Exponential histograms as the SDK itself builds them: the buckets read back hold every count once, each
 * representative lies inside its bucket and the recorded min..max, and percentiles of what is sent are within
 * the error the SDK's chosen scale gives, (base - 1) / (base + 1).
 */
import { DataPointType, type ExponentialHistogram, type Histogram } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketValues } from '../../src/convert/bucket-values.js';
import {
  explicitBuckets,
  exponentialBuckets,
  exponentialRelativeError,
} from '../../src/convert/histogram-buckets.js';
import {
  delta,
  exactPercentile,
  explicit,
  exponential,
  sdkWith,
  TestReader,
  weightedPercentile,
} from '../support/sdk.js';

async function sdkHistogram<H>(values: readonly number[], reader: TestReader): Promise<H> {
  const { meter, provider } = sdkWith(reader);
  const histogram = meter.createHistogram('h');
  for (const value of values) histogram.record(value);
  const collected = await reader.resourceMetrics();
  await provider.shutdown();
  const metric = collected.scopeMetrics[0]?.metrics[0];
  if (metric === undefined) throw new Error('nothing collected');
  return metric.dataPoints[0]?.value as H;
}

const values = fc.array(
  fc.oneof(
    fc.double({ min: 1e-4, max: 1e7, noNaN: true }),
    fc.constant(0),
    fc.integer({ min: 1, max: 1000 }),
  ),
  { minLength: 1, maxLength: 400 },
);

describe('exponential histograms from the SDK', () => {
  it('every count carried once, representatives inside their buckets, percentiles within the scale error', async () => {
    await fc.assert(
      fc.asyncProperty(values, fc.integer({ min: 2, max: 400 }), async (recorded, maxSize) => {
        const histogram = await sdkHistogram<ExponentialHistogram>(
          recorded,
          new TestReader(delta, exponential(maxSize)),
        );
        const buckets = [...exponentialBuckets(histogram)].filter((b) => b.count > 0);
        const sent = bucketValues(buckets, histogram.min, histogram.max);
        expect(sent.counts.reduce((a, b) => a + b, 0)).toBe(recorded.length);
        expect(sent.values.length).toBe(buckets.length);
        buckets.forEach((bucket, i) => {
          const value = sent.values[i] as number;
          expect(sent.counts[i]).toBe(bucket.count);
          expect(value).toBeGreaterThanOrEqual(bucket.lower);
          expect(value).toBeLessThanOrEqual(bucket.upper);
          expect(value).toBeGreaterThanOrEqual(histogram.min as number);
          expect(value).toBeLessThanOrEqual(histogram.max as number);
        });
        const bound = exponentialRelativeError(histogram.scale);
        expect(sent.relativeError).toBeLessThanOrEqual(bound * (1 + 1e-9));
        const sorted = Float64Array.from(recorded).sort();
        for (const p of [0, 10, 50, 90, 99, 100]) {
          const exact = exactPercentile(sorted, p);
          const read = weightedPercentile(sent.values, sent.counts, p);
          expect(Math.abs(read - exact)).toBeLessThanOrEqual(bound * exact + 4 * Number.EPSILON * exact);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('states the error of a scale: 1/3 at 0, 4.3% at 3, 1.1% at 5, 0.14% at 8', () => {
    expect(exponentialRelativeError(0)).toBeCloseTo(1 / 3, 12);
    expect(exponentialRelativeError(3)).toBeCloseTo(0.0433, 4);
    expect(exponentialRelativeError(5)).toBeCloseTo(0.0108, 4);
    expect(exponentialRelativeError(8)).toBeCloseTo(0.00135, 5);
  });

  it('sends negative values and zeros in ascending order (the exponential aggregation of a gauge or sum)', () => {
    const histogram: ExponentialHistogram = {
      count: 6,
      sum: -7,
      scale: 1,
      zeroCount: 2,
      positive: { offset: 0, bucketCounts: [1] },
      negative: { offset: 1, bucketCounts: [2, 1] },
      min: -2.5,
      max: 1.2,
    };
    const sent = bucketValues(exponentialBuckets(histogram), histogram.min, histogram.max);
    expect(sent.counts).toEqual([1, 2, 2, 1]);
    expect(sent.values[2]).toBe(0);
    expect(sent.values[0]).toBe(-2.5); // alone in the lowest bucket, (-2.83, -2]: the minimum itself
    expect(sent.values[3]).toBe(1.2);
    // Magnitudes (sqrt 2, 2] at scale 1, mirrored.
    expect(sent.values[1]).toBeCloseTo((-2 * Math.SQRT2 * 2) / (Math.SQRT2 + 2), 12);
  });
});

describe('explicit histograms from the SDK', () => {
  it('reads the buckets the SDK filled, boundaries as inclusive upper bounds', async () => {
    const histogram = await sdkHistogram<Histogram>(
      [1, 2, 2, 5, 10, 11, 500],
      new TestReader(delta, explicit([2, 10, 100])),
    );
    expect([...explicitBuckets(histogram)].map((b) => b.count)).toEqual([3, 2, 1, 1]);
    const sent = bucketValues(explicitBuckets(histogram), histogram.min, histogram.max);
    expect(sent.counts).toEqual([3, 2, 1, 1]);
    expect(sent.values[0]).toBeCloseTo((2 * 1 * 2) / 3, 12); // [1, 2]
    expect(sent.values[2]).toBeCloseTo((2 * 10 * 100) / 110, 12); // (10, 100]: an inner bucket, not cut
    expect(sent.values[3]).toBe(500);
  });

  it('marks the data point kind the SDK uses', () => {
    expect(DataPointType.HISTOGRAM).not.toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
  });
});
