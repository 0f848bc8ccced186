/**
 * The whole pipeline on one machine, both handlers side by side: emulators up, data into a Kinesis
 * stream with the producer, an event source mapping per function that behaves like Lambda's, then the
 * statistics read back from the CloudWatch endpoint and compared with each other and with what was sent.
 */
import { availableParallelism } from 'node:os';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, type HandlerKind, TYPE_BY_KIND } from '@cwagg/kinesis';
import {
  type EventSourceMapping,
  type EventSourceMappingStats,
  type GivenUpBatch,
  type LocalFunction,
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_MS,
  MIN_BATCH_SIZE,
  startEventSourceMapping,
  startLocalFunction,
} from '@cwagg/local-lambda';
import {
  createKinesisClient,
  DEFAULT_TEMPLATE,
  ensureStream,
  listShardRanges,
  type ProduceSummary,
  partitionKeysForShards,
  produce,
} from '@cwagg/producer';
import { handlerBundle, localFunctionEnvironment } from './handler-functions.js';
import { type HistogramBin, histogramOf } from './histogram.js';
import { type HandlerMetrics, readHandlerMetrics } from './readback.js';
import { type LocalStack, startLocalStack } from './stack.js';
import { differences, type StatisticName, type Statistics, statisticsOf } from './statistics.js';
import { checkInteger, checkNumber } from './util.js';
import { createWorkload } from './workload.js';

export const HANDLER_KINDS: readonly HandlerKind[] = ['single', 'aggregated'];
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
  /** Containers per function (Lambda's concurrency); default min(shards, CPUs). */
  concurrency?: number;
  /**
   * How records are spread over shards. `batches` (default): in whole batches, block after block round
   * the shards, so no shard ends on a partial batch beyond the last one and the aggregated handler's calls
   * are ceil(records / batch size). `random`: a random partition key per record, as the Kinesis Data
   * Generator does; each shard then ends on its own partial batch (up to one extra call per shard).
   */
  partitioning?: Partitioning;
  /** Retries in a row without progress before a batch is given up (default 10). */
  maxRetryAttempts?: number;
  /** Give up when no record moves for this long (default 120 s). */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DemoProgress) => void;
}

export type Partitioning = 'batches' | 'random';
export const PARTITIONINGS: readonly Partitioning[] = ['batches', 'random'];

export type DemoPhase = 'starting' | 'producing' | 'consuming' | 'reading';

export interface ConsumerProgress {
  /** Kinesis records moved past (processed or given up). */
  records: number;
  invocations: number;
  retries: number;
  /** PutMetricData requests the endpoint received from this handler so far. */
  calls: number;
}

export type DemoProgress =
  | { phase: 'starting' }
  | { phase: 'producing'; sent: number; total: number; ratePerSecond: number }
  | { phase: 'consuming'; total: number; single: ConsumerProgress; aggregated: ConsumerProgress }
  | { phase: 'reading' };

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

export interface DemoResult {
  /** Records produced into the stream. */
  records: number;
  /** Of those, records with a malformed payload. */
  invalid: number;
  single: HandlerResult;
  aggregated: HandlerResult;
  /** The two handlers' statistics are identical (Sum within a relative 1e-9). */
  agree: boolean;
  /** Statistics where they differ. */
  differences: StatisticName[];
  /** The statistics of the valid values produced. */
  expected: Statistics;
  /** A histogram of the valid values produced (for the report). */
  histogram: HistogramBin[];
  elapsedMs: number;
  phasesMs: Record<DemoPhase, number>;
  settings: {
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
    concurrency: number;
    partitioning: Partitioning;
  };
  /** Every process the run started, all gone when runDemo returns (the tests check). */
  processes: { kinesisLocal: number; single: number[]; aggregated: number[] };
}

type Settings = DemoResult['settings'];

/** Checks and completes the options; throws a RangeError naming the first bad one. */
/**
 * With `batches` partitioning, the stream is created first and each record's partition key chosen so that
 * block b of `batchSize` records lands on shard b mod shards. Undefined: random keys (the producer's).
 */
async function placement(
  endpoint: string,
  region: string,
  settings: Settings,
): Promise<((index: number) => string) | undefined> {
  if (settings.partitioning !== 'batches' || settings.shards === 1) return undefined;
  const client = createKinesisClient({ endpoint, region });
  try {
    await ensureStream(client, DEMO_STREAM_NAME, { shards: settings.shards });
    const keys = partitionKeysForShards(await listShardRanges(client, DEMO_STREAM_NAME));
    return (index) => keys[Math.floor(index / settings.batchSize) % keys.length] as string;
  } finally {
    client.destroy();
  }
}

