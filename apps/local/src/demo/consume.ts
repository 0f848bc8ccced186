/**
 * Phase 3, consuming: an event source mapping per function, polling the stream as Lambda's would (the
 * windowed column's with a tumbling window), until every function has moved past every record sent.
 */
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
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
import {
  DEMO_STREAM_NAME,
  type DemoHandler,
  type DemoOptions,
  type DemoSettings,
  demoHandlers,
  kindOf,
} from './settings.js';

const PROGRESS_INTERVAL_MS = 250;

export type ConsumeOptions = Pick<
  DemoOptions,
  'maxRetryAttempts' | 'stallTimeoutMs' | 'signal' | 'onProgress'
>;

/** The local CloudWatch each column publishes to: the windowed one has its own. */
export interface Endpoints {
  cloudwatch: CloudWatchLocal;
  second?: CloudWatchLocal | undefined;
}

export function endpointOf(endpoints: Endpoints, handler: DemoHandler): CloudWatchLocal {
  return handler === 'windowed' && endpoints.second ? endpoints.second : endpoints.cloudwatch;
}

function consumerProgress(
  endpoints: Endpoints,
  handler: DemoHandler,
  stats: EventSourceMappingStats,
): ConsumerProgress {
  const wire = endpointOf(endpoints, handler).stats().byAppId[`cwagg-${kindOf(handler)}`];
  return {
    records: stats.recordsProcessed + stats.recordsGivenUp,
    invocations: stats.invocations,
    retries: stats.retries,
    calls: wire?.putMetricDataRequests ?? 0,
  };
}

function mappingOf(run: RunResources, handler: DemoHandler): EventSourceMapping {
  return run.mappings.get(handler) as EventSourceMapping;
}

/**
 * Resolves once every function has moved past `records` records, with what each mapping did; the mappings
 * are stopped by then.
 */
export async function consumeStream(
  run: RunResources,
  stack: Endpoints & { kinesis: KinesisLocal },
  settings: DemoSettings,
  records: number,
  options: ConsumeOptions,
): Promise<Partial<Record<DemoHandler, EventSourceMappingStats>>> {
  const { signal, onProgress } = options;
  const handlers = demoHandlers(settings);
  run.kinesisClient = createKinesisClient({ endpoint: stack.kinesis.endpoint, region: stack.kinesis.region });
  const client = run.kinesisClient;
  try {
    for (const handler of handlers) {
      const fn = run.functions.get(handler);
      if (!fn) throw new Error(`the ${handler} function was not started`);
      run.mappings.set(
        handler,
        await startEventSourceMapping({
          client,
          streamName: DEMO_STREAM_NAME,
          region: stack.kinesis.region,
          batchSize: settings.batchSize,
          batchingWindowMs: settings.batchingWindowMs,
          ...(handler === 'windowed' && settings.windowSeconds !== null
            ? { tumblingWindowSeconds: settings.windowSeconds }
            : {}),
          ...(options.maxRetryAttempts !== undefined ? { maxRetryAttempts: options.maxRetryAttempts } : {}),
          invoke: (event) => fn.invoke(event),
        }),
      );
    }
    const report = (): void => {
      if (!onProgress) return;
      const progressOf = (handler: DemoHandler) =>
        consumerProgress(stack, handler, mappingOf(run, handler).stats());
      const progress: DemoProgress = {
        phase: 'consuming',
        total: records,
        single: progressOf('single'),
        aggregated: progressOf('aggregated'),
        ...(handlers.includes('windowed') ? { windowed: progressOf('windowed') } : {}),
      };
      onProgress(progress);
    };
    const ticker = setInterval(report, PROGRESS_INTERVAL_MS);
    try {
      await Promise.all(
        handlers.map((handler) =>
          mappingOf(run, handler).waitForRecords(records, {
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
  return Object.fromEntries(handlers.map((handler) => [handler, mappingOf(run, handler).stats()]));
}
