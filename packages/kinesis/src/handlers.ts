/**
 * The two Kinesis handlers. Both decode the batch the same way, never throw on bad data, publish their own
 * cost (PutMetricDataCalls) and bad-record count (InvalidRecords) inside requests they already send, and
 * answer Lambda with the records to retry (ReportBatchItemFailures).
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Publisher } from '@cwagg/core';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { releaseBatch } from './batch.js';
import type { HandlerConfig, HandlerKind } from './config.js';
import type { DecodedBatch } from './decode.js';
import { type DecoderLoader, decoderLoader } from './decoders.js';
import { logFolded, logInvalid, logSetAside } from './handler-logs.js';
import { lazily } from './lazy.js';
import { createLogger, type Logger, type LogSink } from './log.js';
import { sequenceNumbersOf } from './record-envelope.js';
import { batchResponse, retryPoint } from './response.js';
import { createRunPlanner } from './runs.js';
import { planSingleRequests } from './single-requests.js';
import { type TumblingWindow, windowOf } from './window/window-event.js';
import type { WindowedAggregator, WindowedResponse } from './window/windowed-handler.js';

/** What the handlers read of Lambda's context: the time left before the function times out. */
export type InvocationContext = Pick<Context, 'getRemainingTimeInMillis'>;

export type KinesisHandler = (
  event: KinesisStreamEvent,
  context?: InvocationContext,
) => Promise<KinesisStreamBatchResponse>;

/**
 * Time kept back from the function's timeout: publishing is abandoned this long before it, so the handler
 * still answers Lambda with a retry point instead of being killed mid-request (which retries the whole
 * batch, the part already stored included).
 */
export const RESPONSE_MARGIN_MS = 2_000;

/** Aborts when the invocation must stop publishing; none when there is no Lambda context (tests, tools). */
function publishDeadline(context: InvocationContext | undefined): AbortSignal | undefined {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return undefined;
  return AbortSignal.timeout(Math.max(0, remaining - RESPONSE_MARGIN_MS));
}

export interface HandlerDependencies {
  config: HandlerConfig;
  client: Pick<CloudWatchClient, 'send'>;
  /** Epoch-ms clock (tests pin it). */
  clock?: () => number;
  /** Where JSON log lines go; console.log by default. */
  logSink?: LogSink;
  /** Aggregated handler in a tumbling window: bytes its state stays under (default 800,000; tests lower it). */
  windowStateBudgetBytes?: number;
}

/**
 * Runs `body`; an unexpected error (a bug, not bad data) asks Lambda to retry the whole batch instead of
 * throwing, so the function reports cleanly and bisect-on-error still applies through the failure response.
 */
