/** What a demo run can be asked for, its defaults and limits, and the check that completes the options. */
import { availableParallelism } from 'node:os';
import { freshSeed } from '@cwagg/cli';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import type { HandlerKind } from '@cwagg/kinesis';
import { HandlerConfigError, loadHandlerConfig } from '@cwagg/kinesis';
import {
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_MS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_BATCH_SIZE,
} from '@cwagg/local-lambda';
import { DEFAULT_TEMPLATE } from '@cwagg/producer';
import { PRESET_NAMES, PRESETS, type PresetName } from '../presets.js';
import { checkInteger, checkNumber } from '../util.js';
import type { DemoProgress } from './progress-events.js';

export const HANDLER_KINDS: readonly HandlerKind[] = ['single', 'aggregated'];

/**
 * The demo's columns: both handlers, and with a tumbling window a third, the aggregated handler's bundle fed
 * by a mapping with `TumblingWindowInSeconds`, publishing to a local CloudWatch of its own (the endpoint counts
 * calls per handler app, and both aggregated functions are the same app).
 */
export type DemoHandler = HandlerKind | 'windowed';

export function demoHandlers(settings: Pick<DemoSettings, 'windowSeconds'>): DemoHandler[] {
  return settings.windowSeconds === null ? [...HANDLER_KINDS] : [...HANDLER_KINDS, 'windowed'];
}

/** The handler app a column runs. */
export function kindOf(handler: DemoHandler): HandlerKind {
  return handler === 'windowed' ? 'aggregated' : handler;
}
export const DEMO_STREAM_NAME = 'cwagg-demo';
export const DEFAULT_RECORDS = 20_000;
/** The original sample's batch size. */
export const DEFAULT_BATCH_SIZE = 150;
/**
 * kinesis-local hashes every record already in a shard for each record put into it, so writing N records
 * into S shards costs about N²/S: 20,000 records take minutes into one shard and under half a minute into
 * eight. Each shard adds at most one partial batch (README: "Why 8 shards").
 */
export const DEFAULT_SHARDS = 8;
export const MAX_RECORDS = 1_000_000;
export const MAX_SHARDS = 64;

export type Partitioning = 'batches' | 'random';
export const PARTITIONINGS: readonly Partitioning[] = ['batches', 'random'];

export interface DemoOptions {
  records?: number;
  batchSize?: number;
  batchingWindowMs?: number;
  shards?: number;
  template?: string;
  /** Share of PutMetricData requests the local CloudWatch answers with a fault (throttle, 500, drop, slow). */
  faultRate?: number;
  faultSeed?: number;
  /** Share of records replaced by malformed payloads. */
  badRatio?: number;
  /** Seeds the records: same seed, same records. Default: a fresh one (reported). */
  seed?: number;
  pricePer1000RequestsUsd?: number;
  /** Dotted path of the value in JSON payloads (the handlers' VALUE_FIELD). */
  valueField?: string;
  /** The handlers' METRICS: records are JSON events, read as metrics with dimensions. */
  metrics?: string;
  /** A named run (a template and its METRICS); `template` and `metrics` given beside it win. */
  preset?: PresetName;
  /** Containers per function (Lambda's concurrency); default min(shards, CPUs). */
  concurrency?: number;
  /**
   * How records are spread over shards. `batches` (default): in whole batches, block after block round
   * the shards, so no shard ends on a partial batch beyond the last one and the aggregated handler's calls
   * are ceil(records / batch size). `random`: a random partition key per record, as the Kinesis Data
   * Generator does; each shard then ends on its own partial batch (up to one extra call per shard).
   */
  partitioning?: Partitioning;
  /** Adds the windowed column: the aggregated handler in tumbling windows of this many seconds (1..900). */
  windowSeconds?: number;
  /** Retries in a row without progress before a batch is given up (default 10). */
  maxRetryAttempts?: number;
  /** Give up when no record moves for this long (default 120 s). */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DemoProgress) => void;
}

