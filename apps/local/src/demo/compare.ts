/**
 * Phase 5, comparing: each column's figures (calls and bytes on the wire, statistics read back, cost, the
 * event source mapping's counts), compared with the other columns and with the values sent.
 */
import type { CloudWatchLocalStats } from '@cwagg/cloudwatch-local';
import type { EventSourceMappingStats } from '@cwagg/local-lambda';
import { histogramOf } from '../histogram.js';
import type { HandlerMetrics } from '../readback.js';
import type { HandlerSeries } from '../series-readback.js';
import { differences, STATISTIC_NAMES, type Statistics, statisticsOf } from '../statistics.js';
import { compareSeries, headlineStatistics, type MappingResult } from './compare-series.js';
import type { Sent } from './produce.js';
import type { DemoResult, HandlerResult, WindowedResult } from './result.js';
import { type DemoHandler, type DemoSettings, kindOf } from './settings.js';

export interface Observed {
  settings: DemoSettings;
  sent: Sent;
  /** Read back per column. */
  metrics: Readonly<Partial<Record<DemoHandler, HandlerMetrics>>>;
  /** The endpoints' own counters (requests and bytes per handler app), per column. */
  endpoints: Readonly<Partial<Record<DemoHandler, CloudWatchLocalStats>>>;
  /** Each column's event source mapping, after it stopped. */
  mappings: Readonly<Partial<Record<DemoHandler, EventSourceMappingStats>>>;
  /** With METRICS: every series per column. */
  series?: Readonly<Partial<Record<DemoHandler, HandlerSeries>>>;
  /** Publications the windowed function made before a window's end (its log). */
  earlyFlushes?: number;
}

export type Comparison = Pick<
  DemoResult,
  | 'records'
  | 'invalid'
  | 'single'
  | 'aggregated'
  | 'windowed'
  | 'agree'
  | 'differences'
  | 'expected'
  | 'histogram'
  | 'mapping'
>;

/** Rounded to 12 significant digits: 0.00138, not 0.0013800000000000002. */
function roundCost(usd: number): number {
  return Number(usd.toPrecision(12));
}

/** With a mapping there is no one value metric: the headline is the first metric's first set, merged. */
const NO_QUANTILES: (number | null)[] = Array.from({ length: 101 }, () => null);

function handlerResult(
  observed: Observed,
  handler: DemoHandler,
  expected: Statistics,
  mapping: MappingResult | undefined,
): HandlerResult {
  const { settings, sent } = observed;
  const metrics = observed.metrics[handler] as HandlerMetrics;
  const read =
    mapping === undefined
      ? metrics
      : {
          ...metrics,
          stats: headlineStatistics(mapping.series, handler, sent.produced),
          quantiles: NO_QUANTILES,
        };
  const wire = observed.endpoints[handler]?.byAppId[`cwagg-${kindOf(handler)}`];
  const calls = wire?.putMetricDataRequests ?? 0;
  const costUsd = roundCost((calls * settings.pricePer1000RequestsUsd) / 1000);
  const esm = observed.mappings[handler] as EventSourceMappingStats;
  const differsFromProduced = differences(read.stats, expected);
  return {
    putMetricDataCalls: calls,
    requestBytes: wire?.wireBytes ?? 0,
    stats: read.stats,
    invalid: read.invalidRecords,
    publishedCalls: read.publishedCalls,
    costUsd,
    costPerMillionRecordsUsd: roundCost((costUsd / sent.records) * 1_000_000),
    invocations: esm.invocations,
    partialFailures: esm.partialFailures,
    functionErrors: esm.functionErrors,
    retries: esm.retries,
    givenUp: esm.givenUp,
    matchesProduced: differsFromProduced.length === 0,
    differsFromProduced,
    quantiles: read.quantiles,
    delayMs: { mean: Math.round(esm.recordDelay.meanMs), max: esm.recordDelay.maxMs },
  };
}

function windowedResult(
  observed: Observed,
  expected: Statistics,
  mapping: MappingResult | undefined,
): WindowedResult {
  const result = handlerResult(observed, 'windowed', expected, mapping);
  const esm = observed.mappings.windowed as EventSourceMappingStats;
  const windows = esm.windowsClosed + esm.windowsEndedEarly;
  const earlyFlushes = observed.earlyFlushes ?? 0;
  return {
    ...result,
    windowSeconds: observed.settings.windowSeconds as number,
    windows,
    earlyFlushes,
    withinBound: result.publishedCalls <= windows + earlyFlushes,
  };
}

export function compareHandlers(observed: Observed): Comparison {
  const { produced } = observed.sent;
  const { values, invalid } = produced;
  const { metrics } = observed.settings;
  const windowed = observed.settings.windowSeconds !== null;
  const mapping =
    metrics === null || observed.series === undefined
      ? undefined
      : compareSeries(
          metrics,
          produced,
          observed.series.single as HandlerSeries,
          observed.series.aggregated as HandlerSeries,
          windowed ? (observed.series.windowed as HandlerSeries) : undefined,
        );
  const expected =
    mapping === undefined ? statisticsOf(values) : headlineStatistics(mapping.series, 'sent', produced);
  const single = handlerResult(observed, 'single', expected, mapping);
  const aggregated = handlerResult(observed, 'aggregated', expected, mapping);
  const windowedColumn = windowed ? windowedResult(observed, expected, mapping) : undefined;
  // With a mapping the handlers agree when every series does; the windowed column must agree as well.
  const others = windowedColumn === undefined ? [aggregated] : [aggregated, windowedColumn];
  const between =
    mapping === undefined
      ? [...new Set(others.flatMap((other) => differences(single.stats, other.stats)))]
      : STATISTIC_NAMES.filter((name) =>
          mapping.series.some(
            (row) =>
              differences(row.single, row.aggregated).includes(name) ||
              (row.windowed !== undefined && differences(row.single, row.windowed).includes(name)),
          ),
        );
  return {
    records: observed.sent.records,
    invalid,
    single,
    aggregated,
    ...(windowedColumn === undefined ? {} : { windowed: windowedColumn }),
    agree: between.length === 0,
    differences: STATISTIC_NAMES.filter((name) => between.includes(name)),
    expected,
    histogram: histogramOf(values),
    ...(mapping === undefined ? {} : { mapping }),
  };
}
