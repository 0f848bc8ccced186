/** What a run returns: both handlers side by side, compared with each other and with what was sent. */
import type { GivenUpBatch } from '@cwagg/local-lambda';
import type { HistogramBin } from '../histogram.js';
import type { StatisticName, Statistics } from '../statistics.js';
import type { MappingResult } from './compare-series.js';
import type { DemoPhase } from './progress-events.js';
import type { DemoSettings } from './settings.js';

export interface HandlerResult {
  /** PutMetricData requests the endpoint received from this handler, retries and faulted ones included. */
  putMetricDataCalls: number;
  /** Bytes of those requests as sent (gzip or not). */
  requestBytes: number;
  /** Read back from the endpoint. */
  stats: Statistics;
  /** The handler's InvalidRecords metric, read back. */
  invalid: number;
  /** The handler's PutMetricDataCalls metric, read back: the calls CloudWatch stored. */
  publishedCalls: number;
  costUsd: number;
  costPerMillionRecordsUsd: number;
  invocations: number;
  partialFailures: number;
  functionErrors: number;
  retries: number;
  givenUp: GivenUpBatch[];
  /** Its statistics equal those of the values produced. */
  matchesProduced: boolean;
  /** Statistics that differ from the values produced. */
  differsFromProduced: StatisticName[];
  /** p0..p100 as read back (for the report). */
  quantiles: (number | null)[];
}

/** Every process a run started, all gone when runDemo returns (the tests check). */
export interface DemoProcesses {
  kinesisLocal: number;
  single: number[];
  aggregated: number[];
}

export interface DemoResult {
  /** Records produced into the stream. */
  records: number;
  /** Of those, records with a malformed payload. */
  invalid: number;
  single: HandlerResult;
  aggregated: HandlerResult;
  /** The two handlers' statistics are identical (Sum within a relative 1e-9); with METRICS, in every series. */
  agree: boolean;
  /** Statistics where they differ. */
  differences: StatisticName[];
  /** The statistics of the valid values produced. */
  expected: Statistics;
  /** A histogram of the valid values produced (for the report). */
  histogram: HistogramBin[];
  /**
   * With METRICS: every (metric, dimensions) series as sent and as each handler published it. `stats`,
   * `expected` and the histogram then show the first metric under the first dimension set, its series merged.
   */
  mapping?: MappingResult;
  elapsedMs: number;
  phasesMs: Record<DemoPhase, number>;
  settings: DemoSettings;
  processes: DemoProcesses;
}
