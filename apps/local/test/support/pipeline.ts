/**
 * The one-machine pipeline assembled from @cwagg/local's parts, for the reliability suites: kinesis-local,
 * the local CloudWatch (with injected faults), a ledger proxy between the functions and CloudWatch, the
 * built handler bundles in containers, and an event source mapping per function. Each valid record carries
 * its own value (its index), so the ledger says record by record what was lost or counted twice; the
 * statistics are also read back from CloudWatch, as a person would check them.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { seededRandom } from '@cwagg/cli';
import { type CloudWatchLocalStats, type FaultKind, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, type HandlerKind, TYPE_BY_KIND } from '@cwagg/kinesis';
import {
  type EventSourceMapping,
  type EventSourceMappingOptions,
  type EventSourceMappingStats,
  type LocalFunction,
  type LocalFunctionStats,
  startEventSourceMapping,
  startKinesisLocal,
  startLocalFunction,
} from '@cwagg/local-lambda';
import { createKinesisClient, ensureStream, produce } from '@cwagg/producer';
import {
  BAD_PAYLOADS,
  type HandlerMetrics,
  handlerBundle,
  localFunctionEnvironment,
  readHandlerMetrics,
} from '../../src/index.js';
import { watchMemory } from './figures.js';
import { auditLedger, type LedgerProxyOptions, startLedgerProxy } from './ledger-proxy.js';

export interface PipelineOptions {
  kinds: readonly HandlerKind[];
  /** Records to produce before consuming starts (like `pnpm demo`). */
  records?: number;
  /** Or: produce for this long at `rate` records/s while the functions consume (a sustained run). */
  durationMs?: number;
  rate?: number;
  shards: number;
  batchSize: number;
  faultRate?: number;
  faultSeed?: number;
  faultKinds?: FaultKind[];
  /** Delay of a `slow` fault (the endpoint's default: 300 ms). */
  slowResponseMs?: number;
  /** Share of records replaced by malformed payloads. */
  badRatio?: number;
  seed?: number;
  /** Extra function environment, e.g. MAX_ATTEMPTS or DIMENSIONS. */
  env?: Record<string, string>;
  maxRetryAttempts?: number;
  /** Lambda's TumblingWindowInSeconds on every mapping: the aggregated handler then runs in windows. */
  tumblingWindowSeconds?: number;
  /** Containers per function (default 1). */
  containers?: number;
  proxy?: Pick<LedgerProxyOptions, 'beforeForward' | 'afterAnswer'>;
  /** Called as each event is handed to a function (kills go here). */
  onInvoke?: (
    kind: HandlerKind,
    fn: LocalFunction,
    invocation: number,
    event: Parameters<EventSourceMappingOptions['invoke']>[0] & { isFinalInvokeForWindow?: boolean },
    answer: Promise<unknown>,
  ) => void;
}

export interface KindResult {
  /** Read back from CloudWatch with GetMetricData. */
  readBack: HandlerMetrics;
  /** From the ledger: valid records never stored, extra copies stored, values that were never sent. */
  lost: number;
  doubled: number;
  unexpected: number;
  /** PutMetricData calls that reached the proxy, retries included. */
  calls: number;
  mapping: EventSourceMappingStats;
  function: LocalFunctionStats;
  /** Largest peak resident memory of one of its containers, MiB. */
  peakContainerRssMb: number;
}

export interface PipelineResult {
  records: number;
  /** The values of the valid records (one per record: its index). */
  valid: number[];
  invalid: number;
  kinds: Partial<Record<HandlerKind, KindResult>>;
  produceMs: number;
  /** From the first record consumable to the last one checkpointed. */
  consumeMs: number;
  kinesisPeakRssMb: number;
  /** The endpoint's counters (faults injected, requests received...). */
  endpoint: CloudWatchLocalStats;
}