/** The options of a run, every default filled in (the result reports them). */
export interface DemoSettings {
  records: number;
  batchSize: number;
  batchingWindowMs: number;
  shards: number;
  template: string;
  faultRate: number;
  faultSeed: number;
  badRatio: number;
  seed: number;
  pricePer1000RequestsUsd: number;
  valueField: string | null;
  metrics: string | null;
  preset: PresetName | null;
  concurrency: number;
  partitioning: Partitioning;
  /** The windowed column's tumbling window; null: no such column. */
  windowSeconds: number | null;
}

/** Checks and completes the options; throws a RangeError naming the first bad one. */
export function demoSettings(options: DemoOptions = {}): DemoSettings {
  const shards = options.shards ?? DEFAULT_SHARDS;
  if (options.preset !== undefined && !PRESET_NAMES.includes(options.preset)) {
    throw new RangeError(`preset must be one of ${PRESET_NAMES.join(', ')} (got "${options.preset}")`);
  }
  const preset = options.preset === undefined ? undefined : PRESETS[options.preset];
  const settings: DemoSettings = {
    records: options.records ?? DEFAULT_RECORDS,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    batchingWindowMs: options.batchingWindowMs ?? 0,
    shards,
    template: options.template ?? preset?.template ?? DEFAULT_TEMPLATE,
    faultRate: options.faultRate ?? 0,
    faultSeed: options.faultSeed ?? 1,
    badRatio: options.badRatio ?? 0,
    seed: options.seed ?? freshSeed(),
    pricePer1000RequestsUsd: options.pricePer1000RequestsUsd ?? DEFAULT_PRICE_PER_1000_REQUESTS_USD,
    valueField: options.valueField ?? null,
    metrics: options.metrics ?? preset?.metrics ?? null,
    preset: options.preset ?? null,
    concurrency: options.concurrency ?? Math.min(shards, availableParallelism()),
    partitioning: options.partitioning ?? 'batches',
    windowSeconds: options.windowSeconds ?? null,
  };
  checkInteger('records', settings.records, 1, MAX_RECORDS);
  checkInteger('batchSize', settings.batchSize, MIN_BATCH_SIZE, MAX_BATCH_SIZE);
  checkInteger('batchingWindowMs', settings.batchingWindowMs, 0, MAX_BATCHING_WINDOW_MS);
  checkInteger('shards', settings.shards, 1, MAX_SHARDS);
  checkNumber('faultRate', settings.faultRate, 0, 1);
  checkInteger('faultSeed', settings.faultSeed, -(2 ** 31), 2 ** 32);
  checkNumber('badRatio', settings.badRatio, 0, 1);
  checkInteger('seed', settings.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  checkNumber('pricePer1000RequestsUsd', settings.pricePer1000RequestsUsd, 0, 1_000);
  checkInteger('concurrency', settings.concurrency, 1, 64);
  if (settings.windowSeconds !== null) {
    checkInteger('windowSeconds', settings.windowSeconds, 1, MAX_TUMBLING_WINDOW_SECONDS);
  }
  if (!PARTITIONINGS.includes(settings.partitioning)) {
    throw new RangeError(
      `partitioning must be one of ${PARTITIONINGS.join(', ')} (got "${settings.partitioning}")`,
    );
  }
  if (settings.template.trim() === '') throw new RangeError('template must not be empty');
  if (settings.valueField?.split('.').some((part) => part === '')) {
    throw new RangeError(`valueField "${settings.valueField}" has an empty part`);
  }
  if (settings.metrics !== null) checkMetrics(settings);
  return settings;
}

/** The handlers' own check of METRICS, at cold start: a bad mapping stops the demo before anything starts. */
function checkMetrics(settings: DemoSettings): void {
  try {
    loadHandlerConfig('aggregated', {
      METRICS: settings.metrics ?? '',
      ...(settings.valueField === null ? {} : { VALUE_FIELD: settings.valueField }),
    });
  } catch (error) {
    if (!(error instanceof HandlerConfigError)) throw error;
    const problems = error.message.split('\n- ').slice(1).join('; ');
    throw new RangeError(`metrics is not a mapping the handlers take: ${problems}`);
  }
}
