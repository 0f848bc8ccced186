/**
 * The exporter's options: defaults, and the checks that turn configuration CloudWatch would reject on every
 * request into a CwaggConfigError at construction.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CwaggConfigError, DEFAULT_PUBLISH_CONCURRENCY } from '@cwagg/core';
import { dimensionsProblem, MAX_DIMENSIONS, namespaceProblem } from '@cwagg/core/limits';
import { type DimensionAllowList, type DimensionRule, dimensionRules } from '../convert/dimensions.js';
import type { InstrumentIdentity } from '../convert/metric-points.js';

export interface CwaggMetricExporterOptions {
  /** CloudWatch namespace of every metric. */
  namespace: string;
  /** A CloudWatchClient from `@aws-sdk/client-cloudwatch` (its retry settings apply). */
  client: Pick<CloudWatchClient, 'send'>;
  /** Data point attributes that become dimensions: keys kept under their own name, or key -> dimension name. */
  attributes?: DimensionAllowList;
  /** Resource attributes that become dimensions (e.g. `{ 'service.name': 'Service' }`), on every metric. */
  resourceAttributes?: DimensionAllowList;
  /** Distinct values kept per dimension per export; the others are folded into `overflowValue`. */
  maxValuesPerDimension?: number;
  /** The value folded values become. */
  overflowValue?: string;
  /** The CloudWatch metric name of an instrument; by default its own name. */
  metricName?: (instrument: InstrumentIdentity) => string;
  /** The aggregation asked of the SDK for histogram instruments. */
  histogram?: 'exponential' | 'explicit';
  /** Exponential histograms: the most buckets per data point (the SDK lowers the scale to fit them). */
  maxBuckets?: number;
  /** Explicit histograms: the bucket boundaries (ascending). */
  boundaries?: readonly number[];
  /** 60 (standard) or 1 (high resolution). */
  storageResolution?: 1 | 60;
  /** PutMetricData requests in flight at once. */
  concurrency?: number;
  /** Deadline of one export's requests, retries included: past it they are abandoned and held for the next. */
  exportTimeoutMs?: number;
  /** Deadline of forceFlush() and shutdown(). */
  flushTimeoutMs?: number;
  /** Datums of failed requests held for the next export; past it the oldest are dropped (and reported). */
  maxRetryDatums?: number;
  /** Epoch-ms clock, for the timestamp window. */
  clock?: () => number;
}

/** Powers of 2^(1/16) from 2^-14 (6.1e-5) to 2^17 (131,072): the buckets of an exponential histogram at
 * scale 4, fixed up front. Every value between them is sent within 2.2% (see the README). */
export const DEFAULT_EXPLICIT_BOUNDARIES: readonly number[] = Object.freeze(
  Array.from({ length: 31 * 16 + 1 }, (_, k) => 2 ** ((k - 14 * 16) / 16)),
);

export const EXPORTER_DEFAULTS = Object.freeze({
  maxValuesPerDimension: 100,
  overflowValue: 'Other',
  histogram: 'exponential' as const,
  maxBuckets: 320,
  storageResolution: 60 as const,
  concurrency: DEFAULT_PUBLISH_CONCURRENCY,
  // Below the PeriodicExportingMetricReader's own 30 s export timeout, so the exporter answers first.
  exportTimeoutMs: 20_000,
  flushTimeoutMs: 10_000,
  maxRetryDatums: 10_000,
});

export interface ExporterSettings {
  namespace: string;
  client: Pick<CloudWatchClient, 'send'>;
  attributeRules: DimensionRule[];
  resourceRules: DimensionRule[];
  maxValuesPerDimension: number;
  overflowValue: string;
  metricName: (instrument: InstrumentIdentity) => string;
  histogram: 'exponential' | 'explicit';
  maxBuckets: number;
  boundaries: number[];
  storageResolution: 1 | 60;
  concurrency: number;
  exportTimeoutMs: number;
  flushTimeoutMs: number;
  maxRetryDatums: number;
  clock: () => number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number, min = 1): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < min) {
    throw new CwaggConfigError(`${name} must be an integer of at least ${min} (got ${String(value)})`);
  }
  return chosen;
}

