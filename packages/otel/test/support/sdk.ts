/**
 * The real OpenTelemetry SDK, collected on demand: a MetricReader whose temporality and aggregation the test
 * chooses, so that conversions are tested on what the SDK itself produces.
 */
import type { Meter } from '@opentelemetry/api';
import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

export class TestReader extends MetricReader {
  constructor(
    temporality: (type: InstrumentType) => AggregationTemporality,
    aggregation: (type: InstrumentType) => AggregationOption = () => ({ type: AggregationType.DEFAULT }),
  ) {
    super({ aggregationTemporalitySelector: temporality, aggregationSelector: aggregation });
  }

  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  async resourceMetrics(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new Error(`collection errors: ${errors.join(', ')}`);
    return resourceMetrics;
  }
}

export interface SdkUnderTest {
  meter: Meter;
  reader: TestReader;
  provider: MeterProvider;
}

export function sdkWith(reader: TestReader): SdkUnderTest {
  const provider = new MeterProvider({ readers: [reader] });
  return { meter: provider.getMeter('test'), reader, provider };
}

/** Histogram instruments as exponential histograms; the SDK's defaults for the others. */
export const exponential =
  (maxSize = 160) =>
  (type: InstrumentType): AggregationOption =>
    type === InstrumentType.HISTOGRAM
      ? { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize, recordMinMax: true } }
      : { type: AggregationType.DEFAULT };

/** Histogram instruments as explicit-bucket histograms; the SDK's defaults for the others. */
export const explicit =
  (boundaries: number[]) =>
  (type: InstrumentType): AggregationOption =>
    type === InstrumentType.HISTOGRAM
      ? { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries, recordMinMax: true } }
      : { type: AggregationType.DEFAULT };

export const delta = () => AggregationTemporality.DELTA;
export const cumulative = () => AggregationTemporality.CUMULATIVE;

/** Nearest-rank percentile of raw values (p in percent), the definition cloudwatch-local serves. */
export function exactPercentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Nearest-rank percentile of values with counts, values ascending. */
export function weightedPercentile(values: readonly number[], counts: readonly number[], p: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let cumulativeCount = 0;
  for (let i = 0; i < values.length; i++) {
    cumulativeCount += counts[i] as number;
    if (cumulativeCount >= rank) return values[i] as number;
  }
  return values[values.length - 1] as number;
}
