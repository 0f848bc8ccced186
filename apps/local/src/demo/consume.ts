/**
 * Phase 3, consuming: an event source mapping per function, polling the stream as Lambda's would, until both
 * functions have moved past every record sent.
 */
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import type { HandlerKind } from '@cwagg/kinesis';
import {
  type EventSourceMapping,
  type EventSourceMappingStats,
  type KinesisLocal,
  startEventSourceMapping,
} from '@cwagg/local-lambda';
import { createKinesisClient } from '@cwagg/producer';
import { DemoError, errorMessage, throwIfInterrupted } from './error.js';
import type { ConsumerProgress, DemoProgress } from './progress-events.js';
import type { RunResources } from './resources.js';
import { DEMO_STREAM_NAME, type DemoOptions, type DemoSettings, HANDLER_KINDS } from './settings.js';

const PROGRESS_INTERVAL_MS = 250;

export type ConsumeOptions = Pick<
  DemoOptions,
  'maxRetryAttempts' | 'stallTimeoutMs' | 'signal' | 'onProgress'
>;

function consumerProgress(
  cloudwatch: CloudWatchLocal,
  kind: HandlerKind,
  stats: EventSourceMappingStats,
): ConsumerProgress {
  return {
    records: stats.recordsProcessed + stats.recordsGivenUp,
    invocations: stats.invocations,
    retries: stats.retries,
    calls: cloudwatch.stats().byAppId[`cwagg-${kind}`]?.putMetricDataRequests ?? 0,
  };
}

function mappingOf(run: RunResources, kind: HandlerKind): EventSourceMapping {
  return run.mappings.get(kind) as EventSourceMapping;
}

/**
 * Resolves once both functions have moved past `records` records, with what each mapping did; the mappings
 * are stopped by then.
 */
export async function consumeStream(
  run: RunResources,
  stack: { kinesis: KinesisLocal; cloudwatch: CloudWatchLocal },
  settings: DemoSettings,
  records: number,
  options: ConsumeOptions,
): Promise<Record<HandlerKind, EventSourceMappingStats>> {
  const { signal, onProgress } = options;
  run.kinesisClient = createKinesisClient({ endpoint: stack.kinesis.endpoint, region: stack.kinesis.region });
  const client = run.kinesisClient;
  try {
    for (const kind of HANDLER_KINDS) {
      const fn = run.functions.get(kind);
      if (!fn) throw new Error(`the ${kind} function was not started`);
      run.mappings.set(
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
      if (!onProgress) return;
      const progress: DemoProgress = {
        phase: 'consuming',
        total: records,
        single: consumerProgress(stack.cloudwatch, 'single', mappingOf(run, 'single').stats()),
        aggregated: consumerProgress(stack.cloudwatch, 'aggregated', mappingOf(run, 'aggregated').stats()),
      };
      onProgress(progress);
    };
    const ticker = setInterval(report, PROGRESS_INTERVAL_MS);
    try {
      await Promise.all(
        HANDLER_KINDS.map((kind) =>
          mappingOf(run, kind).waitForRecords(records, {
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
    throwIfInterrupted(signal, 'consuming');
    throw new DemoError('consuming', `consuming the stream failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  await Promise.all([...run.mappings.values()].map((mapping) => mapping.stop()));
  return { single: mappingOf(run, 'single').stats(), aggregated: mappingOf(run, 'aggregated').stats() };
}
