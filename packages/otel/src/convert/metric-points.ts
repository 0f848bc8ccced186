/**
 * ResourceMetrics to metric points: one per SDK data point, holding what CloudWatch is sent for it (values
 * with counts and the exact statistics), its CloudWatch name, unit and dimensions. The mapping:
 *
 * - a counter (monotonic sum) is its increase since the previous export, one value;
 * - an up-down counter (non-monotonic sum) and a gauge are their current value, one value;
 * - a histogram is one value per non-empty bucket (its representative) carrying the bucket's count, with
 *   count, sum, min and max as the SDK recorded them.
 *
 * A data point CloudWatch would reject is not converted but listed with its reason.
 */

import type { StatisticSet, Unit } from '@cwagg/core';
import { metricNameProblem, valueProblem } from '@cwagg/core/limits';
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { bucketValues } from './bucket-values.js';
import { type DimensionRule, mapDimensions } from './dimensions.js';
import { explicitBuckets, exponentialBuckets } from './histogram-buckets.js';
import type { TemporalityConverter } from './temporality.js';
import { cloudWatchUnit } from './units.js';

export interface MetricPoint {
  name: string;
  unit: Unit | undefined;
  dimensions: Record<string, string>;
  /** Epoch ms: the end of the data point's collection interval. */
  timestamp: number;
  /** Ascending, distinct. */
  values: number[];
  counts: number[];
  /** Exact, unless `estimated`. */
  statistics: StatisticSet;
  /** Worst relative error of a value sent for this point (0: the values themselves). */
  relativeError: number;
  /** True when the sum, min or max could not be had from the SDK and was estimated from the buckets. */
  estimated: boolean;
}

/** A data point that was not sent, and why. */
export interface RejectedDataPoint {
  metric: string;
  reason: string;
  /** Samples it carried: 1 for a counter, gauge or up-down counter point, the count of a histogram. */
  samples: number;
}

/** The instrument name and scope a CloudWatch metric name is made from. */
export interface InstrumentIdentity {
  name: string;
  unit: string;
  scope: { name: string; version?: string };
}

export interface PointConversionSettings {
  attributeRules: readonly DimensionRule[];
  resourceRules: readonly DimensionRule[];
  metricName: (instrument: InstrumentIdentity) => string;
  /** The value written for every allowed attribute of a point in the SDK's own overflow series. */
  overflowValue: string;
}

export interface ConvertedMetrics {
  points: MetricPoint[];
  rejected: RejectedDataPoint[];
  /** Data points received, and the samples they carry. */
  dataPoints: number;
  samples: number;
  /** Dimension values whose text had to change to be valid. */
  changedDimensionValues: number;
  /** Points of the SDK's own overflow series (its cardinality limit per instrument was reached). */
  sdkOverflowDataPoints: number;
}

/** The attribute the SDK puts on the one series that holds what passed its cardinality limit. */
const SDK_OVERFLOW_ATTRIBUTE = 'otel.metric.overflow';