export function demoSettings(options: DemoOptions = {}): Settings {
  const shards = options.shards ?? DEFAULT_SHARDS;
  const settings: Settings = {
    records: options.records ?? DEFAULT_RECORDS,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    batchingWindowMs: options.batchingWindowMs ?? 0,
    shards,
    template: options.template ?? DEFAULT_TEMPLATE,
    faultRate: options.faultRate ?? 0,
    faultSeed: options.faultSeed ?? 1,
    badRatio: options.badRatio ?? 0,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 32),
    pricePer1000RequestsUsd: options.pricePer1000RequestsUsd ?? DEFAULT_PRICE_PER_1000_REQUESTS_USD,
    valueField: options.valueField ?? null,
    concurrency: options.concurrency ?? Math.min(shards, availableParallelism()),
    partitioning: options.partitioning ?? 'batches',
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
  if (!PARTITIONINGS.includes(settings.partitioning)) {
    throw new RangeError(
      `partitioning must be one of ${PARTITIONINGS.join(', ')} (got "${settings.partitioning}")`,
    );
  }
  if (settings.template.trim() === '') throw new RangeError('template must not be empty');
  if (settings.valueField?.split('.').some((part) => part === '')) {
    throw new RangeError(`valueField "${settings.valueField}" has an empty part`);
  }
  return settings;
}