/** Checks the options and fills in the defaults; throws CwaggConfigError naming the first problem. */
export function resolveExporterOptions(options: CwaggMetricExporterOptions): ExporterSettings {
  const namespace = namespaceProblem(options?.namespace);
  if (namespace !== undefined) throw new CwaggConfigError(namespace);
  if (!options.client || typeof options.client.send !== 'function') {
    throw new CwaggConfigError('client must be a CloudWatchClient from @aws-sdk/client-cloudwatch');
  }
  const attributeRules = dimensionRules(options.attributes);
  const resourceRules = dimensionRules(options.resourceAttributes);
  const names = [...attributeRules, ...resourceRules].map((rule) => rule.name);
  if (new Set(names).size !== names.length) {
    throw new CwaggConfigError(`dimension names must be distinct (got ${names.join(', ')})`);
  }
  if (names.length > MAX_DIMENSIONS) {
    throw new CwaggConfigError(`at most ${MAX_DIMENSIONS} dimensions (got ${names.length})`);
  }
  const overflowValue = options.overflowValue ?? EXPORTER_DEFAULTS.overflowValue;
  // A dimension set with every name and the overflow value: checks the names and the value in one go.
  const problem = dimensionsProblem(Object.fromEntries(names.map((name) => [name, overflowValue])));
  if (problem !== undefined) throw new CwaggConfigError(problem);
  const overflowProblem = dimensionsProblem({ Dimension: overflowValue });
  if (overflowProblem !== undefined) throw new CwaggConfigError(`overflowValue: ${overflowProblem}`);
  const histogram = options.histogram ?? EXPORTER_DEFAULTS.histogram;
  if (histogram !== 'exponential' && histogram !== 'explicit') {
    throw new CwaggConfigError(`histogram must be 'exponential' or 'explicit' (got ${String(histogram)})`);
  }
  const boundaries = [...(options.boundaries ?? DEFAULT_EXPLICIT_BOUNDARIES)];
  if (
    boundaries.some(
      (bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= (boundaries[i - 1] as number)),
    )
  ) {
    throw new CwaggConfigError('boundaries must be finite numbers in increasing order');
  }
  const storageResolution = options.storageResolution ?? EXPORTER_DEFAULTS.storageResolution;
  if (storageResolution !== 1 && storageResolution !== 60) {
    throw new CwaggConfigError(`storageResolution must be 60 or 1 (got ${String(storageResolution)})`);
  }
  return {
    namespace: options.namespace,
    client: options.client,
    attributeRules,
    resourceRules,
    maxValuesPerDimension: positiveInteger(
      'maxValuesPerDimension',
      options.maxValuesPerDimension,
      EXPORTER_DEFAULTS.maxValuesPerDimension,
    ),
    overflowValue,
    metricName: options.metricName ?? ((instrument) => instrument.name),
    histogram,
    // The SDK needs at least 2 buckets to represent any value.
    maxBuckets: positiveInteger('maxBuckets', options.maxBuckets, EXPORTER_DEFAULTS.maxBuckets, 2),
    boundaries,
    storageResolution,
    concurrency: positiveInteger('concurrency', options.concurrency, EXPORTER_DEFAULTS.concurrency),
    exportTimeoutMs: positiveInteger(
      'exportTimeoutMs',
      options.exportTimeoutMs,
      EXPORTER_DEFAULTS.exportTimeoutMs,
    ),
    flushTimeoutMs: positiveInteger(
      'flushTimeoutMs',
      options.flushTimeoutMs,
      EXPORTER_DEFAULTS.flushTimeoutMs,
    ),
    maxRetryDatums: positiveInteger(
      'maxRetryDatums',
      options.maxRetryDatums,
      EXPORTER_DEFAULTS.maxRetryDatums,
      0,
    ),
    clock: options.clock ?? Date.now,
  };
}
