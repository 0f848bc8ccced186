/**
 * A minimal, honest OpenTelemetry -> embedded metric format writer: what a service without a collector
 * sidecar would write itself. Each data point becomes EMF log lines on stdout (CloudWatch Logs extracts the
 * metrics): a counter or gauge its number; a histogram the `{ Values, Counts, Max, Min, Count, Sum }` form
 * the OpenTelemetry Collector's awsemfexporter writes, at most 100 values per line, each bucket at its
 * midpoint as that exporter does. Same aggregation asked of the SDK as CwaggMetricExporter (delta,
 * exponential histograms of 320 buckets), so the two differ only in how they reach CloudWatch.
 */
import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** EMF allows at most 100 values in a metric's array. */
const MAX_VALUES_PER_LINE = 100;

type ExportResult = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

export class EmfMetricExporter implements PushMetricExporter {
  constructor(
    private readonly namespace: string,
    private readonly dimensionKeys: readonly string[],
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly maxBuckets = 320,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    for (const { metrics: scoped } of metrics.scopeMetrics) {
      for (const metric of scoped) {
        const name = metric.descriptor.name;
        for (const point of metric.dataPoints as DataPoint<unknown>[]) {
          const dimensions: Record<string, string> = {};
          for (const key of this.dimensionKeys) {
            const value = point.attributes[key];
            if (value !== undefined) dimensions[key] = String(value);
          }
          const timestamp = point.endTime[0] * 1000 + Math.floor(point.endTime[1] / 1e6);
          if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
            for (const value of histogramValues(point.value as ExponentialHistogram)) {
              this.line(timestamp, dimensions, name, value);
            }
          } else if (metric.dataPointType !== DataPointType.HISTOGRAM) {
            this.line(timestamp, dimensions, name, point.value as number);
          }
        }
      }
    }
    resultCallback({ code: 0 as ExportResult['code'] });
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  selectAggregation(type: InstrumentType): AggregationOption {
    return type === InstrumentType.HISTOGRAM
      ? { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: this.maxBuckets } }
      : { type: AggregationType.DEFAULT };
  }

  private line(timestamp: number, dimensions: Record<string, string>, name: string, value: unknown): void {
    this.write(
      JSON.stringify({
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            { Namespace: this.namespace, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name }] },
          ],
        },
        ...dimensions,
        [name]: value,
      }),
    );
  }
}

interface EmfHistogram {
  Values: number[];
  Counts: number[];
  Max: number;
  Min: number;
  Count: number;
  Sum: number;
}

/** A histogram as EMF values of at most 100 buckets each, bucket midpoints, statistics on every part. */
function histogramValues(histogram: ExponentialHistogram): EmfHistogram[] {
  const base = 2 ** (2 ** -histogram.scale);
  const values: number[] = [];
  const counts: number[] = [];
  if (histogram.zeroCount > 0) {
    values.push(0);
    counts.push(histogram.zeroCount);
  }
  const { offset, bucketCounts } = histogram.positive;
  bucketCounts.forEach((count, k) => {
    if (count === 0) return;
    const lower = base ** (offset + k);
    values.push((lower + lower * base) / 2);
    counts.push(count);
  });
  const parts: EmfHistogram[] = [];
  for (let from = 0; from < values.length; from += MAX_VALUES_PER_LINE) {
    const partCounts = counts.slice(from, from + MAX_VALUES_PER_LINE);
    const partValues = values.slice(from, from + MAX_VALUES_PER_LINE);
    parts.push({
      Values: partValues,
      Counts: partCounts,
      Max:
        from + MAX_VALUES_PER_LINE >= values.length
          ? (histogram.max as number)
          : (partValues.at(-1) as number),
      Min: from === 0 ? (histogram.min as number) : (partValues[0] as number),
      Count: partCounts.reduce((a, b) => a + b, 0),
      Sum: partValues.reduce((sum, value, i) => sum + value * (partCounts[i] as number), 0),
    });
  }
  // The exact sum overall: the first part takes what the midpoints of the others leave of it.
  const first = parts[0];
  if (first !== undefined && histogram.sum !== undefined) {
    first.Sum = histogram.sum - parts.slice(1).reduce((sum, part) => sum + part.Sum, 0);
  }
  return parts;
}
