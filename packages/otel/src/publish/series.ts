/**
 * Metric points grouped into CloudWatch series: one per metric name, unit, dimension set and time bucket
 * (the minute, or the second at storage resolution 1). Points that the allow-list or the cardinality guard
 * made alike fall into one series: their values are merged (equal values add their counts) and their
 * statistics combined exactly as CloudWatch combines datums.
 */
import type { Dimension, Unit } from '@cwagg/core';
import type { MetricPoint } from '../convert/metric-points.js';

/** Neumaier's compensated sum, kept as a running pair: sums of many floats stay as exact as doubles allow. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(term: number): void {
    const next = this.sum + term;
    this.compensation +=
      Math.abs(this.sum) >= Math.abs(term) ? this.sum - next + term : term - next + this.sum;
    this.sum = next;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

export interface Series {
  name: string;
  unit: Unit | undefined;
  dimensions: Dimension[];
  /** Start of the time bucket, epoch ms. */
  timestamp: number;
  /** value -> count. */
  counts: Map<number, number>;
  sampleCount: number;
  sum: CompensatedSum;
  min: number;
  max: number;
  relativeError: number;
  /** Data points merged into this series. */
  dataPoints: number;
}

export function seriesKey(point: MetricPoint, bucketStart: number): string {
  const dimensions = Object.keys(point.dimensions)
    .sort()
    .map((name) => `${name}=${point.dimensions[name]}`)
    .join('\u0001');
  return `${point.name}\u0000${point.unit ?? ''}\u0000${dimensions}\u0000${bucketStart}`;
}

/** Groups points into series, in the order their first point came. */
export function groupSeries(points: readonly MetricPoint[], storageResolution: 1 | 60): Series[] {
  const periodMs = storageResolution * 1000;
  const byKey = new Map<string, Series>();
  for (const point of points) {
    const bucketStart = Math.floor(point.timestamp / periodMs) * periodMs;
    const key = seriesKey(point, bucketStart);
    let series = byKey.get(key);
    if (series === undefined) {
      series = {
        name: point.name,
        unit: point.unit,
        dimensions: Object.keys(point.dimensions)
          .sort()
          .map((Name) => ({ Name, Value: point.dimensions[Name] as string })),
        timestamp: bucketStart,
        counts: new Map(),
        sampleCount: 0,
        sum: new CompensatedSum(),
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        relativeError: 0,
        dataPoints: 0,
      };
      byKey.set(key, series);
    }
    point.values.forEach((value, i) => {
      series.counts.set(value, (series.counts.get(value) ?? 0) + (point.counts[i] as number));
    });
    const { statistics } = point;
    series.sampleCount += statistics.SampleCount;
    series.sum.add(statistics.Sum);
    if (statistics.Minimum < series.min) series.min = statistics.Minimum;
    if (statistics.Maximum > series.max) series.max = statistics.Maximum;
    if (point.relativeError > series.relativeError) series.relativeError = point.relativeError;
    series.dataPoints++;
  }
  return [...byKey.values()];
}
