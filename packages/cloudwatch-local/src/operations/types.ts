import type { Dimension } from '../store.js';

/** Inputs as the codecs produce them (timestamps in epoch milliseconds). */
export interface MetricDatumInput {
  MetricName: string;
  Dimensions?: Dimension[];
  Timestamp?: number;
  Value?: number;
  StatisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
  Values?: number[];
  Counts?: number[];
  Unit?: string;
  StorageResolution?: number;
}

export interface PutMetricDataInput {
  Namespace: string;
  MetricData?: MetricDatumInput[];
  EntityMetricData?: Array<{ Entity?: unknown; MetricData?: MetricDatumInput[] }>;
  StrictEntityValidation?: boolean;
}

export interface GetMetricStatisticsInput {
  Namespace: string;
  MetricName: string;
  Dimensions?: Dimension[];
  StartTime: number;
  EndTime: number;
  Period: number;
  Statistics?: string[];
  ExtendedStatistics?: string[];
  Unit?: string;
}

export interface MetricInput {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}

export interface MetricDataQueryInput {
  Id: string;
  MetricStat?: { Metric: MetricInput; Period: number; Stat: string; Unit?: string };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
  AccountId?: string;
}

export interface GetMetricDataInput {
  MetricDataQueries: MetricDataQueryInput[];
  StartTime: number;
  EndTime: number;
  NextToken?: string;
  ScanBy?: string;
  MaxDatapoints?: number;
  LabelOptions?: { Timezone?: string };
}

export interface ListMetricsInput {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string; Value?: string }>;
  NextToken?: string;
  RecentlyActive?: string;
  IncludeLinkedAccounts?: boolean;
  OwningAccount?: string;
}