let streams = 0;

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const stream = `reliability-${process.pid}-${++streams}`;
  const kinesis = await startKinesisLocal();
  const cloudwatch = await startCloudWatchLocal({
    port: 0,
    faultRate: options.faultRate ?? 0,
    faultSeed: options.faultSeed ?? 1,
    ...(options.faultKinds ? { faultKinds: options.faultKinds } : {}),
    ...(options.slowResponseMs !== undefined ? { slowResponseMs: options.slowResponseMs } : {}),
  });
  const proxy = await startLedgerProxy({
    target: cloudwatch.endpoint,
    metricName: DEFAULT_METRIC_NAME,
    ...options.proxy,
  });
  const client = createKinesisClient({ endpoint: kinesis.endpoint, region: kinesis.region });
  const reader = new CloudWatchClient({
    endpoint: cloudwatch.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const functions = new Map<HandlerKind, LocalFunction>();
  const mappings = new Map<HandlerKind, EventSourceMapping>();
  const memory = new Map<HandlerKind, ReturnType<typeof watchMemory>>();
  const kinesisMemory = watchMemory(() => [kinesis.pid], 1_000);
  const started = Date.now();
  try {
    for (const kind of options.kinds) {
      const fn = startLocalFunction({
        name: kind,
        bundleFile: handlerBundle(kind),
        env: localFunctionEnvironment(proxy.endpoint, { LOG_LEVEL: 'error', ...options.env }),
        maxContainers: options.containers ?? 1,
      });
      functions.set(kind, fn);
      await fn.warm(options.containers ?? 1);
      memory.set(
        kind,
        watchMemory(() => fn.containers().map((container) => container.pid)),
      );
    }
    await ensureStream(client, stream, { shards: options.shards });

    const startMappings = async (): Promise<void> => {
      for (const kind of options.kinds) {
        const fn = functions.get(kind) as LocalFunction;
        let invocations = 0;
        mappings.set(
          kind,
          await startEventSourceMapping({
            client,
            streamName: stream,
            batchSize: options.batchSize,
            idlePollMs: 250,
            retryBackoff: { baseMs: 20, maxMs: 500 },
            ...(options.maxRetryAttempts !== undefined ? { maxRetryAttempts: options.maxRetryAttempts } : {}),
            ...(options.tumblingWindowSeconds !== undefined
              ? { tumblingWindowSeconds: options.tumblingWindowSeconds }
              : {}),
            invoke: (event) => {
              const answer = fn.invoke(event);
              options.onInvoke?.(kind, fn, ++invocations, event, answer);
              return answer;
            },
          }),
        );
      }
    };

    const random = seededRandom(options.seed ?? 1);
    const valid: number[] = [];
    let invalid = 0;
    const payload = (index: number): string | Uint8Array => {
      if ((options.badRatio ?? 0) > 0 && random() < (options.badRatio ?? 0)) {
        invalid += 1;
        return BAD_PAYLOADS[Math.floor(random() * BAD_PAYLOADS.length)] as string | Uint8Array;
      }
      valid.push(index);
      return String(index);
    };

    const sustained = options.durationMs !== undefined;
    if (sustained) await startMappings();
    const produceStart = Date.now();
    const summary = await produce({
      stream,
      client,
      payload,
      ...(options.records !== undefined ? { count: options.records } : {}),
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      ...(options.rate !== undefined ? { rate: options.rate } : {}),
    });
    const produceMs = Date.now() - produceStart;
    if (summary.failed > 0 || summary.unsent > 0) {
      throw new Error(`the producer failed ${summary.failed} and left ${summary.unsent} records unsent`);
    }
    const consumeStart = sustained ? produceStart : Date.now();
    if (!sustained) await startMappings();
    await Promise.all(
      [...mappings.values()].map((mapping) =>
        mapping.waitForRecords(summary.sent, { stallTimeoutMs: 120_000 }),
      ),
    );
    const consumeMs = Date.now() - consumeStart;
    await Promise.all([...mappings.values()].map((mapping) => mapping.stop()));

    const metrics = await readHandlerMetrics(reader, {
      namespace: DEFAULT_NAMESPACE,
      metricName: DEFAULT_METRIC_NAME,
      types: options.kinds.map((kind) => TYPE_BY_KIND[kind]),
      ...(options.env?.DIMENSIONS ? { dimensions: JSON.parse(options.env.DIMENSIONS) } : {}),
      from: new Date(started - 120_000),
      to: new Date(Date.now() + 120_000),
    });
    const kinds: Partial<Record<HandlerKind, KindResult>> = {};
    for (const kind of options.kinds) {
      const appId = `cwagg-${kind}`;
      kinds[kind] = {
        readBack: metrics[TYPE_BY_KIND[kind]] as HandlerMetrics,
        ...auditLedger(proxy.ledger(appId), valid),
        calls: proxy.calls(appId),
        mapping: (mappings.get(kind) as EventSourceMapping).stats(),
        function: (functions.get(kind) as LocalFunction).stats(),
        peakContainerRssMb: (memory.get(kind) as ReturnType<typeof watchMemory>).stop(),
      };
    }
    return {
      records: summary.sent,
      valid,
      invalid,
      kinds,
      produceMs,
      consumeMs,
      kinesisPeakRssMb: kinesisMemory.stop(),
      endpoint: cloudwatch.stats(),
    };
  } finally {
    kinesisMemory.stop();
    for (const watcher of memory.values()) watcher.stop();
    await Promise.allSettled([...mappings.values()].map((mapping) => mapping.stop()));
    await Promise.allSettled([...functions.values()].map((fn) => fn.stop()));
    client.destroy();
    reader.destroy();
    await proxy.close();
    await cloudwatch.stop();
    await kinesis.stop();
  }
}