async function guarded(
  event: KinesisStreamEvent,
  context: InvocationContext | undefined,
  log: Logger,
  kind: HandlerKind,
  body: (batch: DecodedBatch, deadline: AbortSignal | undefined) => Promise<KinesisStreamBatchResponse>,
  decoder: DecoderLoader,
): Promise<KinesisStreamBatchResponse> {
  const records = Array.isArray(event?.Records) ? event.Records : [];
  try {
    const decode = await decoder();
    return await body(await decode({ Records: records }), publishDeadline(context));
  } catch (error) {
    log.error('unexpected error; asking Lambda to retry the batch', {
      handler: kind,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return batchResponse([retryPoint(sequenceNumbersOf(records), records.length, 0)]);
  }
}

/**
 * A windowed invocation never throws either: an unexpected error hands Lambda back the state it passed and
 * asks for the batch again (an empty identifier when there is no record to name: a failure of the whole
 * invocation), so the next try starts from the same state.
 */
async function guardedWindow(
  event: KinesisStreamEvent,
  window: TumblingWindow,
  context: InvocationContext | undefined,
  log: Logger,
  windowed: () => Promise<WindowedAggregator>,
): Promise<WindowedResponse> {
  try {
    const aggregator = await windowed();
    return await aggregator.handle(event, window, publishDeadline(context));
  } catch (error) {
    log.error('unexpected error in a window; asking Lambda to retry the batch with the same state', {
      handler: 'aggregated',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const state = (window.state ?? {}) as Record<string, unknown>;
    return { state, ...batchResponse([retryPoint(sequenceNumbersOf(records), records.length, 0)]) };
  }
}

/**
 * The aggregated handler: one flush per batch, or, when the event belongs to a tumbling window, the batch
 * folded into the window's state and everything published when the window closes (window/windowed-handler.ts,
 * imported on the first windowed invocation; with a mapping, its decoder is too: lazy.ts).
 */
export function createAggregatedHandler(deps: HandlerDependencies): KinesisHandler {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const log = createLogger(config.logLevel, deps.logSink);
  const publisher = new Publisher({ client: deps.client, concurrency: 1 });
  const planner = createRunPlanner(config, clock);
  const decode = decoderLoader(config, clock);
  const windowed = lazily('tumbling windows', async () => {
    const { createWindowedAggregator } = await import('./window/windowed-handler.js');
    return createWindowedAggregator(
      {
        config,
        publisher,
        clock,
        log,
        ...(deps.windowStateBudgetBytes === undefined
          ? {}
          : { stateBudgetBytes: deps.windowStateBudgetBytes }),
      },
      (scope) => decoderLoader(config, clock, scope)(),
    );
  });

  return (event, context) => {
    const window = windowOf(event);
    if (window !== undefined) return guardedWindow(event, window, context, log, windowed);
    return guarded(
      event,
      context,
      log,
      'aggregated',
      async (batch, deadline) => {
        const runs = planner.plan(batch);
        // The runs hold copies: nothing reads the batch's columns after planning, the next batch reuses them.
        releaseBatch(batch);
        const requests = runs.flatMap((run) => run.requests);
        const outcome = await publisher.publish(requests, {
          mode: 'in-order',
          ...(deadline ? { signal: deadline } : {}),
        });
        // Requests are in run order; the first that was not sent marks the run Lambda must resume at.
        let failedRun: number | undefined;
        let offset = 0;
        for (const [r, run] of runs.entries()) {
          const statuses = outcome.outcomes.slice(offset, offset + run.requests.length);
          offset += run.requests.length;
          if (statuses.some((o) => o.status !== 'sent')) {
            failedRun = r;
            break;
          }
        }
        const published = failedRun === undefined ? runs : runs.slice(0, failedRun);
        logInvalid(
          log,
          'aggregated',
          published.flatMap((run) => run.invalid),
        );
        logSetAside(
          log,
          'aggregated',
          batch,
          published.flatMap((run) => run.setAside),
        );
        logFolded(log, 'aggregated', batch);
        const failure = outcome.outcomes.find((o) => o.status === 'failed');
        log.info('batch processed', {
          handler: 'aggregated',
          records: batch.recordCount,
          values: runs.reduce((sum, run) => sum + run.values, 0),
          runs: runs.length,
          requests: requests.length,
          sent: outcome.sent,
          failed: outcome.failed,
          notAttempted: outcome.notAttempted,
          bodyBytes: runs.reduce((sum, run) => sum + run.bodyBytes, 0),
          ...(failure?.status === 'failed' ? { error: failure.errorCode, attempts: failure.attempts } : {}),
        });
        if (failedRun === undefined) return batchResponse([]);
        const run = runs[failedRun] as (typeof runs)[number];
        return batchResponse([retryPoint(batch.sequenceNumberOf, batch.recordCount, run.firstRecord)]);
      },
      decode,
    );
  };
}

export function createSingleHandler(deps: HandlerDependencies): KinesisHandler {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const log = createLogger(config.logLevel, deps.logSink);
  const publisher = new Publisher({ client: deps.client, concurrency: config.publishConcurrency });
  const decode = decoderLoader(config, clock);

  return async (event, context) => {
    const response = await guarded(
      event,
      context,
      log,
      'single',
      async (batch, deadline) => {
        const plan = planSingleRequests(batch, config, clock());
        const outcome = await publisher.publish(
          plan.requests.map((entry) => entry.request),
          deadline ? { signal: deadline } : {},
        );
        const retry: string[] = [];
        for (const result of outcome.outcomes) {
          if (result.status === 'sent') continue;
          const record = (plan.requests[result.index] as (typeof plan.requests)[number]).reportRecord;
          retry.push(retryPoint(batch.sequenceNumberOf, batch.recordCount, record));
        }
        logInvalid(log, 'single', plan.invalid);
        logSetAside(log, 'single', batch, plan.setAside);
        logFolded(log, 'single', batch);
        const failure = outcome.outcomes.find((o) => o.status === 'failed');
        log.info('batch processed', {
          handler: 'single',
          records: batch.recordCount,
          values: plan.values,
          requests: plan.requests.length,
          sent: outcome.sent,
          failed: outcome.failed,
          ...(failure?.status === 'failed' ? { error: failure.errorCode, attempts: failure.attempts } : {}),
        });
        return batchResponse(retry);
      },
      decode,
    );
    // Each record is its own call: a window adds nothing, but Lambda needs a state back from a windowed event.
    return windowOf(event) === undefined ? response : { ...response, state: {} };
  };
}