/** A failing phase: the message says which one. */
export class DemoError extends Error {
  override name = 'DemoError';
  /** The processes the run had started (all stopped by the time the error is thrown). */
  processes: DemoResult['processes'] | undefined;
  constructor(
    readonly phase: DemoPhase,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function functionEnvironment(endpoint: string, settings: Settings): Record<string, string> {
  return localFunctionEnvironment(endpoint, {
    LOG_LEVEL: 'warn',
    ...(settings.valueField ? { VALUE_FIELD: settings.valueField } : {}),
  });
}

function roundCost(usd: number): number {
  return Number(usd.toPrecision(12));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the demo and releases everything it started (processes, ports) before it settles, whether it
 * succeeds, fails or is aborted through `signal`. Rejects with a DemoError naming the failing phase.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const settings = demoSettings(options);
  const { signal, onProgress } = options;
  const started = Date.now();
  const phasesMs: Record<DemoPhase, number> = { starting: 0, producing: 0, consuming: 0, reading: 0 };
  let phase: DemoPhase = 'starting';
  let phaseStart = started;
  const enter = (next: DemoPhase): void => {
    phasesMs[phase] = Date.now() - phaseStart;
    phase = next;
    phaseStart = Date.now();
  };
  const checkAborted = (): void => {
    if (signal?.aborted) throw new DemoError(phase, 'stopped (interrupted)');
  };

  let stack: LocalStack | undefined;
  const functions = new Map<HandlerKind, LocalFunction>();
  const mappings = new Map<HandlerKind, EventSourceMapping>();
  const kinesisClient = { current: undefined as ReturnType<typeof createKinesisClient> | undefined };
  let cloudwatchClient: CloudWatchClient | undefined;
  const processes: DemoResult['processes'] = { kinesisLocal: -1, single: [], aggregated: [] };

  try {
    onProgress?.({ phase: 'starting' });
    try {
      stack = await startLocalStack({ faultRate: settings.faultRate, faultSeed: settings.faultSeed });
      processes.kinesisLocal = stack.kinesis.pid;
      const cloudwatchEndpoint = stack.cloudwatch.endpoint;
      for (const kind of HANDLER_KINDS) {
        functions.set(
          kind,
          startLocalFunction({
            name: kind,
            bundleFile: handlerBundle(kind),
            env: functionEnvironment(cloudwatchEndpoint, settings),
            maxContainers: settings.concurrency,
          }),
        );
      }
      // Cold starts now: a broken bundle or configuration stops the demo here, with its message.
      await Promise.all([...functions.values()].map((fn) => fn.warm(settings.concurrency)));
    } catch (error) {
      throw new DemoError('starting', `starting the pipeline failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    checkAborted();

    enter('producing');
    const workload = createWorkload({
      template: settings.template,
      badRatio: settings.badRatio,
      seed: settings.seed,
      ...(settings.valueField ? { valueField: settings.valueField } : {}),
    });
    let summary: ProduceSummary;
    try {
      const partitionKeyFor = await placement(stack.kinesis.endpoint, stack.kinesis.region, settings);
      summary = await produce({
        stream: DEMO_STREAM_NAME,
        endpoint: stack.kinesis.endpoint,
        region: stack.kinesis.region,
        count: settings.records,
        createStream: { shards: settings.shards },
        seed: settings.seed,
        payload: workload.payload,
        ...(partitionKeyFor ? { partitionKeyFor } : {}),
        ...(signal ? { signal } : {}),
        onProgress: (p) =>
          onProgress?.({
            phase: 'producing',
            sent: p.sent,
            total: settings.records,
            ratePerSecond: p.ratePerSecond,
          }),
      });
    } catch (error) {
      throw new DemoError('producing', `sending records to Kinesis failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    checkAborted();
    if (summary.failed > 0 || summary.sent !== settings.records) {
      const codes = Object.entries(summary.failureCodes)
        .map(([code, n]) => `${code} x${n}`)
        .join(', ');
      throw new DemoError(
        'producing',
        `the producer delivered ${summary.sent} of ${settings.records} records${codes ? ` (${codes})` : ''}`,
      );
    }
    const produced = workload.produced();

    enter('consuming');
    kinesisClient.current = createKinesisClient({
      endpoint: stack.kinesis.endpoint,
      region: stack.kinesis.region,
    });
    const client = kinesisClient.current;
    const cloudwatch = stack.cloudwatch;
    const consumerProgress = (kind: HandlerKind, stats: EventSourceMappingStats): ConsumerProgress => ({
      records: stats.recordsProcessed + stats.recordsGivenUp,
      invocations: stats.invocations,
      retries: stats.retries,
      calls: cloudwatch.stats().byAppId[`cwagg-${kind}`]?.putMetricDataRequests ?? 0,
    });
    try {
      for (const kind of HANDLER_KINDS) {
        const fn = functions.get(kind) as LocalFunction;
        mappings.set(
          kind,
          await startEventSourceMapping({
            client,
            streamName: DEMO_STREAM_NAME,
            region: stack.kinesis.region,
            batchSize: settings.batchSize,
            batchingWindowMs: settings.batchingWindowMs,
            ...(options.maxRetryAttempts !== undefined ? { maxRetryAttempts: options.maxRetryAttempts } : {}),
            invoke: (event) => fn.invoke(event),
          }),
        );
      }
      const report = (): void => {
        onProgress?.({
          phase: 'consuming',
          total: summary.sent,
          single: consumerProgress('single', (mappings.get('single') as EventSourceMapping).stats()),
          aggregated: consumerProgress(
            'aggregated',
            (mappings.get('aggregated') as EventSourceMapping).stats(),
          ),
        });
      };
      const ticker = setInterval(report, 250);
      try {
        await Promise.all(
          HANDLER_KINDS.map((kind) =>
            (mappings.get(kind) as EventSourceMapping).waitForRecords(summary.sent, {
              ...(signal ? { signal } : {}),
              ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
            }),
          ),
        );
      } finally {
        clearInterval(ticker);
      }
      report();
    } catch (error) {
      checkAborted();
      throw new DemoError('consuming', `consuming the stream failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    await Promise.all([...mappings.values()].map((mapping) => mapping.stop()));

    enter('reading');
    onProgress?.({ phase: 'reading' });
    let metrics: Record<string, HandlerMetrics>;
    try {
      cloudwatchClient = new CloudWatchClient({
        endpoint: stack.cloudwatch.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      metrics = await readHandlerMetrics(cloudwatchClient, {
        namespace: DEFAULT_NAMESPACE,
        metricName: DEFAULT_METRIC_NAME,
        types: HANDLER_KINDS.map((kind) => TYPE_BY_KIND[kind]),
        from: new Date(started - 120_000),
        to: new Date(Date.now() + 120_000),
      });
    } catch (error) {
      throw new DemoError('reading', `reading the statistics back failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }

    const expected = statisticsOf(produced.values);
    const endpointStats = stack.cloudwatch.stats();
    const handlerResult = (kind: HandlerKind): HandlerResult => {
      const read = metrics[TYPE_BY_KIND[kind]] as HandlerMetrics;
      const wire = endpointStats.byAppId[`cwagg-${kind}`];
      const calls = wire?.putMetricDataRequests ?? 0;
      // Rounded to 12 significant digits: 0.00138, not 0.0013800000000000002.
      const costUsd = roundCost((calls * settings.pricePer1000RequestsUsd) / 1000);
      const esm = (mappings.get(kind) as EventSourceMapping).stats();
      const differsFromProduced = differences(read.stats, expected);
      return {
        putMetricDataCalls: calls,
        requestBytes: wire?.wireBytes ?? 0,
        stats: read.stats,
        invalid: read.invalidRecords,
        publishedCalls: read.publishedCalls,
        costUsd,
        costPerMillionRecordsUsd: roundCost((costUsd / summary.sent) * 1_000_000),
        invocations: esm.invocations,
        partialFailures: esm.partialFailures,
        functionErrors: esm.functionErrors,
        retries: esm.retries,
        givenUp: esm.givenUp,
        matchesProduced: differsFromProduced.length === 0,
        differsFromProduced,
        quantiles: read.quantiles,
      };
    };
    const single = handlerResult('single');
    const aggregated = handlerResult('aggregated');
    const between = differences(single.stats, aggregated.stats);
    phasesMs.reading = Date.now() - phaseStart;
    for (const kind of HANDLER_KINDS) processes[kind] = (functions.get(kind) as LocalFunction).pids();
    return {
      records: summary.sent,
      invalid: produced.invalid,
      single,
      aggregated,
      agree: between.length === 0,
      differences: between,
      expected,
      histogram: histogramOf(produced.values),
      elapsedMs: Date.now() - started,
      phasesMs,
      settings,
      processes,
    };
  } catch (error) {
    if (error instanceof DemoError) error.processes = processes;
    throw error;
  } finally {
    for (const [kind, fn] of functions) processes[kind] = fn.pids();
    await Promise.allSettled([...mappings.values()].map((mapping) => mapping.stop()));
    await Promise.allSettled([...functions.values()].map((fn) => fn.stop()));
    kinesisClient.current?.destroy();
    cloudwatchClient?.destroy();
    await stack?.stop();
  }
}