export function hrTimeToMs([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6;
}

/** A stable key of a stream: scope, instrument and every attribute (sorted), before any allow-list. */
function streamKey(scope: string, metric: string, attributes: Attributes): string {
  const sorted = Object.keys(attributes)
    .sort()
    .map((key) => [key, attributes[key]]);
  return `${scope}\u0000${metric}\u0000${JSON.stringify(sorted)}`;
}

export function convertResourceMetrics(
  resourceMetrics: ResourceMetrics,
  settings: PointConversionSettings,
  temporality: TemporalityConverter,
): ConvertedMetrics {
  const result: ConvertedMetrics = {
    points: [],
    rejected: [],
    dataPoints: 0,
    samples: 0,
    changedDimensionValues: 0,
    sdkOverflowDataPoints: 0,
  };
  const resourceDimensions: Record<string, string> = {};
  result.changedDimensionValues += mapDimensions(
    resourceMetrics.resource.attributes,
    settings.resourceRules,
    resourceDimensions,
  );
  for (const { scope, metrics } of resourceMetrics.scopeMetrics) {
    const scopeKey = `${scope.name}@${scope.version ?? ''}`;
    for (const metric of metrics) {
      const { descriptor } = metric;
      const name = settings.metricName({ name: descriptor.name, unit: descriptor.unit, scope });
      const nameProblem = metricNameProblem(name);
      const unit = cloudWatchUnit(descriptor.unit);
      for (const dataPoint of metric.dataPoints as DataPoint<unknown>[]) {
        result.dataPoints++;
        const key = streamKey(scopeKey, descriptor.name, dataPoint.attributes);
        const converted = convertValue(metric, dataPoint, key, temporality);
        if (converted === undefined) continue; // a histogram with nothing new since the previous export
        result.samples += converted.samples;
        const problem = nameProblem ?? converted.problem;
        if (problem !== undefined) {
          result.rejected.push({ metric: name, reason: problem, samples: converted.samples });
          continue;
        }
        const dimensions = { ...resourceDimensions };
        if (dataPoint.attributes[SDK_OVERFLOW_ATTRIBUTE] === true) {
          result.sdkOverflowDataPoints++;
          for (const rule of settings.attributeRules) dimensions[rule.name] = settings.overflowValue;
        } else {
          result.changedDimensionValues += mapDimensions(
            dataPoint.attributes,
            settings.attributeRules,
            dimensions,
          );
        }
        result.points.push({
          name,
          unit,
          dimensions,
          timestamp: hrTimeToMs(dataPoint.endTime),
          ...(converted.point as Omit<MetricPoint, 'name' | 'unit' | 'dimensions' | 'timestamp'>),
        });
      }
    }
  }
  temporality.endExport();
  return result;
}

type PointValues = Omit<MetricPoint, 'name' | 'unit' | 'dimensions' | 'timestamp'>;

interface ConvertedValue {
  samples: number;
  point?: PointValues;
  problem?: string;
}

function convertValue(
  metric: MetricData,
  dataPoint: DataPoint<unknown>,
  key: string,
  temporality: TemporalityConverter,
): ConvertedValue | undefined {
  const cumulative = metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
  const start = hrTimeToMs(dataPoint.startTime);
  switch (metric.dataPointType) {
    case DataPointType.SUM: {
      const raw = dataPoint.value as number;
      let value = raw;
      if (metric.isMonotonic && cumulative) value = temporality.counterDelta(key, start, raw);
      else if (!metric.isMonotonic && !cumulative) value = temporality.level(key, raw);
      return singleValue(value);
    }
    case DataPointType.GAUGE:
      return singleValue(dataPoint.value as number);
    case DataPointType.HISTOGRAM: {
      const delta = cumulative
        ? temporality.explicitDelta(key, start, dataPoint.value as Histogram)
        : { histogram: dataPoint.value as Histogram, extremesEstimated: false };
      const { histogram } = delta;
      if (histogram.count === 0) return undefined;
      return histogramValue(
        bucketValues(explicitBuckets(histogram), histogram.min, histogram.max),
        histogram,
        delta.extremesEstimated,
      );
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM: {
      const delta = cumulative
        ? temporality.exponentialDelta(key, start, dataPoint.value as ExponentialHistogram)
        : { histogram: dataPoint.value as ExponentialHistogram, extremesEstimated: false };
      const { histogram } = delta;
      if (histogram.count === 0) return undefined;
      return histogramValue(
        bucketValues(exponentialBuckets(histogram), histogram.min, histogram.max),
        histogram,
        delta.extremesEstimated,
      );
    }
  }
}

function singleValue(value: number): ConvertedValue {
  const problem = valueProblem(value);
  if (problem !== undefined) return { samples: 1, problem };
  return {
    samples: 1,
    point: {
      values: [value],
      counts: [1],
      statistics: { SampleCount: 1, Sum: value, Minimum: value, Maximum: value },
      relativeError: 0,
      estimated: false,
    },
  };
}

function histogramValue(
  bucketed: ReturnType<typeof bucketValues>,
  histogram: { count: number; sum?: number; min?: number; max?: number },
  extremesEstimated: boolean,
): ConvertedValue {
  const samples = histogram.count;
  const { values, counts } = bucketed;
  if (values.length === 0) return { samples, problem: 'histogram has a count but no bucket holds it' };
  let estimated = extremesEstimated;
  let sum = histogram.sum;
  if (sum === undefined) {
    // The SDK leaves the sum out for instruments that may record negative values: estimated from buckets.
    sum = values.reduce((total, value, i) => total + value * (counts[i] as number), 0);
    estimated = true;
  }
  const min = histogram.min ?? (values[0] as number);
  const max = histogram.max ?? (values[values.length - 1] as number);
  if (histogram.min === undefined || histogram.max === undefined) estimated = true;
  const problem = [sum, min, max, ...values].map(valueProblem).find((found) => found !== undefined);
  if (problem !== undefined) return { samples, problem: `histogram ${problem}` };
  return {
    samples,
    point: {
      values,
      counts,
      statistics: { SampleCount: samples, Sum: sum, Minimum: min, Maximum: max },
      relativeError: bucketed.relativeError,
      estimated,
    },
  };
}
