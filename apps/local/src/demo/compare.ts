/**
 * Phase 5, comparing: each handler's figures (calls and bytes on the wire, statistics read back, cost, the
 * event source mapping's counts), compared with the other handler and with the values sent.
 */
import type { CloudWatchLocalStats } from '@cwagg/cloudwatch-local';
import { type HandlerKind, TYPE_BY_KIND } from '@cwagg/kinesis';
import type { EventSourceMappingStats } from '@cwagg/local-lambda';
import { histogramOf } from '../histogram.js';
import type { HandlerMetrics } from '../readback.js';
import type { HandlerSeries } from '../series-readback.js';
import { differences, STATISTIC_NAMES, type Statistics, statisticsOf } from '../statistics.js';
import { compareSeries, headlineStatistics, type MappingResult } from './compare-series.js';
import type { Sent } from './produce.js';
import type { DemoResult, HandlerResult } from './result.js';
import type { DemoSettings } from './settings.js';

export interface Observed {
  settings: DemoSettings;
  sent: Sent;
  /** Read back per `Type` dimension. */
  metrics: Readonly<Record<string, HandlerMetrics>>;
  /** The endpoint's own counters: requests and bytes per handler. */
  endpoint: CloudWatchLocalStats;
  /** Each function's event source mapping, after it stopped. */
  mappings: Readonly<Record<HandlerKind, EventSourceMappingStats>>;
  /** With METRICS: every series per `Type` dimension. */
  series?: Readonly<Record<string, HandlerSeries>>;
}

export type Comparison = Pick<
  DemoResult,
  | 'records'
  | 'invalid'
  | 'single'
  | 'aggregated'
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
  kind: HandlerKind,
  expected: Statistics,
  mapping: MappingResult | undefined,
): HandlerResult {
  const { settings, sent } = observed;
  const metrics = observed.metrics[TYPE_BY_KIND[kind]] as HandlerMetrics;
  const read =
    mapping === undefined
      ? metrics
      : {
          ...metrics,
          stats: headlineStatistics(mapping.series, kind, sent.produced),
          quantiles: NO_QUANTILES,
        };
  const wire = observed.endpoint.byAppId[`cwagg-${kind}`];
  const calls = wire?.putMetricDataRequests ?? 0;
  const costUsd = roundCost((calls * settings.pricePer1000RequestsUsd) / 1000);
  const esm = observed.mappings[kind];
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
  };
}

export function compareHandlers(observed: Observed): Comparison {
  const { produced } = observed.sent;
  const { values, invalid } = produced;
  const { metrics } = observed.settings;
  const mapping =
    metrics === null || observed.series === undefined
      ? undefined
      : compareSeries(
          metrics,
          produced,
          observed.series[TYPE_BY_KIND.single] as HandlerSeries,
          observed.series[TYPE_BY_KIND.aggregated] as HandlerSeries,
        );
  const expected =
    mapping === undefined ? statisticsOf(values) : headlineStatistics(mapping.series, 'sent', produced);
  const single = handlerResult(observed, 'single', expected, mapping);
  const aggregated = handlerResult(observed, 'aggregated', expected, mapping);
  // With a mapping the handlers agree when every series does.
  const between =
    mapping === undefined
      ? differences(single.stats, aggregated.stats)
      : STATISTIC_NAMES.filter((name) =>
          mapping.series.some((row) => differences(row.single, row.aggregated).includes(name)),
        );
  return {
    records: observed.sent.records,
    invalid,
    single,
    aggregated,
    agree: between.length === 0,
    differences: between,
    expected,
    histogram: histogramOf(values),
    ...(mapping === undefined ? {} : { mapping }),
  };
}
