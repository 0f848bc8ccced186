import type { Unit } from './limits/constants.js';

/** What identifies a metric inside a namespace. Treat a definition as immutable once it has been used. */
export interface MetricDefinition {
  /** MetricName, 1..255 characters. */
  readonly name: string;
  /** A CloudWatch unit; omitted from the request when not given (CloudWatch then records `None`). */
  readonly unit?: Unit;
  /** Up to 30 dimensions (including the aggregator's default dimensions). */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** 60 (standard, the default) or 1 (high resolution: values are bucketed per second). */
  readonly storageResolution?: 1 | 60;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface StatisticSet {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
}

/** A MetricDatum as PutMetricData takes it (structurally the AWS SDK's `MetricDatum`). */
export interface MetricDatum {
  MetricName: string;
  Dimensions?: Dimension[];
  Timestamp: Date;
  Values: number[];
  /** Omitted when every count is 1, as CloudWatch then assumes. */
  Counts?: number[];
  StatisticValues: StatisticSet;
  Unit?: Unit;
  StorageResolution?: number;
}

/** A PutMetricData request (structurally the AWS SDK's `PutMetricDataCommandInput`). */
export interface PutMetricDataRequest {
  Namespace: string;
  MetricData: MetricDatum[];
}

/** A value the aggregator rejected, with the reason CloudWatch would have rejected it. */
export interface RejectedValue {
  metric: string;
  value: unknown;
  count: number;
  reason: string;
  timestamp?: number;
}

/** Accounting of what a drain produced: what the demo and the benchmarks report. */
export interface DrainStats {
  requests: number;
  datums: number;
  /** Distinct values emitted, summed over datums. */
  values: number;
  /** Sum of counts emitted: equals the sum of the counts of the accepted adds. */
  samples: number;
  /** Bytes of the JSON 1.0 bodies, uncompressed, summed over requests. */
  bodyBytes: number;
  /** Bytes of each request's JSON body, in request order. */
  requestBytes: number[];
  rejected: number;
}

export interface DrainResult {
  requests: PutMetricDataRequest[];
  rejected: RejectedValue[];
  stats: DrainStats;
}
