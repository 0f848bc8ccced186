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
  /** From each record's arrival in the stream to its checkpoint (its batch, or its window, published). */
  delayMs: { mean: number; max: number };
}

/** The windowed column: the aggregated handler in tumbling windows. */
export interface WindowedResult extends HandlerResult {
  windowSeconds: number;
  /** Windows closed by a final invocation (or ended early), over every shard: what shards x windows counts. */
  windows: number;
  /** Publications before a window's end (the state at its budget), from the function's own log. */
  earlyFlushes: number;
  /** Calls stored are at most one per window and shard, plus the early flushes. */
  withinBound: boolean;
}

/** Every process a run started, all gone when runDemo returns (the tests check). */
export interface DemoProcesses {
  kinesisLocal: number;
  single: number[];
  aggregated: number[];
  windowed?: number[];
}

export interface DemoResult {
  /** Records produced into the stream. */
  records: number;
  /** Of those, records with a malformed payload. */
  invalid: number;
  single: HandlerResult;
  aggregated: HandlerResult;
  /** With --window-seconds: the aggregated handler in tumbling windows. */
  windowed?: WindowedResult;
  /**
   * The handlers' statistics are identical (Sum within a relative 1e-9), the windowed one's too; with
   * METRICS, in every series.
   */
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

/** The columns of a result, in order: single, aggregated, and windowed when it ran. */
export function handlerColumns(result: Pick<DemoResult, 'single' | 'aggregated' | 'windowed'>) {
  const columns: { name: 'single' | 'aggregated' | 'windowed'; result: HandlerResult }[] = [
    { name: 'single', result: result.single },
    { name: 'aggregated', result: result.aggregated },
  ];
  if (result.windowed !== undefined) columns.push({ name: 'windowed', result: result.windowed });
  return columns;
}
